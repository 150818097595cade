/**
 * Outbound webhooks (issue 14 §1, Standard Webhooks 1.0). Owns webhook_endpoints / webhook_deliveries /
 * webhook_attempts, the event catalogue (events.ts), the delivery loop and /api/v1/webhook-endpoints.
 *
 * THE SEAM for other domains — call the emitter inside the transaction that makes the change:
 *
 *   import { emitWebhookEvent } from '../webhooks/index.js';
 *   await emitWebhookEvent(trx, workspaceId, 'contact.unsubscribed', { contactId, channel: 'email' }, { channel: 'email' });
 *
 * Delivery is at-least-once from a durable queue; per-endpoint ordering is not promised (docs/api.md).
 */
export { emitWebhookEvent, createEndpoint, type EmitOptions } from './webhooks.service.js';
export { deliverDue, signatureHeader, retryDelayMs } from './webhooks.delivery.js';
export { relayEvents, RELAY_SETTLE_MS } from './webhooks.relay.js';
export { startWebhookDelivery, webhookDeliveryLoop } from './webhooks.loop.js';
export { registerWebhookEndpointRoutes } from './webhooks.routes.js';
export { EVENT_TYPES, EVENT_SCHEMAS, RETRY_LADDER_S, type EventType } from './events.js';
