/**
 * Campaign report queries. Set-based aggregates over one campaign's deliveries (one pass, COUNT … FILTER) and its
 * events (through events_campaign: campaign_id, type, at). Human engagement is `data->>'bot' = 'false'`; machine
 * opens and scanner clicks are counted separately; anonymous hits (privacy switch off) have no delivery.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

type Db = Kysely<Database>;

export interface CampaignHead {
  id: number;
  workspaceId: number;
  channel: string;
  name: string;
  status: string;
  kind: string;
  audienceTotal: number;
  skippedTotal: number;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** The campaign, if it belongs to the workspace (another workspace's id → null → 404). */
export async function findCampaignHead(db: Db, ws: number, id: number): Promise<CampaignHead | null> {
  const r = await db
    .selectFrom('campaigns')
    .select(['id', 'workspace_id', 'channel', 'name', 'status', 'kind', 'audience_total', 'skipped_total', 'created_at', 'started_at', 'finished_at'])
    .where('workspace_id', '=', ws)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!r) return null;
  return {
    id: Number(r.id), workspaceId: Number(r.workspace_id), channel: r.channel, name: r.name, status: r.status, kind: r.kind,
    audienceTotal: Number(r.audience_total), skippedTotal: Number(r.skipped_total), createdAt: r.created_at, startedAt: r.started_at, finishedAt: r.finished_at,
  };
}

/** Counts from the deliveries of one campaign (one pass). */
export async function deliveryCounts(db: Db, ws: number, campaignId: number) {
  const { rows } = await sql<Record<string, string | number>>`
    select count(*) as audience,
      count(*) filter (where status = 'skipped') as skipped,
      count(*) filter (where sent_at is not null) as sent,
      count(*) filter (where status = 'failed') as failed,
      count(*) filter (where status = 'unknown') as unknown,
      count(*) filter (where status in ('queued','claimed','sending','deferred')) as pending,
      count(*) filter (where sent_at is not null and bounced_at is null) as delivered,
      count(*) filter (where opened_at is not null) as opened,
      count(*) filter (where clicked_at is not null) as clicked,
      count(*) filter (where unsubscribed_at is not null) as unsubscribed,
      count(*) filter (where bounce_class = 'hard') as bounced_hard,
      count(*) filter (where bounce_class = 'soft') as bounced_soft,
      count(*) filter (where complained_at is not null) as complained
    from deliveries where workspace_id = ${ws} and campaign_id = ${campaignId}`.execute(db);
  const r = rows[0] ?? {};
  const n = (k: string) => Number(r[k] ?? 0);
  return {
    audience: n('audience'), skipped: n('skipped'), sent: n('sent'), failed: n('failed'), unknown: n('unknown'), pending: n('pending'),
    delivered: n('delivered'), opened: n('opened'), clicked: n('clicked'), unsubscribed: n('unsubscribed'),
    bouncedHard: n('bounced_hard'), bouncedSoft: n('bounced_soft'), complained: n('complained'),
  };
}

/** Skipped recipients by reason. */
export async function skippedByReason(db: Db, ws: number, campaignId: number): Promise<Record<string, number>> {
  const { rows } = await sql<{ reason: string | null; n: number }>`
    select coalesce(reason, 'unknown') as reason, count(*)::int as n from deliveries
    where workspace_id = ${ws} and campaign_id = ${campaignId} and status = 'skipped' group by 1 order by 2 desc`.execute(db);
  return Object.fromEntries(rows.map((r) => [r.reason ?? 'unknown', Number(r.n)]));
}

/** Open/click event totals: human, bot (machine/scanner) and anonymous; unique counts are per delivery. */
export async function engagementTotals(db: Db, ws: number, campaignId: number) {
  const { rows } = await sql<{ type: string; human: number; human_unique: number; bot: number; bot_unique: number; anonymous: number; anonymous_bot: number }>`
    select type,
      count(*) filter (where data->>'bot' = 'false')::int as human,
      count(distinct delivery_id) filter (where data->>'bot' = 'false')::int as human_unique,
      count(*) filter (where data->>'bot' = 'true')::int as bot,
      count(distinct delivery_id) filter (where data->>'bot' = 'true')::int as bot_unique,
      count(*) filter (where delivery_id is null and data->>'bot' = 'false')::int as anonymous,
      count(*) filter (where delivery_id is null and data->>'bot' = 'true')::int as anonymous_bot
    from events where campaign_id = ${campaignId} and workspace_id = ${ws} and type in ('open','click') group by type`.execute(db);
  const get = (t: string) => rows.find((r) => r.type === t) ?? { human: 0, human_unique: 0, bot: 0, bot_unique: 0, anonymous: 0, anonymous_bot: 0 };
  const norm = (r: ReturnType<typeof get>) => ({
    human: Number(r.human), humanUnique: Number(r.human_unique), bot: Number(r.bot), botUnique: Number(r.bot_unique),
    anonymous: Number(r.anonymous), anonymousBot: Number(r.anonymous_bot),
  });
  return { open: norm(get('open')), click: norm(get('click')) };
}

