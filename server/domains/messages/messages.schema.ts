/** Request and response schemas of POST/GET /api/v1/messages (TypeBox; they also produce the OpenAPI document). */
import { Type, type Static } from '@sinclair/typebox';

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];
/** deliveries.priority: higher is claimed first; 3 = the urgent lane. */
export const PRIORITY_RANK: Record<Priority, number> = { low: 0, normal: 1, high: 2, urgent: 3 };

/** The API's text limit (issue 14 §2); WhatsApp's own body limit (4,096) also applies to WhatsApp text. */
export const TEXT_MAX = 6000;

export const RecipientSchema = Type.Object(
  {
    contactId: Type.Optional(Type.Integer({ minimum: 1 })),
    email: Type.Optional(Type.String({ maxLength: 320 })),
    phone: Type.Optional(Type.String({ maxLength: 64 })),
    /** Create the contact when no contact has this address/number (default false: unknown → 400). */
    create: Type.Optional(Type.Boolean()),
    firstName: Type.Optional(Type.String({ maxLength: 200 })),
    lastName: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const MediaSchema = Type.Object(
  {
    type: Type.Union([Type.Literal('image'), Type.Literal('video'), Type.Literal('audio'), Type.Literal('document'), Type.Literal('sticker')]),
    url: Type.String({ maxLength: 2000 }),
    mimeType: Type.String({ maxLength: 200 }),
    sizeBytes: Type.Optional(Type.Integer({ minimum: 0 })),
    caption: Type.Optional(Type.String({ maxLength: 1024 })),
    filename: Type.Optional(Type.String({ maxLength: 240 })),
  },
  { additionalProperties: false },
);

export const SendMessageSchema = Type.Object(
  {
    channel: Type.Union([Type.Literal('email'), Type.Literal('whatsapp'), Type.Literal('sms')]),
    to: RecipientSchema,
    /** A saved template: an email template id (templates) or a WhatsApp template id (wa_templates) with its variables. */
    template: Type.Optional(
      Type.Object(
        {
          id: Type.Integer({ minimum: 1 }),
          variables: Type.Optional(Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 6000 }))),
          headerMediaUrl: Type.Optional(Type.String({ maxLength: 2000 })),
        },
        { additionalProperties: false },
      ),
    ),
    /** Free text: email (with `subject`) or WhatsApp inside the contact's 24-hour window. */
    text: Type.Optional(Type.String()),
    subject: Type.Optional(Type.String({ maxLength: 998 })),
    html: Type.Optional(Type.String({ maxLength: 500_000 })),
    media: Type.Optional(MediaSchema),
    /** Sender: a WhatsApp number (wa_connections id) or an email sender identity id; default = the workspace's first. */
    from: Type.Optional(Type.Integer({ minimum: 1 })),
    sendAt: Type.Optional(Type.String({ format: 'date-time' })),
    priority: Type.Optional(Type.Union(PRIORITIES.map((p) => Type.Literal(p)))),
    kind: Type.Optional(Type.Union([Type.Literal('transactional'), Type.Literal('marketing')])),
    /** Echoed in every webhook about this message (≤ 4 kB as JSON). */
    metadata: Type.Optional(Type.Record(Type.String({ maxLength: 64 }), Type.Unknown())),
  },
  { additionalProperties: false },
);
export type SendMessageInput = Static<typeof SendMessageSchema>;

export const SendBatchSchema = Type.Object({ messages: Type.Array(SendMessageSchema, { minItems: 1, maxItems: 500 }) }, { additionalProperties: false });

export const MessageResultSchema = Type.Object({
  id: Type.Union([Type.Integer(), Type.Null()]),
  status: Type.String(),
  reason: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  error: Type.Optional(Type.Object({ status: Type.Integer(), code: Type.String(), message: Type.String(), field: Type.Optional(Type.String()) })),
});
export type MessageResult = Static<typeof MessageResultSchema>;

export const MessageViewSchema = Type.Object({
  id: Type.Integer(),
  channel: Type.String(),
  kind: Type.String(),
  priority: Type.String(),
  status: Type.String(),
  reason: Type.Union([Type.String(), Type.Null()]),
  contactId: Type.Union([Type.Integer(), Type.Null()]),
  to: Type.Union([Type.String(), Type.Null()]),
  sendAt: Type.Union([Type.String(), Type.Null()]),
  providerMessageId: Type.Union([Type.String(), Type.Null()]),
  metadata: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Type.String(),
  history: Type.Array(Type.Object({ status: Type.String(), at: Type.String(), detail: Type.Optional(Type.Unknown()) })),
});
