/**
 * Database access of the tracking endpoints: the delivery a token names (with the workspace's privacy and
 * detection settings), the campaign's link table, and the batched write of tracking hits.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { DEFAULT_MACHINE_OPEN_SECONDS, DEFAULT_SCANNER_CLICK_SECONDS } from './detect.js';

type Db = Kysely<Database>;

/** The delivery behind a verified token, with what the tracking endpoints need to decide. */
export interface TrackedDelivery {
  id: number;
  workspaceId: number;
  campaignId: number;
  contactId: number;
  channel: string;
  status: string;
  address: string | null;
  sentAt: Date | null;
  /** Workspace privacy switch: false = anonymous counters only. */
  individualTracking: boolean;
  scannerClickSeconds: number;
  machineOpenSeconds: number;
}

/** Loads one delivery by id (tokens are verified before this is called). */
export async function findTrackedDelivery(db: Db, deliveryId: number): Promise<TrackedDelivery | null> {
  const r = await db
    .selectFrom('deliveries as d')
    .leftJoin('email_settings as es', 'es.workspace_id', 'd.workspace_id')
    .leftJoin('tracking_settings as ts', 'ts.workspace_id', 'd.workspace_id')
    .select([
      'd.id', 'd.workspace_id', 'd.campaign_id', 'd.contact_id', 'd.channel', 'd.status', 'd.address', 'd.sent_at',
      'es.individual_tracking', 'ts.scanner_click_seconds', 'ts.machine_open_seconds',
    ])
    .where('d.id', '=', deliveryId)
    .executeTakeFirst();
  if (!r) return null;
  return {
    id: Number(r.id),
    workspaceId: Number(r.workspace_id),
    campaignId: Number(r.campaign_id),
    contactId: Number(r.contact_id),
    channel: r.channel,
    status: r.status,
    address: r.address,
    sentAt: r.sent_at,
    individualTracking: r.individual_tracking ?? true,
    scannerClickSeconds: r.scanner_click_seconds ?? DEFAULT_SCANNER_CLICK_SECONDS,
    machineOpenSeconds: r.machine_open_seconds ?? DEFAULT_MACHINE_OPEN_SECONDS,
  };
}

/** The stored link table of a campaign (empty when it was never stored). */
export async function loadLinks(db: Db, campaignId: number): Promise<Map<number, string>> {
  const rows = await db.selectFrom('campaign_links').select(['link_index', 'url']).where('campaign_id', '=', campaignId).execute();
  return new Map(rows.map((r) => [r.link_index, r.url]));
}

/** Stores a campaign's link table; existing entries are kept (the table of a sent campaign never changes). */
export async function storeLinks(db: Db, workspaceId: number, campaignId: number, links: { index: number; url: string }[]): Promise<void> {
  if (!links.length) return;
  await db
    .insertInto('campaign_links')
    .values(links.map((l) => ({ workspace_id: workspaceId, campaign_id: campaignId, link_index: l.index, url: l.url })))
    .onConflict((oc) => oc.columns(['campaign_id', 'link_index']).doNothing())
    .execute();
}

/** The campaign's frozen content and settings (to rebuild a link table that was never stored). */
export async function findCampaignForLinks(db: Db, campaignId: number) {
  return db.selectFrom('campaigns').select(['id', 'workspace_id', 'name', 'frozen', 'content', 'settings']).where('id', '=', campaignId).executeTakeFirst();
}

/** One buffered tracking hit, ready to be written. */
export interface HitRow {
  workspaceId: number;
  campaignId: number;
  /** null when the workspace tracks anonymously. */
  deliveryId: number | null;
  contactId: number | null;
  type: 'open' | 'click';
  at: Date;
  /** false for people; true for machine opens / scanner clicks. */
  bot: boolean;
  linkIndex: number | null;
  data: Record<string, unknown>;
}

/** How far around a honeypot hit the delivery's other clicks are treated as the same scanner burst. */
const BURST_SECONDS = 60;

/**
 * Writes a batch of hits in one transaction: ONE INSERT of the events, ONE UPDATE of the first human open/click
 * times of the deliveries, ONE UPDATE of the per-link counters, and (only when the batch holds clicks) one UPDATE
 * that re-flags clicks near a honeypot hit as part of the scanner's burst.
 */
