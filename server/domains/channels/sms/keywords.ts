/**
 * Compliance keywords of inbound SMS/WhatsApp messages (reference §0.4, §1.7, §1.9): they run before any scenario
 * or the inbox. The body must be exactly one word after NFKC normalisation, stripping bidi marks and punctuation,
 * collapsing whitespace and case-folding ("STOP PLEASE" is not an opt-out; "stop." is).
 * Gateway evidence also counts: Twilio `OptOutType`, error 21610, Telnyx 40300, WhatsApp 131050.
 */

export type ComplianceKeyword = 'opt_out' | 'opt_in' | 'help';

export const OPT_OUT_WORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPTOUT', 'REVOKE', 'הסר', 'הסרה'];
export const OPT_IN_WORDS = ['START', 'UNSTOP', 'YES'];
export const HELP_WORDS = ['HELP', 'INFO'];

/** Normalises an inbound body for matching (also used by keyword scenarios). */
export function normaliseInbound(body: string): string {
  return body
    .normalize('NFKC')
    .replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toUpperCase();
}

export interface KeywordLists {
  optOut?: string[];
  optIn?: string[];
  help?: string[];
}

/** The compliance keyword an inbound body is, or null. Extra per-workspace words extend the defaults. */
export function matchComplianceKeyword(body: string, extra: KeywordLists = {}): ComplianceKeyword | null {
  const word = normaliseInbound(body);
  if (!word || word.includes(' ')) return null;
  const has = (list: string[], more: string[] | undefined) => list.includes(word) || (more ?? []).some((w) => normaliseInbound(w) === word);
  if (has(OPT_OUT_WORDS, extra.optOut)) return 'opt_out';
  if (has(OPT_IN_WORDS, extra.optIn)) return 'opt_in';
  if (has(HELP_WORDS, extra.help)) return 'help';
  return null;
}

/** True when a provider signal is opt-out evidence on its own (reference §0.4). */
export function isOptOutEvidence(signal: { optOutType?: string | null; errorCode?: number | string | null }): boolean {
  if (signal.optOutType && signal.optOutType.toUpperCase() === 'STOP') return true;
  const code = Number(signal.errorCode);
  return code === 21610 || code === 40300 || code === 131050;
}
