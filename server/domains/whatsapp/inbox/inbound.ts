/**
 * One inbound WhatsApp message, inside the webhook processor's transaction: the sender becomes a contact if
 * unknown (E.164 from wa_id, name from the profile), the conversation (per number + wa_id) is created or
 * updated — its 24-hour customer-service window opens/extends from the message's own timestamp — the message is
 * stored once (wamid is unique, so replays do nothing), then opt-out keywords and auto-reply rules run. Replies
 * are queued as outbound rows and sent after the transaction commits.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/schema.js';
import { normalisePhone, setChannelStatus } from '../../contacts/index.js';
import { matchAutoReply, queueRuleReply } from './auto-replies.js';

export const WINDOW_MS = 24 * 3600_000;

/** Keywords that opt a contact out of WhatsApp marketing (compared trimmed and case-insensitively). */
export const OPT_OUT_KEYWORDS = ['הסר', 'stop', 'unsubscribe'];

/** A parsed inbound message, attributed to a verified connection. */
export interface InboundItem {
  workspaceId: number;
  connectionId: number;
  waId: string;
  profileName: string | null;
  message: Record<string, unknown>;
}

/** The words a person "said": text body, tapped button label, chosen reply/list title, media caption. */
export function spokenText(m: Record<string, unknown>): string {
  const o = (k: string) => (m[k] ?? {}) as Record<string, unknown>;
  switch (m.type) {
    case 'text':
      return String(o('text').body ?? '');
    case 'button':
      return String(o('button').text ?? '');
    case 'interactive': {
      const i = o('interactive');
      const r = (i.button_reply ?? i.list_reply ?? {}) as Record<string, unknown>;
      return String(r.title ?? '');
    }
    case 'image':
    case 'video':
    case 'document':
      return String(o(String(m.type)).caption ?? '');
    case 'reaction':
      return String(o('reaction').emoji ?? '');
    default:
      return '';
  }
}

/** Short text shown in the conversation list. */
export function previewOf(m: Record<string, unknown>): string {
  const said = spokenText(m);
  if (m.type === 'text' || m.type === 'button' || m.type === 'interactive') return said.slice(0, 200);
  const label = `[${String(m.type ?? 'message')}]`;
  return (said ? `${label} ${said}` : label).slice(0, 200);
}

export const isOptOutKeyword = (text: string) => OPT_OUT_KEYWORDS.includes(text.trim().toLocaleLowerCase());

async function findOrCreateContact(db: Kysely<Database>, ws: number, waId: string, name: string | null): Promise<{ id: number; whatsapp_status: string } | null> {
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

/** Handles one inbound message. Returns true when it queued an outbound reply. */
export async function handleInbound(db: Kysely<Database>, item: InboundItem): Promise<boolean> {
  const m = item.message;
  const wamid = typeof m.id === 'string' ? m.id : null;
  if (!wamid) return false;
  const ts = new Date(Number(m.timestamp) * 1000 || Date.now());
  const ws = item.workspaceId;

  let conv = await db
    .selectFrom('wa_conversations')
    .select(['id', 'contact_id'])
    .where('connection_id', '=', item.connectionId)
    .where('wa_id', '=', item.waId)
    .executeTakeFirst();
  let contact: { id: number; whatsapp_status: string } | undefined = conv?.contact_id
    ? await db.selectFrom('contacts').select(['id', 'whatsapp_status']).where('id', '=', conv.contact_id).where('deleted_at', 'is', null).executeTakeFirst()
    : undefined;
  contact ??= (await findOrCreateContact(db, ws, item.waId, item.profileName)) ?? undefined;
  if (!conv) {
    conv = await db
      .insertInto('wa_conversations')
      .values({ workspace_id: ws, connection_id: item.connectionId, wa_id: item.waId, contact_id: contact?.id ?? null, profile_name: item.profileName ?? '' })
      .onConflict((oc) => oc.columns(['connection_id', 'wa_id']).doUpdateSet({ updated_at: new Date() }))
      .returning(['id', 'contact_id'])
      .executeTakeFirstOrThrow();
  }

  const inserted = await db
    .insertInto('wa_messages')
    .values({ workspace_id: ws, conversation_id: conv.id, direction: 'in', wamid, type: String(m.type ?? 'unknown'), text: spokenText(m), payload: JSON.stringify(m), status: 'received', created_at: ts })
    .onConflict((oc) => oc.columns(['workspace_id', 'wamid']).where('wamid', 'is not', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return false; // a replay: already stored and acted on

  const expires = new Date(ts.getTime() + WINDOW_MS);
  await sql`update wa_conversations set
      contact_id = coalesce(${contact?.id ?? null}::bigint, contact_id),
      profile_name = case when ${item.profileName ?? ''} <> '' then ${item.profileName ?? ''} else profile_name end,
      last_inbound_at = greatest(last_inbound_at, ${ts.toISOString()}::timestamptz),
      window_expires_at = greatest(window_expires_at, ${expires.toISOString()}::timestamptz),
      last_message_at = greatest(last_message_at, ${ts.toISOString()}::timestamptz),
      last_message_preview = ${previewOf(m)},
      unread_count = unread_count + 1,
      message_count = message_count + 1,
      updated_at = now()
    where id = ${conv.id}`.execute(db);

  const said = spokenText(m);
  if (contact && isOptOutKeyword(said)) {
    await setChannelStatus(db, ws, contact.id, 'whatsapp', 'opted_out', {
      source: 'keyword',
      reason: `Sent "${said.trim()}" on WhatsApp`,
      actor: 'contact',
    });
    const settings = await db.selectFrom('wa_settings').select('opt_out_reply').where('workspace_id', '=', ws).executeTakeFirst();
    const reply = settings?.opt_out_reply ?? 'You will no longer receive marketing messages from us on WhatsApp. / הוסרת מרשימת הדיוור שלנו בוואטסאפ.';
    await queueText(db, ws, conv.id, reply, 'opt_out_confirmation');
    return true;
  }
  const rule = await matchAutoReply(db, ws, item.connectionId, said);
  if (!rule) return false;
  return queueRuleReply(db, ws, conv.id, contact ?? null, rule);
}

/** Queues a free-form text reply (sent after commit by the outbound sender). */
export async function queueText(db: Kysely<Database>, ws: number, conversationId: number, text: string, automated: string) {
  await db
    .insertInto('wa_messages')
    .values({ workspace_id: ws, conversation_id: conversationId, direction: 'out', type: 'text', text, payload: JSON.stringify({ type: 'text', text: { body: text } }), status: 'queued', automated, sent_by: 'automation' })
    .execute();
}
