/**
 * Shared plumbing for ESP webhook handlers: the request shape, the typed error the HTTP edge
 * maps to 400/401, and small helpers (headers, constant-time compare, timestamps).
 */
import { timingSafeEqual } from 'node:crypto';
import { classifyFailure, extractEnhancedStatus, normalizeStatus } from '../classify.js';
import type { BounceClass } from '../types.js';
import { parseVerpAddress } from '../verp.js';

/** What a webhook handler needs from the HTTP request: headers and the raw, unparsed body bytes. */
export interface WebhookRequest {
  /** Header names in any case (Fastify/Node give lower-case). */
  headers: Record<string, string | string[] | undefined>;
  /** The body exactly as received; signatures are computed over these bytes. */
  rawBody: Buffer | string;
}

/** Why a webhook request was refused. */
export type WebhookErrorCode = 'bad_signature' | 'stale_timestamp' | 'replayed' | 'unauthorized' | 'bad_certificate_url' | 'bad_payload';

/**
 * Thrown for requests that must not be processed. `status` is the HTTP status to answer with
 * (401 for authentication problems, 400 for malformed payloads); the message is safe to log.
 */
export class WebhookError extends Error {
  readonly status: 400 | 401;
  readonly code: WebhookErrorCode;
  constructor(code: WebhookErrorCode, message: string) {
    super(message);
    this.name = 'WebhookError';
    this.code = code;
    this.status = code === 'bad_payload' ? 400 : 401;
  }
}

/** Case-insensitive single header value. */
export function getHeader(headers: WebhookRequest['headers'], name: string): string | null {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() !== lower || v === undefined) continue;
    return Array.isArray(v) ? (v[0] ?? null) : v;
  }
  return null;
}

/** Constant-time string equality (lengths are not secret). */
export function safeEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}

/** Parses the raw body as JSON or throws a 400 WebhookError. */
export function parseJsonBody(rawBody: Buffer | string): unknown {
  try {
    return JSON.parse(typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8'));
  } catch {
    throw new WebhookError('bad_payload', 'body is not valid JSON');
  }
}

/** Narrow an unknown JSON value to a plain object (empty object otherwise). */
export function obj(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** String field or null. */
export function str(v: unknown): string | null {
  if (typeof v === 'string') return v.length > 0 ? v : null;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

/** Unix seconds (number or numeric string) or ISO text → ISO-8601; `fallback` when unusable. */
export function toIso(v: unknown, fallback: Date = new Date()): string {
  if (typeof v === 'number' || (typeof v === 'string' && /^\d+(\.\d+)?$/.test(v))) {
    const d = new Date(Number(v) * 1000);
    if (!Number.isNaN(d.getTime())) return d.toISOString();
  }
  if (typeof v === 'string') {
    const d = new Date(v);
    if (!Number.isNaN(d.getTime())) return d.toISOString();
  }
  return fallback.toISOString();
}

/** Strips `<…>` around a Message-ID. */
export function stripAngles(v: string | null): string | null {
  if (!v) return null;
  const s = v.trim().replace(/^<(.*)>$/, '$1').trim();
  return s || null;
}

/** Enhanced status from an explicit field or, failing that, from the diagnostic text. */
export function statusFrom(explicit: unknown, diagnostic: string | null): string | null {
  return normalizeStatus(str(explicit)) ?? extractEnhancedStatus(diagnostic);
}

/** Hard/soft plus policy flag for a provider bounce where the provider gave no verdict. */
export function classify(status: string | null, diagnostic: string | null): { class: BounceClass; policyBlock: boolean } {
  return classifyFailure(status, diagnostic);
}

/** A VERP token from a Return-Path style value, or null. */
export function tokenFromAddress(v: string | null): string | null {
  return v ? parseVerpAddress(v) : null;
}

/** Token only if it has the VERP token alphabet (so metadata can't inject anything odd). */
export function cleanToken(v: unknown): string | null {
  const s = str(v);
  return s && /^[A-Za-z0-9._-]{1,200}$/.test(s) ? s : null;
}
