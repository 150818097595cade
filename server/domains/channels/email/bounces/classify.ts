/**
 * Hard/soft classification of delivery failures (email reference §3.1/§3.2).
 *
 * Enhanced status codes (RFC 3463) decide first; the diagnostic text refines generic codes
 * (x.0.0) and is the only signal for non-RFC 3464 bounces (listmonk-style heuristics).
 */
import type { BounceClass } from './types.js';

/** Classification result. `policyBlock` marks sender-side problems (don't blame the address). */
export interface Classification {
  class: BounceClass;
  policyBlock: boolean;
}

/**
 * Permanent-class codes that are still about a transient condition of the mailbox or message,
 * so they count as soft: mailbox full (5.2.2), message too big (5.2.3, 5.3.4), receiving system
 * full/not accepting (5.3.1, 5.3.2), congestion (5.4.5), delivery time expired (5.4.7),
 * too many recipients (5.5.3).
 */
const SOFT_PERMANENT = new Set(['2.2', '2.3', '3.1', '3.2', '3.4', '4.5', '4.7', '5.3']);

const HARD_TEXT =
  /(NXDOMAIN|user unknown|unknown user|address not found|mailbox not found|mailbox unavailable|does not exist|doesn't exist|no such (user|mailbox|recipient|address)|invalid (recipient|mailbox|address)|recipient (address )?rejected|recipient not found|RecipientNotFound|address rejected|not a valid (mailbox|address)|unrouteable address|host or domain name not found|domain not found|account (has been )?(disabled|deactivated|closed)|mailbox (is )?(disabled|inactive))/i;
const SOFT_TEXT =
  /(mailbox (is )?full|over ?quota|quota exceeded|exceeded (the )?(storage|quota)|insufficient (system )?storage|try (again )?later|temporar(y|ily)|greylist|rate limit|too many (connections|messages)|throttl|message (is )?too (large|big)|size limit|connection (refused|timed out)|timed out)/i;
const POLICY_TEXT =
  /(spam|blocklist|blacklist|block ?list|listed (at|on|in)|reputation|DMARC|SPF|DKIM|unauthenticated|authentication|policy|not authori[sz]ed|access denied|blocked|spamhaus|5\.7\.26|5\.7\.515)/i;

/** Finds the first RFC 3463 enhanced status code (`4.x.x`/`5.x.x`/`2.x.x`) in a text. */
export function extractEnhancedStatus(text: string | null | undefined): string | null {
  if (!text) return null;
  const m = /(?:^|[^\d.])([245])\.(\d{1,3})\.(\d{1,3})(?![\d.]*\d)/.exec(text);
  return m ? `${m[1]}.${m[2]}.${m[3]}` : null;
}

/** Normalises a DSN Status value (`5.1.1 (bad destination mailbox)`) to `5.1.1`, or null. */
export function normalizeStatus(value: string | null | undefined): string | null {
  if (!value) return null;
  const m = /^\s*([245])\.(\d{1,3})\.(\d{1,3})/.exec(value);
  return m ? `${m[1]}.${m[2]}.${m[3]}` : null;
}

/**
 * Picks the most specific code: a generic Status (5.0.0) loses to a specific code of the same
 * class found in the diagnostic (Exchange writes `Status: 5.0.0` + `550 5.1.10 RESOLVER…`).
 */
export function bestStatus(status: string | null, diagnostic: string | null): string | null {
  const fromDiag = extractEnhancedStatus(diagnostic);
  if (!status) return fromDiag;
  if (fromDiag && fromDiag[0] === status[0] && /\.0\.0$/.test(status) && !/\.0\.0$/.test(fromDiag)) return fromDiag;
  return status;
}

/**
 * Classifies a failure from its enhanced status code and diagnostic text.
 * 4.x.x → soft; 5.x.x → hard except the mailbox/message-condition codes above (soft) and 5.7.x
 * (soft + policyBlock, unless the text clearly says the address does not exist).
 * Without any code, keywords decide and the default is soft (nothing is suppressed on a guess).
 */
export function classifyFailure(status: string | null, diagnostic: string | null): Classification {
  const code = bestStatus(status, diagnostic) ?? basicReplyClass(diagnostic);
  const text = diagnostic ?? '';
  if (code && code.startsWith('4')) return { class: 'soft', policyBlock: false };
  if (code && code.startsWith('5')) {
    const subDetail = code.slice(2);
    if (SOFT_PERMANENT.has(subDetail)) return { class: 'soft', policyBlock: false };
    if (subDetail.startsWith('7.')) {
      if (HARD_TEXT.test(text) && !POLICY_TEXT.test(text)) return { class: 'hard', policyBlock: false };
      return { class: 'soft', policyBlock: true };
    }
    if (/^\d+\.0$/.test(subDetail) || code === '5') {
      // Generic code: let the words decide, default hard because the class is permanent.
      if (HARD_TEXT.test(text)) return { class: 'hard', policyBlock: false };
      if (POLICY_TEXT.test(text)) return { class: 'soft', policyBlock: true };
      if (SOFT_TEXT.test(text)) return { class: 'soft', policyBlock: false };
      return { class: 'hard', policyBlock: false };
    }
    return { class: 'hard', policyBlock: false };
  }
  if (HARD_TEXT.test(text)) return { class: 'hard', policyBlock: false };
  if (POLICY_TEXT.test(text)) return { class: 'soft', policyBlock: true };
  return { class: 'soft', policyBlock: false };
}

/** `550 …` → '5', `451 …` → '4' when no enhanced code is present. */
function basicReplyClass(diagnostic: string | null): string | null {
  if (!diagnostic) return null;
  const m = /(?:^|[\s;:(-])([45])[0-5]\d(?=[\s-]|$)/.exec(diagnostic);
  return m ? m[1] : null;
}

/** True when a text reads like a permanent "address does not exist" failure. */
export function looksLikeHardFailureText(text: string): boolean {
  return HARD_TEXT.test(text);
}
