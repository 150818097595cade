/**
 * Twilio's webhook signature (reference §1.2): X-Twilio-Signature = base64(HMAC-SHA1(auth token, the full URL as
 * configured, including the query, followed by every POST parameter sorted by name as key+value, no separators)).
 * The simulator signs with it and our webhook receiver checks it, so both sides share this one implementation;
 * the tests check it against the official `twilio` package independently.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Form parameters as they arrive: a repeated key carries several values. */
export type FormParams = Record<string, string | string[]>;

/** Computes the signature for a form-encoded callback to `url` carrying `params`. */
export function twilioSignature(authToken: string, url: string, params: FormParams): string {
  let data = url;
  for (const key of Object.keys(params).sort()) {
    const v = params[key];
    const values = Array.isArray(v) ? [...v].sort() : [v];
    for (const value of values) data += key + value;
  }
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

/**
 * Checks a received signature in constant time. Twilio signs the URL it called; behind a proxy pass the public
 * URL. Like twilio-node, an explicit port is tried both with and without (`:443` / `:80` differences).
 */
export function validTwilioSignature(authToken: string, signature: string | undefined, url: string, params: FormParams): boolean {
  if (!signature) return false;
  const given = Buffer.from(signature);
  const candidates = new Set([url, withoutPort(url), withDefaultPort(url)]);
  for (const candidate of candidates) {
    const expected = Buffer.from(twilioSignature(authToken, candidate, params));
    if (expected.length === given.length && timingSafeEqual(expected, given)) return true;
  }
  return false;
}

function withoutPort(url: string): string {
  try {
    const u = new URL(url);
    const def = u.protocol === 'https:' ? '443' : '80';
    if (u.port !== def && u.port !== '') return url;
    return url.replace(`${u.host}`, u.hostname);
  } catch {
    return url;
  }
}

function withDefaultPort(url: string): string {
  try {
    const u = new URL(url);
    if (u.port) return url;
    const port = u.protocol === 'https:' ? '443' : '80';
    return url.replace(u.host, `${u.hostname}:${port}`);
  } catch {
    return url;
  }
}

/** Parses an application/x-www-form-urlencoded body into FormParams (repeated keys become arrays). */
export function parseForm(body: string): FormParams {
  const out: FormParams = {};
  for (const [k, v] of new URLSearchParams(body)) {
    const prev = out[k];
    if (prev === undefined) out[k] = v;
    else out[k] = Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}
