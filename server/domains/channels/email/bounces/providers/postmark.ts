/**
 * Postmark webhooks. Postmark does not sign requests; the webhook URL carries HTTP basic-auth
 * credentials (https://user:pass@host/webhooks/email/postmark) and/or a custom secret header
 * configured in Postmark. Both are compared in constant time. One JSON object per POST.
 */
import { cleanDiagnosticFrom } from './diagnostic.js';
import { WebhookError, cleanToken, getHeader, obj, parseJsonBody, safeEqual, statusFrom, str, toIso, type WebhookRequest } from './common.js';
import { CLARION_TOKEN_FIELD, type BounceClass, type ProviderEvent, type ProviderEventKind } from '../types.js';

/** Options of handlePostmarkWebhook: configure at least one of the two checks. */
export interface PostmarkWebhookOptions {
  basicAuth?: { username: string; password: string };
  secretHeader?: { name: string; value: string };
}

/** Postmark bounce Type → our kind/class (after listmonk's mapping, with Transient = delay). */
const BOUNCE_TYPES: Record<string, { kind: ProviderEventKind; class: BounceClass | null; policyBlock?: boolean }> = {
  HardBounce: { kind: 'bounce', class: 'hard' },
  BadEmailAddress: { kind: 'bounce', class: 'hard' },
  ManuallyDeactivated: { kind: 'bounce', class: 'hard' },
  SoftBounce: { kind: 'bounce', class: 'soft' },
  DnsError: { kind: 'bounce', class: 'soft' },
  SpamNotification: { kind: 'bounce', class: 'soft', policyBlock: true },
  VirusNotification: { kind: 'bounce', class: 'soft', policyBlock: true },
  DMARCPolicy: { kind: 'bounce', class: 'soft', policyBlock: true },
  Blocked: { kind: 'bounce', class: 'soft', policyBlock: true },
  // "Message delayed": Postmark keeps retrying, so it is not a bounce.
  Transient: { kind: 'delay', class: null },
  SpamComplaint: { kind: 'complaint', class: null },
  Unsubscribe: { kind: 'unsubscribe', class: null },
};

/** Checks the configured credentials and returns the normalised event. */
export function handlePostmarkWebhook(req: WebhookRequest, opts: PostmarkWebhookOptions): ProviderEvent {
  if (!opts.basicAuth && !opts.secretHeader) throw new Error('handlePostmarkWebhook: configure basicAuth or secretHeader');
  if (opts.basicAuth) {
    const auth = getHeader(req.headers, 'authorization') ?? '';
    const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(auth);
    const decoded = m ? Buffer.from(m[1], 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    const user = colon === -1 ? '' : decoded.slice(0, colon);
    const pass = colon === -1 ? '' : decoded.slice(colon + 1);
    // Evaluate both comparisons so timing does not reveal which part was wrong.
    const okUser = safeEqual(user, opts.basicAuth.username);
    const okPass = safeEqual(pass, opts.basicAuth.password);
    if (!m || !okUser || !okPass) throw new WebhookError('unauthorized', 'Postmark webhook credentials do not match');
  }
  if (opts.secretHeader) {
    const v = getHeader(req.headers, opts.secretHeader.name);
    if (v === null || !safeEqual(v, opts.secretHeader.value)) throw new WebhookError('unauthorized', 'Postmark webhook secret header does not match');
  }
  const body = parseJsonBody(req.rawBody);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new WebhookError('bad_payload', 'Postmark body must be a JSON object');
  const record = obj(body);
  // Postmark IDs are int64 and lose precision as JS numbers; recover the exact digits.
  const text = typeof req.rawBody === 'string' ? req.rawBody : req.rawBody.toString('utf8');
  const exactId = /"ID"\s*:\s*(\d+)/.exec(text)?.[1];
  if (exactId && typeof record.ID === 'number' && Number(exactId) === record.ID) record.ID = exactId;
  return normalisePostmarkEvent(record);
}

/** Maps one Postmark webhook object (Bounce, SpamComplaint, Delivery, SubscriptionChange, …). */
export function normalisePostmarkEvent(p: Record<string, unknown>): ProviderEvent {
  const recordType = str(p.RecordType) ?? 'Unknown';
  const metadata = obj(p.Metadata);
  const diagnostic = cleanDiagnosticFrom(str(p.Details) ?? str(p.Description));
  const base: ProviderEvent = {
    provider: 'postmark',
    providerEventId: null,
    kind: 'unknown',
    class: null,
    status: statusFrom(null, diagnostic),
    recipient: str(p.Email) ?? str(p.Recipient),
    messageId: str(p.MessageID),
    providerMessageId: str(p.MessageID),
    verpToken: cleanToken(metadata[CLARION_TOKEN_FIELD]),
    diagnostic,
    at: toIso(p.BouncedAt ?? p.DeliveredAt ?? p.ChangedAt ?? p.ReceivedAt),
    providerType: recordType,
  };
  if (recordType === 'Bounce' || recordType === 'SpamComplaint') {
    const type = str(p.Type) ?? (recordType === 'SpamComplaint' ? 'SpamComplaint' : 'Unknown');
    const mapped = BOUNCE_TYPES[type] ?? { kind: 'unknown' as const, class: null };
    return {
      ...base,
      providerEventId: `${recordType}:${str(p.ID) ?? str(p.MessageID) ?? ''}`,
      kind: mapped.kind,
      class: mapped.class,
      providerType: `${recordType}/${type}`,
      ...(mapped.policyBlock ? { policyBlock: true } : {}),
    };
  }
  if (recordType === 'Delivery') {
    return { ...base, providerEventId: `Delivery:${base.messageId ?? ''}:${base.recipient ?? ''}`, kind: 'delivered' };
  }
  if (recordType === 'SubscriptionChange') {
    // Postmark also reports its own suppressions (HardBounce/SpamComplaint) here; those arrive as
    // their own Bounce/SpamComplaint events, so only a recipient's manual opt-out counts.
    const manual = p.SuppressSending === true && str(p.SuppressionReason) === 'ManualSuppression';
    return {
      ...base,
      providerEventId: `SubscriptionChange:${base.messageId ?? ''}:${base.recipient ?? ''}:${str(p.ChangedAt) ?? ''}`,
      kind: manual ? 'unsubscribe' : 'unknown',
      providerType: `SubscriptionChange/${str(p.SuppressionReason) ?? (p.SuppressSending ? 'suppressed' : 'reactivated')}`,
    };
  }
  return { ...base, providerEventId: `${recordType}:${base.messageId ?? ''}:${base.recipient ?? ''}` };
}
