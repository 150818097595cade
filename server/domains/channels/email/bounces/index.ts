/**
 * Email bounce & complaint intake (pure logic, no database).
 *
 * - parseBounceMessage: DSN (RFC 3464) / ARF (RFC 5965) / heuristic parsing of mail that reached
 *   a bounce address → BounceEvent.
 * - makeVerpAddress / parseVerpAddress: `bounces+<token>@<bounce domain>` envelope senders.
 * - startBounceReceiver: the built-in SMTP server for the bounce domain's MX.
 * - handleProviderWebhook (and per-provider handlers): SES/SNS, SendGrid, Mailgun, Postmark
 *   webhooks → ProviderEvent[]; WebhookError for refused requests.
 * - runParseBounce: `clarion email parse-bounce FILE.eml [--json]`.
 * See docs/bounces.md for the processing rules.
 */
export type { BounceClass, BounceEvent, BounceKind, BounceRecipient, ProviderEvent, ProviderEventKind, ProviderName } from './types.js';
export { CLARION_TOKEN_FIELD, CLARION_TOKEN_HEADER } from './types.js';
export { parseBounceMessage, type ParseBounceOptions } from './parse-bounce.js';
export { makeVerpAddress, parseVerpAddress, VERP_PREFIX } from './verp.js';
export { classifyFailure, extractEnhancedStatus } from './classify.js';
export { BOUNCE_REASONS, canonicalStatus, isHardReason, isSenderSideReason, type BounceReason } from './reasons.js';
export { startBounceReceiver, type BounceReceiver, type BounceReceiverOptions } from './bounce-receiver.js';
export { runParseBounce, formatJson as formatBounceJson, type CliIo } from './parse-bounce-cli.js';
export { WebhookError, type WebhookErrorCode, type WebhookRequest } from './providers/common.js';
export { handleProviderWebhook, UnknownProviderError, type ProviderWebhookConfig, type ProviderWebhookResult } from './providers/index.js';
export { handleSesWebhook, confirmSesSubscription, parseSesNotification, type SesWebhookOptions, type SesWebhookResult } from './providers/ses.js';
export { handleSendgridWebhook, type SendgridWebhookOptions } from './providers/sendgrid.js';
export { handleMailgunWebhook, type MailgunWebhookOptions } from './providers/mailgun.js';
export { handlePostmarkWebhook, type PostmarkWebhookOptions } from './providers/postmark.js';
export { isValidSigningCertUrl, type CertificateFetcher } from './providers/sns-signature.js';
