/** Outbound webhook endpoints (secrets encrypted at rest, shown once) and the domain-level event emitter. */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AppContext } from '../../app/context.js';
import type { Database } from '../../db/schema.js';
import { decryptSecret, encryptSecret, randomToken } from '../../lib/crypto.js';
import { badRequest, notFound } from '../../lib/errors.js';
import { msg } from '../../lib/messages/index.js';
import { assertOutboundTarget } from '../../lib/outbound/index.js';
import { isEventType, MAX_PAYLOAD_BYTES, type EventType } from './events.js';
import * as repo from './webhooks.repo.js';

export interface EndpointInput {
  url: string;
  description?: string;
  eventTypes?: string[];
  channels?: string[];
  enabled?: boolean;
}

/** What the API shows of an endpoint: never the secret (it is shown once, on create and on rotate). */
export function endpointView(e: repo.EndpointRow) {
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    eventTypes: e.event_types,
    channels: e.channels,
    enabled: e.enabled,
    disabledReason: e.disabled_reason,
    failingSince: e.failing_since ? e.failing_since.toISOString() : null,
    createdAt: e.created_at.toISOString(),
  };
}

const newSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

async function checkInput(ctx: AppContext, v: EndpointInput) {
  await assertOutboundTarget(ctx.outbound, v.url, { field: 'url' });
  for (const t of v.eventTypes ?? []) if (!isEventType(t)) throw badRequest(msg('webhooks.unknown_event_type', { type: t }), 'eventTypes');
}

export async function createEndpoint(ctx: AppContext, ws: number, v: EndpointInput) {
  await checkInput(ctx, v);
  const secret = newSecret();
  const row = await repo.insertEndpoint(ctx.db, ws, {
    url: v.url,
    description: v.description ?? '',
    event_types: v.eventTypes ?? [],
    channels: v.channels ?? [],
    secret_enc: encryptSecret(ctx.keys.encryptionKey, secret),
  });
  return { ...endpointView(row), secret };
}

export async function updateEndpointSettings(ctx: AppContext, ws: number, id: number, v: Partial<EndpointInput>) {
  const cur = await repo.getEndpoint(ctx.db, ws, id);
  if (!cur) throw notFound('Webhook');
  await checkInput(ctx, { url: v.url ?? cur.url, eventTypes: v.eventTypes });
  const row = await repo.updateEndpoint(ctx.db, ws, id, {
    ...(v.url !== undefined && { url: v.url }),
    ...(v.description !== undefined && { description: v.description }),
    ...(v.eventTypes !== undefined && { event_types: v.eventTypes }),
    ...(v.channels !== undefined && { channels: v.channels }),
    // Enabling again starts a fresh failure run.
    ...(v.enabled !== undefined && { enabled: v.enabled, ...(v.enabled && { disabled_reason: null, failing_since: null }) }),
  });
  return endpointView(row!);
}

/** A new secret; the old one keeps signing beside it for `graceHours` (0–72), so receivers can switch over. */
export async function rotateSecret(ctx: AppContext, ws: number, id: number, graceHours: number, now = new Date()) {
  const cur = await repo.getEndpoint(ctx.db, ws, id);
  if (!cur) throw notFound('Webhook');
  const secret = newSecret();
  await repo.updateEndpoint(ctx.db, ws, id, {
    secret_enc: encryptSecret(ctx.keys.encryptionKey, secret),
    previous_secret_enc: graceHours > 0 ? cur.secret_enc : null,
    previous_secret_until: graceHours > 0 ? new Date(now.getTime() + graceHours * 3600_000) : null,
  });
  return { id, secret };
}

/** The secrets that sign now: the current one, plus the previous during its grace period. */
export function signingSecrets(ctx: AppContext, e: repo.EndpointRow, now: Date): string[] {
  const out = [decryptSecret(ctx.keys.encryptionKey, e.secret_enc)];
  if (e.previous_secret_enc && e.previous_secret_until && e.previous_secret_until > now) out.push(decryptSecret(ctx.keys.encryptionKey, e.previous_secret_enc));
  return out;
}

export async function getEndpointView(ctx: AppContext, ws: number, id: number) {
  const e = await repo.getEndpoint(ctx.db, ws, id);
  if (!e) throw notFound('Webhook');
  return endpointView(e);
}

export async function removeEndpoint(ctx: AppContext, ws: number, id: number) {
  if (!(await repo.deleteEndpoint(ctx.db, ws, id))) throw notFound('Webhook');
}

export interface EmitOptions {
  /** The channel the event is about: endpoints filtered by channel only get their own. */
  channel?: 'email' | 'whatsapp' | 'sms' | null;
  now?: Date;
}

/**
 * THE EMITTER other domains call: queues `type` for every enabled endpoint of the workspace that wants it. Pass the
 * caller's transaction as `db` so the event commits (or rolls back) with the change it describes. Never throws for
 * "nobody listens" (answers 0); an oversized payload is a programming error and throws.
 */
export async function emitWebhookEvent(db: Kysely<Database>, ws: number, type: EventType, data: Record<string, unknown>, opts: EmitOptions = {}): Promise<number> {
  const now = opts.now ?? new Date();
  const eventId = `msg_${randomToken(18)}`;
  const payload = JSON.stringify({ type, timestamp: now.toISOString(), data });
  if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) throw new Error(`webhook payload for ${type} exceeds ${MAX_PAYLOAD_BYTES} bytes`);
  return repo.enqueueForMatching(db, ws, { eventId, type, payload, channel: opts.channel ?? null, now });
}

/** "Send test event": one `webhook.tested` delivery to this endpoint only (even one whose filter would not match). */
export async function sendTestEvent(ctx: AppContext, ws: number, id: number, now = new Date()) {
  const e = await repo.getEndpoint(ctx.db, ws, id);
  if (!e) throw notFound('Webhook');
  if (!e.enabled) throw badRequest(msg('webhooks.disabled'), 'enabled');
  const eventId = `msg_${randomToken(18)}`;
  const payload = JSON.stringify({ type: 'webhook.tested', timestamp: now.toISOString(), data: { endpointId: id, note: 'Test event sent from Clarion.' } });
  return { deliveryId: await repo.enqueueFor(ctx.db, ws, id, { eventId, type: 'webhook.tested', payload, now }), eventId };
}
