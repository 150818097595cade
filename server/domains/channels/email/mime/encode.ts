/**
 * Low-level MIME encoders: quoted-printable bodies, RFC 2047 encoded words, addresses and header folding.
 *
 * The quoted-printable encoder is written for the send hot path (a ~50 KB HTML body per recipient) and for DKIM:
 * it never emits two literal whitespace characters in a row, nor whitespace at the end of a line, so the encoded
 * body is already in DKIM "relaxed" canonical form and can be hashed as is (see dkim-sign.ts).
 */

const HEX = new Uint8Array([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 65, 66, 67, 68, 69, 70]);
/** 1 = byte may appear literally (printable ASCII except "="); spaces and line breaks are handled separately. */
const LITERAL = new Uint8Array(256);
for (let c = 33; c < 127; c++) LITERAL[c] = c === 61 ? 0 : 1;
/** Longest encoded line before a soft break: 76 characters including the trailing "=". */
const QP_MAX = 75;

/** A growable scratch buffer, reused across messages to avoid large allocations per recipient. */
export class Scratch {
  buf: Buffer = Buffer.allocUnsafe(1 << 16);
  ensure(size: number): Buffer {
    if (this.buf.length < size) this.buf = Buffer.allocUnsafe(Math.max(size, this.buf.length * 2));
    return this.buf;
  }
}

/**
 * Quoted-printable encodes `src[0..n)` into `out` starting at `o`; returns the end offset. Line breaks (CRLF, LF
 * or CR) become CRLF. `out` must have room for 3.1 × n bytes.
 */
export function qpEncodeInto(src: Uint8Array, n: number, out: Uint8Array, o: number): number {
  let col = 0;
  let prevSpace = false;
  for (let i = 0; i < n; i++) {
    const c = src[i];
    if (c === 10 || c === 13) {
      if (c === 13 && src[i + 1] === 10) i++;
      out[o++] = 13;
      out[o++] = 10;
      col = 0;
      prevSpace = false;
      continue;
    }
    let literal: boolean;
    if (c === 32) {
      const next = i + 1 < n ? src[i + 1] : 13;
      literal = !prevSpace && next !== 13 && next !== 10;
    } else literal = LITERAL[c] === 1;
    const len = literal ? 1 : 3;
    if (col + len > QP_MAX) {
      out[o++] = 61;
      out[o++] = 13;
      out[o++] = 10;
      col = 0;
    }
    if (literal) out[o++] = c;
    else {
      out[o++] = 61;
      out[o++] = HEX[c >> 4];
      out[o++] = HEX[c & 15];
    }
    col += len;
    prevSpace = c === 32 && literal;
  }
  return o;
}

const SOFT_BREAK = Buffer.from('=\r\n', 'latin1');
const pieceScratch = { src: Buffer.allocUnsafe(1 << 16), out: Buffer.allocUnsafe(1 << 18) };

/**
 * Quoted-printable encodes one piece of a body that is assembled from several pieces (see EncodedBody). The piece
 * starts at column 0; with `continues`, a soft line break is appended (unless the piece ends with a hard one) so
 * the next piece starts at column 0 too. Decoders drop soft breaks, so the pieces decode to their concatenation.
 */
export function qpPiece(text: string, continues: boolean): Buffer {
  if (text.length === 0) return EMPTY;
  // Most slot values (names, tracking URLs) are short and need no escaping: skip the byte loop.
  if (text.length <= QP_MAX && QP_SAFE_SHORT.test(text)) return Buffer.from(continues ? text + '=\r\n' : text, 'latin1');
  const need = text.length * 3;
  if (pieceScratch.src.length < need) pieceScratch.src = Buffer.allocUnsafe(need * 2);
  const src = pieceScratch.src;
  const n = src.write(text, 0, 'utf8');
  if (pieceScratch.out.length < n * 3.1 + 8) pieceScratch.out = Buffer.allocUnsafe(Math.ceil(n * 6.2) + 16);
  const out = pieceScratch.out;
  let end = qpEncodeInto(src, n, out, 0);
  if (continues && !(out[end - 2] === 13 && out[end - 1] === 10)) end += SOFT_BREAK.copy(out, end);
  return Buffer.from(out.subarray(0, end));
}
const EMPTY = Buffer.alloc(0);
/** Printable ASCII without "=" and with single inner spaces only: encodes to itself. */
const QP_SAFE_SHORT = /^(?:[\x21-\x3c\x3e-\x7e]| (?=[\x21-\x3c\x3e-\x7e]))+$/;

