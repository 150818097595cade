/**
 * Normalisation of the two contact keys: email address and phone number.
 * Both return a value or the coded reason (docs/i18n.md) it was refused; they never throw on bad data.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';
import { msg, type Message } from '../../../lib/messages/index.js';
import { createPhoneFastPath } from './phone-fast-path.js';

/** A normalised value or the reason it was rejected (`reason.message` is the English text). */
export type Checked<T> = { ok: true; value: T } | { ok: false; reason: Message };

const no = (reason: Message): { ok: false; reason: Message } => ({ ok: false, reason });

// Practical RFC 5322 subset: dot-atom local part, LDH domain labels (Unicode letters allowed for IDNs),
// at least two labels, alphabetic (or punycode) TLD of 2+ characters.
const LOCAL_RE = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL_RE = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;
const TLD_RE = /^(?:\p{L}{2,63}|xn--[a-z0-9-]{1,59})$/u;
const WS_RE = /^[\s\u200B-\u200F\u202A-\u202E\uFEFF]+|[\s\u200B-\u200F\u202A-\u202E\uFEFF]+$/g;

/** Whitespace, zero-width and bidi marks; `cleanCell` only runs its regex when an end of the cell has one. */
function isTrimmable(c: number): boolean {
  return c <= 32 || c === 0xa0 || c === 0xfeff || (c >= 0x2000 && c <= 0x200f) || (c >= 0x2028 && c <= 0x202f) || c === 0x3000;
}

/** Trims whitespace, invisible direction marks and zero-width characters (common in Hebrew exports). */
export function cleanCell(s: string): string {
  if (s.length === 0 || (!isTrimmable(s.charCodeAt(0)) && !isTrimmable(s.charCodeAt(s.length - 1)))) return s;
  return s.replace(WS_RE, '');
}

// The common case in one regex (ASCII dot-atom @ LDH labels . alphabetic TLD); everything else takes the slow
// path below, which also produces the reason for a rejection.
const FAST_EMAIL_RE =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * Trims, lowercases and validates an email address. Accepts `mailto:` prefixes and `Name <addr>` forms.
 * Rejects missing/extra `@`, spaces, leading/trailing/double dots, single-label domains and bad TLDs.
 */
export function normalizeEmail(raw: string): Checked<string> {
  let s = cleanCell(raw).toLowerCase();
  if (s.length <= 254 && FAST_EMAIL_RE.test(s) && s.indexOf('@') <= 64) return { ok: true, value: s };
  if (s.startsWith('mailto:')) s = s.slice(7);
  if (s.includes('<')) {
    const m = /<([^<>]*)>\s*$/.exec(s);
    if (m) s = m[1].trim();
  }
  const at = s.indexOf('@');
  if (at < 0) return no(msg('email.missing_at'));
  if (s.indexOf('@', at + 1) >= 0) return no(msg('email.two_at'));
  if (/\s/.test(s)) return no(msg('email.spaces'));
  if (s.length > 254) return no(msg('email.too_long'));
  const local = s.slice(0, at);
  const domain = s.slice(at + 1);
  if (local.length === 0) return no(msg('email.nothing_before_at'));
  if (local.length > 64) return no(msg('email.local_too_long'));
  if (!LOCAL_RE.test(local)) {
    return no(msg(local.includes('..') ? 'email.double_dot' : 'email.local_invalid'));
  }
  if (domain.length === 0) return no(msg('email.nothing_after_at'));
  const labels = domain.split('.');
  if (labels.length < 2) return no(msg('email.no_tld'));
  for (const l of labels) {
    if (l.length === 0) return no(msg(domain.includes('..') ? 'email.double_dot' : 'email.domain_dot'));
    if (!LABEL_RE.test(l)) return no(msg('email.domain_part_invalid', { part: l }));
  }
  if (!TLD_RE.test(labels[labels.length - 1])) return no(msg('email.tld_invalid'));
  return { ok: true, value: s };
}

const FORMATTED_RE = /^\+?[\d\s\-().\/]+$/;
const NON_DIGITS_RE = /\D/g;

/** A phone normaliser bound to a default country (used for numbers written without a country code). */
export type PhoneNormalizer = (raw: string) => Checked<string>;

/**
 * Creates a phone normaliser: libphonenumber-js (min metadata) parse + validity check, E.164 out.
 * Digits-only input that is invalid nationally but starts with a country code (`972501234567`, as WhatsApp
 * exports and numeric spreadsheet cells write it) is retried as international.
 * `fastPath: false` disables the metadata fast path (see phone-fast-path.ts); tests compare both.
 */
export function createPhoneNormalizer(defaultCountry: string, opts: { fastPath?: boolean } = {}): PhoneNormalizer {
  const country = defaultCountry.toUpperCase() as CountryCode;
  const fast = opts.fastPath === false ? null : createPhoneFastPath(country);
  return (raw) => {
    const s = cleanCell(raw);
    // Punctuation-only formatting is stripped first: libphonenumber parses bare digits ~20% faster, and the result
    // is the same. Anything else (letters, "ext.") goes to libphonenumber untouched.
    const formatted = FORMATTED_RE.test(s);
    const plus = s[0] === '+';
    const digits = formatted ? s.replace(NON_DIGITS_RE, '') : '';
    if (fast !== null && formatted) {
      const e164 = fast(digits, plus);
      if (e164 !== null) return { ok: true, value: e164 };
    }
    let p = parsePhoneNumberFromString(formatted ? (plus ? '+' : '') + digits : s, country);
    if ((!p || !p.isValid()) && !plus && s[0] !== '0') {
      const d = s.replace(/[\s\-().]/g, '');
      if (/^[1-9]\d{9,14}$/.test(d)) {
        const intl = parsePhoneNumberFromString('+' + d);
        if (intl && intl.isValid()) p = intl;
      }
    }
    if (!p) return no(msg('phone.not_a_number'));
    if (!p.isValid()) return no(msg('phone.invalid_for_country', { country: p.country ?? country }));
    return { ok: true, value: p.number };
  };
}
