/**
 * Compiles a validated filter tree into one SQL boolean expression over `contacts` aliased `c`.
 * Every value is a bound parameter. Shapes are chosen so PostgreSQL can use indexes:
 *  - equality-like custom-field conditions (select, boolean, multi-select) use jsonb containment
 *    (`c.fields @> '{"city":"Haifa"}'`), served by the GIN index from migration 0003;
 *  - email / names / phone prefixes use the text_pattern_ops prefix indexes from 0001;
 *  - group membership is an EXISTS probe of group_members' primary key;
 *  - numbers go through clarion_num() (0003), a cast that yields NULL instead of erroring on bad data;
 *  - custom dates are stored as YYYY-MM-DD text, so they compare as text.
 * The expression never evaluates to NULL where it is negated, so NOT behaves as users expect.
 */
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { getCountryCallingCode, type CountryCode } from 'libphonenumber-js/min';
import type { FilterGroup, FilterRule, StandardField } from '../../../common/segments.js';
import { badRequest } from '../../lib/errors.js';
import { validateFilter, type FilterFieldDef } from './filter-validate.js';

export type Cond = RawBuilder<SqlBool>;

/** Everything compilation needs to know about the workspace, loaded up front (see segments.service). */
export interface CompileEnv {
  fields: ReadonlyMap<string, FilterFieldDef>;
  /** Live (not deleted) groups of this workspace referenced by the filter. */
  groups: ReadonlySet<number>;
  /** Live segments of this workspace reachable from the filter: id → { name, stored filter }. */
  segments: ReadonlyMap<number, { name: string; filter: unknown }>;
  /** IANA timezone for "on 2024-05-01" of created_at/updated_at. */
  timezone: string;
  /** ISO country for phone numbers written without a country code. */
  country: string;
  /** Saving a segment: a reference to a missing group/segment is a 400 instead of matching nothing. */
  strictRefs: boolean;
}

const TRUE: Cond = sql<SqlBool>`true`;
const FALSE: Cond = sql<SqlBool>`false`;

const and = (parts: Cond[]): Cond => (parts.length === 0 ? TRUE : parts.length === 1 ? parts[0] : sql<SqlBool>`(${sql.join(parts, sql` and `)})`);
const or = (parts: Cond[]): Cond => (parts.length === 0 ? FALSE : parts.length === 1 ? parts[0] : sql<SqlBool>`(${sql.join(parts, sql` or `)})`);
/** NOT that treats an unknown (NULL) inner result as false, so "not in segment" includes contacts with empty values. */
export const not = (c: Cond): Cond => sql<SqlBool>`not coalesce(${c}, false)`;

/** Escapes LIKE wildcards so user text matches literally. */
export const likeEscape = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

/**
 * Possible E.164 prefixes for what a user typed as a phone number: `+972 50…` as written, `0501…` with the
 * workspace's country code instead of the trunk 0, `00972…` as `+972…`, and bare digits both ways.
 */
export function phonePrefixes(input: string, country: string): string[] {
  const t = input.trim();
  const digits = t.replace(/\D/g, '');
  if (!digits) return [];
  if (t.startsWith('+')) return [`+${digits}`];
  if (digits.startsWith('00')) return [`+${digits.slice(2)}`];
  let cc = '';
  try {
    cc = getCountryCallingCode(country as CountryCode);
  } catch {
    /* unknown country: only the literal reading */
  }
  if (digits.startsWith('0')) return cc ? [`+${cc}${digits.slice(1)}`] : [`+${digits.slice(1)}`];
  return cc && !digits.startsWith(cc) ? [`+${digits}`, `+${cc}${digits}`] : [`+${digits}`];
}

/** Compiles a validated filter. `stack` holds the segment ids being expanded, to reject cycles. */
export function compileTree(filter: FilterGroup, env: CompileEnv, path = 'filter', stack: number[] = []): Cond {
  const parts = filter.rules.map((r, i) => ('op' in r ? compileTree(r, env, `${path}.rules.${i}`, stack) : compileRule(r, env, `${path}.rules.${i}`, stack)));
  return filter.op === 'and' ? and(parts) : or(parts);
}

