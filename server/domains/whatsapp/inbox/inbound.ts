/**
 * One inbound WhatsApp message, inside the webhook processor's transaction:
 *  - the conversation is keyed on the sender's wa_id, or — for people who use a username and come without a phone
 *    number — on their business-scoped user id (`user:<id>`), so such a message is kept, not dropped; the sender
 *    becomes a contact when a phone number is known;
 *  - the message is stored once (wamid is unique, so replays do nothing), raw, whatever its type: an unknown type
 *    is shown as "unsupported message type", never dropped;
 *  - reactions, edits and revokes change the message they point at (no new bubble); when that message is not in
 *    Clarion they stay visible as a note;
 *  - the 24-hour window opens/extends from the message's own timestamp, except for revokes, edits and system
 *    notices (message-kinds.ts); a customer's number change updates the contact and the conversation;
 *  - media is marked for download (media-download.ts runs after commit);
 *  - opt-out words, typed or as a quick-reply payload, opt the contact out; then auto-reply rules run.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/schema.js';
import { normalisePhone, setChannelStatus } from '../../contacts/index.js';
import type { InboundWork } from '../webhooks/collect.js';
import { matchAutoReply, queueRuleReply } from './auto-replies.js';
import { annotationOf, buttonPayload, contextOf, extendsWindow, forwardedOf, isOptOutKeyword, isOptOutPayload, mediaOf, previewOf, spokenText } from './message-kinds.js';

export { OPT_OUT_KEYWORDS, isOptOutKeyword, previewOf, spokenText } from './message-kinds.js';

export const WINDOW_MS = 24 * 3600_000;

export type InboundItem = InboundWork;
type Db = Kysely<Database>;
type Contact = { id: number; whatsapp_status: string };
type M = Record<string, unknown>;

/** The conversation key: the wa_id, else `user:<business-scoped user id>`, else `unknown:<wamid>`. */
export function conversationKey(item: { waId: string | null; userId: string | null }, wamid: string): string {
  return item.waId ?? (item.userId ? `user:${item.userId}` : `unknown:${wamid}`);
}

async function findOrCreateContact(db: Db, ws: number, waId: string, name: string | null): Promise<Contact | null> {
  const n = normalisePhone(`+${waId}`, 'IL');
  if (!n.ok) return null;
  const find = () =>
    db.selectFrom('contacts').select(['id', 'whatsapp_status']).where('workspace_id', '=', ws).where('phone_e164', '=', n.value).where('deleted_at', 'is', null).executeTakeFirst();
  const existing = await find();
  if (existing) return existing;
  const [first, ...rest] = (name ?? '').trim().split(/\s+/);
  const created = await db
    .insertInto('contacts')
    .values({ workspace_id: ws, phone_e164: n.value, phone_raw: waId, first_name: first ?? '', last_name: rest.join(' '), fields: '{}', source: 'whatsapp' })
    .onConflict((oc) => oc.columns(['workspace_id', 'phone_e164']).where('deleted_at', 'is', null).where('phone_e164', 'is not', null).doNothing())
    .returning(['id', 'whatsapp_status'])
    .executeTakeFirst();
  return created ?? (await find()) ?? null;
}

/** Finds or opens the conversation of the sender (by key, then by business-scoped user id). */
async function conversationFor(db: Db, item: InboundItem, key: string) {
  let conv = await db.selectFrom('wa_conversations').select(['id', 'contact_id']).where('connection_id', '=', item.connectionId).where('wa_id', '=', key).executeTakeFirst();
  if (!conv && item.userId) {
    conv = await db.selectFrom('wa_conversations').select(['id', 'contact_id']).where('connection_id', '=', item.connectionId).where('user_id', '=', item.userId).executeTakeFirst();
  }
  let contact: Contact | undefined = conv?.contact_id
    ? await db.selectFrom('contacts').select(['id', 'whatsapp_status']).where('id', '=', conv.contact_id).where('deleted_at', 'is', null).executeTakeFirst()
    : undefined;
  if (!contact && item.waId) contact = (await findOrCreateContact(db, item.workspaceId, item.waId, item.profileName)) ?? undefined;
  if (!conv) {
    conv = await db
      .insertInto('wa_conversations')
      .values({ workspace_id: item.workspaceId, connection_id: item.connectionId, wa_id: key, contact_id: contact?.id ?? null, profile_name: item.profileName ?? '', user_id: item.userId, username: item.username })
      .onConflict((oc) => oc.columns(['connection_id', 'wa_id']).doUpdateSet({ updated_at: new Date() }))
      .returning(['id', 'contact_id'])
      .executeTakeFirstOrThrow();
  }
  return { conv, contact };
}

