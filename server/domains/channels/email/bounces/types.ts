/**
 * Types shared by the bounce/complaint intake: the event parsed from an inbound DSN/ARF message
 * (`BounceEvent`) and the event normalised from an ESP webhook (`ProviderEvent`).
 * These are plain values; persisting them and applying suppression rules is the caller's job.
 */
import type { BounceReason } from './reasons.js';

/** Hard = the address is dead (suppress on first occurrence); soft = transient, count and retry. */
export type BounceClass = 'hard' | 'soft';

/**
 * What an inbound bounce-address message turned out to be: a final failure (`bounce`), a delay warning, a
 * complaint (ARF abuse/fraud…), an informational feedback report that is not a complaint (`feedback`: ARF
 * not-spam, auth-failure/DMARC forensic), an auto-reply (RFC 3834, vacation), or `unknown`.
 * Only `bounce` and `complaint` ever change what may be sent.
 */
export type BounceKind = 'bounce' | 'delay' | 'complaint' | 'feedback' | 'auto_reply' | 'unknown';

/** One per-recipient block of a DSN (RFC 3464 §2.3). */
export interface BounceRecipient {
  /** Final-Recipient address (lower-cased domain untouched; brackets stripped). */
  recipient: string | null;
  /** Original-Recipient address when the reporting MTA gave one. */
  originalRecipient: string | null;
  /** DSN Action field, lower-case: failed | delayed | delivered | relayed | expanded. */
  action: string | null;
  kind: 'bounce' | 'delay' | 'unknown';
  class: BounceClass | null;
  /** Enhanced status code (RFC 3463), e.g. `5.1.1`. */
  status: string | null;
  /** Diagnostic-Code text without its type prefix (`smtp;`), unfolded. */
  diagnostic: string | null;
  remoteMta: string | null;
  /** True when the failure is about the sender (5.7.x policy/auth/blocklist), not the address. */
  policyBlock: boolean;
  /** Why it failed (reasons.ts); null unless kind is 'bounce' or 'delay'. */
  reason: BounceReason | null;
}

/** Result of parsing one message that arrived at a bounce address. */
export interface BounceEvent {
  kind: BounceKind;
  /** Only set for kind 'bounce'. */
  class: BounceClass | null;
  status: string | null;
  recipient: string | null;
  /** Token from the VERP envelope sender `bounces+<token>@domain`, or null if none was found. */
  verpToken: string | null;
  diagnostic: string | null;
  /** Every per-recipient block of a DSN (also when there is only one). */
  recipients?: BounceRecipient[];
  /** ARF Feedback-Type (abuse, fraud, not-spam, …) for complaint reports. */
  feedbackType?: string;
  /** Message-ID of the returned/reported original message, brackets stripped. */
  originalMessageId?: string | null;
  /**
   * True for 5.7.x-style rejections (authentication, reputation, blocklists): the recipient is
   * probably fine; alert the operator instead of counting it against the address.
   */
  policyBlock?: boolean;
  /** Why the (primary) recipient failed; null unless kind is 'bounce' or 'delay'. */
  reason?: BounceReason | null;
}

/** ESPs whose webhooks we accept. */
export type ProviderName = 'ses' | 'sendgrid' | 'mailgun' | 'postmark';

/** Kinds an ESP webhook event is normalised to. */
export type ProviderEventKind = 'bounce' | 'delay' | 'complaint' | 'delivered' | 'unsubscribe' | 'unknown';

/** One ESP webhook event, normalised. One webhook request can yield several. */
export interface ProviderEvent {
  provider: ProviderName;
  /** Stable id for idempotent storage: providers retry and duplicate deliveries. */
  providerEventId: string | null;
  kind: ProviderEventKind;
  class: BounceClass | null;
  status: string | null;
  recipient: string | null;
  /** Our Message-ID header (brackets stripped) when the payload carries it, else the provider's id. */
  messageId: string | null;
  /** The provider's own message id. */
  providerMessageId: string | null;
  /** Clarion token the sender attached (see CLARION_TOKEN_FIELD), or a VERP token from Return-Path. */
  verpToken: string | null;
  diagnostic: string | null;
  /** ISO-8601 time the provider says the event happened. */
  at: string;
  /** The provider's own event name (e.g. `spamreport`, `failed`, `HardBounce`) for logs. */
  providerType: string;
  policyBlock?: boolean;
  feedbackType?: string | null;
}

/**
 * Name of the custom field (SendGrid custom_args, Mailgun user-variables, Postmark Metadata,
 * SES message tag) or, as `X-Clarion-Token`, the header that carries our delivery token when an ESP
 * owns the envelope sender and VERP is not possible.
 */
export const CLARION_TOKEN_FIELD = 'clarion_token';
export const CLARION_TOKEN_HEADER = 'X-Clarion-Token';
