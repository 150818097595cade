import { authenticate } from 'mailauth';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import type { EncodedBody } from '../../channels/email/mime/encoded-body.js';
import { generateDkimKeyPair } from '../../channels/email/dkim/keys.js';
import { createMessageBuilder } from '../../channels/email/mime/message-builder.js';
import { compileEmailTemplate } from './compile.js';
import { newsletterMjml } from './newsletter.fixture.js';
import { renderEmail } from './render.js';
import { renderEmailForSend } from './render-send.js';
import type { RenderContext } from './types.js';

/** A plain quoted-printable decoder (RFC 2045 §6.7), independent of our encoder. */
function qpDecode(body: EncodedBody): string {
  const ascii = Buffer.concat(body.pieces.map((p) => Buffer.from(p))).toString('latin1');
  const bytes = ascii.replace(/=\r\n/g, '').replace(/\r\n/g, '\n');
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === '=') {
      out.push(parseInt(bytes.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(bytes.charCodeAt(i));
  }
  return Buffer.from(out).toString('utf8');
}

function ctx(first: unknown, city: unknown): RenderContext {
  return {
    contact: { email: 'noa@example.org', first_name: first as string, fields: { city, plan: 'free' } },
    campaign: { name: 'Digest' },
    workspace: { name: 'Acme' },
    urls: { unsubscribe: 'https://t.example/u/U', viewInBrowser: 'https://t.example/v/V', openPixel: 'https://t.example/o/O.png?a=1&b=2', click: (i) => `https://t.example/c/${i}.S` },
  };
}

describe('renderEmailForSend', () => {
  it('decodes to exactly what renderEmail renders, on the fast path and on the LiquidJS fallback', async () => {
    const compiled = await compileEmailTemplate({ format: 'mjml', source: newsletterMjml(), subject: 'Hi {{ contact.first_name }}', preheader: 'For {{ contact.fields.city }}', trackLinks: true });
    expect(compiled.html.qp).not.toBeNull();
    const cases: [unknown, unknown][] = [['Dana', 'Haifa'], ['', ''], ['דנה  "ש"  <x>', 'תל אביב   יפו '], [['array'], { an: 'object' }], ['x'.repeat(300), ' '.repeat(100)]];
    for (const [first, city] of cases) {
      const a = renderEmail(compiled, ctx(first, city));
      const b = renderEmailForSend(compiled, ctx(first, city));
      expect(b.subject).toBe(a.subject);
      expect(qpDecode(b.html)).toBe(a.html.replace(/\r\n/g, '\n'));
      expect(qpDecode(b.text)).toBe(a.text.replace(/\r\n/g, '\n'));
      for (const line of Buffer.concat(b.html.pieces.map((p) => Buffer.from(p))).toString('latin1').split('\r\n')) {
        expect(line.length).toBeLessThanOrEqual(76);
      }
    }
  });

  it('feeds the message builder directly; the parsed message carries the rendered parts', async () => {
    const compiled = await compileEmailTemplate({ format: 'html', source: '<p>שלום {{ contact.first_name }}, <a href="https://a.example/">go</a></p>', subject: 'שלום {{ contact.first_name }}', trackLinks: true });
    const r = renderEmailForSend(compiled, ctx('דנה', ''));
    const built = createMessageBuilder().build({
      messageId: 'x1@news.example.com', from: { name: 'Acme', address: 'a@news.example.com' }, to: 'noa@example.org',
      subject: r.subject, html: r.html, text: r.text, returnPath: 'b@bounce.news.example.com',
      listUnsubscribeUrl: 'https://t.example/u/U', listUnsubscribeMailto: 'u@bounce.news.example.com', feedbackId: 'c:l:w:clarion',
    });
    const parsed = await simpleParser(built.raw);
    const expected = renderEmail(compiled, ctx('דנה', ''));
    expect(parsed.subject).toBe('שלום דנה');
    expect(parsed.html).toBe(expected.html);
    expect(parsed.text).toBe(expected.text);
  });

  it('produces pre-encoded bodies whose DKIM body hash verifies with mailauth (relaxed canonical form by construction)', async () => {
    const keys = generateDkimKeyPair();
    const builder = createMessageBuilder({ dkim: { domainName: 'news.example.com', keySelector: 'k1', privateKeyPem: keys.privateKeyPem } });
    const compiled = await compileEmailTemplate({ format: 'mjml', source: newsletterMjml(), subject: 'Hi {{ contact.first_name }}', trackLinks: true });
    for (const [first, city] of [['Dana', 'Haifa'], ['  two  spaces\t', ' trailing   '], [['fallback'], '']] as [unknown, unknown][]) {
      const r = renderEmailForSend(compiled, ctx(first, city));
      const built = await builder.buildAsync({
        messageId: 'x2@news.example.com', from: { name: 'Acme', address: 'a@news.example.com' }, to: 'noa@example.org',
        subject: r.subject, html: r.html, text: r.text, returnPath: 'b@bounce.news.example.com',
        listUnsubscribeUrl: 'https://t.example/u/U', listUnsubscribeMailto: 'u@bounce.news.example.com', feedbackId: 'c:l:w:clarion',
      });
      const res = await authenticate(built.raw, {
        ip: '192.0.2.1', helo: 'mta.news.example.com', sender: 'b@bounce.news.example.com', mta: 'mx.example.org', disableArc: true,
        resolver: async (name: string, type: string) => {
          if (type === 'TXT' && name === 'k1._domainkey.news.example.com') return [[keys.dnsTxtValue]];
          throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
        },
      } as Parameters<typeof authenticate>[1]);
      expect(res.dkim.results[0].status.result).toBe('pass');
    }
  });
});
