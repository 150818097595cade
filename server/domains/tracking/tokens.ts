/**
 * Signed tokens for the public links in every message and for the VERP envelope sender. Nothing in a token is
 * secret (it names a delivery), but it cannot be forged: a 128-bit HMAC-SHA256 (key: ctx.keys.signingKey) binds the
 * kind, the delivery id and, for clicks, the link index. A tampered or unknown token verifies as null → 404.
 *
 * Formats (base36 ids keep URLs short; every character is URL-path and VERP safe):
 *   open / unsubscribe / view:  `<deliveryId36>.<mac>`                 → /t/o/:token, /u/:token, /t/v/:token
 *   click:                      `<deliveryId36>.<linkIndex36>.<mac>`    → /t/c/:token
 *   VERP (bounces+<token>@…):   `d<deliveryId>.c<campaignId>.<mac8>`   (64-bit MAC: bounces need only resist forgery
 *                                                                       of a suppression, and the local part is short)
 *   Message-ID:                 `d<deliveryId>.c<campaignId>.<mac8>@<sending domain>`
 * mac = base64url(HMAC-SHA256(key, "<kind>:<deliveryId>:<linkIndex|campaignId|''>")) truncated.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** o = open pixel, c = click, u = unsubscribe, v = view in browser, b = VERP bounce address, m = Message-ID. */
export type TokenKind = 'o' | 'c' | 'u' | 'v' | 'b' | 'm';

/** A verified token: the delivery it belongs to and, for clicks, the link index. */
export interface TokenClaims {
  deliveryId: number;
  linkIndex: number | null;
}

const MAC_BYTES = 16;
const SHORT_MAC_BYTES = 8;

function mac(key: Buffer, kind: TokenKind, deliveryId: number, extra: string, bytes: number): Buffer {
  return createHmac('sha256', key).update(`${kind}:${deliveryId}:${extra}`).digest().subarray(0, bytes);
}

function parseId(s: string, radix: number): number | null {
  if (!s || s.length > 14 || !(radix === 36 ? /^[0-9a-z]+$/ : /^[0-9]+$/).test(s)) return null;
  const n = parseInt(s, radix);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

function macEquals(given: string, expected: Buffer): boolean {
  // Compare the canonical text: base64 decoders ignore the unused low bits of the last character, so comparing
  // decoded bytes would accept several spellings of one MAC.
  const want = Buffer.from(expected.toString('base64url'));
  const got = Buffer.from(given);
  return got.length === want.length && timingSafeEqual(got, want);
}

/**
 * Signs a tracking/unsubscribe token. `linkIndex` is required for kind 'c' and must be absent otherwise.
 * @example signToken(ctx.keys.signingKey, 'c', 1234, 3) // "ya.3.Xk…"
 */
export function signToken(key: Buffer, kind: 'o' | 'c' | 'u' | 'v', deliveryId: number, linkIndex?: number): string {
  if (kind === 'c') {
    if (linkIndex === undefined || !Number.isInteger(linkIndex) || linkIndex < 0) throw new Error('A click token needs a link index.');
    return `${deliveryId.toString(36)}.${linkIndex.toString(36)}.${mac(key, kind, deliveryId, String(linkIndex), MAC_BYTES).toString('base64url')}`;
  }
  return `${deliveryId.toString(36)}.${mac(key, kind, deliveryId, '', MAC_BYTES).toString('base64url')}`;
}

/** Verifies a token of the expected kind in constant time; null when malformed, tampered or of another kind. */
export function verifyToken(key: Buffer, kind: 'o' | 'c' | 'u' | 'v', token: string): TokenClaims | null {
  if (typeof token !== 'string' || token.length > 80) return null;
  const parts = token.split('.');
  if (kind === 'c') {
    if (parts.length !== 3) return null;
    const id = parseId(parts[0], 36);
    const link = /^[0-9a-z]{1,4}$/.test(parts[1]) ? parseInt(parts[1], 36) : null;
    if (id === null || link === null) return null;
    return macEquals(parts[2], mac(key, kind, id, String(link), MAC_BYTES)) ? { deliveryId: id, linkIndex: link } : null;
  }
  if (parts.length !== 2) return null;
  const id = parseId(parts[0], 36);
  if (id === null) return null;
  return macEquals(parts[1], mac(key, kind, id, '', MAC_BYTES)) ? { deliveryId: id, linkIndex: null } : null;
}

/** The VERP token of a delivery: `d<deliveryId>.c<campaignId>.<mac8>` (put after `bounces+`). */
export function makeVerpToken(key: Buffer, deliveryId: number, campaignId: number): string {
  return `d${deliveryId}.c${campaignId}.${mac(key, 'b', deliveryId, String(campaignId), SHORT_MAC_BYTES).toString('base64url')}`;
}

/** Verifies a VERP token from a returned bounce; null when it was not made by this instance. */
export function verifyVerpToken(key: Buffer, token: string): { deliveryId: number; campaignId: number } | null {
  const m = /^d(\d{1,15})\.c(\d{1,15})\.([A-Za-z0-9_-]{11})$/.exec(token ?? '');
  if (!m) return null;
  const deliveryId = parseId(m[1], 10);
  const campaignId = parseId(m[2], 10);
  if (deliveryId === null || campaignId === null) return null;
  return macEquals(m[3], mac(key, 'b', deliveryId, String(campaignId), SHORT_MAC_BYTES)) ? { deliveryId, campaignId } : null;
}

/** The Message-ID (without angle brackets) of a delivery: unique per delivery, verifiable, stable across retries. */
export function makeMessageId(key: Buffer, deliveryId: number, campaignId: number, domain: string): string {
  return `d${deliveryId}.c${campaignId}.${mac(key, 'm', deliveryId, String(campaignId), SHORT_MAC_BYTES).toString('base64url')}@${domain}`;
}

/** Reads the delivery of a Message-ID made by makeMessageId (provider webhooks echo it back); null when forged. */
export function verifyMessageId(key: Buffer, messageId: string): { deliveryId: number; campaignId: number } | null {
  const m = /^<?d(\d{1,15})\.c(\d{1,15})\.([A-Za-z0-9_-]{11})@[^>\s]+>?$/.exec((messageId ?? '').trim());
  if (!m) return null;
  const deliveryId = parseId(m[1], 10);
  const campaignId = parseId(m[2], 10);
  if (deliveryId === null || campaignId === null) return null;
  return macEquals(m[3], mac(key, 'm', deliveryId, String(campaignId), SHORT_MAC_BYTES)) ? { deliveryId, campaignId } : null;
}