/** Applies a reaction / edit / revoke to the message it names. Returns whether that message was found. */
async function annotate(db: Db, ws: number, m: M, ts: Date): Promise<boolean> {
  const a = annotationOf(m);
  if (!a) return false;
  const tsIso = ts.toISOString();
  if (a.kind === 'reaction') {
    const emoji = String((m.reaction as M | undefined)?.emoji ?? '') || null; // empty or missing emoji = reaction removed
    const r = await sql`update wa_messages set reaction_emoji = ${emoji}, reacted_at = ${tsIso}::timestamptz
      where workspace_id = ${ws} and wamid = ${a.target} and (reacted_at is null or reacted_at <= ${tsIso}::timestamptz)`.execute(db);
    if (Number(r.numAffectedRows ?? 0) > 0) return true;
    const exists = await db.selectFrom('wa_messages').select('id').where('workspace_id', '=', ws).where('wamid', '=', a.target).executeTakeFirst();
    return !!exists; // a newer reaction already applied: still attached
  }
  if (a.kind === 'edit') {
    const next = ((m.edit as M | undefined)?.message ?? {}) as M;
    const media = mediaOf(m);
    const r = await sql`update wa_messages set text = ${spokenText(m)}, type = ${String(next.type ?? 'text')},
        payload = ${JSON.stringify(next)}::jsonb || jsonb_build_object('edited_from', payload), edited_at = ${tsIso}::timestamptz,
        media_status = ${media ? 'pending' : null}, media_file_id = null, media_error = null
      where workspace_id = ${ws} and wamid = ${a.target} and revoked_at is null and (edited_at is null or edited_at <= ${tsIso}::timestamptz)`.execute(db);
    return Number(r.numAffectedRows ?? 0) > 0;
  }
  const r = await sql`update wa_messages set revoked_at = coalesce(revoked_at, ${tsIso}::timestamptz), text = '',
      payload = jsonb_build_object('type', type, 'revoked', true), media_file_id = null, media_status = null
    where workspace_id = ${ws} and wamid = ${a.target}`.execute(db);
  return Number(r.numAffectedRows ?? 0) > 0;
}

/** A customer changed number (system message): the contact and the conversation follow the new wa_id. */
async function applySystem(db: Db, ws: number, conversationId: number, contactId: number | null, m: M) {
  const s = (m.system ?? {}) as M;
  const type = String(s.type ?? '');
  if ((type === 'user_changed_number' || type === 'customer_changed_number') && (typeof s.wa_id === 'string' || typeof s.new_wa_id === 'string')) {
    const newWa = String(s.wa_id ?? s.new_wa_id);
    const n = normalisePhone(`+${newWa}`, 'IL');
    if (contactId && n.ok) {
      const taken = await db.selectFrom('contacts').select('id').where('workspace_id', '=', ws).where('phone_e164', '=', n.value).where('deleted_at', 'is', null).executeTakeFirst();
      if (!taken) await db.updateTable('contacts').set({ phone_e164: n.value, phone_raw: newWa, updated_at: new Date() }).where('id', '=', contactId).execute();
    }
    await sql`update wa_conversations c set wa_id = ${newWa}, updated_at = now() where c.id = ${conversationId}
      and not exists (select 1 from wa_conversations o where o.connection_id = c.connection_id and o.wa_id = ${newWa})`.execute(db);
  } else if (type === 'user_changed_user_id' && typeof s.user_id === 'string') {
    await db.updateTable('wa_conversations').set({ user_id: s.user_id, updated_at: new Date() }).where('id', '=', conversationId).execute();
  }
}

