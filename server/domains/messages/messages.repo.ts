/**
 * The messages tables: outbound_messages (what was asked) and their delivery rows (campaign_id null, priority,
 * message_id), claimed by the messages lanes. Only this file touches Kysely for messages.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { SendItem } from '../channels/channel.js';
import type { ClaimedDeliveryRow } from '../deliveries/deliveries.repo.js';

type Db = Kysely<Database>;

export interface NewMessageRow {
  workspaceId: number;
  channel: 'email' | 'whatsapp' | 'sms';
  kind: 'transactional' | 'marketing';
  priority: 'low' | 'normal' | 'high' | 'urgent';
  rank: number;
  contactId: number;
  address: string;
  content: Record<string, unknown>;
  metadata: Record<string, unknown>;
  sendAt: Date | null;
  source: string;
  sourceRef: string | null;
  actor: string;
  /** null = queued; otherwise the reason it is skipped (consent, suppression…). */
  skipReason: string | null;
}

/** Inserts messages and their delivery rows in ONE statement each (a batch of 500 is two round trips). */
export async function insertMessages(db: Db, rows: NewMessageRow[]): Promise<{ id: number; deliveryId: number }[]> {
  if (!rows.length) return [];
  return db.transaction().execute(async (trx) => {
    const msgs = await trx
      .insertInto('outbound_messages')
      .values(
        rows.map((r) => ({
          workspace_id: r.workspaceId,
          channel: r.channel,
          kind: r.kind,
          priority: r.priority,
          contact_id: r.contactId,
          address: r.address,
          content: JSON.stringify(r.content),
          metadata: JSON.stringify(r.metadata),
          send_at: r.sendAt,
          source: r.source,
          source_ref: r.sourceRef,
          actor: r.actor,
        })),
      )
      .returning('id')
      .execute();
    const values = sql.join(
      rows.map(
        (r, i) =>
          sql`(${r.workspaceId}::bigint, ${Number(msgs[i].id)}::bigint, ${r.contactId}::bigint, ${r.channel}::text, ${r.address}::text, ${r.skipReason ? 'skipped' : 'queued'}::text, ${r.skipReason}::text, ${r.rank}::smallint, coalesce(${r.sendAt}::timestamptz, now()))`,
      ),
    );
    const { rows: dels } = await sql<{ id: number; message_id: number }>`
      insert into deliveries (workspace_id, message_id, contact_id, channel, address, status, reason, priority, next_attempt_at, finished_at)
      select v.ws, v.mid, v.cid, v.ch, v.addr, v.st, v.reason, v.prio, v.at, case when v.st = 'skipped' then now() end
      from (values ${values}) as v(ws, mid, cid, ch, addr, st, reason, prio, at)
      returning id, message_id`.execute(trx);
    const byMsg = new Map(dels.map((d) => [Number(d.message_id), Number(d.id)]));
    const out = msgs.map((m) => ({ id: Number(m.id), deliveryId: byMsg.get(Number(m.id))! }));
    await sql`insert into events (workspace_id, delivery_id, contact_id, channel, type, data)
      select d.workspace_id, d.id, d.contact_id, d.channel, case when d.status = 'skipped' then 'skipped' else 'queued' end,
        jsonb_build_object('messageId', d.message_id, 'reason', d.reason)
      from deliveries d where d.id = any(${out.map((o) => o.deliveryId)}::bigint[])`.execute(trx);
    return out;
  });
}

/** A claimed message: the SendItem the channel senders take, plus what the lane needs to pick a sender. */
export interface ClaimedMessage {
  item: SendItem;
  messageId: number;
  channel: 'email' | 'whatsapp' | 'sms';
  kind: string;
  content: Record<string, unknown>;
}

interface ClaimRow extends ClaimedDeliveryRow {
  message_id: number;
  channel: 'email' | 'whatsapp' | 'sms';
  kind: string;
  content: Record<string, unknown>;
}

/**
 * Claims due message deliveries of priority ≥ `minRank`, highest priority first (FOR UPDATE SKIP LOCKED, lease),
 * with their contacts, content and a fresh suppression check — the same shape campaigns' claims have.
 */
