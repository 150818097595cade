/**
 * outboundFetch: an HTTP(S) request under the outbound policy. The target is checked before the request, the
 * connection resolves through `outboundLookup` (checked again at connect time), redirects are followed by hand
 * (each hop checked, at most policy.maxRedirects), and the whole exchange is bounded in time and in bytes read.
 */
import http from 'node:http';
import https from 'node:https';
import { AppError, type MessageArg } from '../errors.js';
import { msg } from '../messages/index.js';
import { assertOutboundTarget, isOutboundRefused, outboundLookup, type OutboundPolicy } from './policy.js';

export interface OutboundFetchOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Whole exchange, redirects included (default policy.defaultTimeoutMs). */
  timeoutMs?: number;
  /** Most body bytes read (default policy.defaultMaxBytes). */
  maxBytes?: number;
  /** Past maxBytes: false (default) fails with `too_large`; true stops reading and returns `truncated: true`. */
  truncate?: boolean;
  /** Follow 301/302/303/307/308 (default true); a number caps the hops below policy.maxRedirects. */
  followRedirects?: boolean | number;
  /** Field named in a refusal (the setting the URL came from). */
  field?: string;
  /** Extra TLS options (e.g. rejectUnauthorized for a sandbox). */
  rejectUnauthorized?: boolean;
}

export interface OutboundResponse {
  status: number;
  /** Lower-cased names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
  truncated: boolean;
  /** The URL that answered (after redirects). */
  url: string;
  text(): string;
  json<T = unknown>(): T;
}

export type OutboundFailure = 'timeout' | 'too_large' | 'network' | 'redirect_limit';

/** A request to an allowed target that did not complete (502): the reason is ours, not the target's words. */
export class OutboundFailed extends AppError {
  constructor(
    readonly reason: OutboundFailure,
    message: MessageArg,
    field?: string,
  ) {
    super(502, 'outbound_failed', message, field, { reason });
    this.name = 'OutboundFailed';
  }
}

export function isOutboundFailed(err: unknown): err is OutboundFailed {
  return err instanceof OutboundFailed;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export async function outboundFetch(policy: OutboundPolicy, url: string | URL, opts: OutboundFetchOptions = {}): Promise<OutboundResponse> {
  const timeoutMs = opts.timeoutMs ?? policy.defaultTimeoutMs;
  const maxBytes = opts.maxBytes ?? policy.defaultMaxBytes;
  const maxHops = opts.followRedirects === false ? 0 : typeof opts.followRedirects === 'number' ? Math.min(opts.followRedirects, policy.maxRedirects) : policy.maxRedirects;
  const deadline = Date.now() + timeoutMs;
  let method = (opts.method ?? 'GET').toUpperCase();
  let body = opts.body;
  let headers: Record<string, string> = { ...(opts.headers ?? {}) };
  let current = await assertOutboundTarget(policy, url, { field: opts.field });
  for (let hop = 0; ; hop++) {
    const res = await requestOnce(policy, current, { method, headers, body, deadline, maxBytes, truncate: opts.truncate ?? false, field: opts.field, rejectUnauthorized: opts.rejectUnauthorized });
    const location = res.headers.location;
    if (!REDIRECTS.has(res.status) || !location || opts.followRedirects === false) return res;
    if (hop >= maxHops) throw new OutboundFailed('redirect_limit', msg('outbound.redirect_limit', { hops: maxHops }), opts.field);
    let next: URL;
    try {
      next = new URL(location, current);
    } catch {
      return res;
    }
    next = await assertOutboundTarget(policy, next, { field: opts.field });
    if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
      method = method === 'HEAD' ? 'HEAD' : 'GET';
      body = undefined;
      headers = Object.fromEntries(Object.entries(headers).filter(([k]) => !/^content-/i.test(k)));
    }
    // Credentials never follow a redirect to another origin.
    if (next.origin !== current.origin) headers = Object.fromEntries(Object.entries(headers).filter(([k]) => !/^(authorization|cookie)$/i.test(k)));
    current = next;
  }
}

function requestOnce(
  policy: OutboundPolicy,
  u: URL,
  o: { method: string; headers: Record<string, string>; body?: string | Buffer; deadline: number; maxBytes: number; truncate: boolean; field?: string; rejectUnauthorized?: boolean },
): Promise<OutboundResponse> {
  return new Promise((resolve, reject) => {
    const remaining = o.deadline - Date.now();
    if (remaining <= 0) return reject(new OutboundFailed('timeout', msg('outbound.timeout'), o.field));
    const mod = u.protocol === 'https:' ? https : http;
    let settled = false;
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(err);
    };
    const req = mod.request(
      u,
      {
        method: o.method,
        headers: o.body !== undefined ? { 'content-length': String(Buffer.byteLength(o.body)), ...o.headers } : o.headers,
        lookup: outboundLookup(policy),
        agent: false,
        ...(u.protocol === 'https:' && o.rejectUnauthorized === false ? { rejectUnauthorized: false } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let truncated = false;
        const finish = () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          const buf = Buffer.concat(chunks);
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
          resolve({
            status: res.statusCode ?? 0,
            headers,
            body: buf,
            truncated,
            url: u.toString(),
            text: () => buf.toString('utf8'),
            json: <T>() => JSON.parse(buf.toString('utf8')) as T,
          });
          req.destroy();
        };
        res.on('data', (chunk: Buffer) => {
          if (settled) return;
          if (size + chunk.length > o.maxBytes) {
            if (!o.truncate) return fail(new OutboundFailed('too_large', msg('outbound.too_large', { bytes: o.maxBytes }), o.field));
            chunks.push(chunk.subarray(0, o.maxBytes - size));
            size = o.maxBytes;
            truncated = true;
            return finish();
          }
          size += chunk.length;
          chunks.push(chunk);
        });
        res.on('end', finish);
        res.on('error', (err) => fail(new OutboundFailed('network', msg('outbound.network', { detail: err.message }), o.field)));
      },
    );
    const timer = setTimeout(() => fail(new OutboundFailed('timeout', msg('outbound.timeout'), o.field)), remaining);
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (isOutboundRefused(err)) return fail(err);
      const failed = new OutboundFailed('network', msg('outbound.network', { detail: err.code ?? err.message }), o.field);
      failed.cause = err; // the system error (code ECONNREFUSED, ENOTFOUND…) for callers that explain it
      fail(failed);
    });
    if (o.body !== undefined) req.write(o.body);
    req.end();
  });
}
