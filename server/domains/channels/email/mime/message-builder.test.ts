import { authenticate } from 'mailauth';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { generateDkimKeyPair } from '../dkim/keys.js';
import { relaxedBody } from './dkim-sign.js';
import { createMessageBuilder, type OutgoingMessage } from './message-builder.js';

const keys = generateDkimKeyPair(2048);
const DOMAIN = 'news.example.com';
const SELECTOR = 'clarion2026';

/** Independent DNS for mailauth: serves our public key and a DMARC/SPF record, nothing else. */
async function resolver(name: string, rrtype: string): Promise<string[][]> {
  if (rrtype === 'TXT' && name === `${SELECTOR}._domainkey.${DOMAIN}`) return [[keys.dnsTxtValue]];
  if (rrtype === 'TXT' && name === `_dmarc.${DOMAIN}`) return [['v=DMARC1; p=none']];
  const err = new Error(`no ${rrtype} for ${name}`) as Error & { code: string };
  err.code = 'ENOTFOUND';
  throw err;
}

function message(over: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return {
    messageId: 'c1.r42.abc@news.example.com',
    from: { name: 'Example News', address: 'hello@news.example.com' },
    replyTo: 'support@example.com',
    to: 'dana@receiver.example',
    subject: 'Your April digest',
    html: '<!doctype html><html><body><p>Hello   Dana,\tthis line has  double  spaces   </p>\n\n<p>Second paragraph with a long line ' + 'lorem ipsum '.repeat(20) + '</p>\n</body></html>\n',
    text: 'Hello Dana,  \n\nSecond   paragraph.\t\n\n\n',
    returnPath: 'bounce+c1.r42.f00d@bounce.news.example.com',
    listUnsubscribeUrl: 'https://t.news.example.com/u/abc.def',
    listUnsubscribeMailto: 'unsub+abc.def@bounce.news.example.com?subject=unsubscribe',
    feedbackId: 'c1:l7:w3:clarion',
    listId: 'Example News <news.example.com>',
    date: new Date('2026-07-21T09:05:03Z'),
    ...over,
  };
}

const builder = createMessageBuilder({ dkim: { domainName: DOMAIN, keySelector: SELECTOR, privateKeyPem: keys.privateKeyPem } });

async function verify(raw: Buffer) {
  const res = await authenticate(raw, {
    ip: '192.0.2.10',
    helo: 'mta.news.example.com',
    sender: 'bounce@bounce.news.example.com',
    mta: 'mx.receiver.example',
    resolver,
    disableArc: true,
    disableBimi: true,
  } as Parameters<typeof authenticate>[1]);
  return res.dkim.results[0];
}

