/**
 * A fast path for the commonest phone input — a number of the import's default country, written nationally
 * (`050-599-0608`) or internationally (`+972 50 599 0608`) — that answers from libphonenumber-js's own min metadata
 * without a full parse (which is ~⅓ of an import's CPU time otherwise).
 *
 * It only ever ACCEPTS, and only where libphonenumber's rules reduce to "strip the plain national prefix or the
 * country code, then the national number must match the country's pattern": a calling code used by one country only,
 * no per-type patterns, no national-prefix transform rules, not an IDD prefix. Everything else returns null and the
 * caller runs the full libphonenumber parse, so results and rejection reasons stay libphonenumber's.
 * phone.test.ts checks fast path == full parse over many generated numbers in several countries.
 */
import { Metadata, type CountryCode } from 'libphonenumber-js/core';
import metadata from 'libphonenumber-js/min/metadata';

/** Digits (no `+`) and whether the input started with `+` → E.164, or null for "ask libphonenumber". */
export type PhoneFastPath = (digits: string, plus: boolean) => string | null;

/** Methods of libphonenumber-js's NumberingPlan that exist at runtime but are missing from its type declarations. */
interface PlanView {
  callingCode(): string;
  nationalNumberPattern(): string;
  possibleLengths(): number[] | undefined;
  nationalPrefix(): string | undefined;
  nationalPrefixForParsing(): string | undefined;
  nationalPrefixTransformRule(): string | undefined;
  IDDPrefix(): string | undefined;
  hasTypes(): boolean;
}

/** Builds the fast path for `country`, or null when that country's rules are not simple enough for it. */
export function createPhoneFastPath(country: CountryCode): PhoneFastPath | null {
  const meta = new Metadata(metadata);
  try {
    meta.selectNumberingPlan(country);
  } catch {
    return null;
  }
  const m = meta.numberingPlan as unknown as PlanView | undefined;
  if (!m) return null;
  const cc = m.callingCode();
  const sharing = (metadata as unknown as { country_calling_codes: Record<string, string[]> }).country_calling_codes[cc];
  if (!sharing || sharing.length !== 1 || m.hasTypes()) return null;
  const np = m.nationalPrefix();
  if (m.nationalPrefixTransformRule() || (np !== undefined && !/^\d+$/.test(np)) || m.nationalPrefixForParsing() !== np) {
    return null;
  }
  const pattern = new RegExp(`^(?:${m.nationalNumberPattern()})$`);
  const lengths = new Set(m.possibleLengths() ?? []);
  const iddSource = m.IDDPrefix();
  const idd = iddSource ? new RegExp(`^(?:${iddSource})`) : null;
  return (digits, plus) => {
    let national: string;
    if (plus) {
      if (!digits.startsWith(cc)) return null;
      national = digits.slice(cc.length);
      if (np && national.startsWith(np)) return null; // "+972 0…": libphonenumber strips it; let it decide
    } else {
      if (!np || !digits.startsWith(np) || (idd !== null && idd.test(digits))) return null;
      national = digits.slice(np.length);
    }
    if (lengths.size !== 0 && !lengths.has(national.length)) return null;
    return pattern.test(national) ? `+${cc}${national}` : null;
  };
}
