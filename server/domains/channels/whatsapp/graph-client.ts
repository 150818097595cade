/**
 * HTTP client for Meta's WhatsApp Cloud API (Graph): base URL + version + bearer token, JSON in and out, and
 * typed errors parsed from Graph error bodies (reference §2.1) — so callers branch on `code`, never on text.
 * Used by the connection test, template sync/submit, the inbox and the campaign adapter. It never logs the token.
 */
import { isOutboundFailed, isOutboundRefused, outboundFetch, type OutboundPolicy, type OutboundResponse } from '../../../lib/outbound/index.js';
import type { CreateTemplateRequest, GraphErrorBody, SendMessageRequest, SendMessageResponse } from './wa-types.js';

/** Default Graph base and version (reference §0: current SDKs default to v24.0). */
export const DEFAULT_GRAPH_BASE_URL = 'https://graph.facebook.com';
export const DEFAULT_GRAPH_VERSION = 'v24.0';

/** Where and how to call Graph. */
export interface GraphConfig {
  /** e.g. https://graph.facebook.com or the simulator's URL (no version, no trailing slash needed). */
  baseUrl: string;
  /** e.g. v24.0 */
  version: string;
  accessToken: string;
  /** Per-request timeout (default 15 s). */
  timeoutMs?: number;
  /** The instance's outbound-request policy (ctx.outbound): the base URL must be a public address or allow-listed. */
  outbound: OutboundPolicy;
}

/** Retry classes of reference §2.3, for the campaign engine and plain-language explanations. */
export type GraphRetryClass = 'throttle' | 'recipient' | 'template' | 'account_halt' | 'permanent';

/**
 * A failed Graph call. `kind` tells whether Graph answered with an error body (`graph`), or we could not
 * talk to it (`network`, `timeout`) or it answered something that is not Graph (`invalid_response`).
 */
export class GraphApiError extends Error {
  constructor(
    readonly kind: 'graph' | 'network' | 'timeout' | 'invalid_response',
    message: string,
    readonly httpStatus: number | null,
    readonly code: number | null,
    readonly subcode: number | null = null,
    readonly details: string | null = null,
    readonly fbtraceId: string | null = null,
  ) {
    super(message);
    this.name = 'GraphApiError';
  }

  /** The retry class of this error's code (network errors and timeouts are throttle-and-retry). */
  get retryClass(): GraphRetryClass {
    if (this.kind !== 'graph') return 'throttle';
    return graphRetryClass(this.code ?? 1, this.httpStatus ?? 400);
  }
}

const THROTTLE = new Set([2, 4, 80007, 130429, 131016, 131056, 131057, 131000]);
const RECIPIENT = new Set([131026, 131050, 131021, 130472, 131049]);
const TEMPLATE = new Set([132000, 132001, 132005, 132007, 132012, 132015, 132016, 131047]);
const HALT = new Set([0, 190, 10, 368, 131031, 131042, 131048, 133010]);

/** Maps a Graph error code to its retry class (reference §2.3 "Retry classes"). */
export function graphRetryClass(code: number, httpStatus = 400): GraphRetryClass {
  if (THROTTLE.has(code)) return 'throttle';
  if (RECIPIENT.has(code)) return 'recipient';
  if (TEMPLATE.has(code)) return 'template';
  if (HALT.has(code) || (code >= 200 && code <= 299)) return 'account_halt';
  if (httpStatus >= 500) return 'throttle';
  return 'permanent';
}

/** True when a failure of this code means the whole number/account must stop sending. */
export const isAccountHaltCode = (code: number) => graphRetryClass(code) === 'account_halt';

function describeNetworkError(err: unknown): string {
  const e = err as { cause?: { code?: string; message?: string }; message?: string };
  const code = e.cause?.code;
  if (code === 'ECONNREFUSED') return 'connection refused (ECONNREFUSED)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `the host name could not be resolved (${code})`;
  if (code) return `${code}${e.cause?.message ? `: ${e.cause.message}` : ''}`;
  return e.cause?.message ?? e.message ?? 'network error';
}

/** One Graph API endpoint set, bound to a base URL, version and token. */
export class GraphClient {
  readonly baseUrl: string;
  constructor(private readonly cfg: GraphConfig) {
    this.baseUrl = cfg.baseUrl.replace(/\/+$/, '');
  }

