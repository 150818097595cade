/**
 * Validates custom-field values sent through the API against the workspace's definitions. Unlike the import
 * parser (which reads free text from spreadsheet cells), the API takes typed JSON: numbers as numbers, dates
 * as ISO `yyyy-mm-dd`, booleans as booleans, multi-select values as arrays. Errors name the field as
 * `fields.<key>` so a form can highlight it.
 */
import type { FieldValue } from '../../../common/contacts.js';
import { validationFailed } from '../../lib/errors.js';
import type { FieldRow } from './fields.repo.js';

/** What a write does to `contacts.fields`: keys to set (merged) and keys to remove. */
export interface FieldChanges {
  set: Record<string, FieldValue>;
  unset: string[];
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written as yyyy-mm-dd. */
export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

function matchOption(options: string[], v: string): string | undefined {
  const t = v.trim().toLowerCase();
  return options.find((o) => o.trim().toLowerCase() === t);
}

/** Checks one value against its definition and returns the canonical stored value. Throws 400 naming `fields.<key>`. */
export function checkFieldValue(def: Pick<FieldRow, 'key' | 'type' | 'options' | 'label'>, value: unknown): FieldValue {
  const field = `fields.${def.key}`;
  const fail = (why: string): never => {
    throw validationFailed(field, `${def.label} (${def.key}) ${why}.`);
  };
  switch (def.type) {
    case 'text':
      if (typeof value !== 'string') return fail('must be text');
      if (value.length > 10_000) return fail('is longer than 10,000 characters');
      return value;
    case 'number': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n)) return fail('must be a number');
      return n;
    }
    case 'date':
      if (typeof value !== 'string' || !isIsoDate(value)) return fail('must be a date written as yyyy-mm-dd');
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') return fail('must be true or false');
      return value;
    case 'single_select': {
      if (typeof value !== 'string') return fail(`must be one of: ${def.options.join(', ')}`);
      return matchOption(def.options, value) ?? fail(`must be one of: ${def.options.join(', ')}`);
    }
    case 'multi_select': {
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) return fail('must be a list of options');
      const out: string[] = [];
      for (const v of value as string[]) {
        const o = matchOption(def.options, v);
        if (o === undefined) return fail(`has "${v}", which is not one of: ${def.options.join(', ')}`);
        if (!out.includes(o)) out.push(o);
      }
      return out;
    }
  }
}

/**
 * Validates a `fields` object from a request. `null` or `''` removes a key; unknown keys are rejected so a
 * typo does not silently store data nobody can filter on.
 */
export function checkFieldValues(defs: FieldRow[], input: Record<string, unknown> | undefined): FieldChanges {
  const out: FieldChanges = { set: {}, unset: [] };
  if (!input) return out;
  const byKey = new Map(defs.map((d) => [d.key, d]));
  for (const [key, value] of Object.entries(input)) {
    const def = byKey.get(key);
    if (!def) throw validationFailed(`fields.${key}`, `There is no custom field "${key}"; create it under Fields first.`);
    if (value === null || value === '' || (Array.isArray(value) && value.length === 0)) out.unset.push(key);
    else out.set[key] = checkFieldValue(def, value);
  }
  return out;
}
