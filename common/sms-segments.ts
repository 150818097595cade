/**
 * SMS encoding and segment counting (reference §1.5): GSM-7 when every character is in the GSM 03.38 basic or
 * extension table (extension characters cost 2 septets), otherwise UCS-2 for the whole message (Hebrew always).
 * One segment holds 160 septets / 70 UTF-16 units; concatenated parts hold 153 / 67 (the 6-byte UDH), an escape
 * pair (GSM-7) or a surrogate pair (UCS-2) never straddles two parts, and the spec allows at most 16 parts.
 * Shared by the web composer (live count), the server (pre-flight, cost estimate) and the gateway simulator.
 */

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '\f^{}\\[~]|€';

const basic = new Set(Array.from(GSM_BASIC));
const extension = new Set(Array.from(GSM_EXTENSION));

export type SmsEncoding = 'GSM-7' | 'UCS-2';

/** The breakdown the composer shows and the API returns. */
export interface SegmentInfo {
  encoding: SmsEncoding;
  /** Characters as a person counts them (code points). */
  characters: number;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2) the body uses. */
  units: number;
  segments: number;
  /** Units per segment for this message (160/153 or 70/67). */
  perSegment: number;
  /** Units still free in the last segment. */
  remainingInSegment: number;
  /** The characters that forced UCS-2 (distinct, in order of first appearance); empty for GSM-7. */
  nonGsmCharacters: string[];
}

/** Largest number of concatenated parts (3GPP TS 23.040 allows 255; carriers and Twilio's 1600 cap stop sooner). */
export const MAX_SPEC_SEGMENTS = 16;

/** Invisible bidi marks that editors insert (LRM, RLM, LRE…PDF, LRI…PDI): stripped before sending. */
const BIDI_MARKS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Removes invisible bidi marks (they would cost a unit each and force nothing useful). */
export function stripBidiMarks(text: string): string {
  return text.replace(BIDI_MARKS, '');
}

/** True when the character (one code point) can be sent in GSM-7. */
export function isGsmCharacter(ch: string): boolean {
  return basic.has(ch) || extension.has(ch);
}

/** Counts encoding, units and segments of a body (the body as it will be sent: after personalisation). */
export function countSegments(text: string): SegmentInfo {
  const chars = Array.from(text);
  const nonGsm: string[] = [];
  for (const ch of chars) if (!isGsmCharacter(ch) && !nonGsm.includes(ch)) nonGsm.push(ch);
  if (nonGsm.length === 0) {
    const costs = chars.map((ch) => (extension.has(ch) ? 2 : 1));
    return finish('GSM-7', chars.length, costs, 160, 153, []);
  }
  // UCS-2: each code point costs its UTF-16 length (2 for astral characters such as most emoji).
  const costs = chars.map((ch) => ch.length);
  return finish('UCS-2', chars.length, costs, 70, 67, nonGsm);
}

function finish(encoding: SmsEncoding, characters: number, costs: number[], single: number, part: number, nonGsm: string[]): SegmentInfo {
  const units = costs.reduce((a, b) => a + b, 0);
  if (units <= single) {
    return { encoding, characters, units, segments: units === 0 ? 0 : 1, perSegment: single, remainingInSegment: single - units, nonGsmCharacters: nonGsm };
  }
  // Pack character by character so that an escape or surrogate pair is never split across parts.
  let segments = 1;
  let used = 0;
  for (const c of costs) {
    if (used + c > part) {
      segments += 1;
      used = 0;
    }
    used += c;
  }
  return { encoding, characters, units, segments, perSegment: part, remainingInSegment: part - used, nonGsmCharacters: nonGsm };
}

/** Splits a body into the parts a gateway would send (each part's text), with the same packing as countSegments. */
export function splitSegments(text: string): string[] {
  const info = countSegments(text);
  if (info.segments <= 1) return info.segments === 0 ? [] : [text];
  const parts: string[] = [];
  let cur = '';
  let used = 0;
  for (const ch of Array.from(text)) {
    const c = info.encoding === 'GSM-7' ? (extension.has(ch) ? 2 : 1) : ch.length;
    if (used + c > info.perSegment) {
      parts.push(cur);
      cur = '';
      used = 0;
    }
    cur += ch;
    used += c;
  }
  if (cur) parts.push(cur);
  return parts;
}

/** Twilio's hard cap on a body (characters); the composer warns above `WARN_SEGMENTS`. */
export const MAX_BODY_CHARACTERS = 1600;
export const WARN_SEGMENTS = 2;
/** Default hard cap (reference §0.2): 10 segments, 670 Hebrew characters. */
export const DEFAULT_MAX_SEGMENTS = 10;

/** Cost of sending one body to `recipients` at `pricePerSegment` (in the workspace's currency, minor units avoided). */
export interface CostEstimate {
  segmentsPerMessage: number;
  totalSegments: number;
  /** Rounded to 4 decimals (gateway prices are quoted per segment, e.g. 0.0512). */
  total: number;
}

export function estimateCost(body: string, recipients: number, pricePerSegment: number): CostEstimate {
  const { segments } = countSegments(body);
  const totalSegments = segments * Math.max(0, recipients);
  return { segmentsPerMessage: segments, totalSegments, total: Math.round(totalSegments * pricePerSegment * 10_000) / 10_000 };
}
