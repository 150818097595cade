/**
 * RFC 3464 `message/delivery-status` body parser: one per-message field group followed by one
 * group per recipient, separated by blank lines. Tolerates the real-world sloppiness seen in
 * Exchange/Gmail/qmail-ish reports (missing per-message group, extra blank lines, CRLF/LF mix).
 */
import { bestStatus, classifyFailure, normalizeStatus } from './classify.js';
import { headerValue, parseHeaderBlock, type HeaderField } from './mime.js';
import type { BounceRecipient } from './types.js';

/** Parsed delivery-status body. */
export interface DeliveryStatus {
  perMessage: HeaderField[];
  recipients: BounceRecipient[];
}

/** Parses the (transfer-decoded) body of a message/delivery-status part. */
export function parseDeliveryStatus(body: string): DeliveryStatus {
  const groups = body
    .replace(/\r\n/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((g) => parseHeaderBlock(g.replace(/^\n+/, '')))
    .filter((g) => g.length > 0)
    .flatMap(splitRecipientRuns);
  const isRecipientGroup = (g: HeaderField[]) =>
    headerValue(g, 'final-recipient') !== null || headerValue(g, 'original-recipient') !== null;
  const perMessage: HeaderField[] = [];
  const recipients: BounceRecipient[] = [];
  for (const g of groups) {
    if (isRecipientGroup(g)) recipients.push(recipientFromFields(g));
    else if (recipients.length === 0) perMessage.push(...g);
    // A stray non-recipient group after recipients is ignored (some MTAs append junk).
  }
  return { perMessage, recipients };
}

/**
 * Some MTAs (AOL) write the per-message fields and several recipient groups without the blank lines between
 * them: a recipient field after the per-message fields, or a second Final-/Original-Recipient, starts a new group.
 */
function splitRecipientRuns(g: HeaderField[]): HeaderField[][] {
  const out: HeaderField[][] = [];
  let cur: HeaderField[] = [];
  const has = (n: string) => cur.some((f) => f.name.toLowerCase() === n);
  for (const f of g) {
    const n = f.name.toLowerCase();
    const startsRecipient = n === 'final-recipient' || n === 'original-recipient';
    const anyRecipient = has('final-recipient') || has('original-recipient');
    const split = n === 'final-recipient' ? has('final-recipient') || !anyRecipient : has('original-recipient') || !anyRecipient;
    if (startsRecipient && cur.length && split) {
      out.push(cur);
      cur = [];
    }
    cur.push(f);
  }
  if (cur.length) out.push(cur);
  return out;
}

/** Strips the address-type prefix (`rfc822;`) and angle brackets from a DSN address field. */
export function dsnAddress(value: string | null): string | null {
  if (!value) return null;
  let v = value.trim();
  const semi = v.indexOf(';');
  if (semi !== -1 && /^[A-Za-z0-9-]+$/.test(v.slice(0, semi).trim())) v = v.slice(semi + 1).trim();
  v = v.replace(/^<(.*)>$/, '$1').trim();
  return v.length > 0 ? v : null;
}

/** Drops the diagnostic-type prefix (`smtp;`, `X-Postfix;`) and collapses folding whitespace. */
export function cleanDiagnostic(value: string | null): string | null {
  if (!value) return null;
  let v = value.replace(/\s+/g, ' ').trim();
  const m = /^([A-Za-z][A-Za-z0-9-]*)\s*;\s*/.exec(v);
  if (m) v = v.slice(m[0].length);
  return v.length > 0 ? v : null;
}

function recipientFromFields(g: HeaderField[]): BounceRecipient {
  const diagnostic = cleanDiagnostic(headerValue(g, 'diagnostic-code'));
  const rawStatus = normalizeStatus(headerValue(g, 'status'));
  const status = bestStatus(rawStatus, diagnostic);
  let action = (headerValue(g, 'action') ?? '').trim().toLowerCase().split(/[\s(]/)[0] || null;
  if (!action && status) action = status.startsWith('5') ? 'failed' : status.startsWith('4') ? 'delayed' : null;
  let kind: BounceRecipient['kind'] = 'unknown';
  let cls: BounceRecipient['class'] = null;
  let policyBlock = false;
  let reason: BounceRecipient['reason'] = null;
  if (action === 'failed' || action === 'expired') {
    // `expired` (non-standard, seen in the field) = the queue lifetime ran out: a final failure, soft.
    kind = 'bounce';
    const c = classifyFailure(status, diagnostic, { action });
    cls = c.class;
    policyBlock = c.policyBlock;
    reason = c.reason;
  } else if (action === 'delayed') {
    // A delay notice is only a warning: the MTA keeps retrying. Never a bounce.
    kind = 'delay';
    reason = classifyFailure(status, diagnostic).reason;
  }
  return {
    recipient: dsnAddress(headerValue(g, 'final-recipient')) ?? dsnAddress(headerValue(g, 'original-recipient')),
    originalRecipient: dsnAddress(headerValue(g, 'original-recipient')),
    action,
    kind,
    class: cls,
    status,
    diagnostic,
    remoteMta: dsnAddress(headerValue(g, 'remote-mta')),
    policyBlock,
    reason,
  };
}

/**
 * The recipient that represents the whole report: the most severe one, i.e. the first hard
 * failure, else the first failure, else the first delay, else the first block. (Clarion sends one
 * envelope per recipient, so multi-recipient reports are rare; `recipients` has them all.)
 */
export function primaryRecipient(recipients: BounceRecipient[]): BounceRecipient | null {
  return (
    recipients.find((r) => r.kind === 'bounce' && r.class === 'hard') ??
    recipients.find((r) => r.kind === 'bounce') ??
    recipients.find((r) => r.kind === 'delay') ??
    recipients[0] ??
    null
  );
}
