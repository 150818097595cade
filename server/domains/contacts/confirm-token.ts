/**
 * Signed re-subscribe confirmation tokens, short enough for a URL path segment and free of personal data:
 * `<w>-<c>-<n>-<x>-<e>.<mac>` where the numbers are base36 (workspace, contact, newest email consent id when
 * sent, expiry in epoch seconds), `e` is a short digest of the address, and `mac` a truncated HMAC-SHA256 with
 * the instance signing key. The link stops working if the address or the email status changed since.
 */
import { hmacSha256, safeEqual, sha256 } from '../../lib/crypto.js';

export interface ConfirmPayload {
  /** workspace id */
  w: number;
  /** contact id */
  c: number;
  /** id of the newest email consent row when the link was issued */
  n: number;
  /** expiry, epoch seconds */
  x: number;
}

/** How long a confirmation link stays valid. */
export const CONFIRM_TTL_SECONDS = 7 * 86400;

const PURPOSE = 'contact.resubscribe.v1:';
const emailDigest = (email: string) => sha256(email).slice(0, 12);
const mac = (key: Buffer, body: string) => hmacSha256(key, PURPOSE + body).subarray(0, 16).toString('base64url');

export function signConfirmToken(key: Buffer, p: Omit<ConfirmPayload, 'x'>, email: string, now = Date.now()): string {
  const x = Math.floor(now / 1000) + CONFIRM_TTL_SECONDS;
  const body = [p.w, p.c, p.n, x].map((v) => v.toString(36)).join('-') + '-' + emailDigest(email);
  return `${body}.${mac(key, body)}`;
}

/** A token whose signature checked out: its payload and the digest of the address it was sent to. */
export interface VerifiedToken extends ConfirmPayload {
  emailDigest: string;
}

/** The content of a genuine, unexpired token; 'expired'; or null when it is malformed or tampered with. */
export function verifyConfirmToken(key: Buffer, token: string, now = Date.now()): VerifiedToken | 'expired' | null {
  const m = /^([0-9a-z]{1,13})-([0-9a-z]{1,13})-([0-9a-z]{1,13})-([0-9a-z]{1,13})-([0-9a-f]{12})\.([\w-]{22})$/.exec(token);
  if (!m) return null;
  if (!safeEqual(m[6], mac(key, token.slice(0, token.indexOf('.'))))) return null;
  const [w, c, n, x] = [m[1], m[2], m[3], m[4]].map((v) => parseInt(v, 36));
  return x * 1000 < now ? 'expired' : { w, c, n, x, emailDigest: m[5] };
}

/** True when the token was sent to this address (the contact's address may have changed since). */
export const sentTo = (t: VerifiedToken, email: string | null) => !!email && emailDigest(email) === t.emailDigest;