function compileRule(r: FilterRule, env: CompileEnv, p: string, stack: number[]): Cond {
  switch (r.kind) {
    case 'group': {
      if (!env.groups.has(r.groupId)) {
        if (env.strictRefs) throw badRequest(`Group ${r.groupId} not found.`, `${p}.groupId`);
        return r.operator === 'in' ? FALSE : TRUE;
      }
      const inGroup = sql<SqlBool>`exists (select 1 from group_members gm where gm.group_id = ${r.groupId} and gm.contact_id = c.id)`;
      return r.operator === 'in' ? inGroup : sql<SqlBool>`not ${inGroup}`;
    }
    case 'segment': {
      const seg = env.segments.get(r.segmentId);
      if (!seg) {
        if (env.strictRefs) throw badRequest(`Segment ${r.segmentId} not found.`, `${p}.segmentId`);
        return r.operator === 'in' ? FALSE : TRUE;
      }
      if (stack.includes(r.segmentId)) throw badRequest(`Segment "${seg.name}" refers back to itself (a cycle).`, `${p}.segmentId`);
      let inner: FilterGroup;
      try {
        inner = validateFilter(seg.filter, env.fields, 'filter');
      } catch (err) {
        throw badRequest(`Segment "${seg.name}" (id ${r.segmentId}) no longer fits the field definitions: ${(err as Error).message}`, `${p}.segmentId`);
      }
      // The sub-filter is over the same contact row, so it is inlined rather than wrapped in EXISTS.
      const c = compileTree(inner, { ...env, strictRefs: false }, `${p}.segmentId`, [...stack, r.segmentId]);
      return r.operator === 'in' ? sql<SqlBool>`coalesce(${c}, false)` : not(c);
    }
    case 'field':
      return compileStandard(r.field, r.operator, r.value, env);
    case 'custom': {
      const def = env.fields.get(r.key);
      if (!def) throw badRequest(`Unknown custom field "${r.key}".`, `${p}.key`);
      return compileCustom(def, r.operator, r.value, env.timezone);
    }
  }
}

type V = string | number | boolean | (string | number)[] | undefined;
const list = (v: V) => (Array.isArray(v) ? v : [v as string | number]);

/** Case-insensitive text conditions over a text expression `e` (already lowercased when `lowered`). */
function textCond(e: RawBuilder<unknown>, op: string, value: V, opts: { lowered?: boolean } = {}): Cond {
  const col = opts.lowered ? e : sql`lower(${e})`;
  const s = typeof value === 'string' ? value.toLowerCase() : '';
  switch (op) {
    case 'equals':
      return sql<SqlBool>`coalesce(${col} = ${s}, false)`;
    case 'not_equals':
      return sql<SqlBool>`coalesce(${col} <> ${s}, true)`;
    case 'contains':
      return sql<SqlBool>`coalesce(${col} like ${`%${likeEscape(s)}%`}, false)`;
    case 'not_contains':
      return sql<SqlBool>`coalesce(${col} not like ${`%${likeEscape(s)}%`}, true)`;
    case 'starts_with':
      return sql<SqlBool>`coalesce(${col} like ${`${likeEscape(s)}%`}, false)`;
    case 'ends_with':
      return sql<SqlBool>`coalesce(${col} like ${`%${likeEscape(s)}`}, false)`;
    case 'is_empty':
      return sql<SqlBool>`coalesce(${e}, '') = ''`;
    case 'is_not_empty':
      return sql<SqlBool>`coalesce(${e}, '') <> ''`;
    case 'in_list':
      return sql<SqlBool>`coalesce(${col} in (${sql.join(list(value).map((v) => String(v).toLowerCase()))}), false)`;
  }
  throw new Error(`unreachable text operator ${op}`);
}

function compileStandard(field: StandardField, op: string, value: V, env: CompileEnv): Cond {
  switch (field) {
    case 'email':
      // Stored lowercased, so plain comparisons use contacts_ws_email(_prefix).
      return textCond(sql`c.email`, op, value, { lowered: true });
    case 'first_name':
      return textCond(sql`lower(c.first_name)`, op, value, { lowered: true });
    case 'last_name':
      return textCond(sql`lower(c.last_name)`, op, value, { lowered: true });
    case 'phone':
      return phoneCond(op, value, env.country);
    case 'created_at':
    case 'updated_at':
      return timestampCond(sql.ref(`c.${field}`), op, value, env.timezone);
    case 'email_status':
    case 'whatsapp_status':
    case 'sms_status': {
      const col = sql.ref(`c.${field}`);
      if (op === 'is') return sql<SqlBool>`${col} = ${value as string}`;
      if (op === 'is_not') return sql<SqlBool>`${col} <> ${value as string}`;
      return sql<SqlBool>`${col} in (${sql.join(list(value))})`;
    }
  }
}

function phoneCond(op: string, value: V, country: string): Cond {
  const col = sql`c.phone_e164`;
  const matchAny = (vals: string[], mk: (v: string) => Cond) => or(vals.map(mk));
  switch (op) {
    case 'equals':
      return matchAny(phonePrefixes(String(value), country), (v) => sql<SqlBool>`coalesce(${col} = ${v}, false)`);
    case 'not_equals':
      return not(matchAny(phonePrefixes(String(value), country), (v) => sql<SqlBool>`${col} = ${v}`));
    case 'starts_with':
      return matchAny(phonePrefixes(String(value), country), (v) => sql<SqlBool>`coalesce(${col} like ${`${likeEscape(v)}%`}, false)`);
    case 'in_list':
      return matchAny(list(value).flatMap((v) => phonePrefixes(String(v), country)), (v) => sql<SqlBool>`coalesce(${col} = ${v}, false)`);
    case 'contains':
    case 'not_contains':
    case 'ends_with': {
      const digits = String(value).replace(/\D/g, '');
      return textCond(col, op, digits, { lowered: true });
    }
    default:
      return textCond(col, op, value, { lowered: true });
  }
}

