/**
 * The segment filter language, shared by the server (validation, SQL compilation) and the web app's
 * segment builder. A filter is a tree: a group `{ op: 'and'|'or', rules }` whose rules are conditions or
 * nested groups. Conditions target a standard contact field, a custom field (by key, typed by its field
 * definition), group membership, or membership of another saved segment.
 */
import { Type, type Static } from '@sinclair/typebox';

/** Custom-field types (mirrors field_definitions.type). */
export type FilterFieldType = 'text' | 'number' | 'date' | 'boolean' | 'single_select' | 'multi_select';

/** Operators users expect, per field type. The builder shows exactly these. */
export const OPERATORS_BY_TYPE = {
  text: ['equals', 'not_equals', 'contains', 'not_contains', 'starts_with', 'ends_with', 'is_empty', 'is_not_empty', 'in_list'],
  number: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'between', 'is_empty'],
  date: ['on', 'before', 'after', 'between', 'in_last_days', 'is_empty'],
  boolean: ['is_true', 'is_false', 'is_empty'],
  single_select: ['is', 'is_not', 'in_list'],
  multi_select: ['has_any', 'has_all', 'has_none'],
} as const satisfies Record<FilterFieldType, readonly string[]>;

export type FilterOperator = (typeof OPERATORS_BY_TYPE)[FilterFieldType][number];

/** What value an operator takes: nothing, one value, a [from, to] pair, a list, or a day count. */
export type ValueShape = 'none' | 'single' | 'pair' | 'list' | 'days';

export function valueShapeOf(op: FilterOperator): ValueShape {
  switch (op) {
    case 'is_empty':
    case 'is_not_empty':
    case 'is_true':
    case 'is_false':
      return 'none';
    case 'between':
      return 'pair';
    case 'in_list':
    case 'has_any':
    case 'has_all':
    case 'has_none':
      return 'list';
    case 'in_last_days':
      return 'days';
    default:
      return 'single';
  }
}

export const EMAIL_STATUSES = ['subscribed', 'unsubscribed', 'bounced', 'complained', 'invalid'] as const;
export const OPT_STATUSES = ['opted_in', 'opted_out', 'unknown'] as const;

/** The standard (column-backed) fields a condition may target, with the type that decides their operators. */
export const STANDARD_FIELDS = {
  email: { type: 'text' },
  phone: { type: 'text' },
  first_name: { type: 'text' },
  last_name: { type: 'text' },
  created_at: { type: 'date' },
  updated_at: { type: 'date' },
  email_status: { type: 'single_select', options: EMAIL_STATUSES },
  whatsapp_status: { type: 'single_select', options: OPT_STATUSES },
  sms_status: { type: 'single_select', options: OPT_STATUSES },
} as const satisfies Record<string, { type: FilterFieldType; options?: readonly string[] }>;

export type StandardField = keyof typeof STANDARD_FIELDS;

const lit = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const ALL_OPERATORS = [...new Set(Object.values(OPERATORS_BY_TYPE).flat())] as FilterOperator[];

/** A scalar or list value; its required shape depends on the operator (see `valueShapeOf`). */
export const FilterValueSchema = Type.Union([
  Type.String(),
  Type.Number(),
  Type.Boolean(),
  Type.Array(Type.Union([Type.String(), Type.Number()])),
]);

/** `{ kind: 'field', field: 'email', operator: 'ends_with', value: '@example.com' }` */
export const FieldRuleSchema = Type.Object({
  kind: Type.Literal('field'),
  field: lit(Object.keys(STANDARD_FIELDS) as StandardField[]),
  operator: lit(ALL_OPERATORS),
  value: Type.Optional(FilterValueSchema),
});

/** `{ kind: 'custom', key: 'city', operator: 'is', value: 'Haifa' }` — typed by the field definition. */
export const CustomRuleSchema = Type.Object({
  kind: Type.Literal('custom'),
  key: Type.String({ minLength: 1 }),
  operator: lit(ALL_OPERATORS),
  value: Type.Optional(FilterValueSchema),
});

/** `{ kind: 'group', operator: 'in', groupId: 7 }` */
export const GroupRuleSchema = Type.Object({
  kind: Type.Literal('group'),
  operator: lit(['in', 'not_in'] as const),
  groupId: Type.Integer({ minimum: 1 }),
});

/** `{ kind: 'segment', operator: 'not_in', segmentId: 3 }` — another saved segment (cycles are rejected). */
export const SegmentRuleSchema = Type.Object({
  kind: Type.Literal('segment'),
  operator: lit(['in', 'not_in'] as const),
  segmentId: Type.Integer({ minimum: 1 }),
});

export const FilterRuleSchema = Type.Union([FieldRuleSchema, CustomRuleSchema, GroupRuleSchema, SegmentRuleSchema]);

/** The whole tree, for the web app's types and for documentation. */
export const FilterSchema = Type.Recursive(
  (Self) =>
    Type.Object({
      op: lit(['and', 'or'] as const),
      rules: Type.Array(Type.Union([FilterRuleSchema, Self])),
    }),
  { $id: 'SegmentFilter' },
);

export type FieldRule = Static<typeof FieldRuleSchema>;
export type CustomRule = Static<typeof CustomRuleSchema>;
export type GroupRule = Static<typeof GroupRuleSchema>;
export type SegmentRule = Static<typeof SegmentRuleSchema>;
export type FilterRule = FieldRule | CustomRule | GroupRule | SegmentRule;
export interface FilterGroup {
  op: 'and' | 'or';
  rules: (FilterRule | FilterGroup)[];
}
export type FilterValue = Static<typeof FilterValueSchema>;

/**
 * The shallow schema HTTP routes declare for a filter: the server validates the tree itself so that a bad
 * condition is reported with its exact path (`filter.rules.2.value`) and a message about the field's type.
 */
export const FilterInputSchema = Type.Unsafe<FilterGroup>(
  Type.Object(
    {
      op: lit(['and', 'or'] as const),
      rules: Type.Array(Type.Object({}, { additionalProperties: true }), { maxItems: 200 }),
    },
    {
      description:
        'A filter tree: { op: "and"|"or", rules: [condition | group] }. Conditions: ' +
        '{kind:"field",field,operator,value?} | {kind:"custom",key,operator,value?} | {kind:"group",operator:"in"|"not_in",groupId} | ' +
        '{kind:"segment",operator:"in"|"not_in",segmentId}. See docs/segments.md.',
    },
  ),
);

/** Limits that keep a filter's SQL reasonable. */
export const FILTER_LIMITS = { maxDepth: 6, maxConditions: 200, maxListItems: 1000 } as const;

/** An empty filter (matches every contact). */
export const matchAll = (): FilterGroup => ({ op: 'and', rules: [] });