/** Opens and clicks per hour (people; machine/scanner hits in their own columns), for the chart. */
export async function timeline(db: Db, ws: number, campaignId: number) {
  const { rows } = await sql<{ at: Date; opens: number; clicks: number; machine_opens: number; scanner_clicks: number }>`
    select date_trunc('hour', at) as at,
      count(*) filter (where type = 'open' and data->>'bot' = 'false')::int as opens,
      count(*) filter (where type = 'click' and data->>'bot' = 'false')::int as clicks,
      count(*) filter (where type = 'open' and data->>'bot' = 'true')::int as machine_opens,
      count(*) filter (where type = 'click' and data->>'bot' = 'true')::int as scanner_clicks
    from events where campaign_id = ${campaignId} and workspace_id = ${ws} and type in ('open','click')
    group by 1 order by 1 limit 5000`.execute(db);
  return rows.map((r) => ({ at: new Date(r.at), opens: Number(r.opens), clicks: Number(r.clicks), machineOpens: Number(r.machine_opens), scannerClicks: Number(r.scanner_clicks) }));
}

/** The per-link table: every stored link with all clicks, people's clicks, unique people and scanner clicks. */
export async function linkTable(db: Db, ws: number, campaignId: number) {
  const { rows } = await sql<{ link_index: number; url: string; clicks: number; human: number; uniq: number; scanner: number }>`
    select cl.link_index, cl.url, cl.clicks::int as clicks,
      coalesce(e.human, 0)::int as human, coalesce(e.uniq, 0)::int as uniq, coalesce(e.scanner, 0)::int as scanner
    from campaign_links cl
    left join (
      select (data->>'link')::int as li,
        count(*) filter (where data->>'bot' = 'false') as human,
        count(distinct delivery_id) filter (where data->>'bot' = 'false') as uniq,
        count(*) filter (where data->>'bot' = 'true') as scanner
      from events where campaign_id = ${campaignId} and workspace_id = ${ws} and type = 'click' and data->>'link' is not null
      group by 1
    ) e on e.li = cl.link_index
    where cl.campaign_id = ${campaignId} and cl.workspace_id = ${ws}
    order by cl.link_index`.execute(db);
  return rows.map((r) => ({ index: Number(r.link_index), url: r.url, allClicks: Number(r.clicks), total: Number(r.human), unique: Number(r.uniq), scanner: Number(r.scanner) }));
}

/** Results by recipient domain: the 20 largest by messages sent, the rest summed as "(other)". */
export async function domainTable(db: Db, ws: number, campaignId: number, top = 20) {
  const { rows } = await sql<{ domain: string; sent: number; delivered: number; opened: number; clicked: number; bounced: number }>`
    with per as (
      select split_part(lower(coalesce(address, '')), '@', 2) as domain,
        count(*) filter (where sent_at is not null) as sent,
        count(*) filter (where sent_at is not null and bounced_at is null) as delivered,
        count(*) filter (where opened_at is not null) as opened,
        count(*) filter (where clicked_at is not null) as clicked,
        count(*) filter (where bounced_at is not null) as bounced
      from deliveries where workspace_id = ${ws} and campaign_id = ${campaignId} and status <> 'skipped'
      group by 1
    ), ranked as (select per.*, row_number() over (order by sent desc, domain) as rn from per)
    select case when rn <= ${top} then domain else '(other)' end as domain,
      sum(sent)::int as sent, sum(delivered)::int as delivered, sum(opened)::int as opened, sum(clicked)::int as clicked, sum(bounced)::int as bounced
    from ranked group by 1 order by min(rn)`.execute(db);
  return rows.map((r) => ({ domain: r.domain, sent: Number(r.sent), delivered: Number(r.delivered), opened: Number(r.opened), clicked: Number(r.clicked), bounced: Number(r.bounced) }));
}
