/**
 * The outbound event catalogue (issue 14 §1): dotted `noun.past_verb` types, each with the JSON Schema of its
 * `data` (published in the OpenAPI document as components `WebhookEvent_<type>`). Payloads are thin: ids, the
 * type, timestamps and the changed fields; a payload over MAX_PAYLOAD_BYTES is refused by the emitter.
 */
import { Type, type TSchema } from '@sinclair/typebox';

export const MAX_PAYLOAD_BYTES = 20_000;

const Channel = Type.Union([Type.Literal('email'), Type.Literal('whatsapp'), Type.Literal('sms')]);
const contact = Type.Object({ contactId: Type.Integer(), changed: Type.Optional(Type.Array(Type.String())), channel: Type.Optional(Channel) });
const message = Type.Object({
  messageId: Type.Union([Type.Integer(), Type.Null()]),
  deliveryId: Type.Optional(Type.Integer()),
  campaignId: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
  contactId: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
  channel: Channel,
  status: Type.String(),
  metadata: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});
const campaign = Type.Object({ campaignId: Type.Integer(), channel: Type.Optional(Channel) });
const number = Type.Object({ connectionId: Type.Integer(), phoneNumber: Type.Optional(Type.String()), quality: Type.Optional(Type.String()), tier: Type.Optional(Type.String()) });

export const EVENT_SCHEMAS = {
  'contact.created': contact,
  'contact.updated': contact,
  'contact.deleted': contact,
  'contact.unsubscribed': contact,
  'contact.resubscribed': contact,
  'message.queued': message,
  'message.sent': message,
  'message.delivered': message,
  'message.read': message,
  'message.failed': message,
  'message.bounced': message,
  'message.complained': message,
  'message.opened': message,
  'message.clicked': message,
  'message.received': Type.Object({ channel: Channel, contactId: Type.Union([Type.Integer(), Type.Null()]), from: Type.String(), conversationId: Type.Optional(Type.Integer()) }),
  'campaign.started': campaign,
  'campaign.paused': campaign,
  'campaign.finished': campaign,
  'import.finished': Type.Object({ importId: Type.Integer(), imported: Type.Optional(Type.Integer()), rejected: Type.Optional(Type.Integer()) }),
  'form.submitted': Type.Object({ formId: Type.Integer(), submissionId: Type.Integer(), contactId: Type.Union([Type.Integer(), Type.Null()]) }),
  'template.status_changed': Type.Object({ templateId: Type.Integer(), channel: Channel, status: Type.String() }),
  'number.quality_changed': number,
  'number.tier_changed': number,
  'number.disconnected': number,
  'webhook.tested': Type.Object({ endpointId: Type.Integer(), note: Type.String() }),
} satisfies Record<string, TSchema>;

export type EventType = keyof typeof EVENT_SCHEMAS;
export const EVENT_TYPES = Object.keys(EVENT_SCHEMAS) as EventType[];
export const isEventType = (t: string): t is EventType => Object.prototype.hasOwnProperty.call(EVENT_SCHEMAS, t);

/** The retry ladder after a failed attempt n (1-based): Svix's 0 s, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
export const RETRY_LADDER_S = [0, 5, 300, 1800, 7200, 18000, 36000, 36000];
/** Failures in an unbroken run this long disable the endpoint and alert the owners. */
export const DISABLE_AFTER_MS = 5 * 24 * 3600 * 1000;
export const DELIVERY_TIMEOUT_MS = 15_000;
