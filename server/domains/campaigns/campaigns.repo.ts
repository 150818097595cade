/** Data access for campaigns and their progress counts. */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { CampaignsTable, Database } from '../../db/schema.js';

type Db = Kysely<Database>;
export type CampaignRow = Selectable<CampaignsTable>;

export const findCampaign = (db: Db, ws: number, id: number) =>
  db.selectFrom('campaigns').selectAll().where('workspace_id', '=', ws).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();

/** Same, locking the row (state transitions run under it so two requests can't both move the campaign). */
export const lockCampaign = (db: Db, ws: number, id: number) =>
  db.selectFrom('campaigns').selectAll().where('workspace_id', '=', ws).where('id', '=', id).where('deleted_at', 'is', null).forUpdate().executeTakeFirst();

export async function listCampaigns(db: Db, ws: number, opts: { beforeId?: number; limit: number; status?: string; channel?: string }) {
  let q = db.selectFrom('campaigns').selectAll().where('workspace_id', '=', ws).where('deleted_at', 'is', null).orderBy('id', 'desc').limit(opts.limit);
  if (opts.beforeId) q = q.where('id', '<', opts.beforeId);
  if (opts.status) q = q.where('status', '=', opts.status as CampaignRow['status']);
  if (opts.channel) q = q.where('channel', '=', opts.channel as CampaignRow['channel']);
  return q.execute();
}

export async function insertCampaign(db: Db, v: {
  workspace_id: number; channel: CampaignRow['channel']; name: string; kind?: CampaignRow['kind']; parent_campaign_id?: number | null;
  template_id: number | null; content: Record<string, unknown>; settings: Record<string, unknown>; audience: Record<string, unknown>;
  status?: CampaignRow['status']; created_by: string | null;
}) {
  return db
    .insertInto('campaigns')
    .values({
      ...v,
      content: JSON.stringify(v.content),
      settings: JSON.stringify(v.settings),
      audience: JSON.stringify(v.audience),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateCampaignRow(db: Db, ws: number, id: number, v: Partial<{
  name: string; template_id: number | null; content: Record<string, unknown>; settings: Record<string, unknown>; audience: Record<string, unknown>;
  status: CampaignRow['status']; frozen: Record<string, unknown> | null; scheduled_at: Date | null; timezone: string | null; pause_reason: string | null;
  error: string | null; started_at: Date | null; finished_at: Date | null; audience_total: number; skipped_total: number; deleted_at: Date | null;
}>) {
  const set: Record<string, unknown> = { ...v, updated_at: new Date() };
  for (const k of ['content', 'settings', 'audience', 'frozen'] as const) if (v[k] !== undefined) set[k] = v[k] === null ? null : JSON.stringify(v[k]);
  return db.updateTable('campaigns').set(set).where('workspace_id', '=', ws).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** Cancels every delivery not yet handed to the provider. */
export async function cancelPending(db: Db, campaignId: number) {
  await sql`update deliveries set status = 'cancelled', lease_owner = null, lease_until = null, finished_at = now(),
      reason = 'The campaign was cancelled.'
    where campaign_id = ${campaignId} and status in ('queued','deferred','claimed')`.execute(db);
}

/** Delivery counts by status, the send rate over the last minute, and what is left. */
export async function progressCounts(db: Db, campaignId: number) {
  const { rows } = await sql<{ status: string; n: string }>`select status, count(*) as n from deliveries where campaign_id = ${campaignId} group by status`.execute(db);
  const { rows: r2 } = await sql<{ n: string }>`select count(*) as n from deliveries where campaign_id = ${campaignId} and sent_at > now() - interval '60 seconds'`.execute(db);
  const counts: Record<string, number> = {};
  for (const r of rows) counts[r.status] = Number(r.n);
  return { counts, sentLastMinute: Number(r2[0].n) };
}

/** Due scheduled campaigns (locked, skipping ones another worker is moving). */
export async function dueScheduled(db: Db, limit = 50) {
  return db
    .selectFrom('campaigns')
    .select(['id', 'workspace_id'])
    .where('status', '=', 'scheduled')
    .where('scheduled_at', '<=', new Date())
    .where('deleted_at', 'is', null)
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}
