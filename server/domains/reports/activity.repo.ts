/**
 * Cross-campaign views: a contact's messages (every channel) with what happened to each, and the dashboard
 * (recent campaigns with their key numbers, totals over the last N days).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

type Db = Kysely<Database>;

export interface ContactMessageRow {
  deliveryId: number;
  campaignId: number;
  campaignName: string;
  channel: string;
  status: string;
  reason: string | null;
  address: string | null;
  sentAt: Date | null;
  deliveredAt: Date | null;
  openedAt: Date | null;
  clickedAt: Date | null;
  bouncedAt: Date | null;
  bounceClass: string | null;
  complainedAt: Date | null;
  unsubscribedAt: Date | null;
  events: { type: string; at: Date; bot: boolean | null; detail: Record<string, unknown> }[];
}

/** True when the contact exists in the workspace (deleted contacts keep their history). */
export async function contactExists(db: Db, ws: number, contactId: number): Promise<boolean> {
  const r = await db.selectFrom('contacts').select('id').where('workspace_id', '=', ws).where('id', '=', contactId).executeTakeFirst();
  return !!r;
}

/** The contact's deliveries, newest first (skipped ones too: they say why nothing was sent), with their events. */
export async function contactMessages(db: Db, ws: number, contactId: number, beforeId: number | null, limit: number): Promise<ContactMessageRow[]> {
  const rows = await db
    .selectFrom('deliveries as d')
    .innerJoin('campaigns as c', 'c.id', 'd.campaign_id')
    .select(['d.id', 'd.campaign_id', 'c.name', 'd.channel', 'd.status', 'd.reason', 'd.address', 'd.sent_at', 'd.delivered_at', 'd.opened_at',
      'd.clicked_at', 'd.bounced_at', 'd.bounce_class', 'd.complained_at', 'd.unsubscribed_at'])
    .where('d.workspace_id', '=', ws)
    .where('d.contact_id', '=', contactId)
    .$if(beforeId !== null, (q) => q.where('d.id', '<', beforeId!))
    .orderBy('d.id', 'desc')
    .limit(limit)
    .execute();
  const ids = rows.map((r) => Number(r.id));
  const events = ids.length
    ? await db.selectFrom('events').select(['delivery_id', 'type', 'at', 'data']).where('workspace_id', '=', ws).where('delivery_id', 'in', ids).orderBy('at').orderBy('id').limit(5000).execute()
    : [];
  const byDelivery = new Map<number, ContactMessageRow['events']>();
  for (const e of events) {
    const list = byDelivery.get(Number(e.delivery_id)) ?? [];
    const { bot, ip: _ip, ua: _ua, ...detail } = (e.data ?? {}) as Record<string, unknown>;
    list.push({ type: e.type, at: e.at, bot: typeof bot === 'boolean' ? bot : null, detail });
    byDelivery.set(Number(e.delivery_id), list);
  }
  return rows.map((r) => ({
    deliveryId: Number(r.id), campaignId: Number(r.campaign_id), campaignName: r.name, channel: r.channel, status: r.status, reason: r.reason,
    address: r.address, sentAt: r.sent_at, deliveredAt: r.delivered_at, openedAt: r.opened_at, clickedAt: r.clicked_at, bouncedAt: r.bounced_at,
    bounceClass: r.bounce_class, complainedAt: r.complained_at, unsubscribedAt: r.unsubscribed_at, events: byDelivery.get(Number(r.id)) ?? [],
  }));
}

/** The most recent campaigns that started sending, with their key numbers (one grouped pass over their deliveries). */
export async function recentCampaigns(db: Db, ws: number, limit: number) {
  const { rows } = await sql<{ id: number; name: string; channel: string; status: string; started_at: Date | null; finished_at: Date | null; audience: number; sent: number; delivered: number; opened: number; clicked: number; bounced: number; unsubscribed: number; complained: number }>`
    with recent as (
      select id, name, channel, status, started_at, finished_at from campaigns
      where workspace_id = ${ws} and deleted_at is null and started_at is not null
      order by started_at desc, id desc limit ${limit}
    )
    select r.*, coalesce(s.audience, 0)::int as audience, coalesce(s.sent, 0)::int as sent, coalesce(s.delivered, 0)::int as delivered,
      coalesce(s.opened, 0)::int as opened, coalesce(s.clicked, 0)::int as clicked, coalesce(s.bounced, 0)::int as bounced,
      coalesce(s.unsubscribed, 0)::int as unsubscribed, coalesce(s.complained, 0)::int as complained
    from recent r left join (
      select campaign_id, count(*) as audience, count(*) filter (where sent_at is not null) as sent,
        count(*) filter (where sent_at is not null and bounced_at is null) as delivered,
        count(*) filter (where opened_at is not null) as opened, count(*) filter (where clicked_at is not null) as clicked,
        count(*) filter (where bounced_at is not null) as bounced, count(*) filter (where unsubscribed_at is not null) as unsubscribed,
        count(*) filter (where complained_at is not null) as complained
      from deliveries where workspace_id = ${ws} and campaign_id in (select id from recent) group by campaign_id
    ) s on s.campaign_id = r.id
    order by r.started_at desc, r.id desc`.execute(db);
  return rows.map((r) => ({
    id: Number(r.id), name: r.name, channel: r.channel, status: r.status, startedAt: r.started_at, finishedAt: r.finished_at,
    audience: Number(r.audience), sent: Number(r.sent), delivered: Number(r.delivered), opened: Number(r.opened), clicked: Number(r.clicked),
    bounced: Number(r.bounced), unsubscribed: Number(r.unsubscribed), complained: Number(r.complained),
  }));
}

/** Totals over messages sent in the last `days` days (deliveries_ws_sent index). */
export async function periodTotals(db: Db, ws: number, days: number) {
  const { rows } = await sql<Record<string, number>>`
    select count(distinct campaign_id)::int as campaigns, count(*)::int as sent,
      count(*) filter (where bounced_at is null)::int as delivered,
      count(*) filter (where opened_at is not null)::int as opened, count(*) filter (where clicked_at is not null)::int as clicked,
      count(*) filter (where bounced_at is not null)::int as bounced, count(*) filter (where unsubscribed_at is not null)::int as unsubscribed,
      count(*) filter (where complained_at is not null)::int as complained
    from deliveries where workspace_id = ${ws} and sent_at is not null and sent_at > now() - make_interval(days => ${days})`.execute(db);
  const r = rows[0] ?? {};
  const n = (k: string) => Number(r[k] ?? 0);
  return { campaigns: n('campaigns'), sent: n('sent'), delivered: n('delivered'), opened: n('opened'), clicked: n('clicked'), bounced: n('bounced'), unsubscribed: n('unsubscribed'), complained: n('complained') };
}
