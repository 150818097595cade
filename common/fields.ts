/**
 * Custom field definitions as the API presents them. A definition gives a contact field its key, label,
 * type and (for the select types) the allowed options. Shared by server and web app.
 */
import { Type, type Static } from '@sinclair/typebox';

export const FIELD_TYPES = ['text', 'number', 'date', 'boolean', 'single_select', 'multi_select'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];
export const FieldTypeSchema = Type.Union(FIELD_TYPES.map((t) => Type.Literal(t)));

/** Keys taken by built-in contact attributes; a custom field cannot use them. */
export const RESERVED_FIELD_KEYS = [
  'id', 'email', 'phone', 'phone_raw', 'first_name', 'last_name', 'full_name', 'name', 'fields', 'source',
  'email_status', 'whatsapp_status', 'sms_status', 'protected', 'created_at', 'updated_at', 'deleted_at', 'erased_at',
];

export const FIELD_KEY_PATTERN = '^[a-z][a-z0-9_]{0,62}$';

export const FieldDefinitionSchema = Type.Object(
  {
    id: Type.Integer(),
    key: Type.String(),
    label: Type.String(),
    type: FieldTypeSchema,
    options: Type.Array(Type.String()),
    createdAt: Type.String({ format: 'date-time' }),
  },
);
export type FieldDefinitionView = Static<typeof FieldDefinitionSchema>;

const Options = Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 500 });

export const FieldCreateSchema = Type.Object(
  {
    key: Type.String({ pattern: FIELD_KEY_PATTERN, description: 'Slug: lowercase letters, digits, underscores' }),
    label: Type.String({ minLength: 1, maxLength: 200 }),
    type: FieldTypeSchema,
    options: Type.Optional(Options),
  },
  { additionalProperties: false },
);
export type FieldCreate = Static<typeof FieldCreateSchema>;

/** The key and type are fixed once created (values are stored under the key and typed by it). */
export const FieldPatchSchema = Type.Object(
  {
    label: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    options: Type.Optional(Options),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type FieldPatch = Static<typeof FieldPatchSchema>;
