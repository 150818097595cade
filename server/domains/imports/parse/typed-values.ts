/**
 * Parsers for typed custom-field values. Each returns the stored value or a reason; callers skip empty cells
 * before calling (an empty cell never sets or clears a field).
 */
import { msg } from '../../../lib/messages/index.js';
import type { Checked } from './contact-values.js';

/** Order of day/month/year in slash/dot/dash dates; ISO `yyyy-mm-dd` is always accepted. */
export type DateOrder = 'dmy' | 'mdy' | 'ymd';

/** A custom field as the normaliser needs it. Options apply to the select types; omitted = free values. */
export interface FieldDefinition {
  key: string;
  type: 'text' | 'number' | 'date' | 'boolean' | 'single_select' | 'multi_select';
  options?: string[];
}

const CURRENCY_RE = /^[₪$€£]\s*|\s*[₪$€£]$|\s*(?:ils|nis|usd|eur|ש"ח|שח)$/gi;
const PLAIN_NUM_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)$/;
const THOUSANDS_RE = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
const DECIMAL_COMMA_RE = /^[+-]?\d+,\d+$/;

/**
 * Numbers: `1234.5`, `1,234.5` (comma thousands), `12,5` (decimal comma when it cannot be thousands),
 * optional currency sign/code and spaces. `1,234` reads as one thousand two hundred thirty-four.
 */
export function parseNumber(s: string): Checked<number> {
  const t = s.replace(CURRENCY_RE, '').replace(/[\s\u00A0\u202F']/g, '');
  let n: number;
  if (PLAIN_NUM_RE.test(t)) n = Number(t);
  else if (THOUSANDS_RE.test(t)) n = Number(t.replace(/,/g, ''));
  else if (DECIMAL_COMMA_RE.test(t)) n = Number(t.replace(',', '.'));
  else return { ok: false, reason: msg('values.not_number', { value: s }) };
  return Number.isFinite(n) ? { ok: true, value: n } : { ok: false, reason: msg('values.not_number', { value: s }) };
}

const ISO_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const PARTS_RE = /^(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})$/;

/**
 * Dates → ISO `yyyy-mm-dd`. ISO input (a time part is dropped) is accepted whatever the order; otherwise `/`, `.`
 * or `-` separated parts in `order` (a 4-digit first part always means y/m/d). Two-digit years: 00–29 → 20xx, 30–99 → 19xx. Impossible dates are rejected.
 */
export function parseDate(s: string, order: DateOrder): Checked<string> {
  const t = s.trim();
  let y: number;
  let m: number;
  let d: number;
  const iso = ISO_RE.exec(t);
  if (iso) {
    y = +iso[1];
    m = +iso[2];
    d = +iso[3];
  } else {
    const p = PARTS_RE.exec(t);
    if (!p) return { ok: false, reason: msg('values.not_date', { value: s, order }) };
    const [a, b, c] = [p[1], p[2], p[3]];
    if (order === 'ymd' || a.length === 4) [y, m, d] = [yearOf(a), +b, +c];
    else if (order === 'mdy') [y, m, d] = [yearOf(c), +a, +b];
    else [y, m, d] = [yearOf(c), +b, +a];
    if (Number.isNaN(y) || (order === 'ymd' || a.length === 4 ? c.length > 2 : a.length > 2)) {
      return { ok: false, reason: msg('values.not_date', { value: s, order }) };
    }
  }
  if (m < 1 || m > 12 || d < 1 || d > daysIn(y, m)) return { ok: false, reason: msg('values.not_calendar_date', { value: s }) };
  return { ok: true, value: `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}` };
}

function yearOf(s: string): number {
  if (s.length === 4) return +s;
  if (s.length === 2) return +s < 30 ? 2000 + +s : 1900 + +s;
  return NaN;
}

function daysIn(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}


// No "x"/"v": a mark in a cell means yes to some users and no to others.
const TRUE_WORDS = new Set(['yes', 'y', 'true', 't', '1', 'on', 'כן', '✓', '✔']);
const FALSE_WORDS = new Set(['no', 'n', 'false', 'f', '0', 'off', 'לא']);

/** Booleans: yes/no, true/false, 1/0, y/n, on/off, כן/לא (case-insensitive). */
export function parseBoolean(s: string): Checked<boolean> {
  const t = s.trim().toLowerCase();
  if (TRUE_WORDS.has(t)) return { ok: true, value: true };
  if (FALSE_WORDS.has(t)) return { ok: true, value: false };
  return { ok: false, reason: msg('values.not_yes_no', { value: s }) };
}

/**
 * A case-insensitive option lookup returning the canonical spelling. Unknown values are rejected with the list of
 * allowed values rather than auto-created: a typo in one row must not grow the option list for everyone.
 */
export function createOptionMatcher(options: string[] | undefined): (s: string) => Checked<string> {
  if (!options) return (s) => ({ ok: true, value: s });
  const byLower = new Map(options.map((o) => [o.trim().toLowerCase(), o]));
  const shown = options.length > 10 ? `${options.slice(0, 10).join(', ')}, …` : options.join(', ');
  return (s) => {
    const hit = byLower.get(s.trim().toLowerCase());
    return hit !== undefined ? { ok: true, value: hit } : { ok: false, reason: msg('values.not_option', { value: s.trim(), options: shown }) };
  };
}

const MULTI_SPLIT_RE = /[,;|]/;

/** Multi-select: split on `,` `;` `|`, trim, drop empties and repeats (`,students,teachers,` → 2 values). */
export function parseMulti(s: string, match: (s: string) => Checked<string>): Checked<string[]> {
  const out: string[] = [];
  for (const part of s.split(MULTI_SPLIT_RE)) {
    const p = part.trim();
    if (!p) continue;
    const r = match(p);
    if (!r.ok) return r;
    if (!out.includes(r.value)) out.push(r.value);
  }
  return { ok: true, value: out };
}