describe('createMessageBuilder', () => {
  it('produces a DKIM signature that mailauth verifies, covering the one-click unsubscribe headers', async () => {
    const { raw } = builder.build(message());
    const result = await verify(raw);
    expect(result.status.result).toBe('pass');
    expect(result.signingDomain).toBe(DOMAIN);
    const dkimHeader = raw.toString('latin1').split('\r\n\r\n')[0].match(/DKIM-Signature:[\s\S]*?(?=\r\n\S)/)?.[0] ?? '';
    const h = /h=([^;]+);/.exec(dkimHeader.replace(/\r\n\s/g, ''))?.[1].split(':').map((s) => s.trim()) ?? [];
    for (const name of ['from', 'to', 'subject', 'date', 'message-id', 'list-unsubscribe', 'list-unsubscribe-post', 'mime-version', 'content-type', 'feedback-id']) {
      expect(h).toContain(name);
    }
    expect(dkimHeader).toContain('a=rsa-sha256');
    expect(dkimHeader).toContain('c=relaxed/relaxed');
  });

  it('signs on the thread pool with buildAsync and the result verifies too', async () => {
    const built = await Promise.all([1, 2, 3].map((i) => builder.buildAsync(message({ messageId: `m${i}@news.example.com`, html: `<p>${'x '.repeat(i * 40)}</p>` }))));
    for (const b of built) expect((await verify(b.raw)).status.result).toBe('pass');
  });

  it('fails verification when the body or a signed header is changed after signing', async () => {
    const raw = builder.build(message()).raw.toString('latin1');
    expect((await verify(Buffer.from(raw.replace('Second paragraph', 'Second Paragraph'), 'latin1'))).status.result).not.toBe('pass');
    expect((await verify(Buffer.from(raw.replace('List-Unsubscribe-Post: List-Unsubscribe=One-Click', 'List-Unsubscribe-Post: nope'), 'latin1'))).status.result).not.toBe('pass');
  });

  it('round-trips a Hebrew subject, sender name and body through mailparser', async () => {
    const subject = 'פרסומת: מבצע אביב — עד 50% הנחה על כל הקולקציה החדשה, רק השבוע! 🌸';
    const built = builder.build(
      message({
        subject,
        from: { name: 'חנות הדוגמה בע"מ', address: 'hello@news.example.com' },
        html: '<html dir="rtl"><body><p>שלום דנה, יש לנו חדשות בשבילך.</p></body></html>',
        text: 'שלום דנה, יש לנו חדשות בשבילך.\n',
      }),
    );
    const headerBlock = built.raw.toString('latin1').split('\r\n\r\n')[0];
    // Headers are 7-bit and no line exceeds 78 characters.
    expect(/^[\x00-\x7f]*$/.test(headerBlock)).toBe(true);
    for (const line of headerBlock.split('\r\n')) if (!line.startsWith('\tt=')) expect(line.length).toBeLessThanOrEqual(998);
    for (const line of headerBlock.split('\r\n').filter((l) => /^(Subject|From|\s+=\?)/.test(l))) expect(line.length).toBeLessThanOrEqual(78);
    const parsed = await simpleParser(built.raw);
    expect(parsed.subject).toBe(subject);
    expect(parsed.from?.value[0]).toEqual({ name: 'חנות הדוגמה בע"מ', address: 'hello@news.example.com' });
    expect(parsed.text?.trim()).toBe('שלום דנה, יש לנו חדשות בשבילך.');
    expect(parsed.html).toContain('שלום דנה');
    expect((await verify(built.raw)).status.result).toBe('pass');
  });

  it('writes the list headers, Feedback-ID and returns the envelope instead of a Return-Path header', async () => {
    const built = builder.build(message());
    const parsed = await simpleParser(built.raw);
    expect(parsed.headerLines.find((l) => l.key === 'list-unsubscribe-post')?.line).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    const head = built.raw.toString('latin1').split('\r\n\r\n')[0].replace(/\r\n\s+/g, ' ');
    expect(head).toContain('List-Unsubscribe: <https://t.news.example.com/u/abc.def>, <mailto:unsub+abc.def@bounce.news.example.com?subject=unsubscribe>');
    expect(head).toContain('Feedback-ID: c1:l7:w3:clarion');
    expect(head).toContain('List-Id: Example News <news.example.com>');
    expect(head).toContain('Message-ID: <c1.r42.abc@news.example.com>');
    expect(head).toContain('Date: Tue, 21 Jul 2026 09:05:03 +0000');
    expect(head).toContain('MIME-Version: 1.0');
    expect(head).not.toMatch(/^Return-Path:/im);
    expect(built.envelope).toEqual({ from: 'bounce+c1.r42.f00d@bounce.news.example.com', to: ['dana@receiver.example'] });
    expect(parsed.replyTo?.value[0].address).toBe('support@example.com');
    expect(parsed.messageId).toBe('<c1.r42.abc@news.example.com>');
  });

  it('keeps every body line within 78 characters and decodes back to the exact parts', async () => {
    const html = '<p>' + 'a'.repeat(500) + ' = equals and trailing space </p>\n<p>second</p>';
    const text = 'line one   \nline two with = sign\n' + 'b'.repeat(300);
    const built = builder.build(message({ html, text }));
    const [, body] = built.raw.toString('latin1').split(/\r\n\r\n([\s\S]*)/);
    for (const line of body.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
    const parsed = await simpleParser(built.raw);
    // mailparser hands lines back with LF endings.
    expect(parsed.html).toBe(html);
    expect(parsed.text).toBe(text);
  });

  it('rejects header injection through subject data, addresses and extra headers', () => {
    const built = builder.build(message({ subject: 'Hi\r\nBcc: victim@example.com' }));
    expect(built.raw.toString('latin1')).not.toMatch(/^Bcc:/im);
    expect(() => builder.build(message({ to: 'a@b.com\r\nBcc: x@y.com' }))).toThrow();
    expect(() => builder.build(message({ extraHeaders: { 'X-Campaign': 'a\r\nBcc: x@y.com' } }))).toThrow();
    expect(() => builder.build(message({ extraHeaders: { From: 'evil@example.com' } }))).toThrow();
    expect(() => builder.build(message({ listUnsubscribeUrl: 'ftp://insecure.example.com/u' }))).toThrow();
  });

  it('builds an unsigned message when no DKIM key is configured', async () => {
    const plain = createMessageBuilder();
    const built = plain.build(message({ extraHeaders: { 'X-Clarion-Campaign': 'c1' } }));
    expect(built.raw.toString('latin1')).not.toContain('DKIM-Signature');
    const parsed = await simpleParser(built.raw);
    expect(parsed.headers.get('x-clarion-campaign')).toBe('c1');
  });

  it('emits bodies that already are in DKIM relaxed canonical form, so they can be hashed without a copy', () => {
    const tricky = 'a  b\t\tc   \n\n  lead\t \n' + ' '.repeat(200) + 'x\n\n\n';
    const built = createMessageBuilder().build(message({ html: tricky, text: tricky }));
    const body = built.raw.toString('latin1').split(/\r\n\r\n([\s\S]*)/)[1];
    expect(relaxedBody(body)).toBe(body);
  });
});
