/**
 * Row normalisation and validation: mapped cell texts → a contact ready for the DB writer, or the first problem.
 *
 * Rules (see docs/import-format.md): a present email must be valid; a present phone must be valid; at least one of
 * them is required; empty cells set nothing; typed custom fields are parsed by type. Work per row is a loop over a
 * precompiled list of column handlers, so nothing is looked up by name per row.
 */
import { isSupportedCountry } from 'libphonenumber-js/min';
import type { FieldTarget } from '../../../../common/import-mapping.js';
import { msg, type Message } from '../../../lib/messages/index.js';
import { cleanCell, createPhoneNormalizer, normalizeEmail, type Checked } from './contact-values.js';
import {
  createOptionMatcher,
  parseBoolean,
  parseDate,
  parseMulti,
  parseNumber,
  type DateOrder,
  type FieldDefinition,
} from './typed-values.js';

/** A normalised contact (no id, no workspace: the DB writer adds those). */
export interface NormalizedContact {
  email: string | null;
  phone_e164: string | null;
  phone_raw: string | null;
  first_name: string | null;
  last_name: string | null;
  fields: Record<string, unknown>;
}

/** The outcome for one row. `column` is the header text of the offending column (or its letter without headers). */
export type NormalizeResult =
  | { ok: true; contact: NormalizedContact }
  | { ok: false; line: number; column: string; reason: Message };

/** Options of `createRowNormalizer`. */
export interface RowNormalizerOptions {
  /** Column index → target; unmapped (or null) columns are ignored. */
  mapping: Record<number, FieldTarget | null>;
  /** Definitions of the custom fields that the mapping may target. */
  fields: FieldDefinition[];
  /** ISO 3166 alpha-2 country for phone numbers written without a country code, e.g. `IL`. */
  defaultCountry: string;
  /** How to read `01/02/2024`-style dates; default `dmy`. */
  dateOrder?: DateOrder;
  /** Header row, used to name columns in errors. */
  headers?: string[];
}

/** Thrown by `createRowNormalizer` for a mapping that cannot be applied (a user/API error, not a data error). */
export class MappingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MappingError';
  }
}

type Setter = (v: string, c: NormalizedContact) => Message | null; // returns a reason on failure

/** Spreadsheet column letters (0 → A, 26 → AA) for naming columns when no header is given. */
export function columnLetter(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/**
 * Compiles a mapping into a row normaliser `(values, line) => result`. Throws `MappingError` when the mapping targets
 * an unknown custom field or uses a target twice, or the default country is unknown.
 */
export function createRowNormalizer(opts: RowNormalizerOptions): (values: string[], line: number) => NormalizeResult {
  if (!isSupportedCountry(opts.defaultCountry.toUpperCase())) {
    throw new MappingError(`Unknown default country "${opts.defaultCountry}" (expected an ISO code such as IL)`);
  }
  const phoneOf = createPhoneNormalizer(opts.defaultCountry);
  const order = opts.dateOrder ?? 'dmy';
  const defs = new Map(opts.fields.map((f) => [f.key, f]));
  const colName = (i: number) => (opts.headers?.[i] ? opts.headers[i] : `column ${columnLetter(i)}`);
  const cols: number[] = [];
  const setters: Setter[] = [];
  const used = new Set<string>();
  let emailCol = -1;
  let phoneCol = -1;

  for (const [k, target] of Object.entries(opts.mapping)) {
    if (target === null || target === undefined) continue;
    const col = Number(k);
    if (!Number.isInteger(col) || col < 0) throw new MappingError(`Invalid column index ${k}`);
    const key = typeof target === 'string' ? target : `custom:${target.custom}`;
    if (used.has(key)) throw new MappingError(`Two columns are mapped to ${key}`);
    used.add(key);
    cols.push(col);
    if (target === 'email') emailCol = col;
    if (target === 'phone') phoneCol = col;
    setters.push(builtinOrCustom(target, defs, phoneOf, order));
  }

  return (values, line) => {
    const c: NormalizedContact = { email: null, phone_e164: null, phone_raw: null, first_name: null, last_name: null, fields: {} };
    let fullName: string | null = null;
    for (let i = 0; i < cols.length; i++) {
      const raw = values[cols[i]];
      if (raw === undefined || raw.length === 0) continue;
      const v = cleanCell(raw);
      if (v.length === 0) continue;
      if (setters[i] === setFullName) {
        fullName = v;
        continue;
      }
      const reason = setters[i](v, c);
      if (reason !== null) return { ok: false, line, column: colName(cols[i]), reason };
    }
    if (fullName !== null) splitFullName(fullName, c);
    if (c.email === null && c.phone_e164 === null) {
      const col = emailCol >= 0 ? emailCol : phoneCol >= 0 ? phoneCol : -1;
      return {
        ok: false,
        line,
        column: col >= 0 ? colName(col) : '',
        reason: msg('imports.no_email_or_phone'),
      };
    }
    return { ok: true, contact: c };
  };
}

const setFullName: Setter = () => null; // marker: handled after the loop so explicit first/last columns win

/** "Dana Levi Cohen" → first "Dana", last "Levi Cohen"; only fills names that no explicit column provided. */
function splitFullName(full: string, c: NormalizedContact): void {
  const m = /^(\S+)\s+(.+)$/.exec(full);
  const first = m ? m[1] : full;
  const last = m ? m[2].trim() : null;
  if (c.first_name === null) c.first_name = first;
  if (c.last_name === null && last) c.last_name = last;
}

function builtinOrCustom(
  target: FieldTarget,
  defs: Map<string, FieldDefinition>,
  phoneOf: (s: string) => Checked<string>,
  order: DateOrder,
): Setter {
  switch (target) {
    case 'email':
      return (v, c) => {
        const r = normalizeEmail(v);
        if (!r.ok) return msg('imports.email_invalid', { value: v, problem: r.reason });
        c.email = r.value;
        return null;
      };
    case 'phone':
      return (v, c) => {
        const r = phoneOf(v);
        if (!r.ok) return msg('imports.phone_invalid', { value: v, problem: r.reason });
        c.phone_e164 = r.value;
        c.phone_raw = v;
        return null;
      };
    case 'first_name':
      return (v, c) => ((c.first_name = v), null);
    case 'last_name':
      return (v, c) => ((c.last_name = v), null);
    case 'full_name':
      return setFullName;
  }
  const def = defs.get(target.custom);
  if (!def) throw new MappingError(`Unknown custom field "${target.custom}"`);
  return customSetter(def, order);
}

function customSetter(def: FieldDefinition, order: DateOrder): Setter {
  const key = def.key;
  const put = <T>(r: Checked<T>, c: NormalizedContact): Message | null => {
    if (!r.ok) return r.reason;
    c.fields[key] = r.value;
    return null;
  };
  switch (def.type) {
    case 'text':
      return (v, c) => ((c.fields[key] = v), null);
    case 'number':
      return (v, c) => put(parseNumber(v), c);
    case 'date':
      return (v, c) => put(parseDate(v, order), c);
    case 'boolean':
      return (v, c) => put(parseBoolean(v), c);
    case 'single_select': {
      const match = createOptionMatcher(def.options);
      return (v, c) => put(match(v), c);
    }
    case 'multi_select': {
      const match = createOptionMatcher(def.options);
      return (v, c) => {
        const r = parseMulti(v, match);
        if (r.ok && r.value.length === 0) return null; // ",,," carries no value
        return put(r, c);
      };
    }
    default:
      throw new MappingError(`Unsupported field type "${String((def as FieldDefinition).type)}" of "${key}"`);
  }
}
