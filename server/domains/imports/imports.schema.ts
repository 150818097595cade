/** TypeBox schemas of the imports API (request validation and the OpenAPI document). */
import { Type } from '@sinclair/typebox';
import { FieldTypeSchema, FIELD_KEY_PATTERN } from '../../../common/fields.js';
import { ReasonFields } from '../../api/common-schemas.js';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const Mode = Type.Union([Type.Literal('quick'), Type.Literal('update'), Type.Literal('unsubscribe')]);
const MappingSchema = Type.Record(Type.String({ pattern: '^[0-9]+$' }), Type.Union([Type.String(), Type.Null()]), {
  description: 'Column index → target: email, phone, first_name, last_name, full_name, custom:<key>, or null (skip)',
});

export const Counts = Type.Object({
  records: Type.Integer(),
  created: Type.Integer(),
  updated: Type.Integer(),
  addedToGroup: Type.Integer(),
  duplicatesInFile: Type.Integer(),
  invalid: Type.Integer(),
  conflicts: Type.Integer(),
});

export const ImportView = Type.Object({
  id: Type.Integer(),
  fileName: Type.String(),
  format: Type.String(),
  status: Type.String(),
  mode: Mode,
  groupIds: Type.Array(Type.Integer()),
  defaultCountry: Type.String(),
  encoding: Type.String(),
  delimiter: Type.String(),
  sheets: Type.Array(Type.String()),
  sheet: Type.Union([Type.String(), Type.Null()]),
  header: Type.Array(Type.String()),
  preview: Type.Optional(Type.Array(Type.Object({ line: Type.Integer(), values: Type.Array(Type.String()) }))),
  suggestedMapping: MappingSchema,
  mapping: MappingSchema,
  fileSize: Type.Integer(),
  progress: Type.Object({
    processedRecords: Type.Integer(),
    totalRecords: Type.Union([Type.Integer(), Type.Null()]),
    totalIsEstimate: Type.Boolean(),
    percent: Type.Union([Type.Number(), Type.Null()]),
    rowsPerSecond: Type.Union([Type.Number(), Type.Null()]),
    etaSeconds: Type.Union([Type.Number(), Type.Null()]),
  }),
  counts: Counts,
  error: Type.Union([Type.String(), Type.Null()]),
  createdBy: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  startedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const UploadQuery = Type.Object({
  fileName: Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: 'Name of the file when the body is the raw file' })),
});

export const PatchBody = Type.Object(
  {
    mapping: Type.Optional(MappingSchema),
    newFields: Type.Optional(
      Type.Array(
        Type.Object(
          {
            column: Type.Integer({ minimum: 0 }),
            key: Type.String({ pattern: FIELD_KEY_PATTERN }),
            label: Type.String({ minLength: 1, maxLength: 200 }),
            type: FieldTypeSchema,
            options: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 500 })),
          },
          { additionalProperties: false },
        ),
        { maxItems: 100 },
      ),
    ),
    groupIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 100 })),
    groupName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    mode: Type.Optional(Mode),
    defaultCountry: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$' })),
    sheet: Type.Optional(Nullable(Type.String({ minLength: 1 }))),
  },
  { additionalProperties: false },
);

export const ListQuery = Type.Object({
  cursor: Type.Optional(Type.String()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});

export const IssuesQuery = Type.Object({
  kind: Type.Optional(Type.Union([Type.Literal('invalid'), Type.Literal('conflict')])),
  cursor: Type.Optional(Type.String({ pattern: '^[0-9]+:[0-9]+$' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
});

export const MergesQuery = Type.Object({
  cursor: Type.Optional(Type.String({ pattern: '^[0-9]+$' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
});

/** A line of the file merged into an earlier line (the same contact twice in one file). */
export const MergeView = Type.Object({ line: Type.Integer(), intoLine: Type.Integer() });

export const IssueView = Type.Object({
  id: Type.Integer(),
  kind: Type.Union([Type.Literal('invalid'), Type.Literal('conflict')]),
  record: Type.Integer(),
  line: Type.Integer(),
  column: Type.Union([Type.String(), Type.Null()]),
  ...ReasonFields,
  raw: Type.Array(Type.String()),
  emailContactId: Type.Union([Type.Integer(), Type.Null()]),
  phoneContactId: Type.Union([Type.Integer(), Type.Null()]),
  resolvedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  resolution: Type.Union([Type.String(), Type.Null()]),
});

export const ResolveParams = Type.Object({ id: Type.Integer({ minimum: 1 }), issueId: Type.Integer({ minimum: 1 }) });
export const ResolveBody = Type.Object({ winner: Type.Union([Type.Literal('email'), Type.Literal('phone')]) }, { additionalProperties: false });
