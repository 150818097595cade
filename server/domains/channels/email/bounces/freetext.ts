/**
 * Free-text bounces (no RFC 3464 part): Exchange 2003/2007, Domino, qmail, Exim, Sendmail, Courier, KDDI, Yahoo,
 * AOL, Gmail's old notices, MessageLabs and the like. Each failed recipient is found in its FAILURE CONTEXT — a
 * line that reports it (an address line under "did not reach the following recipient(s)", `<addr>:` in qmail,
 * `addr ... User unknown` in a Sendmail transcript, `RCPT TO:<addr>` followed by the reply) — not as the first
 * address in the text, and gets its own diagnostic block, status and reason. Addresses in quoted header fields
 * (To:, From:, Received:, Message-ID:) and the returned copy are never taken for failed recipients.
 */
import { basicReplyClass, classifyFailure, extractEnhancedStatus } from './classify.js';
import { canonicalStatus, REASON_PATTERNS } from './reasons.js';
import type { BounceRecipient } from './types.js';
import { parseVerpAddress } from './verp.js';

const ADDRESS_RE = /[A-Za-z0-9._%+=!#$&'*/?^`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+/g;
/** Where the returned copy of the original message starts: nothing after it reports a failure. */
const COPY_MARKER = /^\s*-{2,}.*(original message|copy of (the|your) message|unsent message follows|returned message|message headers? follows?|original (mail )?headers|below this line|undelivered message|message text follows)|^\s*(original message headers|the original message headers|-+ ?original message ?-+|content-type: message\/rfc822)/i;
/** Quoted header fields: their addresses are the original's sender/recipient or routing, not a failure report. */
const HEADER_LINE = /^\s*(to|from|cc|bcc|reply-to|return-path|sender|received|message-id|in-reply-to|references|subject|date|delivered-to|envelope-from|x-[\w-]+|dkim-signature|list-[\w-]+|authentication-results|arc-[\w-]+|received-spf|mime-version|content-[\w-]+|x-postfix-sender|>>> mail from|mail from)\s*:/i;
/** Phrases that introduce the list of failed recipients in the line(s) before it. */
const INTRO = /(following (address|recipient)|could not be delivered to|was not delivered to|not be delivered to|did not reach|delivery to the following|permanent (fatal )?errors?|had delivery errors|failed recipient|undeliverable to|unable to deliver (your message )?to|delivery has failed to|following recipients|couldn'?t be delivered to|can(no|')t be delivered to|address(es)? failed|delivery failed|returned permanent errors|your message to|rejected by|cannot deliver)/i;
const NOT_RECIPIENT_LOCAL = /^(mailer-daemon|postmaster|post_master|mail-daemon|mailerdaemon|mail\.delivery\.system|no-?reply|abuse|bounces?)$/i;

export interface FreeTextContext {
  /** Addresses that are certainly not failed recipients (the report's From/To, our senders). */
  exclude: Set<string>;
  /** Subject of the report (adds "Cannot send message for 4 days" and the like to the global text). */
  subject: string;
  /** True when the report is a delay warning (the MTA still retries). */
  delay: boolean;
}

interface Hit {
  address: string;
  line: number;
}