export async function writeHits(db: Db, hits: HitRow[]): Promise<void> {
  if (!hits.length) return;
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('events')
      .values(
        hits.map((h) => ({
          workspace_id: h.workspaceId,
          campaign_id: h.campaignId,
          delivery_id: h.deliveryId,
          contact_id: h.contactId,
          channel: 'email',
          type: h.type,
          at: h.at,
          data: JSON.stringify({ ...h.data, bot: h.bot, ...(h.linkIndex !== null ? { link: h.linkIndex } : {}) }),
        })),
      )
      .execute();

    const first = new Map<number, { open: Date | null; click: Date | null }>();
    for (const h of hits) {
      if (h.bot || h.deliveryId === null) continue;
      const f = first.get(h.deliveryId) ?? { open: null, click: null };
      // A person's click proves the message was opened, even with images off.
      if (!f.open || h.at < f.open) f.open = h.at;
      if (h.type === 'click' && (!f.click || h.at < f.click)) f.click = h.at;
      first.set(h.deliveryId, f);
    }
    if (first.size) {
      const values = sql.join([...first].map(([id, f]) => sql`(${id}::bigint, ${f.open}::timestamptz, ${f.click}::timestamptz)`));
      await sql`update deliveries d set
          opened_at = least(coalesce(d.opened_at, v.open_at), v.open_at),
          clicked_at = case when v.click_at is null then d.clicked_at else least(coalesce(d.clicked_at, v.click_at), v.click_at) end
        from (values ${values}) as v(id, open_at, click_at) where d.id = v.id`.execute(trx);
    }

    const perLink = new Map<string, { campaignId: number; index: number; n: number }>();
    for (const h of hits) {
      if (h.type !== 'click' || h.linkIndex === null) continue;
      const k = `${h.campaignId}:${h.linkIndex}`;
      const e = perLink.get(k) ?? { campaignId: h.campaignId, index: h.linkIndex, n: 0 };
      e.n++;
      perLink.set(k, e);
    }
    if (perLink.size) {
      const values = sql.join([...perLink.values()].map((l) => sql`(${l.campaignId}::bigint, ${l.index}::int, ${l.n}::bigint)`));
      await sql`update campaign_links cl set clicks = cl.clicks + v.n
        from (values ${values}) as v(campaign_id, link_index, n) where cl.campaign_id = v.campaign_id and cl.link_index = v.link_index`.execute(trx);
    }

    const clicked = [...new Set(hits.filter((h) => h.type === 'click' && h.deliveryId !== null).map((h) => h.deliveryId as number))];
    if (clicked.length) await flagHoneypotBursts(trx, clicked);
  });
}

/**
 * A scanner that follows the hidden honeypot link follows the others too: every human-looking click of the same
 * delivery within BURST_SECONDS of a honeypot hit is re-flagged, and the delivery's first open/click times are
 * recomputed from what is left.
 */
async function flagHoneypotBursts(db: Db, deliveryIds: number[]): Promise<void> {
  const { rows } = await sql<{ delivery_id: number }>`
    update events e set data = e.data || '{"bot": true, "reason": "honeypot_burst"}'::jsonb
    where e.delivery_id = any(${deliveryIds}::bigint[]) and e.type = 'click' and e.data->>'bot' = 'false'
      and exists (select 1 from events h where h.delivery_id = e.delivery_id and h.type = 'click'
                  and h.data->>'reason' = 'honeypot' and h.at between e.at - make_interval(secs => ${BURST_SECONDS}) and e.at + make_interval(secs => ${BURST_SECONDS}))
    returning e.delivery_id`.execute(db);
  const ids = [...new Set(rows.map((r) => Number(r.delivery_id)))];
  if (!ids.length) return;
  await sql`update deliveries d set
      clicked_at = (select min(e.at) from events e where e.delivery_id = d.id and e.type = 'click' and e.data->>'bot' = 'false'),
      opened_at = (select min(e.at) from events e where e.delivery_id = d.id and e.type in ('open','click') and e.data->>'bot' = 'false')
    where d.id = any(${ids}::bigint[])`.execute(db);
}
