import { describe, expect, it } from 'vitest';
import { compileEmailTemplate } from './compile.js';
import { TemplateCompileError, TemplateRenderError } from './errors.js';
import { newsletterMjml } from './newsletter.fixture.js';
import { renderEmail } from './render.js';
import type { EmailTemplateInput, RenderContext } from './types.js';

function ctx(over: Partial<RenderContext['contact']> = {}, pixel: string | null = 'https://t.example/o/P.png'): RenderContext {
  return {
    contact: { email: 'dana@example.org', first_name: 'Dana', last_name: 'Levi', phone: '+972501234567', fields: { city: 'Haifa', plan: 'pro' }, ...over },
    campaign: { name: 'April digest' },
    workspace: { name: 'Acme & Co' },
    urls: {
      unsubscribe: 'https://t.example/u/UNSUB',
      viewInBrowser: 'https://t.example/v/VIEW',
      openPixel: pixel,
      click: (i) => `https://t.example/c/${i}.SIG`,
    },
  };
}

const html = (source: string, over: Partial<EmailTemplateInput> = {}): EmailTemplateInput => ({
  format: 'html', source, subject: 'Hello', trackLinks: true, ...over,
});

async function compileError(input: EmailTemplateInput): Promise<TemplateCompileError> {
  try {
    await compileEmailTemplate(input);
  } catch (err) {
    if (err instanceof TemplateCompileError) return err;
    throw err;
  }
  throw new Error('expected a compile error');
}

