/**
 * Structural and type-aware validation of a filter tree. Every failure is a 400 whose `field` is the exact
 * path of the offending part (`filter.rules.2.value`), so the segment builder can point at the condition.
 */
import {
  FILTER_LIMITS,
  OPERATORS_BY_TYPE,
  STANDARD_FIELDS,
  valueShapeOf,
  type FilterFieldType,
  type FilterGroup,
  type FilterOperator,
  type FilterRule,
  type StandardField,
} from '../../../common/segments.js';
import { badRequest } from '../../lib/errors.js';

/** A custom field definition as the filter sees it. */
export interface FilterFieldDef {
  key: string;
  type: FilterFieldType;
  options: string[];
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks a filter against the workspace's field definitions and returns it typed. Unknown custom keys,
 * operators that do not fit the field's type, and values of the wrong shape are rejected.
 */
export function validateFilter(input: unknown, fields: ReadonlyMap<string, FilterFieldDef>, path = 'filter'): FilterGroup {
  let conditions = 0;
  const walk = (node: unknown, p: string, depth: number): FilterGroup => {
    if (!isObj(node)) throw badRequest('A filter group must be an object { op, rules }.', p);
    if (node.op !== 'and' && node.op !== 'or') throw badRequest('op must be "and" or "or".', `${p}.op`);
    if (!Array.isArray(node.rules)) throw badRequest('rules must be an array.', `${p}.rules`);
    if (depth > FILTER_LIMITS.maxDepth) throw badRequest(`Groups may nest at most ${FILTER_LIMITS.maxDepth} levels deep.`, p);
    const rules = node.rules.map((r, i) => {
      const rp = `${p}.rules.${i}`;
      if (isObj(r) && 'op' in r && !('kind' in r)) return walk(r, rp, depth + 1);
      if (++conditions > FILTER_LIMITS.maxConditions) throw badRequest(`A filter may have at most ${FILTER_LIMITS.maxConditions} conditions.`, rp);
      return validateRule(r, fields, rp);
    });
    return { op: node.op, rules };
  };
  return walk(input, path, 1);
}

function validateRule(r: unknown, fields: ReadonlyMap<string, FilterFieldDef>, p: string): FilterRule {
  if (!isObj(r)) throw badRequest('A condition must be an object.', p);
  switch (r.kind) {
    case 'group':
    case 'segment': {
      const idKey = r.kind === 'group' ? 'groupId' : 'segmentId';
      if (r.operator !== 'in' && r.operator !== 'not_in') throw badRequest('operator must be "in" or "not_in".', `${p}.operator`);
      const id = r[idKey];
      if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) throw badRequest(`${idKey} must be a positive integer.`, `${p}.${idKey}`);
      return r.kind === 'group'
        ? { kind: 'group', operator: r.operator, groupId: id }
        : { kind: 'segment', operator: r.operator, segmentId: id };
    }
    case 'field': {
      const field = r.field;
      if (typeof field !== 'string' || !(field in STANDARD_FIELDS)) {
        throw badRequest(`Unknown standard field; use one of ${Object.keys(STANDARD_FIELDS).join(', ')}.`, `${p}.field`);
      }
      const def = STANDARD_FIELDS[field as StandardField];
      const options = 'options' in def ? [...def.options] : [];
      const value = checkOperatorAndValue(def.type, options, r.operator, r.value, p, field);
      return { kind: 'field', field: field as StandardField, operator: r.operator as FilterOperator, ...(value !== undefined ? { value } : {}) };
    }
    case 'custom': {
      if (typeof r.key !== 'string' || !r.key) throw badRequest('key must name a custom field.', `${p}.key`);
      const def = fields.get(r.key);
      if (!def) throw badRequest(`Unknown custom field "${r.key}".`, `${p}.key`);
      const value = checkOperatorAndValue(def.type, def.options, r.operator, r.value, p, r.key);
      return { kind: 'custom', key: r.key, operator: r.operator as FilterOperator, ...(value !== undefined ? { value } : {}) };
    }
    default:
      throw badRequest('kind must be one of field, custom, group, segment.', `${p}.kind`);
  }
}

/** Returns the value in canonical form (select options spelled as defined), or undefined for value-less operators. */
function checkOperatorAndValue(
  type: FilterFieldType,
  options: string[],
  operator: unknown,
  value: unknown,
  p: string,
  name: string,
): string | number | (string | number)[] | undefined {
  const allowed = OPERATORS_BY_TYPE[type] as readonly string[];
  if (typeof operator !== 'string' || !allowed.includes(operator)) {
    throw badRequest(`Operator must be one of ${allowed.join(', ')} for ${name} (a ${type.replace('_', '-')} field).`, `${p}.operator`);
  }
  const vp = `${p}.value`;
  const shape = valueShapeOf(operator as FilterOperator);
  const scalar = (v: unknown, where: string): string | number => {
    if (type === 'number') {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw badRequest(`${name} is a number field; the value must be a number.`, where);
      return v;
    }
    if (type === 'date') {
      if (!isIsoDate(v)) throw badRequest('The value must be a date written YYYY-MM-DD.', where);
      return v;
    }
    if (typeof v !== 'string' || (v.length === 0 && type !== 'text')) throw badRequest('The value must be a non-empty string.', where);
    if (v.length > 1000) throw badRequest('The value is too long (1,000 characters at most).', where);
    if ((type === 'single_select' || type === 'multi_select') && options.length) {
      const hit = options.find((o) => o.toLowerCase() === v.trim().toLowerCase());
      if (hit === undefined) throw badRequest(`"${v}" is not an option of ${name}; options: ${options.join(', ')}.`, where);
      return hit;
    }
    return v;
  };
  switch (shape) {
    case 'none':
      if (value !== undefined && value !== null) throw badRequest(`${operator} takes no value.`, vp);
      return undefined;
    case 'single':
      if (value === undefined || value === null) throw badRequest(`${operator} needs a value.`, vp);
      return scalar(value, vp);
    case 'days':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 36500) {
        throw badRequest('in_last_days needs a whole number of days between 1 and 36500.', vp);
      }
      return value;
    case 'pair': {
      if (!Array.isArray(value) || value.length !== 2) throw badRequest('between needs a [from, to] pair.', vp);
      const a = scalar(value[0], `${vp}.0`);
      const b = scalar(value[1], `${vp}.1`);
      if (a > b) throw badRequest('between needs from ≤ to.', vp);
      return [a, b];
    }
    case 'list': {
      if (!Array.isArray(value) || value.length === 0) throw badRequest(`${operator} needs a non-empty list of values.`, vp);
      if (value.length > FILTER_LIMITS.maxListItems) throw badRequest(`A list may hold at most ${FILTER_LIMITS.maxListItems} values.`, vp);
      return value.map((v, i) => scalar(v, `${vp}.${i}`));
    }
  }
}

/** Group and segment ids a filter references directly (not through other segments). */
export function referencedIds(filter: FilterGroup): { groups: number[]; segments: number[] } {
  const groups = new Set<number>();
  const segments = new Set<number>();
  const walk = (g: FilterGroup) => {
    for (const r of g.rules) {
      if ('op' in r) walk(r);
      else if (r.kind === 'group') groups.add(r.groupId);
      else if (r.kind === 'segment') segments.add(r.segmentId);
    }
  };
  walk(filter);
  return { groups: [...groups], segments: [...segments] };
}
