/**
 * Twilio error codes the simulator produces (reference §1.2, §1.7): REST errors answered synchronously with
 * Twilio's JSON error body, and delivery errors reported later in status callbacks (ErrorCode).
 */

/** A REST error: the HTTP answer `{ code, message, more_info, status }`. */
export class TwilioApiError extends Error {
  constructor(readonly status: number, readonly code: number, message: string) {
    super(message);
  }
  toBody(): Record<string, unknown> {
    return { code: this.code, message: this.message, more_info: `https://www.twilio.com/docs/errors/${this.code}`, status: this.status };
  }
}

/** Delivery error codes (asynchronous, in the `failed` / `undelivered` callback) and what they mean. */
export const DELIVERY_ERRORS: Record<number, { status: 'failed' | 'undelivered'; message: string }> = {
  30001: { status: 'failed', message: 'Queue overflow' },
  30002: { status: 'failed', message: 'Account suspended' },
  30003: { status: 'undelivered', message: 'Unreachable destination handset' },
  30004: { status: 'undelivered', message: 'Message blocked' },
  30005: { status: 'undelivered', message: 'Unknown destination handset' },
  30006: { status: 'undelivered', message: 'Landline or unreachable carrier' },
  30007: { status: 'undelivered', message: 'Message filtered' },
  30008: { status: 'undelivered', message: 'Unknown error' },
};

/** The REST errors, built where they are raised. */
export const apiErrors = {
  auth: () => new TwilioApiError(401, 20003, 'Authenticate'),
  notFound: (what: string) => new TwilioApiError(404, 20404, `The requested resource ${what} was not found`),
  tooMany: () => new TwilioApiError(429, 20429, 'Too Many Requests'),
  missingTo: () => new TwilioApiError(400, 21604, "A 'To' phone number is required."),
  missingFrom: () => new TwilioApiError(400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required to send a message."),
  missingBody: () => new TwilioApiError(400, 21602, 'Message body is required.'),
  invalidTo: (to: string) => new TwilioApiError(400, 21211, `Invalid 'To' Phone Number: ${to}`),
  invalidFrom: (from: string) => new TwilioApiError(400, 21212, `Invalid From Number (caller ID): ${from}`),
  fromNotOwned: (from: string) => new TwilioApiError(400, 21606, `The From phone number ${from} is not a valid, SMS-capable inbound phone number or short code for your account.`),
  sameToFrom: () => new TwilioApiError(400, 21266, "'To' and 'From' number cannot be the same"),
  bodyTooLong: () => new TwilioApiError(400, 21617, 'The concatenated message body exceeds the 1600 character limit.'),
  unsubscribed: () => new TwilioApiError(400, 21610, 'Attempt to send to unsubscribed recipient'),
  region: (to: string) => new TwilioApiError(400, 21408, `Permission to send an SMS has not been enabled for the region indicated by the 'To' number: ${to}`),
  badCallback: (url: string) => new TwilioApiError(400, 21609, `Invalid StatusCallback url: ${url}`),
};
