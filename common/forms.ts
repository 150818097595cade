/**
 * Sign-up forms as the API presents and accepts them: a schema of fields mapped to contact fields, with labels per
 * language, and the form's settings. Shared by the server (route schemas) and the web app (types). TypeBox only.
 */
import { Type, type Static } from '@sinclair/typebox';

/** Text per language code (`{ en: 'Email', he: 'דוא"ל' }`); the form's first language is the fallback. */
export const TextsSchema = Type.Record(Type.String({ pattern: '^[a-z]{2}$' }), Type.String({ maxLength: 5000 }));
export type Texts = Static<typeof TextsSchema>;

export const FIELD_TYPES = ['text', 'textarea', 'email', 'phone', 'number', 'date', 'select', 'multiselect', 'checkbox', 'consent', 'hidden'] as const;
export type FormFieldType = (typeof FIELD_TYPES)[number];

/** Where a hidden field takes its value from when the form is shown. */
export const HIDDEN_SOURCES = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'referrer', 'page_url', 'static'] as const;

export const FormFieldSchema = Type.Object(
  {
    key: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$', description: 'The field name in submissions (lower case, digits, _)' }),
    type: Type.Union(FIELD_TYPES.map((t) => Type.Literal(t))),
    maps: Type.Optional(
      Type.Union([Type.String({ pattern: '^(email|phone|first_name|last_name|field:[a-z0-9_]+)$' }), Type.Null()], {
        description: 'The contact field it fills: email, phone, first_name, last_name or field:<custom key>',
      }),
    ),
    label: Type.Optional(TextsSchema),
    placeholder: Type.Optional(TextsSchema),
    required: Type.Optional(Type.Boolean()),
    minLength: Type.Optional(Type.Integer({ minimum: 0, maximum: 5000 })),
    maxLength: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
    min: Type.Optional(Type.Number()),
    max: Type.Optional(Type.Number()),
    pattern: Type.Optional(Type.String({ maxLength: 500, description: 'A regular expression the whole value must match' })),
    options: Type.Optional(Type.Array(Type.Object({ value: Type.String({ minLength: 1, maxLength: 200 }), label: Type.Optional(TextsSchema) }), { maxItems: 200 })),
    consentChannel: Type.Optional(Type.Union([Type.Literal('email'), Type.Literal('whatsapp'), Type.Literal('sms')], { description: 'consent fields: the channel consented to' })),
    hiddenSource: Type.Optional(Type.Union(HIDDEN_SOURCES.map((s) => Type.Literal(s)))),
    hiddenValue: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type FormField = Static<typeof FormFieldSchema>;

export const FormDefinitionSchema = Type.Object(
  {
    languages: Type.Array(Type.String({ pattern: '^[a-z]{2}$' }), { minItems: 1, maxItems: 10, description: 'The first is the default' }),
    title: Type.Optional(TextsSchema),
    intro: Type.Optional(TextsSchema),
    submitLabel: Type.Optional(TextsSchema),
    fields: Type.Array(FormFieldSchema, { minItems: 1, maxItems: 60 }),
    groupIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 50, description: 'Groups a submission joins' })),
  },
  { additionalProperties: false },
);
export type FormDefinition = Static<typeof FormDefinitionSchema>;

export const FormSettingsSchema = Type.Object(
  {
    successMessage: Type.Optional(TextsSchema),
    redirectUrl: Type.Optional(Type.Union([Type.String({ pattern: '^https?://', maxLength: 2000 }), Type.Null()])),
    limit: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], { description: 'Registration limit' })),
    fullText: Type.Optional(TextsSchema),
    notifyEmails: Type.Optional(Type.Array(Type.String({ maxLength: 320 }), { maxItems: 10 })),
    doubleOptIn: Type.Optional(Type.Boolean()),
    opensAt: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
    closesAt: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
    closedText: Type.Optional(TextsSchema),
    pow: Type.Optional(Type.Boolean({ description: 'ALTCHA proof of work (default on). Forms embedded without JavaScript need it off.' })),
    powCost: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, description: 'PBKDF2 iterations per attempt (default 200)' })),
    powMaxCounter: Type.Optional(Type.Integer({ minimum: 2, maximum: 1_000_000, description: 'Upper end of the secret counter (default 4000)' })),
    perIpPerMinute: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
    perFormPerMinute: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000_000 })),
    captcha: Type.Optional(
      Type.Union([
        Type.Null(),
        Type.Object({ provider: Type.Union([Type.Literal('hcaptcha'), Type.Literal('turnstile')]), siteKey: Type.String({ maxLength: 200 }), secret: Type.String({ maxLength: 200 }) }),
      ]),
    ),
  },
  { additionalProperties: false },
);
export type FormSettings = Static<typeof FormSettingsSchema>;

export const FormCreateSchema = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 200 }), definition: FormDefinitionSchema, settings: Type.Optional(FormSettingsSchema), paused: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export type FormCreate = Static<typeof FormCreateSchema>;
export const FormPatchSchema = Type.Partial(FormCreateSchema, { additionalProperties: false });
export type FormPatch = Static<typeof FormPatchSchema>;

export const FormViewSchema = Type.Object({
  id: Type.Integer(),
  publicId: Type.String(),
  name: Type.String(),
  version: Type.Integer(),
  definition: FormDefinitionSchema,
  settings: FormSettingsSchema,
  paused: Type.Boolean(),
  submissions: Type.Integer(),
  hostedUrl: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  deletedAt: Type.Union([Type.String(), Type.Null()]),
});
export type FormView = Static<typeof FormViewSchema>;
