/**
 * Sending from the inbox: agents' replies (checked against the 24-hour window, opt-out and template approval)
 * and queued automated replies (opt-out confirmations, keyword rules). Every outbound message is a wa_messages
 * row first, then handed to Graph; the answer's wamid links later status webhooks (ticks) to it.
 */
import type { AppContext } from '../../../app/context.js';
import { AppError, badRequest, conflict, notFound } from '../../../lib/errors.js';
import { GraphApiError } from '../../channels/whatsapp/graph-client.js';
import { connectionNow, graphClientFor } from '../connections/connections.service.js';
import { findConnectionById } from '../connections/connections.repo.js';
import { buildTemplateSend, type TemplateValues } from './template-message.js';
import { sql } from 'kysely';

/** What an agent sends. */
export type AgentMessage =
  | { type: 'text'; text: string }
  | { type: 'image' | 'document'; link: string; caption?: string; filename?: string }
  | ({ type: 'template'; templateId: number } & TemplateValues);

const windowClosed = (expires: Date | null) =>
  new AppError(409, 'window_closed', `The 24-hour customer-service window is closed${expires ? ` (it closed at ${expires.toISOString()})` : ''}: only approved templates can be sent until the contact writes again.`, 'type', { windowExpiresAt: expires ? expires.toISOString() : null });

/** Hands one stored outbound message to Graph and records the outcome. Never throws for provider errors. */
async function deliver(ctx: AppContext, messageId: number) {
  const row = await ctx.db
    .selectFrom('wa_messages as m')
    .innerJoin('wa_conversations as c', 'c.id', 'm.conversation_id')
    .select(['m.id', 'm.payload', 'c.wa_id', 'c.connection_id'])
    .where('m.id', '=', messageId)
    .executeTakeFirstOrThrow();
  const conn = await findConnectionById(ctx.db, row.connection_id);
  if (!conn) {
    await ctx.db.updateTable('wa_messages').set({ status: 'failed', error_title: 'The WhatsApp number was removed.', failed_at: new Date() }).where('id', '=', messageId).execute();
    return;
  }
  try {
    const res = await graphClientFor(ctx, conn).sendMessage(conn.phone_number_id, { recipient_type: 'individual', to: row.wa_id, ...(row.payload as object) });
    await ctx.db.updateTable('wa_messages').set({ status: 'accepted', wamid: res.messages?.[0]?.id ?? null }).where('id', '=', messageId).execute();
  } catch (err) {
    const e = err instanceof GraphApiError ? err : null;
    await ctx.db
      .updateTable('wa_messages')
      .set({ status: 'failed', error_code: e?.code ?? null, error_title: (e?.details ?? (err as Error).message).slice(0, 500), failed_at: new Date() })
      .where('id', '=', messageId)
      .execute();
  }
}

/** Sends queued automated replies (claimed with SKIP LOCKED so several workers never send one twice). */
export async function flushQueuedOutbound(ctx: AppContext, limit = 50): Promise<number> {
  const claimed = await sql<{ id: number }>`
    update wa_messages set status = 'sending'
    where id in (select id from wa_messages where status = 'queued' order by id limit ${limit} for update skip locked)
    returning id`.execute(ctx.db);
  for (const r of claimed.rows) await deliver(ctx, r.id);
  return claimed.rows.length;
}

/**
 * An agent's reply. Free-form (text, image, document) only while the window is open (409 window_closed
 * otherwise); templates must be APPROVED on this number's WABA; marketing templates never go to a contact who
 * opted out of WhatsApp (409 opted_out). Free-form replies inside the window are allowed to opted-out contacts:
 * they answer a conversation the person started (a service message, not marketing).
 */
export async function sendFromInbox(ctx: AppContext, ws: number, conversationId: number, sender: { userId: number | null; label: string }, msg: AgentMessage) {
  const conv = await ctx.db.selectFrom('wa_conversations').selectAll().where('workspace_id', '=', ws).where('id', '=', conversationId).executeTakeFirst();
  if (!conv) throw notFound('Conversation');
  const conn = await findConnectionById(ctx.db, conv.connection_id);
  if (!conn || conn.workspace_id !== ws) throw conflict('The WhatsApp number of this conversation is no longer connected.', 'conversationId');
  const contact = conv.contact_id ? await ctx.db.selectFrom('contacts').select(['whatsapp_status']).where('id', '=', conv.contact_id).executeTakeFirst() : undefined;

  let type: string = msg.type;
  let text = '';
  let payload: Record<string, unknown>;
  let templateId: number | null = null;
  if (msg.type === 'template') {
    const t = await ctx.db.selectFrom('wa_templates').selectAll().where('workspace_id', '=', ws).where('id', '=', msg.templateId).where('deleted_at', 'is', null).executeTakeFirst();
    if (!t) throw notFound('Template');
    const tConn = await findConnectionById(ctx.db, t.connection_id);
    if (!tConn || tConn.waba_id !== conn.waba_id) throw badRequest('This template belongs to another WhatsApp account than the conversation’s number.', 'templateId');
    if (t.status !== 'APPROVED') throw conflict(`Only approved templates can be sent; this one is ${t.status}.`, 'templateId');
    if (t.category === 'MARKETING' && contact?.whatsapp_status === 'opted_out') {
      throw new AppError(409, 'opted_out', 'This contact opted out of WhatsApp marketing: marketing templates cannot be sent to them.', 'templateId');
    }
    const built = buildTemplateSend(t, msg);
    payload = { type: 'template', template: built.template };
    text = built.text;
    templateId = t.id;
  } else {
    const now = await connectionNow(ctx, conn);
    if (!conv.window_expires_at || conv.window_expires_at.getTime() <= now) throw windowClosed(conv.window_expires_at);
    if (msg.type === 'text') {
      if (!msg.text.trim()) throw badRequest('The message is empty.', 'text');
      payload = { type: 'text', text: { body: msg.text, preview_url: /https?:\/\//.test(msg.text) } };
      text = msg.text;
    } else {
      const media: Record<string, unknown> = { link: msg.link };
      if (msg.caption) media.caption = msg.caption;
      if (msg.type === 'document' && msg.filename) media.filename = msg.filename;
      payload = { type: msg.type, [msg.type]: media };
      text = msg.caption ?? '';
      type = msg.type;
    }
  }
  const row = await ctx.db.transaction().execute(async (trx) => {
    const r = await trx
      .insertInto('wa_messages')
      .values({ workspace_id: ws, conversation_id: conv.id, direction: 'out', type, text, payload: JSON.stringify(payload), status: 'sending', template_id: templateId, sent_by_user_id: sender.userId, sent_by: sender.label })
      .returning('id')
      .executeTakeFirstOrThrow();
    await sql`update wa_conversations set last_message_at = now(), last_message_preview = ${(text || `[${type}]`).slice(0, 200)},
      message_count = message_count + 1, unread_count = 0, updated_at = now() where id = ${conv.id}`.execute(trx);
    return r;
  });
  await deliver(ctx, row.id);
  return ctx.db.selectFrom('wa_messages').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
}
