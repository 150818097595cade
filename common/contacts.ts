/**
 * The contact as the API presents it, and the request bodies that create or change one. Shared by the
 * server (route schemas, OpenAPI) and the web app (types). TypeBox only: no Node-only imports here.
 */
import { Type, type Static } from '@sinclair/typebox';

export const ChannelSchema = Type.Union([Type.Literal('email'), Type.Literal('whatsapp'), Type.Literal('sms')]);
export type Channel = Static<typeof ChannelSchema>;

export const EMAIL_STATUSES = ['subscribed', 'unsubscribed', 'bounced', 'complained', 'invalid'] as const;
export const OPT_STATUSES = ['opted_in', 'opted_out', 'unknown'] as const;

export const EmailStatusSchema = Type.Union(EMAIL_STATUSES.map((s) => Type.Literal(s)));
export const OptStatusSchema = Type.Union(OPT_STATUSES.map((s) => Type.Literal(s)));
export type EmailStatus = (typeof EMAIL_STATUSES)[number];
export type OptStatus = (typeof OPT_STATUSES)[number];

/** A custom-field value as stored: text/single-select/date (yyyy-mm-dd) string, number, boolean, or multi-select list. */
export const FieldValueSchema = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Array(Type.String())]);
export type FieldValue = Static<typeof FieldValueSchema>;

/**
 * Custom-field values in a request: validated by the server against the field definitions (not by the schema,
 * since type coercion across a union would turn `true` into "true"). `null` removes a value.
 */
export const FieldInputSchema = Type.Record(Type.String(), Type.Unknown({ description: 'string | number | boolean | string[] | null, per the field type' }));

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

/** The contact as every API response shows it. */
export const ContactSchema = Type.Object(
  {
    id: Type.Integer(),
    email: Nullable(Type.String()),
    phone: Nullable(Type.String({ description: 'E.164, e.g. +972501234567' })),
    phoneRaw: Nullable(Type.String({ description: 'The phone exactly as it was entered' })),
    firstName: Type.String(),
    lastName: Type.String(),
    fields: Type.Record(Type.String(), FieldValueSchema),
    emailStatus: EmailStatusSchema,
    whatsappStatus: OptStatusSchema,
    smsStatus: OptStatusSchema,
    protected: Type.Boolean({ description: 'Whitelisted: unsubscribe links (e.g. in a forwarded copy) do not unsubscribe it' }),
    source: Type.String(),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
    deletedAt: Nullable(Type.String({ format: 'date-time' })),
    erasedAt: Nullable(Type.String({ format: 'date-time' })),
  },
);
export type Contact = Static<typeof ContactSchema>;

/** Evidence of consent given with a status: where it came from and what the person was shown. */
export const ConsentEvidenceSchema = Type.Object({
  source: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_]{0,31}$', description: 'e.g. manual, form, import, api' })),
  wording: Type.Optional(Type.String({ maxLength: 2000, description: 'The consent text shown to the person' })),
  reason: Type.Optional(Type.String({ maxLength: 500 })),
  ip: Type.Optional(Type.String({ maxLength: 64, description: 'Where consent was given (defaults to the caller’s IP)' })),
});

export const ContactCreateSchema = Type.Object(
  {
    email: Type.Optional(Nullable(Type.String({ maxLength: 320 }))),
    phone: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
    firstName: Type.Optional(Type.String({ maxLength: 200 })),
    lastName: Type.Optional(Type.String({ maxLength: 200 })),
    fields: Type.Optional(FieldInputSchema),
    emailStatus: Type.Optional(EmailStatusSchema),
    whatsappStatus: Type.Optional(OptStatusSchema),
    smsStatus: Type.Optional(OptStatusSchema),
    consent: Type.Optional(ConsentEvidenceSchema),
    protected: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ContactCreate = Static<typeof ContactCreateSchema>;

/** PATCH: every property optional; `null` clears email/phone; a field set to `null` is removed. */
export const ContactPatchSchema = Type.Object(
  {
    email: Type.Optional(Nullable(Type.String({ maxLength: 320 }))),
    phone: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
    firstName: Type.Optional(Type.String({ maxLength: 200 })),
    lastName: Type.Optional(Type.String({ maxLength: 200 })),
    fields: Type.Optional(FieldInputSchema),
    protected: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type ContactPatch = Static<typeof ContactPatchSchema>;

export const ConsentSchema = Type.Object({
  id: Type.Integer(),
  channel: ChannelSchema,
  status: Type.String(),
  source: Type.String(),
  reason: Nullable(Type.String()),
  ip: Nullable(Type.String()),
  wording: Nullable(Type.String()),
  actor: Nullable(Type.String()),
  at: Type.String({ format: 'date-time' }),
});
export type Consent = Static<typeof ConsentSchema>;

/** One contact with the groups it belongs to and its consent history (newest first). */
export const ContactDetailSchema = Type.Intersect([
  ContactSchema,
  Type.Object({
    groups: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })),
    consents: Type.Array(ConsentSchema),
  }),
]);
export type ContactDetail = Static<typeof ContactDetailSchema>;

export const StatusChangeSchema = Type.Object(
  {
    channel: ChannelSchema,
    status: Type.Union([...EMAIL_STATUSES, ...OPT_STATUSES].map((s) => Type.Literal(s))),
    source: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_]{0,31}$', default: 'manual' })),
    reason: Type.Optional(Type.String({ maxLength: 500 })),
    wording: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type StatusChange = Static<typeof StatusChangeSchema>;

/** Answer of a status change: applied now, or waiting for the contact to confirm by email. */
export const StatusChangeResultSchema = Type.Object({
  contact: ContactSchema,
  changed: Type.Boolean(),
  pendingConfirmation: Type.Boolean({ description: 'A re-subscribe needs the contact to click the emailed link' }),
});