/** Failed recipients of a free-text report, each with its own diagnostic, status, class and reason. */
export function parseFreeTextRecipients(text: string, ctx: FreeTextContext): BounceRecipient[] {
  const all = text.replace(/\r\n?/g, '\n').split('\n');
  const cut = all.findIndex((l, i) => i > 0 && COPY_MARKER.test(l));
  const lines = cut === -1 ? all : all.slice(0, cut);
  const hits: Hit[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (HEADER_LINE.test(line) && !/^\s*(original|final)-recipient\s*:/i.test(line)) continue;
    for (const m of line.matchAll(ADDRESS_RE)) {
      const address = m[0].replace(/^[.'"]+|[.'"]+$/g, '');
      if (!isCandidate(address, ctx)) continue;
      if (!inFailureContext(lines, i, address)) continue;
      hits.push({ address, line: i });
    }
  }
  const byAddress = new Map<string, { address: string; blocks: string[] }>();
  for (let h = 0; h < hits.length; h++) {
    const { address, line } = hits[h];
    const nextLine = hits.find((o, k) => k > h && o.line > line && o.address.toLowerCase() !== address.toLowerCase())?.line ?? lines.length;
    const block: string[] = [lines[line].trim()];
    let nonEmpty = 0;
    for (let j = line + 1; j < Math.min(nextLine, lines.length) && nonEmpty < 8; j++) {
      const t = lines[j].trim();
      if (!t) continue;
      if (HEADER_LINE.test(lines[j])) break;
      block.push(t);
      nonEmpty++;
    }
    const key = address.toLowerCase();
    const entry = byAddress.get(key) ?? { address, blocks: [] };
    entry.blocks.push(...block);
    byAddress.set(key, entry);
  }
  const globalText = [ctx.subject, ...lines].join('\n').slice(0, 16 * 1024);
  return [...byAddress.values()].map(({ address, blocks }) => recipientFrom(address, blocks, globalText, ctx.delay));
}

/** A recipient block without a failure context (only the returned original's To: is known). */
export function recipientFromGlobal(address: string, text: string, subject: string, delay: boolean): BounceRecipient {
  const globalText = [subject, text].join('\n').slice(0, 16 * 1024);
  return recipientFrom(address, [], globalText, delay);
}

function recipientFrom(address: string, blocks: string[], globalText: string, delay: boolean): BounceRecipient {
  const blockText = blocks.join('\n');
  const ownStatus = extractEnhancedStatus(blockText);
  let c = classifyFailure(ownStatus, blockText);
  let diagnostic = diagnosticLine(blocks);
  let status = ownStatus;
  if (c.reason === 'undefined') {
    // The block says nothing specific (KDDI puts the explanation above the address): use the whole report.
    const globalStatus = ownStatus ?? extractEnhancedStatus(diagnosticLine(globalText.split('\n')));
    const g = classifyFailure(globalStatus, globalText);
    if (g.reason !== 'undefined') {
      c = g;
      status = globalStatus;
      diagnostic = diagnostic ?? diagnosticLine(globalText.split('\n'));
    }
  }
  const replyClass = basicReplyClass(blockText) ?? basicReplyClass(diagnostic);
  if (!status && c.reason !== 'undefined') status = canonicalStatus(c.reason, delay || c.reason === 'expired' ? '4' : replyClass ?? '5');
  return {
    recipient: address,
    originalRecipient: null,
    action: delay ? 'delayed' : 'failed',
    kind: delay ? 'delay' : 'bounce',
    class: delay ? null : c.class,
    status,
    diagnostic: diagnostic?.slice(0, 500) ?? null,
    remoteMta: null,
    policyBlock: delay ? false : c.policyBlock,
    reason: c.reason,
  };
}

function isCandidate(address: string, ctx: FreeTextContext): boolean {
  const lower = address.toLowerCase();
  if (ctx.exclude.has(lower)) return false;
  const local = lower.split('@')[0];
  if (NOT_RECIPIENT_LOCAL.test(local)) return false;
  if (parseVerpAddress(address)) return false;
  // Message-IDs look like addresses: long hex/digit runs, timestamps with dots.
  if (/^[0-9a-f.$-]{20,}$/i.test(local) || /^\d{8,}\.[\w.]+$/.test(local) || /^[\w-]+\.[\w.-]*\d{6,}/.test(local)) return false;
  return true;
}

/**
 * True when the line reports a failure for the address: the line is (mostly) the address, or carries a reply/
 * status code or a failure reason, or a recipient-list introduction stands in the few lines above it.
 */
function inFailureContext(lines: string[], i: number, address: string): boolean {
  const line = lines[i];
  const rest = line
    .replace(address, '')
    .replace(/on \w{3}, .*$/i, '')
    .replace(/[<>()[\]"':;,.\s]|RCPT TO|\.\.\.|-{2,}/gi, '');
  if (rest.length <= 3) return true;
  // Postfix/qmail/Courier: the failed address opens its block (`<addr>: host … said: …`); inline DSN fields.
  if (new RegExp(`^\\s*<${escapeRe(address)}>:`).test(line) || /^\s*(final|original)-recipient\s*:/i.test(line)) return true;
  if (/(^|\s)(RCPT TO|>>> RCPT)/i.test(line)) return true;
  if (/\b[45]\d\d\b/.test(line) || extractEnhancedStatus(line)) return true;
  if (REASON_PATTERNS.some(([r, re]) => r !== 'policy' && r !== 'system_error' && re.test(line))) return true;
  for (let k = Math.max(0, i - 3); k <= i; k++) if (INTRO.test(lines[k])) return true;
  return false;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** The most telling line: one with an SMTP reply + enhanced code, else any code, else a reason phrase. */
export function diagnosticLine(lines: string[]): string | null {
  const ls = lines.map((l) => l.trim()).filter(Boolean);
  const hit =
    ls.find((l) => /\b[45]\d\d[ -]/.test(l) && extractEnhancedStatus(l)) ??
    ls.find((l) => extractEnhancedStatus(l) !== null && !/^[\w-]+:/.test(l)) ??
    ls.find((l) => /(^|[\s<])[45]\d\d[\s-]/.test(l)) ??
    ls.find((l) => REASON_PATTERNS.some(([r, re]) => r !== 'policy' && re.test(l))) ??
    ls.find((l) => REASON_PATTERNS.some(([, re]) => re.test(l)));
  return hit ? hit.slice(0, 500) : null;
}
