/**
 * What happens to a message after the 200: `sent` → `delivered` → `read` status webhooks on the
 * simulator clock (with configurable latencies, probabilities and optional reordering), or a
 * `failed` status with an errors[] entry (§2.2, §3.5). Pricing follows per-message pricing (PMP).
 */
import type { StatusEvent } from '../../domains/channels/whatsapp/wa-types.js';
import type { SimContext } from './context.js';
import { webhookError } from './graph-errors.js';
import { newHexId } from './ids.js';
import type { SentMessage } from './state.js';

const ORDER: Record<string, number> = { accepted: 0, sent: 1, delivered: 2, read: 3, failed: 4 };

/** Schedules the webhook life of an accepted message; `failCode` makes it fail instead. */
export function scheduleOutcome(ctx: SimContext, msg: SentMessage, failCode: number | null): void {
  const cfg = ctx.config;
  const lat = cfg.latencies;
  const jitter = () => (lat.jitterMs > 0 ? Math.floor(ctx.rng.next() * lat.jitterMs) : 0);
  const base = msg.acceptedAt;
  if (failCode !== null) {
    ctx.scheduler.at(base + lat.sentMs + jitter(), () => emit(ctx, msg, 'failed', failCode));
    return;
  }
  let sentAt = base + lat.sentMs + jitter();
  let deliveredAt = sentAt + lat.deliveredMs + jitter();
  const delivered = ctx.rng.chance(cfg.deliveredProbability);
  const read = delivered && ctx.rng.chance(cfg.readProbability);
  const ooo = cfg.webhooks.outOfOrder;
  if (delivered && (ooo === true || (typeof ooo === 'number' && ctx.rng.chance(ooo)))) [sentAt, deliveredAt] = [deliveredAt, sentAt];
  ctx.scheduler.at(sentAt, () => emit(ctx, msg, 'sent', null));
  if (delivered) ctx.scheduler.at(deliveredAt, () => emit(ctx, msg, 'delivered', null));
  if (read) ctx.scheduler.at(Math.max(sentAt, deliveredAt) + lat.readMs + jitter(), () => emit(ctx, msg, 'read', null));
}

/** Builds and queues one status webhook, and advances the stored state monotonically. */
function emit(ctx: SimContext, msg: SentMessage, status: 'sent' | 'delivered' | 'read' | 'failed', code: number | null): void {
  const number = ctx.number(msg.phoneNumberId);
  if (!number || !ctx.state.messages.has(msg.id)) return; // reset or evicted meanwhile
  const now = ctx.clock.now();
  msg.history.push({ status, at: now });
  if (ORDER[status] > ORDER[msg.state]) msg.state = status;
  const event: StatusEvent = { id: msg.id, status, timestamp: String(Math.floor(now / 1000)), recipient_id: msg.waId };
  const opaque = msg.payload.biz_opaque_callback_data;
  if (typeof opaque === 'string') event.biz_opaque_callback_data = opaque;
  if (status === 'failed') {
    msg.errorCode = code;
    event.errors = [webhookError(code!)];
  } else {
    if (ctx.config.webhooks.includeConversation) event.conversation = conversation(ctx, msg);
    event.pricing = { billable: msg.pricingType === 'regular', pricing_model: 'PMP', type: msg.pricingType, category: msg.pricingCategory };
  }
  ctx.webhooks.enqueueStatus(number, event);
}

/** The 24 h conversation a message belongs to (one per user and category), created on first use. */
function conversation(ctx: SimContext, msg: SentMessage): NonNullable<StatusEvent['conversation']> {
  const key = `${msg.phoneNumberId}:${msg.waId}:${msg.pricingCategory}`;
  let conv = ctx.state.conversations.get(key);
  if (!conv || conv.expiresAt <= msg.acceptedAt) {
    conv = { id: newHexId(), expiresAt: msg.acceptedAt + 24 * 3600_000 };
    ctx.state.conversations.set(key, conv);
  }
  return { id: conv.id, expiration_timestamp: String(Math.floor(conv.expiresAt / 1000)), origin: { type: msg.pricingCategory } };
}
