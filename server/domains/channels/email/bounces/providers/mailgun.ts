/**
 * Mailgun webhooks (JSON: `{ signature: { timestamp, token, signature }, "event-data": {…} }`).
 * Signature: hex HMAC-SHA256 of `timestamp + token` keyed with the webhook signing key.
 * Stale timestamps are refused; token reuse is refused when the caller provides a replay check.
 */
import { createHmac } from 'node:crypto';
import { cleanDiagnosticFrom } from './diagnostic.js';
import { WebhookError, classify, cleanToken, obj, parseJsonBody, safeEqual, statusFrom, str, stripAngles, toIso, type WebhookRequest } from './common.js';
import { CLARION_TOKEN_FIELD, CLARION_TOKEN_HEADER, type ProviderEvent } from '../types.js';

/** Options of handleMailgunWebhook. */
export interface MailgunWebhookOptions {
  /** "HTTP webhook signing key" from the Mailgun dashboard. */
  signingKey: string;
  /** Refuse timestamps further than this from now; default 900 s. */
  maxAgeSeconds?: number;
  /**
   * Return true if this signature token was seen before (and remember it). Mailgun tokens are
   * single-use; without this hook replays inside the time window are not detected.
   */
  isReplay?: (token: string) => boolean | Promise<boolean>;
  now?: () => Date;
}

/** Verifies the request and returns the normalised event. */
export async function handleMailgunWebhook(req: WebhookRequest, opts: MailgunWebhookOptions): Promise<ProviderEvent> {
  const body = obj(parseJsonBody(req.rawBody));
  const sig = obj(body.signature);
  const timestamp = str(sig.timestamp);
  const token = str(sig.token);
  const signature = str(sig.signature);
  if (!timestamp || !token || !signature) throw new WebhookError('bad_signature', 'missing Mailgun signature fields');
  const expected = createHmac('sha256', opts.signingKey).update(timestamp + token).digest('hex');
  if (!safeEqual(expected, signature.toLowerCase())) throw new WebhookError('bad_signature', 'Mailgun signature does not verify');
  const nowSec = (opts.now?.() ?? new Date()).getTime() / 1000;
  if (!/^\d+$/.test(timestamp) || Math.abs(nowSec - Number(timestamp)) > (opts.maxAgeSeconds ?? 900)) {
    throw new WebhookError('stale_timestamp', 'Mailgun timestamp outside the allowed window');
  }
  if (opts.isReplay && (await opts.isReplay(token))) throw new WebhookError('replayed', 'Mailgun token was already used');
  if (body['event-data'] === undefined) throw new WebhookError('bad_payload', 'missing event-data');
  return normaliseMailgunEvent(obj(body['event-data']), token);
}

/** Maps one Mailgun event-data object. `token` is the signature token (unique per delivery). */
export function normaliseMailgunEvent(d: Record<string, unknown>, token: string | null = null): ProviderEvent {
  const type = str(d.event) ?? 'unknown';
  const severity = str(d.severity);
  const ds = obj(d['delivery-status']);
  const message = obj(d.message);
  const headers = obj(message.headers);
  const vars = obj(d['user-variables']);
  const diagnostic = cleanDiagnosticFrom(str(ds.message) ?? str(ds.description) ?? str(d.reason));
  const status = statusFrom(ds['enhanced-code'], diagnostic) ?? statusFrom(null, str(ds.description));
  const headerToken = Object.entries(headers).find(([k]) => k.toLowerCase() === CLARION_TOKEN_HEADER.toLowerCase())?.[1];
  const providerMessageId = stripAngles(str(headers['message-id']));
  const base: ProviderEvent = {
    provider: 'mailgun',
    // event-data.id is only unique within a day; the signature token is unique per webhook.
    providerEventId: token ?? str(d.id),
    kind: 'unknown',
    class: null,
    status,
    recipient: str(d.recipient),
    // Mailgun's message-id IS the Message-ID header (ours if we set one).
    messageId: providerMessageId,
    providerMessageId,
    verpToken: cleanToken(vars[CLARION_TOKEN_FIELD]) ?? cleanToken(headerToken),
    diagnostic,
    at: toIso(d.timestamp),
    providerType: severity ? `${type}/${severity}` : type,
  };
  switch (type) {
    case 'failed': {
      // Temporary failures are retried by Mailgun: a delay, not a bounce.
      if (severity === 'temporary') return { ...base, kind: 'delay' };
      // Mailgun gave up. Our code rules still apply (5.2.2 mailbox full stays soft, 5.7.x is a
      // policy block); with no code at all, Mailgun's "permanent" verdict means hard.
      const c = status ? classify(status, diagnostic) : { class: 'hard' as const, policyBlock: false };
      return { ...base, kind: 'bounce', class: c.class, ...(c.policyBlock ? { policyBlock: true } : {}) };
    }
    case 'complained':
      return { ...base, kind: 'complaint' };
    case 'unsubscribed':
      return { ...base, kind: 'unsubscribe' };
    case 'delivered':
      return { ...base, kind: 'delivered' };
    default:
      return base;
  }
}
