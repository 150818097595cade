/**
 * Amazon SES notifications delivered through SNS (HTTP/S subscription, raw message delivery
 * DISABLED so the SNS envelope and its signature are present).
 *
 * Every request is signature-checked first. A SubscriptionConfirmation yields the SubscribeURL
 * for the caller to GET (after checking it is an SNS URL); a Notification yields normalised events.
 */
import { cleanDiagnosticFrom } from './diagnostic.js';
import {
  WebhookError,
  cleanToken,
  classify,
  getHeader,
  obj,
  parseJsonBody,
  statusFrom,
  str,
  stripAngles,
  toIso,
  tokenFromAddress,
  type WebhookRequest,
} from './common.js';
import { verifySnsSignature, type CertificateFetcher, type SnsMessage } from './sns-signature.js';
import { CLARION_TOKEN_FIELD, CLARION_TOKEN_HEADER, type ProviderEvent } from '../types.js';

/** Options of handleSesWebhook. */
export interface SesWebhookOptions {
  /** Defaults to an HTTPS fetch of SigningCertURL (validated first). Tests inject their own. */
  fetchCertificate?: CertificateFetcher;
  /** When set, notifications from any other topic are refused (401). */
  allowedTopicArns?: string[];
  /** Clock for certificate validity checks. */
  now?: () => Date;
}

/** What the caller should do with the request. */
export type SesWebhookResult =
  | { type: 'subscription-confirmation'; topicArn: string; subscribeUrl: string }
  | { type: 'unsubscribe-confirmation'; topicArn: string }
  | { type: 'events'; events: ProviderEvent[] };

const SUBSCRIBE_HOST_RE = /^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;

/** Verifies and interprets one SNS POST carrying SES events. Throws WebhookError when refused. */
export async function handleSesWebhook(req: WebhookRequest, opts: SesWebhookOptions = {}): Promise<SesWebhookResult> {
  const body = obj(parseJsonBody(req.rawBody));
  const m = toSnsMessage(body);
  const headerType = getHeader(req.headers, 'x-amz-sns-message-type');
  if (headerType && headerType !== m.Type) throw new WebhookError('bad_payload', 'x-amz-sns-message-type does not match the body');
  await verifySnsSignature(m, opts.fetchCertificate, opts.now?.() ?? new Date());
  if (opts.allowedTopicArns && !opts.allowedTopicArns.includes(m.TopicArn)) {
    throw new WebhookError('unauthorized', `topic ${m.TopicArn} is not configured`);
  }
  if (m.Type === 'SubscriptionConfirmation') {
    const url = m.SubscribeURL ?? '';
    let host = '';
    try {
      const u = new URL(url);
      host = u.protocol === 'https:' ? u.hostname : '';
    } catch {
      host = '';
    }
    if (!SUBSCRIBE_HOST_RE.test(host)) throw new WebhookError('bad_payload', 'SubscribeURL is not an https SNS URL');
    return { type: 'subscription-confirmation', topicArn: m.TopicArn, subscribeUrl: url };
  }
  if (m.Type === 'UnsubscribeConfirmation') return { type: 'unsubscribe-confirmation', topicArn: m.TopicArn };
  if (m.Type !== 'Notification') throw new WebhookError('bad_payload', `unknown SNS message type ${m.Type}`);
  let inner: unknown;
  try {
    inner = JSON.parse(m.Message);
  } catch {
    throw new WebhookError('bad_payload', 'SNS Message is not SES JSON');
  }
  return { type: 'events', events: parseSesNotification(inner, m.MessageId) };
}

function toSnsMessage(body: Record<string, unknown>): SnsMessage {
  const need = ['Type', 'MessageId', 'TopicArn', 'Message', 'Timestamp', 'SignatureVersion', 'Signature', 'SigningCertURL'];
  for (const k of need) {
    if (typeof body[k] !== 'string') throw new WebhookError('bad_payload', `SNS field ${k} missing`);
  }
  return body as unknown as SnsMessage;
}

/**
 * Normalises an SES notification (`notificationType`) or configuration-set event (`eventType`)
 * into one event per affected recipient. Unknown fields and types are tolerated.
 */
