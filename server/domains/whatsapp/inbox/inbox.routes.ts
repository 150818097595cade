/** HTTP: the two-way inbox — conversations (filters, search, assignment, labels, unread), messages, replies. */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Selectable } from 'kysely';
import type { AppContext } from '../../../app/context.js';
import { principalOf } from '../../../api/auth-hook.js';
import { Data, errorResponses, IdParams, Page } from '../../../api/common-schemas.js';
import type { WaMessagesTable } from '../../../db/schema.js';
import { badRequest, notFound } from '../../../lib/errors.js';
import { recordAudit } from '../../audit/index.js';
import { actorOf } from '../../auth/auth.service.js';
import * as repo from './inbox.repo.js';
import { sendFromInbox, type AgentMessage } from './outbound.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const NullableDate = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);
const NullableInt = Type.Union([Type.Integer(), Type.Null()]);

const ConversationView = Type.Object({
  id: Type.Integer(),
  connectionId: Type.Integer(),
  contactId: NullableInt,
  waId: Type.String(),
  name: Type.String({ description: 'Contact name, else the WhatsApp profile name, else the number' }),
  profileName: Type.String(),
  contactWhatsappStatus: Type.Union([Type.String(), Type.Null()]),
  lastMessageAt: NullableDate,
  lastMessagePreview: Type.String(),
  lastInboundAt: NullableDate,
  windowExpiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'End of the 24-hour customer-service window' }),
  windowOpen: Type.Boolean({ description: 'Free-form replies allowed now (on the number’s clock)' }),
  unreadCount: Type.Integer(),
  messageCount: Type.Integer(),
  assigneeUserId: NullableInt,
  labels: Type.Array(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
});

const MessageView = Type.Object({
  id: Type.Integer(),
  conversationId: Type.Integer(),
  direction: Type.String(),
  wamid: Type.Union([Type.String(), Type.Null()]),
  type: Type.String(),
  text: Type.String(),
  payload: Type.Record(Type.String(), Type.Unknown()),
  status: Type.String({ description: 'in: received; out: queued, sending, accepted, sent, delivered, read, failed' }),
  errorCode: NullableInt,
  errorTitle: Type.Union([Type.String(), Type.Null()]),
  templateId: NullableInt,
  sentByUserId: NullableInt,
  sentBy: Type.Union([Type.String(), Type.Null()]),
  automated: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  sentAt: NullableDate,
  deliveredAt: NullableDate,
  readAt: NullableDate,
  failedAt: NullableDate,
});

const SendBody = Type.Union([
  Type.Object({ type: Type.Literal('text'), text: Type.String({ minLength: 1, maxLength: 4096 }) }, { additionalProperties: false }),
  Type.Object(
    { type: Type.Union([Type.Literal('image'), Type.Literal('document')]), link: Type.String({ pattern: '^https?://', maxLength: 2000 }), caption: Type.Optional(Type.String({ maxLength: 1024 })), filename: Type.Optional(Type.String({ maxLength: 240 })) },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      type: Type.Literal('template'),
      templateId: Type.Integer({ minimum: 1 }),
      variables: Type.Optional(Type.Union([Type.Array(Type.String({ maxLength: 1024 }), { maxItems: 100 }), Type.Record(Type.String(), Type.String({ maxLength: 1024 }))])),
      headerText: Type.Optional(Type.String({ maxLength: 60 })),
      headerMediaLink: Type.Optional(Type.String({ pattern: '^https?://', maxLength: 2000 })),
    },
    { additionalProperties: false },
  ),
]);

const ConversationPatch = Type.Object(
  { assigneeUserId: Type.Optional(NullableInt), labels: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 20 })) },
  { additionalProperties: false },
);

