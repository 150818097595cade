/**
 * parseBounceMessage: turns one message received at a bounce address into a BounceEvent.
 *
 * Order of evidence: an ARF feedback-report part (complaint), else an RFC 3464 delivery-status
 * part (bounce/delay per recipient), else heuristics for non-standard bounces (qmail, old
 * Exchange), else 'unknown' (auto-replies, humans writing to the bounce address, spam).
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import { isComplaintFeedbackType, parseFeedbackReport } from './arf-parser.js';
import { classifyFailure, extractEnhancedStatus } from './classify.js';
import { parseDeliveryStatus, primaryRecipient, dsnAddress } from './dsn-parser.js';
import { diagnosticLine, parseFreeTextRecipients, recipientFromGlobal } from './freetext.js';
import { parseSesNotification } from './providers/ses.js';
import { headerValue, parseMime, walkParts, type HeaderField, type MimePart } from './mime.js';
import type { BounceEvent, BounceRecipient } from './types.js';
import { parseVerpAddress } from './verp.js';

/** Extra context the SMTP receiver knows and the message itself may not carry. */
export interface ParseBounceOptions {
  /** SMTP envelope recipients (RCPT TO) the message was delivered to. */
  envelopeTo?: string[];
}

const DSN_TYPES = new Set(['message/delivery-status', 'message/global-delivery-status']);
const ORIGINAL_TYPES = new Set(['message/rfc822', 'message/global', 'text/rfc822-headers', 'message/global-headers']);

/**
 * Parses a raw RFC 5322 message (a DSN, an ARF report or anything else sent to a bounce address).
 * Never throws for malformed mail: what cannot be understood comes back as kind 'unknown'.
 */
export async function parseBounceMessage(raw: Buffer | string, opts: ParseBounceOptions = {}): Promise<BounceEvent> {
  const buf = stripMboxFromLine(typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw);
  const tree = parseMime(buf);
  const parts = walkParts(tree);
  const original = findOriginalHeaders(parts);
  const originalMessageId = stripAngles(original ? headerValue(original, 'message-id') : null);

  const arfPart = parts.find((p) => p.contentType === 'message/feedback-report');
  if (arfPart) {
    const report = parseFeedbackReport(arfPart.body.toString('utf8'));
    const complaint = isComplaintFeedbackType(report.feedbackType);
    const token =
      tokenFromEnvelope(opts.envelopeTo) ??
      (report.originalMailFrom ? parseVerpAddress(report.originalMailFrom) : null) ??
      tokenFromOriginal(original) ??
      tokenFromBounceHeaders(tree.headers);
    return {
      kind: complaint ? 'complaint' : 'feedback',
      class: null,
      status: null,
      // FBLs often redact the recipient; fall back to the To: of the attached original.
      recipient: report.originalRcptTo ?? firstAddress(original ? headerValue(original, 'to') : null),
      verpToken: token,
      diagnostic: report.userAgent ? `feedback report from ${report.userAgent}` : null,
      feedbackType: report.feedbackType ?? 'abuse',
      originalMessageId,
    };
  }

  const dsnPart = parts.find((p) => DSN_TYPES.has(p.contentType));
  const dsn = dsnPart ? parseDeliveryStatus(dsnPart.body.toString('utf8')) : null;
  // A report part without any recipient block ("Delivery report unavailable") is read as free text.
  if (dsn && dsn.recipients.length > 0) {
    const primary = primaryRecipient(dsn.recipients);
    const envSender = dsnAddress(headerValue(dsn.perMessage, 'x-postfix-sender'));
    const envId = decodeXtext(headerValue(dsn.perMessage, 'original-envelope-id'));
    const token =
      tokenFromEnvelope(opts.envelopeTo) ??
      tokenFromBounceHeaders(tree.headers) ??
      (envSender ? parseVerpAddress(envSender) : null) ??
      tokenFromOriginal(original) ??
      (envId ? parseVerpAddress(envId) : null);
    const kind = primary ? primary.kind : 'unknown';
    return {
      kind,
      class: kind === 'bounce' ? primary!.class : null,
      status: primary?.status ?? null,
      recipient: primary?.recipient ?? null,
      verpToken: token,
      diagnostic: primary?.diagnostic ?? null,
      recipients: dsn.recipients,
      reason: primary && (kind === 'bounce' || kind === 'delay') ? primary.reason : null,
      originalMessageId:
        originalMessageId ?? stripAngles(headerValue(dsn.perMessage, 'x-original-message-id')),
      ...(primary?.policyBlock && kind === 'bounce' ? { policyBlock: true } : {}),
    };
  }

  return heuristicEvent(buf, tree, original, originalMessageId, opts);
}