/** Handles one inbound message. Returns true when it queued an outbound reply. */
export async function handleInbound(db: Db, item: InboundItem): Promise<boolean> {
  const m = item.message;
  const wamid = typeof m.id === 'string' && m.id ? m.id : null;
  if (!wamid) return false;
  const ts = new Date(Number(m.timestamp) * 1000 || Date.now());
  const ws = item.workspaceId;
  const { conv, contact } = await conversationFor(db, item, conversationKey(item, wamid));

  const isAnnotation = !!annotationOf(m);
  const inserted = await db
    .insertInto('wa_messages')
    .values({
      workspace_id: ws, conversation_id: conv.id, direction: 'in', wamid, type: String(m.type ?? 'unknown'), text: spokenText(m), payload: JSON.stringify(m),
      status: 'received', created_at: ts, context_wamid: contextOf(m), forwarded: forwardedOf(m), shown: !isAnnotation,
      media_status: !isAnnotation && mediaOf(m) ? 'pending' : null,
    })
    .onConflict((oc) => oc.columns(['workspace_id', 'wamid']).where('wamid', 'is not', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return false; // a replay: already stored and acted on
  // Attached to its target: the row stays (raw, hidden); not found: it stays visible as a note.
  if (isAnnotation && !(await annotate(db, ws, m, ts))) await db.updateTable('wa_messages').set({ shown: true }).where('id', '=', inserted.id).execute();

  const tsIso = ts.toISOString();
  const opens = extendsWindow(m);
  const expires = new Date(ts.getTime() + WINDOW_MS).toISOString();
  await sql`update wa_conversations set
      contact_id = coalesce(${contact?.id ?? null}::bigint, contact_id),
      profile_name = case when ${item.profileName ?? ''} <> '' then ${item.profileName ?? ''} else profile_name end,
      user_id = coalesce(${item.userId}::text, user_id),
      username = coalesce(${item.username}::text, username),
      last_inbound_at = case when ${opens} then greatest(last_inbound_at, ${tsIso}::timestamptz) else last_inbound_at end,
      window_expires_at = case when ${opens} then greatest(window_expires_at, ${expires}::timestamptz) else window_expires_at end,
      last_message_at = greatest(last_message_at, ${tsIso}::timestamptz),
      last_message_preview = ${previewOf(m)},
      unread_count = unread_count + ${isAnnotation ? 0 : 1},
      message_count = message_count + ${isAnnotation ? 0 : 1},
      updated_at = now()
    where id = ${conv.id}`.execute(db);
  if (m.type === 'system') await applySystem(db, ws, conv.id, contact?.id ?? null, m);

  const said = spokenText(m);
  if (contact && (isOptOutKeyword(said) || isOptOutPayload(buttonPayload(m)))) {
    await setChannelStatus(db, ws, contact.id, 'whatsapp', 'opted_out', {
      source: 'keyword',
      reason: isOptOutKeyword(said) ? `Sent "${said.trim()}" on WhatsApp` : `Tapped the opt-out button "${said.trim()}" on WhatsApp`,
      actor: 'contact',
    });
    const settings = await db.selectFrom('wa_settings').select('opt_out_reply').where('workspace_id', '=', ws).executeTakeFirst();
    const reply = settings?.opt_out_reply ?? 'You will no longer receive marketing messages from us on WhatsApp. / הוסרת מרשימת הדיוור שלנו בוואטסאפ.';
    await queueText(db, ws, conv.id, reply, 'opt_out_confirmation');
    return true;
  }
  if (isAnnotation || m.type === 'system') return false;
  const rule = await matchAutoReply(db, ws, item.connectionId, said);
  if (!rule) return false;
  return queueRuleReply(db, ws, conv.id, contact ?? null, rule);
}

/** A message the business sent from the WhatsApp Business app (an echo): stored as outbound in its conversation. */
export async function handleEcho(db: Db, e: { workspaceId: number; connectionId: number; to: string; message: M }): Promise<void> {
  const m = e.message;
  const wamid = typeof m.id === 'string' && m.id ? m.id : null;
  const ts = new Date(Number(m.timestamp) * 1000 || Date.now());
  const conv = await db
    .insertInto('wa_conversations')
    .values({ workspace_id: e.workspaceId, connection_id: e.connectionId, wa_id: e.to })
    .onConflict((oc) => oc.columns(['connection_id', 'wa_id']).doUpdateSet({ updated_at: new Date() }))
    .returning('id')
    .executeTakeFirstOrThrow();
  const r = await db
    .insertInto('wa_messages')
    .values({ workspace_id: e.workspaceId, conversation_id: conv.id, direction: 'out', wamid, type: String(m.type ?? 'unknown'), text: spokenText(m), payload: JSON.stringify(m), status: 'sent', sent_by: 'business_app', created_at: ts, sent_at: ts })
    .onConflict((oc) => oc.columns(['workspace_id', 'wamid']).where('wamid', 'is not', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (r) {
    await sql`update wa_conversations set last_message_at = greatest(last_message_at, ${ts.toISOString()}::timestamptz), last_message_preview = ${previewOf(m)},
      message_count = message_count + 1, updated_at = now() where id = ${conv.id}`.execute(db);
  }
}

/** Queues a free-form text reply (sent after commit by the outbound sender). */
export async function queueText(db: Db, ws: number, conversationId: number, text: string, automated: string) {
  await db
    .insertInto('wa_messages')
    .values({ workspace_id: ws, conversation_id: conversationId, direction: 'out', type: 'text', text, payload: JSON.stringify({ type: 'text', text: { body: text } }), status: 'queued', automated, sent_by: 'automation' })
    .execute();
}
