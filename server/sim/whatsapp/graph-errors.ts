/**
 * Meta's error catalogue (reference §2.3) and builders for the two shapes errors take:
 * the synchronous Graph body (§2.1) and the webhook error object (§2.2).
 * `where` tells the simulator how the code normally surfaces: S = in the HTTP answer,
 * W = as a `failed` status webhook after a 200. Callers may override per code.
 */
import type { GraphErrorBody, WebhookError } from '../../domains/channels/whatsapp/wa-types.js';
import { newFbtraceId } from './ids.js';

/** Catalogue entry for one error code. */
export interface ErrorInfo {
  title: string;
  http: number;
  where: 'S' | 'W';
  details: string;
}

const E = (title: string, http: number, where: 'S' | 'W', details: string): ErrorInfo => ({ title, http, where, details });

/** Known codes with title, HTTP status, usual channel and Meta-style details. */
export const ERROR_CATALOGUE: Record<number, ErrorInfo> = {
  0: E('AuthException', 401, 'S', 'We were unable to authenticate the app user.'),
  1: E('API Unknown', 400, 'S', 'Invalid request or possible server error.'),
  2: E('API Service', 503, 'S', 'Temporary due to downtime or due to being overloaded.'),
  3: E('API Method', 500, 'S', 'Capability or permissions issue.'),
  4: E('Application request limit reached', 400, 'S', 'The app has reached its API call rate limit.'),
  10: E('Application does not have permission for this action', 403, 'S', 'Permission is either not granted or has been removed.'),
  100: E('Invalid parameter', 400, 'S', 'The request included one or more unsupported or misspelled parameters.'),
  190: E('Invalid OAuth access token - Cannot parse access token', 401, 'S', 'Your access token has expired or is invalid.'),
  368: E('Temporarily blocked for policies violations', 403, 'S', 'The WhatsApp Business Account associated with the app has been restricted or disabled for violating a platform policy.'),
  80007: E('Rate limit issues', 400, 'S', 'The WhatsApp Business Account has reached its rate limit.'),
  130429: E('Rate limit hit', 400, 'S', 'Cloud API message throughput has been reached.'),
  130472: E("User's number is part of an experiment", 400, 'W', "Failed to send message because this user's phone number is part of an experiment."),
  131000: E('Something went wrong', 500, 'S', 'Message failed to send due to an unknown error.'),
  131005: E('Access denied', 403, 'S', 'Permission is either not granted or has been removed.'),
  131008: E('Required parameter is missing', 400, 'S', 'The request is missing a required parameter.'),
  131009: E('Parameter value is not valid', 400, 'S', 'One or more parameter values are invalid.'),
  131016: E('Service unavailable', 500, 'S', 'A service is temporarily unavailable.'),
  131021: E('Recipient cannot be sender', 400, 'S', 'Sender and recipient phone number is the same.'),
  131026: E('Message undeliverable', 400, 'W', 'Unable to deliver message. Reasons can include: the recipient phone number is not a WhatsApp phone number; the recipient has not accepted the new Terms of Service; the recipient is using an old WhatsApp version.'),
  131031: E('Account has been locked', 403, 'S', 'The WhatsApp Business Account associated with the app has been restricted or disabled for violating a platform policy, or we were unable to verify data included in the request against data set on the WhatsApp Business Account.'),
  131042: E('Business eligibility payment issue', 400, 'S', 'There was an error related to your payment method.'),
  131045: E('Incorrect certificate', 500, 'S', 'Message failed to send due to a phone number registration error.'),
  131047: E('Re-engagement message', 400, 'W', 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.'),
  131048: E('Spam rate limit hit', 400, 'S', 'Message failed to send because there are restrictions on how many messages can be sent from this phone number. This may be because too many previous messages were blocked or flagged as spam, or because the messaging limit of the business portfolio was reached.'),
  131049: E('This message was not delivered to maintain healthy ecosystem engagement.', 400, 'W', 'In order to maintain healthy ecosystem engagement, the message failed to be delivered.'),
  131050: E('Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business.', 400, 'W', 'The user has stopped marketing messages from this business.'),
  131051: E('Unsupported message type', 400, 'S', 'Unsupported message type.'),
  131052: E('Media download error', 400, 'W', 'Unable to download the media sent by the user.'),
  131053: E('Media upload error', 400, 'W', 'Unable to upload the media used in the message.'),
  131056: E('(Business Account, Consumer Account) pair rate limit hit', 400, 'S', 'Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.'),
  131057: E('Account in maintenance mode', 500, 'S', 'Business Account is in maintenance mode.'),
  132000: E('Number of parameters does not match the expected number of params', 400, 'S', 'The number of variable parameter values included in the request did not match the number of variable parameters defined in the template.'),
  132001: E('Template name does not exist in the translation', 404, 'S', 'The template does not exist in the specified language or the template has not been approved.'),
  132005: E('Template Hydrated Text Too Long', 400, 'S', 'Translated text is too long.'),
  132007: E('Template Format Character Policy Violated', 400, 'S', 'Template content violates a WhatsApp policy.'),
  132012: E('Parameter format does not match format in the created template', 400, 'S', 'Variable parameter values formatted incorrectly.'),
  132015: E('Template is Paused', 400, 'S', 'Template is paused due to low quality so it cannot be sent in a template message.'),
  132016: E('Template is Disabled', 400, 'S', 'Template has been paused too many times due to low quality and is now permanently disabled.'),
  133010: E('Phone number Not Registered', 400, 'S', 'The phone number is not registered on the WhatsApp Business Platform.'),
  135000: E('Generic user error', 400, 'S', 'Message failed to send because of an unknown error with your request parameters.'),
};

/** Catalogue entry for a code (a generic one for codes we do not know). */
export function errorInfo(code: number): ErrorInfo {
  return ERROR_CATALOGUE[code] ?? E('Unknown error', 400, 'S', `Error ${code}.`);
}

/** A synchronous Graph error ready to send: HTTP status plus body. */
export class GraphError extends Error {
  constructor(
    readonly code: number,
    readonly details?: string,
    readonly subcode?: number,
    readonly httpOverride?: number,
  ) {
    super(`(#${code}) ${errorInfo(code).title}`);
  }

  /** HTTP status Meta uses for this code (§2.1), unless overridden. */
  get status(): number {
    return this.httpOverride ?? errorInfo(this.code).http;
  }

  /** The §2.1 body. Auth errors (0/190) carry no `(#code)` prefix and no error_data, like Meta's. */
  toBody(): GraphErrorBody {
    const info = errorInfo(this.code);
    const auth = this.code === 0 || this.code === 190;
    const error: GraphErrorBody['error'] = {
      message: auth ? this.details ?? info.title : `(#${this.code}) ${info.title}`,
      type: 'OAuthException',
      code: this.code,
      fbtrace_id: newFbtraceId(),
    };
    if (!auth) error.error_data = { messaging_product: 'whatsapp', details: this.details ?? info.details };
    if (this.subcode !== undefined) error.error_subcode = this.subcode;
    return { error };
  }
}

/** The §2.2 webhook error object for a code. */
export function webhookError(code: number, details?: string): WebhookError {
  const info = errorInfo(code);
  return {
    code,
    title: info.title,
    message: info.title,
    error_data: { details: details ?? info.details },
    href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
  };
}
