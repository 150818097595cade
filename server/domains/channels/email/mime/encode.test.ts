import { describe, expect, it } from 'vitest';
import { encodeQuotedPrintable, encodeWords, foldHeader, formatDate, formatMailbox, qpPiece } from './encode.js';

describe('MIME encoders', () => {
  it('qpPiece gives the same bytes on its short-value shortcut as the full encoder', () => {
    const values = ['Dana', 'a b', 'a  b', ' a', 'a ', 'https://t.example.com/c/c1.xx.TOK-_/3', 'x=y', 'שלום', 'a'.repeat(75), 'a'.repeat(76), 'tab\there', '\n'];
    for (const v of values) {
      const full = encodeQuotedPrintable(v);
      expect(qpPiece(v, false).toString('latin1'), JSON.stringify(v)).toBe(full);
      expect(qpPiece(v, true).toString('latin1'), JSON.stringify(v)).toBe(full.endsWith('\r\n') ? full : `${full}=\r\n`);
    }
  });

  it('splits encoded words on character boundaries, each at most 75 characters', () => {
    const subject = 'פרסומת: מבצע אביב 🌸 '.repeat(6);
    const words = encodeWords(subject);
    expect(words.length).toBeGreaterThan(3);
    let decoded = '';
    for (const w of words) {
      expect(w.length).toBeLessThanOrEqual(75);
      const b64 = /^=\?UTF-8\?B\?([A-Za-z0-9+/=]+)\?=$/.exec(w)?.[1];
      const bytes = Buffer.from(b64!, 'base64');
      expect(bytes.toString('utf8')).not.toContain('\uFFFD'); // no character split across words
      decoded += bytes.toString('utf8');
    }
    expect(decoded).toBe(subject);
  });

  it('folds long ASCII headers at spaces and quotes display names with specials', () => {
    const folded = foldHeader('Subject', 'word '.repeat(40).trim());
    for (const line of folded.split('\r\n').filter(Boolean)) expect(line.length).toBeLessThanOrEqual(78);
    expect(folded.replace(/\r\n /g, ' ')).toBe(`Subject: ${'word '.repeat(40).trim()}\r\n`);
    expect(formatMailbox('Acme, Inc.', 'a@b.example')).toBe('"Acme, Inc." <a@b.example>');
    expect(formatMailbox('Say "hi"', 'a@b.example')).toBe('"Say \\"hi\\"" <a@b.example>');
    expect(formatMailbox('', 'a@b.example')).toBe('<a@b.example>');
    expect(() => formatMailbox('x', 'not an address')).toThrow();
    expect(foldHeader('Subject', 'looks like =?utf-8?q?x?=')).toMatch(/^Subject: =\?UTF-8\?B\?/);
  });

  it('formats dates as RFC 5322 in UTC', () => {
    expect(formatDate(new Date('2026-01-05T03:04:05Z'))).toBe('Mon, 05 Jan 2026 03:04:05 +0000');
  });
});
