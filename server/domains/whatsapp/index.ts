/**
 * WhatsApp channel (everything but campaign sending): connected numbers, WhatsApp templates, the webhook
 * endpoint and its processor (statuses, inbound messages, template/number/account events), the two-way inbox
 * and workspace alerts. Owns the wa_* tables and workspace_alerts.
 *
 * For the campaign adapter:
 *  - `graphClientFor(ctx, conn)` / `GraphClient` (server/domains/channels/whatsapp/graph-client.ts) to send;
 *  - `getWhatsappHalt(db, connectionId)` before sending, `haltWhatsappConnection(...)` on account-halt codes;
 *  - `applyWhatsappStatuses(db, statuses)` is what webhooks call; `onWhatsappDeliveryFailures(hook)` lets the
 *    adapter act on asynchronous failures (131026, 131050, 131049…) in the same transaction.
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app/context.js';
import { registerAlertRoutes } from './alerts/alerts.routes.js';
import { registerConnectionRoutes } from './connections/connections.routes.js';
import { registerInboxSettingsRoutes } from './inbox/inbox-settings.routes.js';
import { registerInboxRoutes } from './inbox/inbox.routes.js';
import { registerTemplateRoutes } from './templates/templates.routes.js';
import { registerWebhookRoutes } from './webhooks/webhook.routes.js';

export { getConnection, graphClientFor, connectionNow, testConnection, type ConnectionRow } from './connections/connections.service.js';
export { findConnectionById, listConnections } from './connections/connections.repo.js';
export { getWhatsappHalt, haltWhatsappConnection, clearWhatsappHalt, raiseAlert, listAlerts, type WhatsappHalt, type NewAlert } from './alerts/alerts.js';
export { applyWhatsappStatuses, retryPendingStatuses, onWhatsappDeliveryFailures, type WhatsappStatusInput, type DeliveryFailure, type ApplyResult } from './webhooks/statuses.js';
export { processWebhookInbox, processWhatsappOnce } from './webhooks/process.js';
export { onWhatsappNumberReinstated } from './webhooks/waba-events.js';
export { onWhatsappTemplateRecategorised } from './webhooks/template-events.js';
export { syncTemplates, submitTemplate, toCreateRequest, type TemplateRow } from './templates/templates.service.js';
export { buildTemplateSend, type TemplateValues } from './inbox/template-message.js';
export { sendFromInbox, flushQueuedOutbound } from './inbox/outbound.js';
export { whatsappJobHandlers, whatsappRecurring, whatsappWebhookLoop, pruneHistory } from './whatsapp.jobs.js';

/** Registers every WhatsApp route (API under /api/v1/whatsapp, alerts, and the public /webhooks/whatsapp). */
export async function registerWhatsappRoutes(app: FastifyInstance, ctx: AppContext) {
  await registerConnectionRoutes(app, ctx);
  await registerTemplateRoutes(app, ctx);
  await registerInboxRoutes(app, ctx);
  await registerInboxSettingsRoutes(app, ctx);
  await registerAlertRoutes(app, ctx);
  await registerWebhookRoutes(app, ctx);
}
