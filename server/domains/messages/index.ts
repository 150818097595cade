/**
 * Messages: single messages sent outside campaigns — the transactional send seam (issue 14 §2).
 *
 * Owns outbound_messages (what was asked), their delivery rows (deliveries with campaign_id NULL, a priority and
 * message_id), api_idempotency, POST/GET /api/v1/messages, and the messages lanes workers run beside the campaign
 * delivery loop. It must NOT decide consent itself: eligibility is the channels' audienceRules SQL (the same as
 * campaigns), and sending is the channels' own senders, so limits, consent re-checks at send time, crash safety
 * (claimed → sending → result; leases recovered by the deliveries loop) and provider callbacks are shared.
 *
 * THE SEAM for other domains (journeys, forms' welcome message, system flows):
 *
 *   import { sendMessages } from '../messages/index.js';
 *   const [r] = await sendMessages(ctx, workspaceId, [{
 *     channel: 'whatsapp',                       // 'email' | 'whatsapp' ('sms' answers channel_not_configured for now)
 *     to: { contactId },                         // or { phone | email, create: true }
 *     template: { id: waTemplateId, variables: { '1': 'Dana' } },   // or text (+ subject for email) / media
 *     priority: 'high', kind: 'transactional',   // kind 'marketing' needs marketing consent (WhatsApp opt-in)
 *     metadata: { journeyRun: 42 },              // echoed in webhooks about this message
 *   }], { actor: systemActor('journey'), source: 'journey', sourceRef: `run:42:step:3` });
 *   // r = { id, status: 'queued' } | { id, status: 'skipped', reason } | { id: null, status: 'rejected', error }
 *
 * It never throws for a per-item problem (bad input, unknown contact, no consent): the result says why.
 * Email templates read per-message variables as {{ contact.fields.<name> }}; WhatsApp template variables map by
 * the template's own names ('1', '2'… or named). Status history: getMessage(ctx, workspaceId, id).
 */
export { sendMessages, getMessage, type SendOptions } from './messages.service.js';
export { registerMessageRoutes } from './messages.routes.js';
export { messagesWorkerLoop, startMessageLanes, DEFAULT_LANES, type LaneOptions, type MessageLanes } from './messages.lanes.js';
export { pruneIdempotency } from './idempotency.repo.js';
export { PRIORITIES, PRIORITY_RANK, type Priority, type SendMessageInput, type MessageResult } from './messages.schema.js';