async function heuristicEvent(
  buf: Buffer,
  tree: MimePart,
  original: HeaderField[] | null,
  originalMessageId: string | null,
  opts: ParseBounceOptions,
): Promise<BounceEvent> {
  let mail: ParsedMail | null = null;
  try {
    mail = await simpleParser(buf, { skipImageLinks: true, skipTextLinks: true, skipTextToHtml: true });
  } catch {
    mail = null; // Garbage in: we still answer 'unknown' below.
  }
  const subject = mail?.subject ?? headerValue(tree.headers, 'subject') ?? '';
  const fromHeader = headerValue(tree.headers, 'from') ?? '';
  const from = (mail?.from?.value[0]?.address ?? fromHeader).toLowerCase();
  // Only the start matters (the explanation precedes the returned copy); bounds regex work.
  // Our own walk of the report's text parts first: mailparser picks the wrong part of some broken reports.
  const own = reportText(tree);
  const text = (own.trim() ? own : mail?.text ?? buf.toString('utf8')).slice(0, 64 * 1024);
  const token =
    tokenFromEnvelope(opts.envelopeTo) ??
    tokenFromBounceHeaders(tree.headers) ??
    tokenFromOriginal(original) ??
    tokenFromInlineReturnPath(text);
  const unknown: BounceEvent = {
    kind: 'unknown',
    class: null,
    status: null,
    recipient: null,
    verpToken: token,
    diagnostic: null,
    originalMessageId,
    reason: null,
  };

  const sns = sesNotificationEvent(text, from, unknown);
  if (sns) return sns;
  const jmrp = jmrpComplaint(subject, from, original, unknown);
  if (jmrp) return jmrp;

  const fromDaemon = /^(mailer-daemon|postmaster|post_master|mail-daemon|mailerdaemon|mail\.delivery\.system)(@|$)/.test(from) || /^mailer-daemon\b/i.test(fromHeader.trim());
  const bounceSubject =
    /(undeliver|delivery (status notification|failure|has failed|failed|problem|incomplete|notification)|returned (mail|to sender)|failure notice|mail delivery (failed|failure|system)|non-?delivery|could not be delivered|not delivered|delayed mail|delivery delayed|error sending your mail|cannot send message|could not send message|mail (system )?error|メールエラー|delivery status)/i.test(
      subject,
    );
  const autoReply = isAutoReply(tree.headers, subject);
  // A notice sent with the null reverse-path (RFC 5321 §4.5.5) whose text reports an undelivered recipient.
  const nullSender = /^\s*<\s*>\s*$/.test(headerValue(tree.headers, 'return-path') ?? '') || /^(no-?reply)@/.test(from);
  const reportsFailure = /(could not be delivered to|was not delivered to|did not reach the following|delivery to the following recipient|undeliverable to)/i.test(text);
  if (!fromDaemon && !bounceSubject && !(nullSender && reportsFailure)) return autoReply ? { ...unknown, kind: 'auto_reply' } : unknown;
  if (!fromDaemon && autoReply && !/(undeliver|not delivered|failure|returned)/i.test(subject)) return { ...unknown, kind: 'auto_reply' };

  const delay =
    /(delay|still being retried|^warning|: warning)/i.test(subject) ||
    /(THIS IS A WARNING|will (continue to )?(be )?retr(y|ied)|has not yet been delivered|not been delivered yet|delivery to the following recipient has been delayed|message (has been|is) delayed)/i.test(text);
  const exclude = new Set<string>();
  for (const name of ['from', 'to', 'reply-to', 'sender', 'return-path']) {
    for (const m of (headerValue(tree.headers, name) ?? '').matchAll(/[^\s<>,;"']+@[^\s<>,;"']+/g)) exclude.add(m[0].toLowerCase());
  }
  if (original) for (const m of (headerValue(original, 'from') ?? '').matchAll(/[^\s<>,;"']+@[^\s<>,;"']+/g)) exclude.add(m[0].toLowerCase());
  const textRecipients = parseFreeTextRecipients(text, { exclude, subject, delay });
  let recipients: BounceRecipient[] = textRecipients;
  if (!recipients.length) {
    const fallback = firstAddress(original ? headerValue(original, 'to') : null) ?? inlineOriginalTo(text);
    if (fallback) recipients = [recipientFromGlobal(fallback, text, subject, delay)];
  }
  if (!recipients.length) {
    const diagnostic = diagnosticLine(text.split(/\r?\n/));
    if (!diagnostic) return autoReply && !fromDaemon ? { ...unknown, kind: 'auto_reply' } : unknown;
    const c = classifyFailure(extractEnhancedStatus(diagnostic), `${subject}\n${text.slice(0, 16 * 1024)}`);
    return delay
      ? { ...unknown, kind: 'delay', status: extractEnhancedStatus(diagnostic), diagnostic, reason: c.reason }
      : { ...unknown, kind: 'bounce', class: c.class, status: extractEnhancedStatus(diagnostic), diagnostic, reason: c.reason, ...(c.policyBlock ? { policyBlock: true } : {}) };
  }
  const primary = primaryRecipient(recipients)!;
  return {
    ...unknown,
    kind: primary.kind,
    class: primary.kind === 'bounce' ? primary.class : null,
    status: primary.status,
    recipient: primary.recipient,
    diagnostic: primary.diagnostic,
    recipients,
    reason: primary.reason,
    ...(primary.kind === 'bounce' && primary.policyBlock ? { policyBlock: true } : {}),
  };
}

/** Amazon SES notifications delivered by SNS as e-mail: the body is the notification JSON. */
function sesNotificationEvent(text: string, from: string, base: BounceEvent): BounceEvent | null {
  if (!/@sns\.amazonaws\.com$/.test(from)) return null;
  const start = text.indexOf('{');
  if (start === -1) return null;
  // The JSON is one long line; relays that wrap lines at 990 characters (Sendmail) insert "!" + newline.
  const lines = text.slice(start).split(/\r?\n/);
  let json: unknown = null;
  for (let n = 1, acc = lines[0]; n <= Math.min(lines.length, 20); acc = acc.replace(/!$/, '') + (lines[n] ?? ''), n++) {
    try {
      json = JSON.parse(acc);
      break;
    } catch {
      json = null;
    }
  }
  if (!json) return null;
  const events = parseSesNotification(json);
  const recipients: BounceRecipient[] = events
    .filter((e) => e.kind === 'bounce' || e.kind === 'delay')
    .map((e) => {
      const c = classifyFailure(e.status, e.diagnostic);
      return { recipient: e.recipient, originalRecipient: null, action: e.kind === 'bounce' ? 'failed' : 'delayed', kind: e.kind as 'bounce' | 'delay', class: e.kind === 'bounce' ? c.class : null, status: e.status, diagnostic: e.diagnostic, remoteMta: null, policyBlock: e.kind === 'bounce' && c.policyBlock, reason: c.reason };
    });
  const complaint = events.find((e) => e.kind === 'complaint');
  if (complaint) return { ...base, kind: 'complaint', recipient: complaint.recipient, feedbackType: complaint.feedbackType ?? 'abuse', diagnostic: 'Amazon SES complaint notification' };
  const primary = primaryRecipient(recipients);
  if (!primary) return { ...base, recipient: events[0]?.recipient ?? null, diagnostic: events[0] ? `Amazon SES ${events[0].providerType} notification` : null };
  return { ...base, kind: primary.kind, class: primary.class, status: primary.status, recipient: primary.recipient, diagnostic: primary.diagnostic, recipients, reason: primary.reason, ...(primary.policyBlock ? { policyBlock: true } : {}) };
}

/** Microsoft JMRP-style complaints ("complaint about message from <ip>") that carry no feedback-report part. */
function jmrpComplaint(subject: string, from: string, original: HeaderField[] | null, base: BounceEvent): BounceEvent | null {
  if (!original || !/complaint about message from/i.test(subject)) return null;
  const recipient = headerValue(original, 'x-hmxmroriginalrecipient') ?? firstAddress(headerValue(original, 'to'));
  return { ...base, kind: 'complaint', recipient, feedbackType: 'abuse', diagnostic: `feedback loop complaint from ${from}`, verpToken: base.verpToken };
}

/** The To: of a returned copy pasted into the text (qmail, old Sendmail), after the copy marker. */
function inlineOriginalTo(text: string): string | null {
  const m = /(?:unsent message follows|copy of (?:the|your) message|original message|below this line)[\s\S]{0,4000}?^\s*To:\s*(.+)$/im.exec(text);
  return m ? firstAddress(m[1]) : null;
}

/** Text of the report's own text/* parts (not the returned original), charset-decoded, HTML stripped. */
function reportText(root: MimePart): string {
  const out: string[] = [];
  const visit = (p: MimePart) => {
    if (ORIGINAL_TYPES.has(p.contentType) || p.contentType === 'message/rfc822') return;
    if (p.children.length) return p.children.forEach(visit);
    if (!p.contentType.startsWith('text/') && !(p === root && p.contentType === 'text/plain')) return;
    let t = decodeCharset(p.body, p.params.charset);
    if (p.contentType === 'text/html') t = t.replace(/<(br|p|div|tr|li)\b[^>]*>/gi, '\n').replace(/<[^>]+>/g, ' ').replace(/&nbsp;/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    out.push(t);
  };
  visit(root);
  return out.join('\n');
}

function decodeCharset(body: Buffer, charset: string | undefined): string {
  const cs = (charset ?? 'utf-8').trim().toLowerCase();
  try {
    return new TextDecoder(cs === 'uft-8' ? 'utf-8' : cs).decode(body);
  } catch {
    return body.toString('latin1');
  }
}

/** An mbox envelope line (`From sender date`) before the header is not part of the message (RFC 4155). */
function stripMboxFromLine(buf: Buffer): Buffer {
  if (buf.length < 5 || buf.toString('latin1', 0, 5) !== 'From ') return buf;
  const nl = buf.indexOf(0x0a);
  return nl === -1 ? buf : buf.subarray(nl + 1);
}

/** Out-of-office and other auto-responders (RFC 3834 plus the common vendor headers). */
function isAutoReply(headers: HeaderField[], subject: string): boolean {
  const autoSubmitted = (headerValue(headers, 'auto-submitted') ?? '').toLowerCase();
  const precedence = (headerValue(headers, 'precedence') ?? '').toLowerCase();
  return (
    autoSubmitted.startsWith('auto-replied') ||
    headerValue(headers, 'x-autoreply') !== null ||
    headerValue(headers, 'x-autorespond') !== null ||
    precedence === 'auto_reply' ||
    /^(auto(matic)?[ -]?(reply|response)|out of (the )?office|abwesenheit|absence|vacation|autoreply|auto:)/i.test(subject.trim())
  );
}

/** Headers of the returned original message (message/rfc822 or text/rfc822-headers part). */
function findOriginalHeaders(parts: MimePart[]): HeaderField[] | null {
  // parts[0] is the report itself; the first enclosed message after it is the original.
  for (const p of parts.slice(1)) {
    if (ORIGINAL_TYPES.has(p.contentType) && p.children[0]) return p.children[0].headers;
  }
  return null;
}

function tokenFromEnvelope(envelopeTo: string[] | undefined): string | null {
  for (const a of envelopeTo ?? []) {
    const t = parseVerpAddress(a);
    if (t) return t;
  }
  return null;
}

/** The bounce was delivered to our VERP address: the delivering MTA records it in these. */
function tokenFromBounceHeaders(headers: HeaderField[]): string | null {
  for (const name of ['x-original-to', 'delivered-to', 'envelope-to', 'x-envelope-to', 'to']) {
    for (const h of headers) {
      if (h.name.toLowerCase() !== name) continue;
      for (const addr of h.value.split(',')) {
        const t = parseVerpAddress(addr);
        if (t) return t;
      }
    }
  }
  return null;
}

/** Return-Path of the returned original = our envelope sender. */
function tokenFromOriginal(original: HeaderField[] | null): string | null {
  if (!original) return null;
  const rp = headerValue(original, 'return-path');
  return rp ? parseVerpAddress(rp) : null;
}

/** qmail and friends paste the original headers into the text body. */
function tokenFromInlineReturnPath(text: string): string | null {
  const m = /^Return-Path:\s*(<[^>\r\n]*>|\S+)/im.exec(text);
  return m ? parseVerpAddress(m[1]) : null;
}

function firstAddress(value: string | null): string | null {
  if (!value) return null;
  const m = /<([^<>\s]+@[^<>\s]+)>/.exec(value) ?? /([^\s<>,;"]+@[^\s<>,;"]+)/.exec(value);
  return m ? m[1] : null;
}

function stripAngles(v: string | null): string | null {
  if (!v) return null;
  const s = v.trim().replace(/^<(.*)>$/, '$1').trim();
  return s.length > 0 ? s : null;
}

/** ENVID is xtext-encoded (RFC 3461 §4): `+HH` stands for one byte. */
function decodeXtext(v: string | null): string | null {
  if (!v) return null;
  return v.trim().replace(/\+([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}
