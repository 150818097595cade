/**
 * Classification of delivery failures (email reference §3.1/§3.2): reason first (reasons.ts), hard/soft from the
 * reason. These helpers also find and normalise the RFC 3463 enhanced status codes in reports and replies.
 */
import { isHardReason, isSenderSideReason, reasonOf, type BounceReason } from './reasons.js';
import type { BounceClass } from './types.js';

/** Classification result. `policyBlock` marks sender-side reasons (don't blame the address). */
export interface Classification {
  class: BounceClass;
  policyBlock: boolean;
  reason: BounceReason;
}

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
 * Classifies a failure reason-first: the reason comes from the diagnostic text or the enhanced code, and
 * hard/soft follows from the reason. Only user unknown, host unknown, mailbox moved and "does not accept mail"
 * are hard; everything else (mailbox full, spam block, policy, expired, undefined…) is soft, whatever the
 * first digit. `action` is the DSN Action (`expired` is a final soft failure).
 */
export function classifyFailure(status: string | null, diagnostic: string | null, opts: { action?: string | null } = {}): Classification {
  const code = bestStatus(status, diagnostic);
  const reason = reasonOf(code, diagnostic, opts);
  return { class: isHardReason(reason) ? 'hard' : 'soft', policyBlock: isSenderSideReason(reason), reason };
}

/** `550 …` → '5', `451 …` → '4' (the basic SMTP reply class), or null. */
export function basicReplyClass(text: string | null): '4' | '5' | null {
  if (!text) return null;
  const m = /(?:^|[\s;:(<\[-])([45])[0-5]\d(?=[\s\-:\]]|$)/.exec(text);
  return m ? (m[1] as '4' | '5') : null;
}

/** True when a text reads like a permanent "address does not exist" failure. */
export function looksLikeHardFailureText(text: string): boolean {
  return isHardReason(reasonOf(null, text));
}
