/**
 * Bounce and complaint intake: applies what the built-in SMTP receiver (DSN/ARF, mailto unsubscribes) and the
 * ESP webhooks report to deliveries and contacts — hard bounce → bounced + suppressed, soft bounces counted by the
 * workspace's "X bounces in Y days" rule, delays recorded only, complaints → complained + suppressed. Every report
 * must carry a token this instance signed (VERP or Message-ID). Owns email_webhook_endpoints and
 * provider_events_seen. Parsing lives in channels/email/bounces; see docs/bounces.md and docs/tracking.md.
 */
export { applyDeliveryEvent, suppressHardBounces, resolvePointer, type IntakeEvent, type DeliveryPointer, type ApplyOutcome } from './bounces.service.js';
export { handleBounceMessage, startBounceIntake, bounceReceiverLoop, mailtoUnsubscribeToken } from './receiver.js';
export { registerBounceWebhookRoutes, setSesCertificateFetcher } from './webhooks.routes.js';
export { saveEndpoint, listEndpoints, deleteEndpoint, type StoredProviderConfig } from './webhook-endpoints.js';