export function parseSesNotification(message: unknown, snsMessageId: string | null = null): ProviderEvent[] {
  const n = obj(message);
  const type = str(n.notificationType) ?? str(n.eventType) ?? 'Unknown';
  const mail = obj(n.mail);
  const headers = Array.isArray(mail.headers) ? mail.headers.map(obj) : [];
  const header = (name: string) => str(headers.find((h) => str(h.name)?.toLowerCase() === name.toLowerCase())?.value);
  const tags = obj(mail.tags);
  const tagToken = Array.isArray(tags[CLARION_TOKEN_FIELD]) ? (tags[CLARION_TOKEN_FIELD] as unknown[])[0] : null;
  const providerMessageId = str(mail.messageId);
  const ourMessageId = stripAngles(header('Message-ID') ?? str(obj(mail.commonHeaders).messageId));
  const base = {
    provider: 'ses' as const,
    messageId: ourMessageId ?? providerMessageId,
    providerMessageId,
    verpToken: cleanToken(header(CLARION_TOKEN_HEADER)) ?? cleanToken(tagToken) ?? tokenFromAddress(header('Return-Path')),
    providerType: type,
  };
  const id = (feedbackId: unknown, recipient: string | null) => `${str(feedbackId) ?? snsMessageId ?? providerMessageId ?? 'ses'}:${recipient ?? ''}`;

  if (type === 'Bounce') {
    const b = obj(n.bounce);
    const bounceType = str(b.bounceType);
    const list = Array.isArray(b.bouncedRecipients) ? b.bouncedRecipients.map(obj) : [];
    return list.map((r): ProviderEvent => {
      const recipient = str(r.emailAddress);
      const diagnostic = cleanDiagnosticFrom(str(r.diagnosticCode));
      const status = statusFrom(r.status, diagnostic);
      const c = classify(status, diagnostic);
      // Permanent is SES's own verdict; Transient is soft except 5.4.4 (no route to the domain),
      // which listmonk's SES mapper also treats as hard; Undetermined falls back to the code.
      const cls = bounceType === 'Permanent' ? 'hard' : bounceType === 'Transient' ? (status === '5.4.4' ? 'hard' : 'soft') : c.class;
      return {
        ...base,
        providerEventId: id(b.feedbackId, recipient),
        kind: 'bounce',
        class: cls,
        status,
        recipient,
        diagnostic: diagnostic ?? str(b.bounceSubType),
        at: toIso(b.timestamp ?? mail.timestamp),
        ...(c.policyBlock && cls === 'soft' ? { policyBlock: true } : {}),
      };
    });
  }
  if (type === 'Complaint') {
    const c = obj(n.complaint);
    const feedbackType = str(c.complaintFeedbackType);
    const list = Array.isArray(c.complainedRecipients) ? c.complainedRecipients.map(obj) : [];
    return list.map((r): ProviderEvent => {
      const recipient = str(r.emailAddress);
      return {
        ...base,
        providerEventId: id(c.feedbackId, recipient),
        kind: feedbackType === 'not-spam' ? 'unknown' : 'complaint',
        class: null,
        status: null,
        recipient,
        diagnostic: str(c.userAgent) ? `complaint via ${str(c.userAgent)}` : null,
        at: toIso(c.timestamp ?? mail.timestamp),
        feedbackType,
      };
    });
  }
  if (type === 'Delivery') {
    const d = obj(n.delivery);
    const list = Array.isArray(d.recipients) ? d.recipients : [];
    return list.map((r): ProviderEvent => ({
      ...base,
      providerEventId: id(null, str(r)),
      kind: 'delivered',
      class: null,
      status: statusFrom(null, str(d.smtpResponse)),
      recipient: str(r),
      diagnostic: str(d.smtpResponse),
      at: toIso(d.timestamp ?? mail.timestamp),
    }));
  }
  if (type === 'DeliveryDelay') {
    const d = obj(n.deliveryDelay);
    const list = Array.isArray(d.delayedRecipients) ? d.delayedRecipients.map(obj) : [];
    return list.map((r): ProviderEvent => {
      const diagnostic = cleanDiagnosticFrom(str(r.diagnosticCode));
      return {
        ...base,
        providerEventId: id(null, str(r.emailAddress)),
        kind: 'delay',
        class: null,
        status: statusFrom(r.status, diagnostic),
        recipient: str(r.emailAddress),
        diagnostic: diagnostic ?? str(d.delayType),
        at: toIso(d.timestamp ?? mail.timestamp),
      };
    });
  }
  const destination = Array.isArray(mail.destination) ? str(mail.destination[0]) : null;
  return [{ ...base, providerEventId: id(null, destination), kind: 'unknown', class: null, status: null, recipient: destination, diagnostic: null, at: toIso(mail.timestamp) }];
}

/**
 * Confirms an SNS subscription by GETting its SubscribeURL (already validated by
 * handleSesWebhook). `fetchImpl` is injectable for tests.
 */
export async function confirmSesSubscription(subscribeUrl: string, fetchImpl: typeof fetch = fetch): Promise<void> {
  const u = new URL(subscribeUrl);
  if (u.protocol !== 'https:' || !SUBSCRIBE_HOST_RE.test(u.hostname)) throw new WebhookError('bad_payload', 'SubscribeURL is not an https SNS URL');
  const res = await fetchImpl(subscribeUrl, { redirect: 'error', signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`SNS subscription confirmation failed: HTTP ${res.status}`);
}