/** Quoted-printable encodes a string (UTF-8). Convenience wrapper for tests and small bodies. */
export function encodeQuotedPrintable(text: string): string {
  const src = Buffer.from(text, 'utf8');
  const out = Buffer.allocUnsafe(Math.ceil(src.length * 3.1) + 8);
  return out.toString('latin1', 0, qpEncodeInto(src, src.length, out, 0));
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Printable ASCII that a decoder can't mistake for an encoded word. */
function isPlainAscii(value: string): boolean {
  return PRINTABLE_ASCII.test(value) && !value.includes('=?');
}

/** Throws when a header value or address would break out of its header line. */
export function assertNoLineBreak(value: string, what: string): void {
  if (/[\r\n\0]/.test(value)) throw new Error(`${what} must not contain line breaks.`);
}

/**
 * Encodes an unstructured header value. ASCII stays readable; anything else becomes RFC 2047 base64 encoded words
 * (UTF-8), each at most 39 bytes so the folded lines stay under 78 characters. Words never split a character.
 */
export function encodeWords(value: string): string[] {
  if (isPlainAscii(value)) return [value];
  const words: string[] = [];
  let chunk = '';
  let bytes = 0;
  for (const ch of value) {
    const cp = ch.codePointAt(0) as number;
    const b = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (bytes + b > 39 && chunk) {
      words.push(`=?UTF-8?B?${Buffer.from(chunk, 'utf8').toString('base64')}?=`);
      chunk = '';
      bytes = 0;
    }
    chunk += ch;
    bytes += b;
  }
  if (chunk) words.push(`=?UTF-8?B?${Buffer.from(chunk, 'utf8').toString('base64')}?=`);
  return words;
}

/**
 * Formats `Name: value` folded at spaces to ≤ 78 characters per line where possible (never over 998).
 * Encoded words are always separated by folding whitespace, which decoders drop between adjacent words.
 */
export function foldHeader(name: string, value: string): string {
  return foldTokens(name, isPlainAscii(value) ? value.split(' ') : encodeWords(value));
}

/** Joins header tokens with single spaces, folding before a token that would pass 78 characters. */
export function foldTokens(name: string, tokens: readonly string[]): string {
  let line = `${name}:`;
  let out = '';
  for (const t of tokens) {
    if (line.length + 1 + t.length > 78 && line.length > name.length + 1) {
      out += line + '\r\n';
      line = '';
    }
    line += ' ' + t;
  }
  return out + line + '\r\n';
}

/** Validates a bare email address for use in headers and the SMTP envelope. */
export function checkAddress(address: string, what: string): string {
  const a = address.trim();
  if (!/^[^\s<>()[\]\\,;:"@]+@[^\s<>()[\]\\,;:"@]+$/.test(a) && !/^"[^"\r\n]+"@[^\s<>@]+$/.test(a)) {
    throw new Error(`${what} is not a valid email address: ${JSON.stringify(address)}`);
  }
  return a;
}

const SPECIALS = /[()<>[\]:;@\\,."]/;

/** `Display Name <addr>` as header tokens, with RFC 5322 quoting or RFC 2047 encoding of the name. */
export function mailboxTokens(name: string | undefined | null, address: string): string[] {
  const addr = `<${checkAddress(address, 'Address')}>`;
  const n = (name ?? '').replace(/[\r\n\t]+/g, ' ').trim();
  if (!n) return [addr];
  if (!isPlainAscii(n)) return [...encodeWords(n), addr];
  if (SPECIALS.test(n)) return [`"${n.replace(/(["\\])/g, '\\$1')}"`, addr];
  return [...n.split(' '), addr];
}

/** `Display Name <addr>` on one line (for tests and logs; headers use mailboxTokens + foldTokens). */
export function formatMailbox(name: string | undefined | null, address: string): string {
  return mailboxTokens(name, address).join(' ');
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** RFC 5322 date-time in UTC, e.g. `Tue, 21 Jul 2026 09:05:03 +0000`. */
export function formatDate(d: Date): string {
  return (
    `${DAYS[d.getUTCDay()]}, ${pad2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ` +
    `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} +0000`
  );
}
