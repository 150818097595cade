/** TypeBox shapes of the campaign API (request bodies and the campaign view). */
import { Type } from '@sinclair/typebox';
import { CodedMessageSchema } from '../../../common/messages/schema.js';

const Ids = Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 500 });
export const AudienceSchema = Type.Object({
  include: Type.Object({ groups: Type.Optional(Ids), segments: Type.Optional(Ids) }),
  exclude: Type.Optional(Type.Object({ groups: Type.Optional(Ids), segments: Type.Optional(Ids) })),
});

/** Email content fields are named; other channels add theirs (kept as given). */
export const ContentSchema = Type.Object(
  {
    subject: Type.Optional(Type.String({ maxLength: 998 })),
    preheader: Type.Optional(Type.String({ maxLength: 500 })),
    format: Type.Optional(Type.Union([Type.Literal('mjml'), Type.Literal('html')])),
    source: Type.Optional(Type.String({ maxLength: 2_000_000 })),
    textOverride: Type.Optional(Type.Union([Type.String({ maxLength: 500_000 }), Type.Null()])),
    dir: Type.Optional(Type.Union([Type.Literal('ltr'), Type.Literal('rtl')])),
    /** BCP 47 language of the content (e.g. `he`); sets `<html lang>`. Absent = the workspace's locale. */
    lang: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$', maxLength: 35 })),
  },
  { additionalProperties: true },
);

export const SettingsSchema = Type.Object(
  {
    senderIdentityId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
    smtpServerIds: Type.Optional(Ids),
    utm: Type.Optional(Type.Union([Type.Record(Type.String({ pattern: '^utm_[a-z_]+$' }), Type.String({ maxLength: 200 })), Type.Null()])),
    trackOpens: Type.Optional(Type.Boolean()),
    trackClicks: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: true },
);

export const CampaignBody = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 200 })),
    channel: Type.Optional(Type.Union([Type.Literal('email'), Type.Literal('whatsapp'), Type.Literal('sms')])),
    templateId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
    content: Type.Optional(ContentSchema),
    settings: Type.Optional(SettingsSchema),
    audience: Type.Optional(AudienceSchema),
  },
  { additionalProperties: false },
);

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const CampaignView = Type.Object({
  id: Type.Integer(),
  channel: Type.String(),
  name: Type.String(),
  status: Type.String(),
  kind: Type.String(),
  parentCampaignId: Type.Union([Type.Integer(), Type.Null()]),
  templateId: Type.Union([Type.Integer(), Type.Null()]),
  content: ContentSchema,
  settings: SettingsSchema,
  audience: Type.Object({
    include: Type.Object({ groups: Ids, segments: Ids }),
    exclude: Type.Object({ groups: Ids, segments: Ids }),
  }),
  scheduledAt: Nullable(Type.String()),
  timezone: Nullable(Type.String()),
  pauseReason: Nullable(Type.String()),
  error: Nullable(Type.String()),
  audienceTotal: Type.Integer(),
  skippedTotal: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  startedAt: Nullable(Type.String()),
  finishedAt: Nullable(Type.String()),
});

export const ScheduleBody = Type.Object({ at: Type.String({ minLength: 10, maxLength: 40 }), timezone: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });

export const AudienceCountView = Type.Object({ total: Type.Integer(), eligible: Type.Integer(), skipped: Type.Record(Type.String(), Type.Integer()) });

export const ProgressView = Type.Object({
  status: Type.String(),
  pauseReason: Nullable(Type.String()),
  total: Type.Integer(),
  queued: Type.Integer(),
  sending: Type.Integer(),
  sent: Type.Integer(),
  failed: Type.Integer(),
  skipped: Type.Integer(),
  unknown: Type.Integer(),
  deferred: Type.Integer(),
  cancelled: Type.Integer(),
  ratePerSecond: Type.Number(),
  etaSeconds: Type.Union([Type.Integer(), Type.Null()]),
});

const Finding = CodedMessageSchema;
export const PreflightView = Type.Object({
  ok: Type.Boolean(),
  errors: Type.Array(Finding),
  warnings: Type.Array(Finding),
  sizeBytes: Type.Integer(),
  unsubscribeAdded: Type.Boolean(),
});

export const ListQuery = Type.Object({
  channel: Type.Optional(Type.String()),
  status: Type.Optional(Type.String()),
  cursor: Type.Optional(Type.String()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});