describe('compileEmailTemplate + renderEmail', () => {
  it('compiles an MJML newsletter once and renders merge fields, tracked links, pixel and preheader per recipient', async () => {
    const compiled = await compileEmailTemplate({
      format: 'mjml', source: newsletterMjml(), subject: '{{ contact.first_name | default: "Hi" }}, your digest',
      preheader: 'News for {{ contact.fields.city | default: "you" }}', trackLinks: true, utm: { utm_source: 'clarion' },
    });
    expect(compiled.links).toHaveLength(10);
    expect(compiled.links[1]).toEqual({ index: 1, url: 'https://www.example.com/blog/story-1?ref=newsletter&utm_source=clarion' });
    expect(compiled.unsubscribeAdded).toBe(false);
    expect(compiled.html.fast).not.toBeNull();
    const r = renderEmail(compiled, ctx());
    expect(r.subject).toBe('Dana, your digest');
    expect(r.html).toContain('Hi Dana,');
    expect(r.html).toContain('News for Haifa');
    expect(r.html).toContain('href="https://t.example/c/1.SIG"');
    expect(r.html).not.toContain('story-1?ref=newsletter');
    expect(r.html).toContain('href="https://t.example/u/UNSUB"');
    expect(r.html).toContain('href="https://t.example/v/VIEW"');
    expect(r.html).toContain('href="mailto:hello@example.com"');
    expect(r.html).toContain('<img src="https://t.example/o/P.png"');
    expect(r.html).toContain('Acme &amp; Co');
    expect(r.text).toContain('Read story 1 [https://t.example/c/1.SIG]');
    expect(r.text).toContain('https://t.example/u/UNSUB');
    expect(r.text).not.toContain('News for Haifa'); // the hidden preheader is not content
    expect(r.text).not.toContain('{{');
    const other = renderEmail(compiled, ctx({ first_name: '', fields: {} }, null));
    expect(other.subject).toBe('Hi, your digest');
    expect(other.html).toContain('Hi there,');
    expect(other.html).not.toContain('/o/P.png');
  });

  it('skips unsubscribe, view-in-browser, mailto, tel, data-notrack and merge-tag links', async () => {
    const c = await compileEmailTemplate(html(
      '<a href="https://a.example/x">A</a><a href="https://a.example/x">A again</a><a data-notrack href="https://b.example/">B</a>' +
      '<a href="mailto:x@y.example">M</a><a href="tel:+1555">T</a><a href="https://c.example/?u={{ contact.email }}">C</a>' +
      '<a href="{{ unsubscribe_url }}">U</a><a href="#top">top</a>',
    ));
    expect(c.links).toEqual([{ index: 0, url: 'https://a.example/x' }]);
    expect(c.untrackedLinks.map((l) => l.reason)).toEqual(['notrack', 'not_http', 'not_http', 'merge_tag', 'special', 'not_http']);
    const r = renderEmail(c, ctx());
    expect(r.html.match(/https:\/\/t\.example\/c\/0\.SIG/g)).toHaveLength(2);
    expect(r.html).toContain('<a href="https://b.example/">B</a>');
    expect(r.html).not.toContain('data-notrack');
    expect(r.html).toContain('href="https://c.example/?u=dana@example.org"');
  });

  it('leaves links alone but still adds UTM parameters when click tracking is off', async () => {
    const c = await compileEmailTemplate(html('<a href="https://a.example/p?x=1&amp;utm_source=own">A</a><a href="https://b.example/">B</a> {{ unsubscribe_url }}', { trackLinks: false, utm: { utm_source: 'clarion', utm_campaign: 'april' } }));
    expect(c.links).toEqual([]);
    const r = renderEmail(c, ctx());
    expect(r.html).toContain('href="https://a.example/p?x=1&amp;utm_source=own&amp;utm_campaign=april"');
    expect(r.html).toContain('href="https://b.example/?utm_source=clarion&amp;utm_campaign=april"');
  });

  it('adds a visible unsubscribe link to both parts when the template has none, and says so', async () => {
    const c = await compileEmailTemplate(html('<p>Hello {{ contact.first_name }}</p>', { dir: 'rtl' }), { unsubscribeLabel: 'להסרה' });
    expect(c.unsubscribeAdded).toBe(true);
    const r = renderEmail(c, ctx());
    expect(r.html).toContain('href="https://t.example/u/UNSUB"');
    expect(r.html).toContain('להסרה');
    expect(r.html).toMatch(/<html dir="rtl"/);
    const mj = await compileEmailTemplate({ format: 'mjml', source: '<mjml><mj-body><mj-section><mj-column><mj-text>שלום {{ unsubscribe_url }}</mj-text></mj-column></mj-section></mj-body></mjml>', subject: 's', trackLinks: true, dir: 'rtl' });
    expect(mj.html.source).toMatch(/<html[^>]*\sdir="rtl"/);
    expect(mj.html.source).toMatch(/<body dir="rtl"/);
    expect(r.text).toContain('https://t.example/u/UNSUB');
    const withText = await compileEmailTemplate(html('<p>x</p>', { textOverride: 'Plain {{ contact.first_name }}' }));
    expect(renderEmail(withText, ctx()).text).toBe('Plain Dana\n\nUnsubscribe: https://t.example/u/UNSUB\n');
  });

  it('renders templates with Liquid blocks through LiquidJS, escaping output in HTML but not in text', async () => {
    const c = await compileEmailTemplate(html(
      '{% if contact.fields.plan == "pro" %}<p>Pro {{ contact.first_name | upcase }}</p>{% else %}<p>Free</p>{% endif %}' +
      '{% for i in (1..3) %}<a href="https://x.example/{{ i }}">n{{ i }}</a>{% endfor %}<a href="https://y.example/">Y</a> {{ unsubscribe_url }}',
    ));
    expect(c.html.fast).toBeNull();
    const r = renderEmail(c, ctx({ first_name: '<Dana>' }));
    expect(r.html).toContain('<p>Pro &lt;DANA&gt;</p>');
    expect(r.html).toContain('href="https://t.example/c/0.SIG"');
    expect(r.text).toContain('Pro <DANA>');
    expect(renderEmail(c, ctx({ fields: {} })).html).toContain('<p>Free</p>');
  });

  it('keeps Liquid block tags inside MJML text and reports ones MJML would drop', async () => {
    const ok = await compileEmailTemplate({
      format: 'mjml', subject: 's', trackLinks: true,
      source: '<mjml><mj-body><mj-section><mj-column><mj-text>{% if contact.first_name %}Hi {{ contact.first_name }}{% endif %} <a href="{{ unsubscribe_url }}">u</a></mj-text><mj-raw>{% if contact.fields.vip %}</mj-raw><mj-text>VIP</mj-text><mj-raw>{% endif %}</mj-raw></mj-column></mj-section></mj-body></mjml>',
    });
    expect(renderEmail(ok, ctx()).html).toContain('Hi Dana');
    expect(renderEmail(ok, ctx()).html).not.toContain('VIP');
    expect(renderEmail(ok, ctx({ fields: { vip: true } })).html).toContain('VIP');
    const err = await compileError({
      format: 'mjml', subject: 's', trackLinks: true,
      source: '<mjml><mj-body><mj-section>{% if x %}<mj-column><mj-text>a</mj-text></mj-column>{% endif %}</mj-section></mj-body></mjml>',
    });
    expect(err.issues[0].code).toBe('template.liquid_dropped');
  });

  it('reports Liquid syntax errors with the line, forbidden tags and unknown filters before anything is sent', async () => {
    const e1 = await compileError(html('<p>ok</p>\n<p>{% if x %}never closed</p>'));
    expect(e1.issues[0]).toMatchObject({ code: 'template.liquid_syntax' });
    expect(e1.issues[0].message).toMatch(/line/);
    const e2 = await compileError(html('{% include "secrets" %}'));
    expect(e2.issues[0].message).toMatch(/not available/);
    const e3 = await compileError(html('{{ contact.email | shell }}'));
    expect(e3.issues[0].message).toMatch(/undefined filter/);
    const e4 = await compileError(html('<p>x</p>', { subject: '{{ oops' }));
    expect(e4.issues[0].message).toMatch(/^Subject/);
    const e5 = await compileError({ format: 'mjml', source: 'this is not mjml', subject: 's', trackLinks: true });
    expect(e5.issues[0].code).toBe('template.mjml_invalid');
  });

  it('throws a typed TemplateRenderError when a render exceeds the limits', async () => {
    const loop = await compileEmailTemplate(html('{% for i in (1..100000000) %}{{ i }}{% endfor %}'));
    expect(() => renderEmail(loop, ctx())).toThrow(TemplateRenderError);
    const big = await compileEmailTemplate(html('<p>{{ contact.fields.blob }}</p>'), { maxOutputBytes: 10_000 });
    try {
      renderEmail(big, ctx({ fields: { blob: 'x'.repeat(20_000) } }));
      throw new Error('expected a render error');
    } catch (err) {
      expect(err).toBeInstanceOf(TemplateRenderError);
      expect((err as TemplateRenderError).code).toBe('output_too_large');
    }
  });

  it('strips line breaks from rendered subjects so contact data cannot inject headers', async () => {
    const c = await compileEmailTemplate(html('<p>x</p>', { subject: 'Hi {{ contact.first_name }}' }));
    expect(renderEmail(c, ctx({ first_name: 'Dana\r\nBcc: x@y.example' })).subject).toBe('Hi Dana Bcc: x@y.example');
  });
});