export async function claimMessages(db: Db, owner: string, minRank: number, limit: number, leaseMs: number): Promise<ClaimedMessage[]> {
  const { rows } = await sql<ClaimRow>`
    with picked as (
      select id from deliveries
      where campaign_id is null and status in ('queued','deferred') and next_attempt_at <= now() and priority >= ${minRank}
      order by priority desc, next_attempt_at, id
      limit ${limit}
      for update skip locked
    ), upd as (
      update deliveries d set status = 'claimed', lease_owner = ${owner}, lease_until = now() + make_interval(secs => ${leaseMs / 1000})
      from picked where d.id = picked.id
      returning d.id, d.workspace_id, d.address, d.attempts, d.contact_id, d.channel, d.message_id
    )
    select upd.id, upd.workspace_id, upd.address, upd.attempts, upd.contact_id, upd.message_id, upd.channel,
      m.kind, m.content,
      c.email, c.phone_e164, c.first_name, c.last_name, c.fields, c.email_status, c.whatsapp_status, c.sms_status,
      (c.id is null or c.deleted_at is not null) as deleted,
      exists (select 1 from suppressions s where s.workspace_id = upd.workspace_id and s.channel = upd.channel
              and s.value = lower(upd.address)) as suppressed
    from upd join outbound_messages m on m.id = upd.message_id
    left join contacts c on c.id = upd.contact_id
    order by upd.id`.execute(db);
  return rows.map((r) => ({
    messageId: Number(r.message_id),
    channel: r.channel,
    kind: r.kind,
    content: r.content ?? {},
    item: {
      deliveryId: Number(r.id),
      campaignId: 0,
      workspaceId: Number(r.workspace_id),
      address: r.address ?? '',
      attempt: r.attempts + 1,
      suppressed: r.suppressed,
      contact: {
        id: Number(r.contact_id),
        email: r.email,
        phone: r.phone_e164,
        firstName: r.first_name ?? '',
        lastName: r.last_name ?? '',
        fields: r.fields ?? {},
        emailStatus: r.email_status ?? 'invalid',
        whatsappStatus: r.whatsapp_status ?? 'unknown',
        smsStatus: r.sms_status ?? 'unknown',
        deleted: r.deleted,
      },
    },
  }));
}

/** Appends 'accepted' (the provider took it) and 'skipped' events of messages — campaigns do not log per-recipient sends, messages do. */
export async function insertMessageEvents(db: Db, events: { workspaceId: number; deliveryId: number; contactId: number; channel: string; type: string; data: Record<string, unknown> }[]) {
  if (!events.length) return;
  await db
    .insertInto('events')
    .values(events.map((e) => ({ workspace_id: e.workspaceId, delivery_id: e.deliveryId, contact_id: e.contactId, channel: e.channel, type: e.type, data: JSON.stringify(e.data) })))
    .execute();
}

export interface MessageRow {
  id: number;
  workspace_id: number;
  channel: string;
  kind: string;
  priority: string;
  contact_id: number | null;
  address: string | null;
  metadata: Record<string, unknown>;
  send_at: Date | null;
  created_at: Date;
  delivery_id: number | null;
  status: string | null;
  reason: string | null;
  provider_message_id: string | null;
  sent_at: Date | null;
}

/** One message with its delivery row, scoped to the workspace. */
export async function findMessage(db: Db, workspaceId: number, id: number): Promise<MessageRow | undefined> {
  const { rows } = await sql<MessageRow>`
    select m.id, m.workspace_id, m.channel, m.kind, m.priority, m.contact_id, m.address, m.metadata, m.send_at, m.created_at,
      d.id as delivery_id, d.status, d.reason, d.provider_message_id, d.sent_at
    from outbound_messages m left join deliveries d on d.message_id = m.id and d.workspace_id = m.workspace_id
    where m.workspace_id = ${workspaceId} and m.id = ${id}`.execute(db);
  return rows[0];
}

/** The events of a delivery in the order they were recorded (provider timestamps may be coarser or skewed). */
export async function deliveryEvents(db: Db, workspaceId: number, deliveryId: number) {
  return db
    .selectFrom('events')
    .select(['type', 'at', 'data'])
    .where('workspace_id', '=', workspaceId)
    .where('delivery_id', '=', deliveryId)
    .orderBy('id')
    .execute();
}
