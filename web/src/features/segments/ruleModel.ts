/**
 * Helpers for the segment builder: what a condition targets, its type (which decides the operators,
 * from common/segments.ts), a fresh default condition, and whether a tree is complete enough to count.
 */
import type { FieldDefinitionView } from '../../api/fields.js';
import {
  OPERATORS_BY_TYPE,
  STANDARD_FIELDS,
  valueShapeOf,
  type FilterFieldType,
  type FilterGroup,
  type FilterOperator,
  type FilterRule,
  type FilterValue,
  type StandardField,
} from '../../../../common/segments.js';

export type Node = FilterRule | FilterGroup;
export const isGroup = (n: Node): n is FilterGroup => 'op' in n && 'rules' in n;

/** A condition's target as one string: `field:email`, `custom:city`, `group`, `segment`. */
export function targetOf(r: FilterRule): string {
  if (r.kind === 'field') return `field:${r.field}`;
  if (r.kind === 'custom') return `custom:${r.key}`;
  return r.kind;
}

/** The type and options of a target. */
export function typeOf(target: string, fields: FieldDefinitionView[]): { type: FilterFieldType; options: readonly string[] } {
  if (target.startsWith('field:')) {
    const def = STANDARD_FIELDS[target.slice(6) as StandardField];
    return { type: def.type, options: 'options' in def ? def.options : [] };
  }
  if (target.startsWith('custom:')) {
    const f = fields.find((x) => x.key === target.slice(7));
    return { type: f?.type ?? 'text', options: f?.options ?? [] };
  }
  return { type: 'single_select', options: [] };
}

export function operatorsFor(target: string, fields: FieldDefinitionView[]): readonly string[] {
  if (target === 'group' || target === 'segment') return ['in', 'not_in'];
  return OPERATORS_BY_TYPE[typeOf(target, fields).type];
}

/** A new condition on `target` with its first operator and an empty value of the right shape. */
export function newRule(target: string, fields: FieldDefinitionView[], ids: { groupId?: number; segmentId?: number } = {}): FilterRule {
  if (target === 'group') return { kind: 'group', operator: 'in', groupId: ids.groupId ?? 0 };
  if (target === 'segment') return { kind: 'segment', operator: 'in', segmentId: ids.segmentId ?? 0 };
  const operator = operatorsFor(target, fields)[0] as FilterOperator;
  const value = emptyValue(operator);
  if (target.startsWith('field:')) return { kind: 'field', field: target.slice(6) as StandardField, operator, ...(value !== undefined ? { value } : {}) };
  return { kind: 'custom', key: target.slice(7), operator, ...(value !== undefined ? { value } : {}) };
}

export function emptyValue(op: FilterOperator): FilterValue | undefined {
  const shape = valueShapeOf(op);
  if (shape === 'none') return undefined;
  if (shape === 'list' || shape === 'pair') return [];
  return '';
}

function ruleComplete(r: FilterRule): boolean {
  if (r.kind === 'group') return r.groupId > 0;
  if (r.kind === 'segment') return r.segmentId > 0;
  const shape = valueShapeOf(r.operator);
  const v = r.value;
  if (shape === 'none') return true;
  if (shape === 'pair') return Array.isArray(v) && v.length === 2 && v.every((x) => x !== '' && x !== null && x !== undefined);
  if (shape === 'list') return Array.isArray(v) && v.length > 0;
  if (shape === 'days') return typeof v === 'number' && v > 0;
  return v !== undefined && v !== '' && v !== null;
}

/** True when every condition has what its operator needs (so the server can count it). */
export function isComplete(g: FilterGroup): boolean {
  return g.rules.every((n) => (isGroup(n) ? isComplete(n) : ruleComplete(n)));
}

/** Number of conditions in a tree. */
export function conditionCount(g: FilterGroup): number {
  return g.rules.reduce((s, n) => s + (isGroup(n) ? conditionCount(n) : 1), 0);
}
