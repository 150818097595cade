/**
 * One entry point for `POST /webhooks/email/:provider`: verifies the request with the provider's
 * configured secret and returns normalised events (plus, for SES, a SubscribeURL to confirm).
 */
import { WebhookError, type WebhookRequest } from './common.js';
import { handleMailgunWebhook, type MailgunWebhookOptions } from './mailgun.js';
import { handlePostmarkWebhook, type PostmarkWebhookOptions } from './postmark.js';
import { handleSendgridWebhook, type SendgridWebhookOptions } from './sendgrid.js';
import { handleSesWebhook, type SesWebhookOptions } from './ses.js';
import type { ProviderEvent, ProviderName } from '../types.js';

/** Per-provider configuration; a provider without configuration is refused (404-worthy). */
export interface ProviderWebhookConfig {
  ses?: SesWebhookOptions;
  sendgrid?: SendgridWebhookOptions;
  mailgun?: MailgunWebhookOptions;
  postmark?: PostmarkWebhookOptions;
}

/** Result of handleProviderWebhook. */
export interface ProviderWebhookResult {
  provider: ProviderName;
  events: ProviderEvent[];
  /** SES only: GET this (confirmSesSubscription) to activate the SNS subscription. */
  subscribeUrl?: string;
}

/** Thrown when the provider name is unknown or not configured. */
export class UnknownProviderError extends Error {
  readonly status = 404;
  constructor(provider: string) {
    super(`email webhook provider not configured: ${provider}`);
    this.name = 'UnknownProviderError';
  }
}

/** Dispatches to the provider handler. Throws WebhookError (400/401) or UnknownProviderError (404). */
export async function handleProviderWebhook(provider: string, req: WebhookRequest, cfg: ProviderWebhookConfig): Promise<ProviderWebhookResult> {
  switch (provider) {
    case 'ses': {
      if (!cfg.ses) break;
      const r = await handleSesWebhook(req, cfg.ses);
      if (r.type === 'subscription-confirmation') return { provider, events: [], subscribeUrl: r.subscribeUrl };
      return { provider, events: r.type === 'events' ? r.events : [] };
    }
    case 'sendgrid':
      if (!cfg.sendgrid) break;
      return { provider, events: handleSendgridWebhook(req, cfg.sendgrid) };
    case 'mailgun':
      if (!cfg.mailgun) break;
      return { provider, events: [await handleMailgunWebhook(req, cfg.mailgun)] };
    case 'postmark':
      if (!cfg.postmark) break;
      return { provider, events: [handlePostmarkWebhook(req, cfg.postmark)] };
  }
  throw new UnknownProviderError(provider);
}

export { WebhookError };