/** created_at / updated_at: calendar days are taken in the workspace's timezone; bounds are constants, so sargable. */
function timestampCond(col: RawBuilder<unknown>, op: string, value: V, tz: string): Cond {
  const dayStart = (d: string, plusDays = 0) => sql`((${d}::date + ${plusDays}::int)::timestamp at time zone ${tz})`;
  switch (op) {
    case 'on':
      return sql<SqlBool>`(${col} >= ${dayStart(value as string)} and ${col} < ${dayStart(value as string, 1)})`;
    case 'before':
      return sql<SqlBool>`${col} < ${dayStart(value as string)}`;
    case 'after':
      return sql<SqlBool>`${col} >= ${dayStart(value as string, 1)}`;
    case 'between': {
      const [a, b] = value as string[];
      return sql<SqlBool>`(${col} >= ${dayStart(a)} and ${col} < ${dayStart(b, 1)})`;
    }
    case 'in_last_days':
      return sql<SqlBool>`${col} >= now() - make_interval(days => ${value as number}::int)`;
    case 'is_empty':
      return sql<SqlBool>`${col} is null`;
  }
  throw new Error(`unreachable date operator ${op}`);
}

/** `c.fields @> '{"key": value}'` — a GIN-indexable exact match of a stored JSON value. */
const contains = (key: string, v: unknown): Cond => sql<SqlBool>`c.fields @> ${JSON.stringify({ [key]: v })}::jsonb`;

function compileCustom(def: FilterFieldDef, op: string, value: V, tz: string): Cond {
  const key = def.key;
  const text = sql<string | null>`(c.fields ->> ${key})`;
  const isEmpty = sql<SqlBool>`coalesce(c.fields ->> ${key}, '') = ''`;
  switch (def.type) {
    case 'text':
      return textCond(text, op, value);
    case 'number': {
      const n = sql`clarion_num(c.fields -> ${key})`;
      const num = (v: unknown) => sql`${v as number}::numeric`;
      switch (op) {
        case 'eq': return sql<SqlBool>`coalesce(${n} = ${num(value)}, false)`;
        case 'neq': return sql<SqlBool>`coalesce(${n} <> ${num(value)}, true)`;
        case 'gt': return sql<SqlBool>`coalesce(${n} > ${num(value)}, false)`;
        case 'gte': return sql<SqlBool>`coalesce(${n} >= ${num(value)}, false)`;
        case 'lt': return sql<SqlBool>`coalesce(${n} < ${num(value)}, false)`;
        case 'lte': return sql<SqlBool>`coalesce(${n} <= ${num(value)}, false)`;
        case 'between': {
          const [a, b] = value as number[];
          return sql<SqlBool>`coalesce(${n} between ${num(a)} and ${num(b)}, false)`;
        }
        case 'is_empty': return sql<SqlBool>`${n} is null`;
      }
      break;
    }
    case 'date': {
      // Stored as YYYY-MM-DD; the guard keeps stray text out of range comparisons.
      const d = sql`(case when (c.fields ->> ${key}) ~ '^\\d{4}-\\d{2}-\\d{2}' then left(c.fields ->> ${key}, 10) end)`;
      switch (op) {
        case 'on': return sql<SqlBool>`coalesce(${d} = ${value as string}, false)`;
        case 'before': return sql<SqlBool>`coalesce(${d} < ${value as string}, false)`;
        case 'after': return sql<SqlBool>`coalesce(${d} > ${value as string}, false)`;
        case 'between': {
          const [a, b] = value as string[];
          return sql<SqlBool>`coalesce(${d} between ${a} and ${b}, false)`;
        }
        case 'in_last_days': {
          const today = sql`(now() at time zone ${tz})::date`;
          return sql<SqlBool>`coalesce(${d} between to_char(${today} - ${value as number}::int, 'YYYY-MM-DD') and to_char(${today}, 'YYYY-MM-DD'), false)`;
        }
        case 'is_empty': return sql<SqlBool>`${d} is null`;
      }
      break;
    }
    case 'boolean':
      if (op === 'is_true') return contains(key, true);
      if (op === 'is_false') return contains(key, false);
      return isEmpty;
    case 'single_select':
      if (op === 'is') return contains(key, value);
      if (op === 'is_not') return not(contains(key, value));
      return or(list(value).map((v) => contains(key, v)));
    case 'multi_select':
      if (op === 'has_all') return contains(key, list(value));
      if (op === 'has_any') return or(list(value).map((v) => contains(key, [v])));
      return not(or(list(value).map((v) => contains(key, [v]))));
  }
  throw new Error(`unreachable operator ${op} for ${def.type}`);
}
