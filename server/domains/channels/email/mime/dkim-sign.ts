/**
 * DKIM signing (RFC 6376), rsa-sha256 with relaxed/relaxed canonicalization, written for the send hot path:
 * the private key is parsed once into a KeyObject, headers are canonicalized from the exact text we emit, and the
 * body is hashed as built (message-builder.ts builds bodies that are already relaxed-canonical).
 *
 * Why our own signer: nodemailer 10 ships as a bundle without a public DKIM module, and its transport-level signer
 * re-parses and re-canonicalizes the whole message per send. build.perf.ts measures the difference.
 */
import { createHash, createPrivateKey, sign as rsaSign, type KeyObject } from 'node:crypto';

/** DKIM settings of one sending domain. */
export interface DkimOptions {
  domainName: string;
  keySelector: string;
  privateKeyPem: string;
  /** Header names to sign, lower-case. Defaults to DEFAULT_SIGNED_HEADERS. `from` is always signed. */
  headerFieldNames?: string[];
  /** Header names listed once more than they occur (RFC 6376 §8.15). Defaults to OVERSIGNED_HEADERS. */
  oversign?: string[];
}

/**
 * Oversigned by default (RFC 6376 §8.15): each is named in h= one extra time, which signs "no further instance",
 * so a header of that name added anywhere above ours (a second From, a changed Subject, a forged unsubscribe
 * target) makes verification fail instead of being shown to the reader.
 */
export const OVERSIGNED_HEADERS = ['from', 'subject', 'list-unsubscribe', 'list-unsubscribe-post'];

/**
 * Signed by default. List-Unsubscribe and List-Unsubscribe-Post MUST be covered or receivers hide the one-click
 * button (RFC 8058 §4); the others are what a forger would most like to change.
 */
export const DEFAULT_SIGNED_HEADERS = [
  'from',
  'to',
  'subject',
  'date',
  'message-id',
  'reply-to',
  'list-unsubscribe',
  'list-unsubscribe-post',
  'list-id',
  'feedback-id',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
];

/** A header as emitted: its name as written and its raw value (may contain folding CRLF + WSP). */
export type RawHeader = [name: string, value: string];

/** Relaxed header canonicalization (RFC 6376 §3.4.2) of one header; no trailing CRLF. */
export function relaxedHeader(name: string, value: string): string {
  return `${name.toLowerCase().trim()}:${value.replace(/\r\n/g, '').replace(/[ \t]+/g, ' ').trim()}`;
}

/** Relaxed body canonicalization (RFC 6376 §3.4.4). The builder avoids needing it; tests use it as the reference. */
export function relaxedBody(body: string): string {
  let s = body.replace(/\r?\n/g, '\r\n').replace(/[ \t]+\r\n/g, '\r\n').replace(/[ \t]+/g, ' ');
  s = s.replace(/(\r\n)+$/, '');
  return s.length ? s + '\r\n' : '';
}

function fold(prefix: string, value: string, width: number): string {
  let out = '';
  for (let i = 0; i < value.length; i += width) out += (i ? '\r\n\t' : prefix) + value.slice(i, i + width);
  return out;
}

export interface DkimSigner {
  /** Header names this signer signs (lower-case). */
  readonly headerFieldNames: readonly string[];
  /** The bh= value for a body: base64 SHA-256. Accepts the body in pieces to avoid copying it. */
  bodyHash(pieces: readonly Uint8Array[]): string;
  /** Prepares the unsigned header text and the data to sign. */
  prepare(headers: readonly RawHeader[], bodyHash: string, time: Date): { headerPrefix: string; data: string };
  /** Signs synchronously; returns the complete `DKIM-Signature: …\r\n` line. */
  sign(headers: readonly RawHeader[], bodyHash: string, time?: Date): string;
  /** Same, but the RSA operation runs on libuv's thread pool so another core can do it. */
  signAsync(headers: readonly RawHeader[], bodyHash: string, time?: Date): Promise<string>;
}

/** Creates a signer for one domain/selector; the PEM is parsed once here. */
export function createDkimSigner(opts: DkimOptions): DkimSigner {
  const key: KeyObject = createPrivateKey(opts.privateKeyPem);
  if (key.asymmetricKeyType !== 'rsa') throw new Error('DKIM keys must be RSA (rsa-sha256).');
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < 1024) throw new Error(`DKIM key of ${bits} bits is too short; receivers ignore keys under 1024 bits.`);
  const domain = opts.domainName.trim().toLowerCase();
  const selector = opts.keySelector.trim();
  if (!/^[a-z0-9.-]+$/.test(domain) || !/^[A-Za-z0-9._-]+$/.test(selector)) throw new Error('Invalid DKIM domain or selector.');
  const names = [...new Set(['from', ...(opts.headerFieldNames ?? DEFAULT_SIGNED_HEADERS).map((n) => n.toLowerCase().trim())])];

  const over = new Set((opts.oversign ?? OVERSIGNED_HEADERS).map((n) => n.toLowerCase().trim()));

  function prepare(headers: readonly RawHeader[], bodyHash: string, time: Date) {
    // For each configured name, sign the last instance present (RFC 6376 §5.4.2: bottom-up).
    const signed: string[] = [];
    let data = '';
    for (const n of names) {
      for (let i = headers.length - 1; i >= 0; i--) {
        if (headers[i][0].toLowerCase() === n) {
          signed.push(n);
          data += relaxedHeader(n, headers[i][1]) + '\r\n';
          break;
        }
      }
      // A name listed once more than it occurs contributes nothing to the hash (§5.4.2) but signs its absence:
      // the oversign. Also done for an absent header (no List-Unsubscribe-Post on an http instance).
      if (over.has(n)) signed.push(n);
    }
    const t = Math.floor(time.getTime() / 1000);
    const value =
      ` v=1; a=rsa-sha256; c=relaxed/relaxed; d=${domain}; s=${selector};\r\n\tt=${t};` +
      ` h=${signed.join(':')};\r\n\tbh=${bodyHash};\r\n\tb=`;
    const headerPrefix = `DKIM-Signature:${value}`;
    return { headerPrefix, data: data + relaxedHeader('DKIM-Signature', value) };
  }

  const finish = (prefix: string, sig: Buffer) => `${fold(prefix, sig.toString('base64'), 72)}\r\n`;

  return {
    headerFieldNames: names,
    bodyHash(pieces) {
      const h = createHash('sha256');
      for (const p of pieces) h.update(p);
      return h.digest('base64');
    },
    prepare,
    sign(headers, bodyHash, time = new Date()) {
      const { headerPrefix, data } = prepare(headers, bodyHash, time);
      return finish(headerPrefix, rsaSign('sha256', Buffer.from(data, 'utf8'), key));
    },
    signAsync(headers, bodyHash, time = new Date()) {
      const { headerPrefix, data } = prepare(headers, bodyHash, time);
      return new Promise((resolve, reject) => {
        rsaSign('sha256', Buffer.from(data, 'utf8'), key, (err, sig) => (err ? reject(err) : resolve(finish(headerPrefix, sig))));
      });
    },
  };
}
