/**
 * Keyword auto-reply rules: when an inbound message's text equals (or contains) a keyword, reply with a text or
 * an approved template and optionally add the contact to a group. Storage, matching and the queued reply.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database, WaAutoRepliesTable } from '../../../db/schema.js';
import { buildTemplateSend } from './template-message.js';

type Db = Kysely<Database>;
export type AutoReplyRow = Selectable<WaAutoRepliesTable>;

const norm = (s: string) => s.trim().toLocaleLowerCase();

/** The first enabled rule (lowest id) of the workspace/number that the text triggers. */
export async function matchAutoReply(db: Db, ws: number, connectionId: number, text: string): Promise<AutoReplyRow | null> {
  const said = norm(text);
  if (!said) return null;
  const rules = await db
    .selectFrom('wa_auto_replies')
    .selectAll()
    .where('workspace_id', '=', ws)
    .where('enabled', '=', true)
    .where((eb) => eb.or([eb('connection_id', 'is', null), eb('connection_id', '=', connectionId)]))
    .orderBy('id')
    .execute();
  return rules.find((r) => (r.match_mode === 'contains' ? said.includes(norm(r.keyword)) : said === norm(r.keyword))) ?? null;
}

/**
 * Queues the rule's reply (inside the window the person just opened) and adds the contact to the rule's group.
 * A marketing template is not sent to a contact who opted out of WhatsApp. Returns true when a reply was queued.
 */
export async function queueRuleReply(db: Db, ws: number, conversationId: number, contact: { id: number; whatsapp_status: string } | null, rule: AutoReplyRow): Promise<boolean> {
  if (rule.group_id && contact) {
    const group = await db.selectFrom('groups').select('id').where('workspace_id', '=', ws).where('id', '=', rule.group_id).where('deleted_at', 'is', null).executeTakeFirst();
    if (group) {
      await db
        .insertInto('group_members')
        .values({ workspace_id: ws, group_id: group.id, contact_id: contact.id })
        .onConflict((oc) => oc.columns(['group_id', 'contact_id']).doNothing())
        .execute();
    }
  }
  const automated = `auto_reply:${rule.id}`;
  if (rule.template_id) {
    const t = await db.selectFrom('wa_templates').selectAll().where('workspace_id', '=', ws).where('id', '=', rule.template_id).where('deleted_at', 'is', null).executeTakeFirst();
    if (!t || t.status !== 'APPROVED') return false;
    if (t.category === 'MARKETING' && contact?.whatsapp_status === 'opted_out') return false;
    let built;
    try {
      built = buildTemplateSend(t, { variables: rule.template_variables ?? [] });
    } catch {
      return false; // the rule's variables no longer fit the template
    }
    await db
      .insertInto('wa_messages')
      .values({ workspace_id: ws, conversation_id: conversationId, direction: 'out', type: 'template', text: built.text, payload: JSON.stringify({ type: 'template', template: built.template }), status: 'queued', template_id: t.id, automated, sent_by: 'automation' })
      .execute();
    return true;
  }
  if (rule.reply_text) {
    await db
      .insertInto('wa_messages')
      .values({ workspace_id: ws, conversation_id: conversationId, direction: 'out', type: 'text', text: rule.reply_text, payload: JSON.stringify({ type: 'text', text: { body: rule.reply_text } }), status: 'queued', automated, sent_by: 'automation' })
      .execute();
    return true;
  }
  return false;
}

export function listAutoReplies(db: Db, ws: number) {
  return db.selectFrom('wa_auto_replies').selectAll().where('workspace_id', '=', ws).orderBy('id').execute();
}

export function findAutoReply(db: Db, ws: number, id: number) {
  return db.selectFrom('wa_auto_replies').selectAll().where('workspace_id', '=', ws).where('id', '=', id).executeTakeFirst();
}

export function insertAutoReply(db: Db, v: Omit<Parameters<ReturnType<Db['insertInto']>['values']>[0], never> & Record<string, unknown>) {
  return db.insertInto('wa_auto_replies').values(v as never).returningAll().executeTakeFirstOrThrow();
}

export function updateAutoReply(db: Db, ws: number, id: number, patch: Record<string, unknown>) {
  return db.updateTable('wa_auto_replies').set({ ...patch, updated_at: new Date() } as never).where('workspace_id', '=', ws).where('id', '=', id).returningAll().executeTakeFirst();
}

export async function deleteAutoReply(db: Db, ws: number, id: number): Promise<boolean> {
  const r = await db.deleteFrom('wa_auto_replies').where('workspace_id', '=', ws).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
