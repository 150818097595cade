import { describe, expect, it } from 'vitest';
import { newsletterMjml } from '../render/newsletter.fixture.js';
import { preflightEmail, type PreflightInput } from './preflight.js';

const base = (over: Partial<PreflightInput> = {}): PreflightInput => ({
  subject: 'April news',
  fromName: 'Acme',
  fromEmail: 'news@acme.example.com',
  format: 'html',
  source: '<p>Hi {{ contact.first_name | default: "there" }}</p><img src="https://cdn.example.com/a.png" alt="Logo"><a href="{{ unsubscribe_url }}">Unsubscribe</a>',
  ...over,
});

const codes = (list: { code: string }[]) => list.map((f) => f.code);

describe('preflightEmail', () => {
  it('passes a complete newsletter and reports its rendered size', async () => {
    const r = await preflightEmail(base({ format: 'mjml', source: newsletterMjml() }), [
      { email: 'a@example.org', first_name: 'Dana', fields: { city: 'Haifa' } },
      { email: 'b@example.org' },
    ]);
    expect(r.errors).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.unsubscribeAdded).toBe(false);
    expect(r.sizeBytes).toBeGreaterThan(20_000);
    expect(r.warnings).toEqual([]);
  });

  it('blocks a send without subject or sender, and warns about a missing sender name', async () => {
    const r = await preflightEmail(base({ subject: ' ', fromEmail: 'not-an-address', fromName: '' }));
    expect(r.ok).toBe(false);
    expect(codes(r.errors)).toEqual(['preflight.subject_missing', 'preflight.from_invalid']);
    expect(codes(r.warnings)).toContain('preflight.from_name_missing');
  });

  it('adds a missing unsubscribe link and says so as a warning', async () => {
    const r = await preflightEmail(base({ source: '<p>No way out</p>' }));
    expect(r.ok).toBe(true);
    expect(r.unsubscribeAdded).toBe(true);
    expect(codes(r.warnings)).toContain('preflight.unsubscribe_added');
  });

  it('rejects javascript:, relative and unknown-scheme links; accepts mailto and tel', async () => {
    const r = await preflightEmail(base({
      source: base().source + '<a href="javascript:alert(1)">x</a><a href="/pricing">p</a><a href="ftp://files.example.com/x">f</a>' +
        '<a href="mailto:help@acme.example.com">m</a><a href="tel:+972-3-555-0100">t</a><a href="#top">top</a><a href="https://">broken</a>',
    }));
    expect(r.ok).toBe(false);
    expect(codes(r.errors).sort()).toEqual(['preflight.link_malformed', 'preflight.link_relative', 'preflight.link_scheme', 'preflight.link_unsafe']);
    expect(codes(r.warnings)).toContain('preflight.link_anchor');
    expect(r.errors.find((e) => e.code === 'preflight.link_unsafe')?.message).toContain('javascript:alert(1)');
  });

  it('warns about images without alt text in HTML and in MJML', async () => {
    const html = await preflightEmail(base({ source: base().source + '<img src="https://cdn.example.com/hero.jpg">' }));
    expect(html.warnings.find((w) => w.code === 'preflight.image_alt_missing')?.message).toContain('hero.jpg');
    const mjml = await preflightEmail(base({
      format: 'mjml',
      source: '<mjml><mj-body><mj-section><mj-column><mj-image src="https://cdn.example.com/banner.png" /><mj-text><a href="{{ unsubscribe_url }}">u</a></mj-text></mj-column></mj-section></mj-body></mjml>',
    }));
    expect(codes(mjml.warnings)).toEqual(['preflight.image_alt_missing']);
  });

  it('reports Liquid errors, unknown merge tags and render failures for sample contacts in plain words', async () => {
    const syntax = await preflightEmail(base({ source: '<p>{% if contact.first_name %}Hi</p>' }));
    expect(syntax.ok).toBe(false);
    expect(syntax.errors[0].message).toMatch(/not closed/);
    const typo = await preflightEmail(base({ source: base().source + '{{ contac.first_name }} {{ contact.city }}' }));
    expect(typo.ok).toBe(true);
    expect(typo.warnings.filter((w) => w.code === 'preflight.unknown_merge_tag').map((w) => w.message)).toHaveLength(2);
    const heavy = await preflightEmail(base({ source: base().source + '{% for i in (1..100000000) %}{{ i }}{% endfor %}' }));
    expect(heavy.ok).toBe(false);
    expect(codes(heavy.errors)).toEqual(['preflight.render_failed']);
  });

  it('warns when the email is over Gmail\'s 102 KB clipping limit', async () => {
    const r = await preflightEmail(base({ source: base().source + `<p>${'Lorem ipsum dolor sit amet. '.repeat(4000)}</p>` }));
    expect(r.sizeBytes).toBeGreaterThan(102 * 1024);
    expect(codes(r.warnings)).toContain('preflight.gmail_clipping');
    expect(r.ok).toBe(true);
  });
});
