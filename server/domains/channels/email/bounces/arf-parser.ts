/**
 * RFC 5965 `message/feedback-report` parser (ARF complaint reports from mailbox providers' FBLs).
 */
import { dsnAddress } from './dsn-parser.js';
import { headerValue, parseHeaderBlock, type HeaderField } from './mime.js';

/** The fields of a feedback report we use. */
export interface FeedbackReport {
  /** Lower-case Feedback-Type (abuse, fraud, virus, other, not-spam, auth-failure …). */
  feedbackType: string | null;
  userAgent: string | null;
  originalMailFrom: string | null;
  originalRcptTo: string | null;
  arrivalDate: string | null;
  sourceIp: string | null;
  reportedDomain: string | null;
  fields: HeaderField[];
}

/** Parses the body of a message/feedback-report part. */
export function parseFeedbackReport(body: string): FeedbackReport {
  const fields = parseHeaderBlock(body.replace(/\r\n/g, '\n').replace(/^\s*\n/, '').replace(/\n[ \t]*\n/g, '\n'));
  const v = (n: string) => headerValue(fields, n);
  return {
    feedbackType: v('feedback-type')?.trim().toLowerCase() ?? null,
    userAgent: v('user-agent'),
    originalMailFrom: dsnAddress(v('original-mail-from')),
    originalRcptTo: dsnAddress(v('original-rcpt-to')),
    arrivalDate: v('arrival-date') ?? v('received-date'),
    sourceIp: v('source-ip'),
    reportedDomain: v('reported-domain'),
    fields,
  };
}

/**
 * Whether a feedback type is a user complaint that must unsubscribe the recipient.
 * `not-spam` (the user rescued the mail) and `auth-failure` (RFC 6591 DMARC/SPF failure report)
 * are not complaints about our mail by the recipient.
 */
export function isComplaintFeedbackType(feedbackType: string | null): boolean {
  return feedbackType !== 'not-spam' && feedbackType !== 'auth-failure';
}