const ListQuery = Type.Object({
  assigned: Type.Optional(Type.Union([Type.Literal('me'), Type.Literal('unassigned'), Type.Literal('any')])),
  assigneeUserId: Type.Optional(Type.Integer()),
  label: Type.Optional(Type.String()),
  windowOpen: Type.Optional(Type.Boolean()),
  unread: Type.Optional(Type.Boolean()),
  connectionId: Type.Optional(Type.Integer()),
  q: Type.Optional(Type.String({ maxLength: 200 })),
  cursor: Type.Optional(Type.String()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});

export const conversationView = (c: repo.ConversationRow) => ({
  id: c.id,
  connectionId: c.connection_id,
  contactId: c.contact_id,
  waId: c.wa_id,
  name: [c.first_name, c.last_name].filter(Boolean).join(' ') || c.profile_name || `+${c.wa_id}`,
  profileName: c.profile_name,
  contactWhatsappStatus: c.whatsapp_status ?? null,
  lastMessageAt: iso(c.last_message_at),
  lastMessagePreview: c.last_message_preview,
  lastInboundAt: iso(c.last_inbound_at),
  windowExpiresAt: iso(c.window_expires_at),
  windowOpen: !!c.window_open,
  unreadCount: c.unread_count,
  messageCount: c.message_count,
  assigneeUserId: c.assignee_user_id,
  labels: c.labels ?? [],
  createdAt: c.created_at.toISOString(),
});

export const messageView = (m: Selectable<WaMessagesTable>) => ({
  id: m.id,
  conversationId: m.conversation_id,
  direction: m.direction,
  wamid: m.wamid,
  type: m.type,
  text: m.text,
  payload: m.payload,
  status: m.status,
  errorCode: m.error_code,
  errorTitle: m.error_title,
  templateId: m.template_id,
  sentByUserId: m.sent_by_user_id,
  sentBy: m.sent_by,
  automated: m.automated,
  createdAt: m.created_at.toISOString(),
  sentAt: iso(m.sent_at),
  deliveredAt: iso(m.delivered_at),
  readAt: iso(m.read_at),
  failedAt: iso(m.failed_at),
});

const tags = ['whatsapp-inbox'];
const idOf = (req: { params: unknown }) => (req.params as { id: number }).id;
const withInbox = { ...errorResponses, 409: Type.Ref('ErrorBody') };

export async function registerInboxRoutes(app: FastifyInstance, ctx: AppContext) {
  const load = async (ws: number, id: number) => {
    const c = await repo.findConversation(ctx.db, ws, id);
    if (!c) throw notFound('Conversation');
    return c;
  };

  app.get('/api/v1/whatsapp/conversations', {
    config: { access: 'read' },
    schema: { tags, summary: 'Conversations, most recent first (assigned=me|unassigned, label, windowOpen, unread, q search)', querystring: ListQuery, response: { 200: Page(ConversationView), ...errorResponses } },
    handler: async (req) => {
      const p = principalOf(req);
      const q = req.query as Static<typeof ListQuery>;
      const limit = q.limit ?? 50;
      const rows = await repo.listConversations(ctx.db, p.workspaceId, { ...q, limit, meUserId: p.userId });
      const last = rows.length === limit ? rows[rows.length - 1] : null;
      return { data: rows.map(conversationView), meta: { nextCursor: last ? `${(last.last_message_at ?? last.created_at).getTime()}:${last.id}` : null } };
    },
  });

  app.get('/api/v1/whatsapp/conversations/:id', {
    config: { access: 'read' },
    schema: { tags, summary: 'One conversation with its window state', params: IdParams, response: { 200: Data(ConversationView), ...errorResponses } },
    handler: async (req) => ({ data: conversationView(await load(principalOf(req).workspaceId, idOf(req))) }),
  });

  app.patch('/api/v1/whatsapp/conversations/:id', {
    config: { access: 'write' },
    schema: { tags, summary: 'Assign (assigneeUserId, null = unassign) and label a conversation', params: IdParams, body: ConversationPatch, response: { 200: Data(ConversationView), ...errorResponses } },
    handler: async (req) => {
      const p = principalOf(req);
      const id = idOf(req);
      await load(p.workspaceId, id);
      const b = req.body as Static<typeof ConversationPatch>;
      if (b.assigneeUserId) {
        const member = await ctx.db.selectFrom('memberships').select('user_id').where('workspace_id', '=', p.workspaceId).where('user_id', '=', b.assigneeUserId).executeTakeFirst();
        if (!member) throw badRequest('The assignee is not a member of this workspace.', 'assigneeUserId');
      }
      const set: Record<string, unknown> = { updated_at: new Date() };
      if (b.assigneeUserId !== undefined) set.assignee_user_id = b.assigneeUserId;
      if (b.labels) set.labels = [...new Set(b.labels.map((l) => l.trim()))];
      await ctx.db.updateTable('wa_conversations').set(set).where('workspace_id', '=', p.workspaceId).where('id', '=', id).execute();
      await recordAudit(ctx.db, p.workspaceId, actorOf(p, req.ip), 'whatsapp.conversation.updated', 'wa_conversation', id, b);
      return { data: conversationView(await load(p.workspaceId, id)) };
    },
  });

  app.post('/api/v1/whatsapp/conversations/:id/read', {
    config: { access: 'read' },
    schema: { tags, summary: 'Mark the conversation read (unread count → 0)', params: IdParams, response: { 200: Data(ConversationView), ...errorResponses } },
    handler: async (req) => {
      const p = principalOf(req);
      await ctx.db.updateTable('wa_conversations').set({ unread_count: 0 }).where('workspace_id', '=', p.workspaceId).where('id', '=', idOf(req)).execute();
      return { data: conversationView(await load(p.workspaceId, idOf(req))) };
    },
  });

  app.get('/api/v1/whatsapp/conversations/:id/messages', {
    config: { access: 'read' },
    schema: {
      tags,
      summary: 'Messages of a conversation, newest first (cursor = id of the oldest message seen)',
      params: IdParams,
      querystring: Type.Object({ cursor: Type.Optional(Type.String({ pattern: '^[0-9]+$' })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })) }),
      response: { 200: Page(MessageView), ...errorResponses },
    },
    handler: async (req) => {
      const p = principalOf(req);
      const id = idOf(req);
      await load(p.workspaceId, id);
      const q = req.query as { cursor?: string; limit?: number };
      const limit = q.limit ?? 50;
      const rows = await repo.listMessages(ctx.db, p.workspaceId, id, { beforeId: q.cursor ? Number(q.cursor) : undefined, limit });
      return { data: rows.map(messageView), meta: { nextCursor: rows.length === limit ? String(rows[rows.length - 1].id) : null } };
    },
  });

  app.post('/api/v1/whatsapp/conversations/:id/messages', {
    config: { access: 'write' },
    schema: {
      tags,
      summary: 'Reply: text/image/document while the 24-hour window is open (else 409 window_closed), or an approved template any time',
      params: IdParams,
      body: SendBody,
      response: { 201: Data(MessageView), ...withInbox },
    },
    handler: async (req, reply) => {
      const p = principalOf(req);
      const m = await sendFromInbox(ctx, p.workspaceId, idOf(req), { userId: p.userId, label: p.label }, req.body as AgentMessage);
      return reply.status(201).send({ data: messageView(m) });
    },
  });
}
