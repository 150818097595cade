/**
 * The one HTTP helper of the web app. Every call goes to the public REST API (/api/v1/…) with the
 * session cookie; writes carry the session's CSRF token. Error bodies `{error:{code,message,field,messageCode,params}}`
 * become `ApiError`, so forms can show the message (in the user's language, from its messageCode: see
 * web/src/ui/feedback.tsx and docs/i18n.md) and highlight the field.
 */
import type { Params } from '../../../common/messages/format.js';

/** An error answered by the API (or a network failure, status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly details?: Record<string, unknown>,
    /** The catalog code of the message (common/messages), when the server sent one. */
    readonly messageCode?: string,
    readonly params?: Params,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

/** Remembers the CSRF token of the current session (from login or GET /session). */
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

/** Called when an authenticated call answers 401 (session expired or logged out elsewhere). */
export function setUnauthorizedHandler(fn: (() => void) | null) {
  onUnauthorized = fn;
}

type Query = Record<string, string | number | boolean | null | undefined | Array<string | number>>;

/** Builds `/api/v1/path?query`, leaving out empty values. */
export function apiUrl(path: string, query?: Query): string {
  const u = new URL(`/api/v1${path}`, window.location.origin);
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) v.forEach((x) => u.searchParams.append(k, String(x)));
    else u.searchParams.set(k, String(v));
  }
  return u.pathname + u.search;
}

async function toError(res: Response): Promise<ApiError> {
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string; field?: string; details?: Record<string, unknown>; messageCode?: string; params?: Params } };
    const e = body?.error;
    if (e) return new ApiError(res.status, e.code ?? 'error', e.message ?? res.statusText, e.field, e.details, e.messageCode, e.params);
  } catch {
    /* not JSON */
  }
  return new ApiError(res.status, 'http_' + res.status, res.statusText || `HTTP ${res.status}`);
}

/** Calls the API and returns the parsed JSON body (or undefined for 204). */
export async function request<T>(method: string, path: string, opts: { query?: Query; body?: unknown; form?: FormData; raw?: { body: string; type: string }; signal?: AbortSignal; silent401?: boolean } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let body: BodyInit | undefined;
  if (opts.form) body = opts.form;
  else if (opts.raw) {
    headers['content-type'] = opts.raw.type;
    body = opts.raw.body;
  } else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(apiUrl(path, opts.query), { method, headers, body, credentials: 'same-origin', signal: opts.signal });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'network', 'The server cannot be reached.', undefined, undefined, 'error.network');
  }
  if (!res.ok) {
    const e = await toError(res);
    if (res.status === 401 && !opts.silent401) onUnauthorized?.();
    throw e;
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('json') ? await res.json() : await res.text()) as T;
}

/** `{ data }` envelope helper. */
export async function getData<T>(path: string, query?: Query): Promise<T> {
  return (await request<{ data: T }>('GET', path, { query })).data;
}

/** A page of a cursor-paginated list. */
export interface Page<T> {
  data: T[];
  meta: { nextCursor: string | null; total?: number };
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, { query }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} }),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, { body: body ?? {} }),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, { body: body ?? {} }),
  del: <T = void>(path: string, body?: unknown) => request<T>('DELETE', path, body === undefined ? {} : { body }),
  upload: <T>(path: string, form: FormData) => request<T>('POST', path, { form }),
};

/** Starts a browser download of an API file (GET, cookie-authenticated). */
export function download(path: string, query?: Query) {
  const a = document.createElement('a');
  a.href = apiUrl(path, query);
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
}
