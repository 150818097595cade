/**
 * parseBounceMessage: turns one message received at a bounce address into a BounceEvent.
 *
 * Order of evidence: an ARF feedback-report part (complaint), else an RFC 3464 delivery-status
 * part (bounce/delay per recipient), else heuristics for non-standard bounces (qmail, old
 * Exchange), else 'unknown' (auto-replies, humans writing to the bounce address, spam).
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import { isComplaintFeedbackType, parseFeedbackReport } from './arf-parser.js';
import { classifyFailure, extractEnhancedStatus, looksLikeHardFailureText } from './classify.js';
import { parseDeliveryStatus, primaryRecipient, dsnAddress } from './dsn-parser.js';
import { headerValue, parseMime, walkParts, type HeaderField, type MimePart } from './mime.js';
import type { BounceEvent } from './types.js';
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
  const buf = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
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
      kind: complaint ? 'complaint' : 'unknown',
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
  if (dsnPart) {
    const dsn = parseDeliveryStatus(dsnPart.body.toString('utf8'));
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
  const from = (mail?.from?.value[0]?.address ?? headerValue(tree.headers, 'from') ?? '').toLowerCase();
  // Only the start matters (the explanation precedes the returned copy); bounds regex work.
  const text = (mail?.text ?? buf.toString('utf8')).slice(0, 64 * 1024);
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
  };

  const fromDaemon = /^(mailer-daemon|postmaster|mail-daemon|mailerdaemon)@/.test(from);
  const bounceSubject =
    /(undeliver|delivery (status notification|failure|has failed|failed|problem|incomplete)|returned (mail|to sender)|failure notice|mail delivery (failed|failure|system)|non-?delivery|could not be delivered|not delivered|delayed mail|delivery delayed)/i.test(
      subject,
    );
  if (!fromDaemon && (isAutoReply(tree.headers, subject) || !bounceSubject)) return unknown;

  const delay =
    /(delay|still being retried|warning)/i.test(subject) ||
    /(THIS IS A WARNING|will (continue to )?(be )?retr(y|ied)|has not yet been delivered|not been delivered yet)/i.test(text);
  const diagnostic = diagnosticLine(text);
  const status = extractEnhancedStatus(diagnostic) ?? extractEnhancedStatus(text);
  const recipient = firstAddress(original ? headerValue(original, 'to') : null) ?? recipientFromText(text, from);
  if (!diagnostic && !status && !recipient) return unknown;
  if (delay) return { ...unknown, kind: 'delay', status, recipient, diagnostic };
  const c = classifyFailure(status, diagnostic ?? text);
  return {
    ...unknown,
    kind: 'bounce',
    class: c.class,
    status,
    recipient,
    diagnostic,
    ...(c.policyBlock ? { policyBlock: true } : {}),
  };
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

function recipientFromText(text: string, from: string): string | null {
  const re = /<([^<>\s@]+@[^<>\s]+)>/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const addr = m[1];
    if (addr.toLowerCase() === from || parseVerpAddress(addr) || /^(mailer-daemon|postmaster)@/i.test(addr)) continue;
    return addr;
  }
  return null;
}

/** The most telling line of a free-text bounce: one with an SMTP/enhanced code or a hard keyword. */
function diagnosticLine(text: string): string | null {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const hit =
    lines.find((l) => /\b[45]\d\d[ -]/.test(l) && extractEnhancedStatus(l)) ??
    lines.find((l) => extractEnhancedStatus(l) !== null) ??
    lines.find((l) => looksLikeHardFailureText(l));
  return hit ? hit.slice(0, 500) : null;
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
