/**
 * Spam protection that calls no third party: an off-screen honeypot field, an HMAC-signed render timestamp
 * (submissions under 3 s or over 24 h after rendering are refused), ALTCHA proof of work verified here with replayed
 * solutions refused through `form_pow_used`, and per-IP / per-form rate limits counted in PostgreSQL (`form_rate`), so
 * every API process sees the same counts. hCaptcha/Turnstile are optional per form (they call out).
 */
import { createChallenge, randomInt, verifySolution, type Challenge, type Solution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../../db/schema.js';
import { hmacSha256, safeEqual } from '../../lib/crypto.js';

type Db = Kysely<Database>;

/** The tempting name of the off-screen field people never see (bots fill it). */
export const HONEYPOT_FIELD = 'website_url';
export const TIMESTAMP_FIELD = '_ts';
export const POW_FIELD = 'altcha';
export const MIN_FILL_MS = 3000;
export const MAX_FILL_MS = 24 * 3600_000;
export const DEFAULT_POW_COST = 200;
export const DEFAULT_POW_MAX_COUNTER = 4000;
export const POW_TTL_SECONDS = 600;
export const DEFAULT_PER_IP_PER_MINUTE = 10;
export const DEFAULT_PER_FORM_PER_MINUTE = 600;

const macOf = (key: Buffer, formPublicId: string, kind: string, ms: number) =>
  hmacSha256(key, `form.ts.v1:${formPublicId}:${kind}:${ms}`).subarray(0, 12).toString('base64url');

/**
 * The hidden render timestamp written into the form when it is shown (`r`), or into a copied HTML snippet (`s`:
 * the snippet lives on someone's site for months, so only the 3-second minimum applies to it).
 */
export function signRenderTime(key: Buffer, formPublicId: string, now = Date.now(), kind: 'r' | 's' = 'r'): string {
  return `${kind}${now.toString(36)}.${macOf(key, formPublicId, kind, now)}`;
}

/** 'ok', 'too_fast' (under 3 s), or 'invalid' (missing, forged, or a render token older than 24 h). */
export function checkRenderTime(key: Buffer, formPublicId: string, token: unknown, now = Date.now()): 'ok' | 'too_fast' | 'invalid' {
  if (typeof token !== 'string') return 'invalid';
  const m = /^([rs])([0-9a-z]{1,12})\.([\w-]{16})$/.exec(token);
  if (!m) return 'invalid';
  const ms = parseInt(m[2], 36);
  if (!safeEqual(m[3], macOf(key, formPublicId, m[1], ms))) return 'invalid';
  const age = now - ms;
  if (age < MIN_FILL_MS) return 'too_fast';
  return m[1] === 'r' && age > MAX_FILL_MS ? 'invalid' : 'ok';
}

const powSecrets = (key: Buffer) => ({
  hmacSignatureSecret: hmacSha256(key, 'altcha.sig.v1').toString('hex'),
  hmacKeySignatureSecret: hmacSha256(key, 'altcha.key.v1').toString('hex'),
});

/** A fresh signed challenge for one form (deterministic mode: the server verifies a solution by HMAC, not by re-deriving). */
export async function createPowChallenge(key: Buffer, formPublicId: string, cost = DEFAULT_POW_COST, maxCounter = DEFAULT_POW_MAX_COUNTER): Promise<Challenge> {
  return createChallenge({
    algorithm: 'PBKDF2/SHA-256',
    cost,
    counter: randomInt(Math.max(1, Math.floor(maxCounter / 4)), maxCounter),
    deriveKey,
    data: { f: formPublicId },
    expiresAt: Math.floor(Date.now() / 1000) + POW_TTL_SECONDS,
    ...powSecrets(key),
  });
}

/**
 * Verifies an ALTCHA payload (base64 JSON `{ challenge, solution }`) for the form, then marks the challenge used:
 * a second submission with the same solution is 'replayed'.
 */
export async function verifyPow(db: Db, key: Buffer, formPublicId: string, payload: unknown): Promise<'ok' | 'missing' | 'invalid' | 'replayed'> {
  if (typeof payload !== 'string' || payload === '') return 'missing';
  let parsed: { challenge: Challenge; solution: Solution };
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
  } catch {
    return 'invalid';
  }
  if (!parsed?.challenge?.parameters || !parsed.solution || parsed.challenge.parameters.data?.f !== formPublicId) return 'invalid';
  let ok = false;
  try {
    const r = await verifySolution({ challenge: parsed.challenge, solution: parsed.solution, deriveKey, ...powSecrets(key) });
    ok = r.verified;
  } catch {
    ok = false;
  }
  if (!ok) return 'invalid';
  const id = parsed.challenge.signature ?? parsed.challenge.parameters.nonce;
  const exp = new Date(((parsed.challenge.parameters.expiresAt ?? 0) + 60) * 1000);
  const r = await db.insertInto('form_pow_used').values({ id, expires_at: exp }).onConflict((oc) => oc.column('id').doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1 ? 'ok' : 'replayed';
}

/**
 * Counts one hit against each key in the current one-minute window; false when any key is over its limit.
 * One statement for all keys, so a submission costs one round trip.
 */
export async function hitRateLimits(db: Db, limits: { key: string; max: number }[], now = Date.now()): Promise<boolean> {
  const window = Math.floor(now / 60_000);
  const rows = await db
    .insertInto('form_rate')
    .values(limits.map((l) => ({ key: l.key, window_start: window, hits: 1 })))
    .onConflict((oc) => oc.columns(['key', 'window_start']).doUpdateSet({ hits: sql`form_rate.hits + 1` }))
    .returning(['key', 'hits'])
    .execute();
  const max = new Map(limits.map((l) => [l.key, l.max]));
  return rows.every((r) => r.hits <= (max.get(r.key) ?? Infinity));
}

/** Verifies an hCaptcha / Turnstile token with the provider (only for forms that opted in). */
export async function verifyRemoteCaptcha(provider: 'hcaptcha' | 'turnstile', secret: string, token: unknown, ip: string | null, fetchImpl: typeof fetch = fetch): Promise<boolean> {
  if (typeof token !== 'string' || !token || token.length > 4096) return false;
  const url = provider === 'turnstile' ? 'https://challenges.cloudflare.com/turnstile/v0/siteverify' : 'https://api.hcaptcha.com/siteverify';
  const body = new URLSearchParams({ secret, response: token, ...(ip ? { remoteip: ip } : {}) });
  try {
    const res = await fetchImpl(url, { method: 'POST', body, signal: AbortSignal.timeout(5000) });
    const j = (await res.json()) as { success?: boolean };
    return j.success === true;
  } catch {
    return false;
  }
}

/** Removes used challenges and rate windows that can no longer matter. */
export async function purgeSpamState(db: Db, now = Date.now()) {
  await db.deleteFrom('form_pow_used').where('expires_at', '<', new Date(now)).execute();
  await db.deleteFrom('form_rate').where('window_start', '<', Math.floor(now / 60_000) - 2).execute();
}
