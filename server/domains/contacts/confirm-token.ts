/**
 * Signed re-subscribe confirmation tokens: `<payload>.<hmac>` in base64url, HMAC-SHA256 with the instance's
 * signing key. The payload binds the workspace, contact, address and the newest email consent at the time
 * of sending, so a link stops working if the address or the status changed since.
 */
import { hmacSha256, safeEqual } from '../../lib/crypto.js';

export interface ConfirmPayload {
  /** workspace id */
  w: number;
  /** contact id */
  c: number;
  /** the address the link was sent to */
  e: string;
  /** id of the newest email consent row when the link was issued */
  n: number;
  /** expiry, epoch seconds */
  x: number;
}

/** How long a confirmation link stays valid. */
export const CONFIRM_TTL_SECONDS = 7 * 86400;

const PURPOSE = 'contact.resubscribe.v1:';

export function signConfirmToken(key: Buffer, p: Omit<ConfirmPayload, 'x'>, now = Date.now()): string {
  const body = Buffer.from(JSON.stringify({ ...p, x: Math.floor(now / 1000) + CONFIRM_TTL_SECONDS })).toString('base64url');
  return `${body}.${hmacSha256(key, PURPOSE + body).toString('base64url')}`;
}

/** The payload of a genuine token, 'expired', or null when it is malformed or tampered with. */
export function verifyConfirmToken(key: Buffer, token: string, now = Date.now()): ConfirmPayload | 'expired' | null {
  const [body, mac, extra] = token.split('.');
  if (!body || !mac || extra !== undefined) return null;
  if (!safeEqual(mac, hmacSha256(key, PURPOSE + body).toString('base64url'))) return null;
  let p: ConfirmPayload;
  try {
    p = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as ConfirmPayload;
  } catch {
    return null;
  }
  if (!Number.isInteger(p.w) || !Number.isInteger(p.c) || typeof p.e !== 'string' || !Number.isInteger(p.n) || !Number.isInteger(p.x)) return null;
  return p.x * 1000 < now ? 'expired' : p;
}
