/**
 * SendGrid Event Webhook (signed). The body is a JSON array of events; the signature is
 * ECDSA P-256/SHA-256 over `timestamp + rawBody`, base64 DER in
 * X-Twilio-Email-Event-Webhook-Signature, with the account's verification public key.
 */
import { createPublicKey, createVerify, type KeyObject } from 'node:crypto';
import { cleanDiagnosticFrom } from './diagnostic.js';
import { WebhookError, classify, cleanToken, getHeader, obj, parseJsonBody, statusFrom, str, stripAngles, toIso, type WebhookRequest } from './common.js';
import { CLARION_TOKEN_FIELD, type BounceClass, type ProviderEvent } from '../types.js';

/** Options of handleSendgridWebhook. */
export interface SendgridWebhookOptions {
  /** Verification key from the SendGrid settings: base64 DER (as shown there) or PEM. */
  publicKey: string;
  /** Refuse signatures older/newer than this; default 600 s. */
  maxAgeSeconds?: number;
  now?: () => Date;
}

export const SENDGRID_SIGNATURE_HEADER = 'X-Twilio-Email-Event-Webhook-Signature';
export const SENDGRID_TIMESTAMP_HEADER = 'X-Twilio-Email-Event-Webhook-Timestamp';

function loadKey(publicKey: string): KeyObject {
  const k = publicKey.trim();
  return k.includes('BEGIN') ? createPublicKey(k) : createPublicKey({ key: Buffer.from(k, 'base64'), format: 'der', type: 'spki' });
}

/** Verifies the request and returns one normalised event per SendGrid event. */
export function handleSendgridWebhook(req: WebhookRequest, opts: SendgridWebhookOptions): ProviderEvent[] {
  const signature = getHeader(req.headers, SENDGRID_SIGNATURE_HEADER);
  const timestamp = getHeader(req.headers, SENDGRID_TIMESTAMP_HEADER);
  if (!signature || !timestamp) throw new WebhookError('bad_signature', 'missing SendGrid signature headers');
  if (!/^\d{1,12}$/.test(timestamp.trim())) throw new WebhookError('bad_signature', 'malformed SendGrid timestamp');
  const nowSec = Math.floor((opts.now?.() ?? new Date()).getTime() / 1000);
  if (Math.abs(nowSec - Number(timestamp)) > (opts.maxAgeSeconds ?? 600)) {
    throw new WebhookError('stale_timestamp', 'SendGrid timestamp outside the allowed window');
  }
  const body = typeof req.rawBody === 'string' ? Buffer.from(req.rawBody, 'utf8') : req.rawBody;
  const verifier = createVerify('SHA256');
  verifier.update(Buffer.concat([Buffer.from(timestamp, 'utf8'), body]));
  let ok = false;
  try {
    ok = verifier.verify(loadKey(opts.publicKey), Buffer.from(signature, 'base64'));
  } catch {
    ok = false;
  }
  if (!ok) throw new WebhookError('bad_signature', 'SendGrid signature does not verify');
  const events = parseJsonBody(body);
  if (!Array.isArray(events)) throw new WebhookError('bad_payload', 'SendGrid body must be a JSON array');
  return events.map((e) => normaliseSendgridEvent(obj(e)));
}

/** SendGrid's bounce_classification values (documented capitalised; compared case-insensitively). */
const CLASSIFICATION: Record<string, { class: BounceClass; policyBlock: boolean }> = {
  'invalid address': { class: 'hard', policyBlock: false },
  'mailbox unavailable': { class: 'hard', policyBlock: false },
  technical: { class: 'soft', policyBlock: false },
  'frequency or volume too high': { class: 'soft', policyBlock: false },
  content: { class: 'soft', policyBlock: true },
  reputation: { class: 'soft', policyBlock: true },
};

/** Maps one SendGrid event object. */
export function normaliseSendgridEvent(e: Record<string, unknown>): ProviderEvent {
  const type = str(e.event) ?? 'unknown';
  const reason = cleanDiagnosticFrom(str(e.reason) ?? str(e.response));
  const status = statusFrom(e.status, reason);
  const base: ProviderEvent = {
    provider: 'sendgrid',
    providerEventId: str(e.sg_event_id),
    kind: 'unknown',
    class: null,
    status,
    recipient: str(e.email),
    messageId: stripAngles(str(e['smtp-id'])) ?? str(e.sg_message_id),
    providerMessageId: str(e.sg_message_id),
    verpToken: cleanToken(e[CLARION_TOKEN_FIELD]),
    diagnostic: reason,
    at: toIso(e.timestamp),
    providerType: type === 'bounce' && str(e.type) ? `bounce/${str(e.type)}` : type,
  };
  switch (type) {
    case 'bounce': {
      if (str(e.type) === 'blocked') return { ...base, kind: 'bounce', class: 'soft', policyBlock: true };
      const mapped = CLASSIFICATION[(str(e.bounce_classification) ?? '').toLowerCase()];
      const c = mapped ?? classify(status, reason);
      return { ...base, kind: 'bounce', class: c.class, ...(c.policyBlock ? { policyBlock: true } : {}) };
    }
    case 'dropped': {
      // SendGrid refused to send because the address is on one of its suppression lists.
      const r = (reason ?? '').toLowerCase();
      if (r.includes('bounced')) return { ...base, kind: 'bounce', class: 'hard' };
      if (r.includes('spam')) return { ...base, kind: 'complaint' };
      if (r.includes('unsubscribed')) return { ...base, kind: 'unsubscribe' };
      return base;
    }
    case 'deferred':
      return { ...base, kind: 'delay' };
    case 'delivered':
      return { ...base, kind: 'delivered' };
    case 'spamreport':
      return { ...base, kind: 'complaint' };
    case 'unsubscribe':
    case 'group_unsubscribe':
      return { ...base, kind: 'unsubscribe' };
    default:
      return base;
  }
}