  /** URL of a Graph path (`/123/messages`) with the version prefix. */
  url(path: string, query?: Record<string, string | number | undefined>): string {
    const u = new URL(`${this.baseUrl}/${this.cfg.version}/${path.replace(/^\/+/, '')}`);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) u.searchParams.set(k, String(v));
    return u.toString();
  }

  /** Calls Graph; resolves with the parsed JSON body or throws GraphApiError. */
  async request<T>(method: string, path: string, opts: { body?: unknown; query?: Record<string, string | number | undefined> } = {}): Promise<T> {
    const url = this.url(path, opts.query);
    const headers: Record<string, string> = { authorization: `Bearer ${this.cfg.accessToken}` };
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    let res: OutboundResponse;
    const timeoutMs = this.cfg.timeoutMs ?? 15_000;
    try {
      res = await outboundFetch(this.cfg.outbound, url, {
        method,
        headers,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        timeoutMs,
        maxBytes: 8 * 1024 * 1024,
        followRedirects: false,
      });
    } catch (err) {
      if (isOutboundRefused(err)) throw new GraphApiError('network', err.message, null, null);
      if (isOutboundFailed(err) && err.reason === 'timeout') {
        throw new GraphApiError('timeout', `${this.baseUrl} did not answer within ${Math.round(timeoutMs / 1000)} s.`, null, null);
      }
      if (isOutboundFailed(err) && err.reason === 'too_large') throw new GraphApiError('invalid_response', `${this.baseUrl} answered with more data than a Graph answer holds; is this the Graph API URL?`, null, null);
      throw new GraphApiError('network', `Could not reach ${this.baseUrl}: ${describeNetworkError(err)}.`, null, null);
    }
    const ok = res.status >= 200 && res.status < 300;
    const text = res.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      throw new GraphApiError('invalid_response', `${this.baseUrl} answered HTTP ${res.status} with something that is not JSON; is this the Graph API URL?`, res.status, null);
    }
    const errBody = (parsed as Partial<GraphErrorBody> | null)?.error;
    if (!ok || errBody) {
      if (errBody && typeof errBody.code === 'number') {
        throw new GraphApiError(
          'graph',
          errBody.message || `Graph error ${errBody.code}`,
          res.status,
          errBody.code,
          errBody.error_subcode ?? null,
          errBody.error_data?.details ?? null,
          errBody.fbtrace_id ?? null,
        );
      }
      throw new GraphApiError('invalid_response', `${this.baseUrl} answered HTTP ${res.status} without a Graph error body; is this the Graph API URL?`, res.status, null);
    }
    return parsed as T;
  }

  /** `POST /{phone-number-id}/messages` (§1). */
  sendMessage(phoneNumberId: string, body: SendMessageRequest): Promise<SendMessageResponse> {
    return this.request<SendMessageResponse>('POST', `${phoneNumberId}/messages`, { body: { messaging_product: 'whatsapp', ...body } });
  }

  /** `GET /{phone-number-id}`: display number, quality rating, messaging-limit tier, throughput. */
  getPhoneNumber(phoneNumberId: string): Promise<GraphPhoneNumber> {
    return this.request<GraphPhoneNumber>('GET', phoneNumberId, {
      query: { fields: 'id,display_phone_number,verified_name,quality_rating,messaging_limit_tier,whatsapp_business_manager_messaging_limit,throughput,status' },
    });
  }

  /** One page of `GET /{waba-id}/message_templates` (§4.2). */
  listTemplates(wabaId: string, opts: { limit?: number; after?: string } = {}): Promise<GraphTemplatePage> {
    return this.request<GraphTemplatePage>('GET', `${wabaId}/message_templates`, {
      query: { limit: opts.limit ?? 100, after: opts.after, fields: 'id,name,language,status,category,parameter_format,components,quality_score,rejected_reason' },
    });
  }

  /** Every template of a WABA, following paging cursors (bounded to `maxPages`). */
  async listAllTemplates(wabaId: string, maxPages = 100): Promise<GraphTemplate[]> {
    const out: GraphTemplate[] = [];
    let after: string | undefined;
    for (let i = 0; i < maxPages; i++) {
      const page = await this.listTemplates(wabaId, { after });
      out.push(...(page.data ?? []));
      after = page.paging?.cursors?.after;
      if (!page.paging?.next || !after || !page.data?.length) break;
    }
    return out;
  }

  /** `POST /{waba-id}/message_templates` (§4.1) → `{id, status, category}`. */
  createTemplate(wabaId: string, body: CreateTemplateRequest): Promise<{ id: string; status: string; category: string }> {
    return this.request('POST', `${wabaId}/message_templates`, { body });
  }

  /** `DELETE /{waba-id}/message_templates?name=&hsm_id=` (§4.2). */
  deleteTemplate(wabaId: string, name: string, hsmId?: string): Promise<{ success: boolean }> {
    return this.request('DELETE', `${wabaId}/message_templates`, { query: { name, hsm_id: hsmId } });
  }
}

/** Number info returned by `GET /{phone-number-id}`. */
export interface GraphPhoneNumber {
  id: string;
  display_phone_number?: string;
  verified_name?: string;
  quality_rating?: string;
  messaging_limit_tier?: string;
  whatsapp_business_manager_messaging_limit?: string;
  throughput?: { level?: string };
  status?: string;
  [k: string]: unknown;
}

/** A template as Graph lists it. */
export interface GraphTemplate {
  id: string;
  name: string;
  language: string;
  status: string;
  category: string;
  parameter_format?: string;
  components?: unknown[];
  quality_score?: { score?: string };
  rejected_reason?: string;
  [k: string]: unknown;
}

/** A page of templates. */
export interface GraphTemplatePage {
  data: GraphTemplate[];
  paging?: { cursors?: { before?: string; after?: string }; next?: string };
}

/** Parses Meta's tier labels (`TIER_250`, `TIER_2K`, `TIER_UNLIMITED`, `250`…) into our tier values; null if unknown. */
export function parseTierLabel(label: unknown): '250' | '2000' | '10000' | '100000' | 'unlimited' | null {
  if (label === undefined || label === null) return null;
  const s = String(label).toUpperCase().replace(/^TIER_/, '');
  const map: Record<string, '250' | '2000' | '10000' | '100000' | 'unlimited'> = {
    '250': '250', '1K': '2000', '2K': '2000', '2000': '2000', '10K': '10000', '10000': '10000',
    '100K': '100000', '100000': '100000', UNLIMITED: 'unlimited',
  };
  return map[s] ?? null;
}
