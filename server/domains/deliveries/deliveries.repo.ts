/**
 * Delivery rows: claiming with leases, the durable "sending" mark, batched result writes, lease recovery.
 *
 * States: queued/deferred (waiting, claimable when next_attempt_at is due) → claimed (leased to a worker, not yet
 * handed to the provider) → sending (handed over: the provider may have accepted it) → sent | failed | skipped |
 * unknown | deferred | cancelled. An expired lease turns claimed rows back into queued (nothing was sent) and
 * sending rows into unknown (something may have been sent: never resend automatically).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { isTransientDbError } from '../../db/database.js';
import type { SendItem } from '../channels/channel.js';

type Db = Kysely<Database>;

/**
 * Runs a statement again after a transient database failure (deadlock, serialization failure, the database
 * restarting, a broken connection) — for the writes whose loss would turn a sent message into 'unknown'. Backs off
 * from 100 ms to 2 s and gives up after `maxMs` (default 30 s: a restart of PostgreSQL takes a few seconds; the
 * result write of a message already handed over is worth waiting for, and recovery still accepts it afterwards).
 */
export async function withRetry<T>(run: () => Promise<T>, maxMs = 30_000): Promise<T> {
  const end = Date.now() + maxMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      if (!isTransientDbError(err) || Date.now() >= end) throw err;
      await new Promise((r) => setTimeout(r, Math.min(2000, 50 * 2 ** attempt)));
    }
  }
}

/** The columns every claim of delivery rows returns: the row, its contact and a fresh suppression check. */
export interface ClaimedDeliveryRow {
  id: number;
  workspace_id: number;
  address: string | null;
  attempts: number;
  contact_id: number;
  email: string | null;
  phone_e164: string | null;
  first_name: string | null;
  last_name: string | null;
  fields: Record<string, unknown> | null;
  email_status: string | null;
  whatsapp_status: string | null;
  sms_status: string | null;
  deleted: boolean;
  suppressed: boolean;
}

interface ClaimRow extends ClaimedDeliveryRow {
  campaign_id: number;
  retry_age_ms: number;
}

/**
 * Claims up to `limit` due deliveries of a campaign for `owner` (FOR UPDATE SKIP LOCKED: concurrent workers get
 * disjoint rows) and returns them with their contacts and a fresh suppression check.
 */
export async function claimDeliveries(db: Db, campaignId: number, owner: string, limit: number, leaseMs: number): Promise<SendItem[]> {
  const { rows } = await sql<ClaimRow>`
    with picked as (
      select id from deliveries
      where campaign_id = ${campaignId} and status in ('queued','deferred') and next_attempt_at <= now()
        -- A paused or cancelled campaign hands out nothing: rows a pause released are not claimed again.
        and exists (select 1 from campaigns where id = ${campaignId} and status = 'sending')
      order by next_attempt_at, id
      limit ${limit}
      for update skip locked
    ), upd as (
      update deliveries d set status = 'claimed', lease_owner = ${owner}, lease_until = now() + make_interval(secs => ${leaseMs / 1000})
      from picked where d.id = picked.id
      returning d.id, d.campaign_id, d.workspace_id, d.address, d.attempts, d.contact_id, d.channel,
        -- On the database clock, like next_attempt_at: every worker agrees on how long a delivery has been retried.
        coalesce(extract(epoch from now() - d.first_attempt_at) * 1000, 0)::float8 as retry_age_ms
    )
    select upd.id, upd.campaign_id, upd.workspace_id, upd.address, upd.attempts, upd.contact_id, upd.retry_age_ms,
      c.email, c.phone_e164, c.first_name, c.last_name, c.fields, c.email_status, c.whatsapp_status, c.sms_status,
      (c.id is null or c.deleted_at is not null) as deleted,
      exists (select 1 from suppressions s where s.workspace_id = upd.workspace_id and s.channel = upd.channel
              and s.value = lower(upd.address)) as suppressed
    from upd left join contacts c on c.id = upd.contact_id
    order by upd.id`.execute(db);
  return rows.map((r) => ({
    deliveryId: Number(r.id),
    campaignId: Number(r.campaign_id),
    workspaceId: Number(r.workspace_id),
    address: r.address ?? '',
    attempt: r.attempts + 1,
    retryAgeMs: Number(r.retry_age_ms),
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
  }));
}

/**
 * The durable point of no return: marks claimed rows 'sending' (and counts the attempt) right before they are
 * handed to the provider. Returns the ids this worker still owned; others (lease lost, campaign paused or
 * cancelled meanwhile) must not be sent.
 *
 * The campaign must still be 'sending', checked under FOR KEY SHARE: pause and cancel lock the campaign row FOR
 * UPDATE, so either this mark commits first (the rows count as handed over when pause returns) or it waits, sees
 * the new status and marks nothing. Nothing is marked after a pause returns. Rows of a transactional message
 * (no campaign) are marked on their lease alone.
 */
export async function markSending(db: Db, ids: number[], owner: string, routeId: number | null, leaseMs: number, campaignId?: number): Promise<Set<number>> {
  if (!ids.length) return new Set();
  const campaign = campaignId ?? sql`(select campaign_id from deliveries where id = ${ids[0]})`;
  const { rows } = await sql<{ id: number }>`
    with live as (select id from campaigns where id = ${campaign} and status = 'sending' for key share)
    update deliveries set status = 'sending', attempts = attempts + case when status = 'claimed' then 1 else 0 end,
      route_id = ${routeId}, lease_until = now() + make_interval(secs => ${leaseMs / 1000}),
      first_attempt_at = coalesce(first_attempt_at, now())
    where id = any(${ids}::bigint[]) and lease_owner = ${owner}
      -- 'sending' and ours: this very mark committed but its answer was lost (connection broke); retried, it holds.
      and status in ('claimed', 'sending')
      -- A transactional message (domains/messages) has no campaign to pause: its rows need only the lease.
      and (campaign_id = (select id from live) or (campaign_id is null and message_id is not null))
    returning id`.execute(db);
  return new Set(rows.map((r) => Number(r.id)));
}

/** One row of a batched result write. */
export interface ResultRow {
  id: number;
  status: 'sent' | 'failed' | 'skipped' | 'unknown' | 'deferred';
  reason: string | null;
  errorCode: string | null;
  providerMessageId: string | null;
  nextAttemptAt: Date | null;
  bounceClass: string | null;
  /** +0 normally; -1 when the row was marked sending but never attempted (deferred before the provider saw it). */
  attemptDelta: number;
}

/**
 * Writes results in ONE UPDATE … FROM (VALUES …). Only rows this worker still leases (sending, or already turned
 * unknown by a reclaimer that thought we were dead) are written, so a slow worker can't overwrite another's outcome.
 */
export async function writeResults(db: Db, owner: string, rows: ResultRow[]): Promise<number> {
  if (!rows.length) return 0;
  const values = sql.join(
    rows.map(
      (r) =>
        sql`(${r.id}::bigint, ${r.status}::text, ${r.reason}::text, ${r.errorCode}::text, ${r.providerMessageId}::text, ${r.nextAttemptAt}::timestamptz, ${r.bounceClass}::text, ${r.attemptDelta}::int)`,
    ),
  );
  const res = await sql`
    update deliveries d set
      status = v.status, reason = v.reason, error_code = v.error_code,
      provider_message_id = coalesce(v.pmid, d.provider_message_id),
      next_attempt_at = coalesce(v.next_at, d.next_attempt_at),
      bounce_class = coalesce(v.bounce_class, d.bounce_class),
      bounced_at = case when v.bounce_class is not null then now() else d.bounced_at end,
      attempts = greatest(0, d.attempts + v.att),
      sent_at = case when v.status = 'sent' then now() else d.sent_at end,
      finished_at = case when v.status in ('sent','failed','skipped','unknown') then now() else null end,
      -- lease_owner stays as a record of which worker handled the row last; the lease itself ends.
      lease_owner = case when v.status = 'deferred' then null else d.lease_owner end, lease_until = null
    from (values ${values}) as v(id, status, reason, error_code, pmid, next_at, bounce_class, att)
    where d.id = v.id and d.lease_owner = ${owner} and d.status in ('sending','unknown','claimed')`.execute(db);
  return Number(res.numAffectedRows ?? 0);
}

/**
 * Extends the lease of the rows this worker is still working on (`ids`: claimed rows waiting in its queue and rows
 * being sent). Only those: a row whose result could not be written is dropped from the set, so its lease runs out
 * and recovery makes it 'unknown' instead of it being kept alive forever. Rows another statement of this worker is
 * updating right now are skipped (SKIP LOCKED): that statement renews or ends their lease itself, and locking them
 * here in a different order could deadlock with it.
 */
export async function heartbeat(db: Db, owner: string, ids: number[], leaseMs: number): Promise<void> {
  if (!ids.length) return;
  await sql`update deliveries set lease_until = now() + make_interval(secs => ${leaseMs / 1000})
    where id in (select id from deliveries where id = any(${ids}::bigint[]) and lease_owner = ${owner}
                 and status in ('claimed','sending') for update skip locked)`.execute(db);
}

/** Gives claimed-but-unsent rows back to the queue (pause, shutdown). */
export async function releaseClaimed(db: Db, owner: string, ids?: number[]): Promise<void> {
  if (ids && !ids.length) return;
  await sql`update deliveries set status = 'queued', lease_owner = null, lease_until = null
    where lease_owner = ${owner} and status = 'claimed' ${ids ? sql`and id = any(${ids}::bigint[])` : sql``}`.execute(db);
}

/**
 * Lease recovery after a worker died: claimed rows go back to the queue (nothing was handed over), sending rows
 * become unknown (the provider may have accepted them) and get an 'unknown' event like every other unknown
 * outcome, in the same statement, so reports count them. Returns both counts.
 */
export async function reclaimExpired(db: Db): Promise<{ requeued: number; unknown: number }> {
  // SKIP LOCKED: a row being written right now is not abandoned; it is looked at again next time.
  const a = await sql`update deliveries set status = 'queued', lease_owner = null, lease_until = null
    where id in (select id from deliveries where status = 'claimed' and lease_until < now() for update skip locked)`.execute(db);
  const reason = 'The worker stopped while handing this message to the provider; it may have been delivered, so it is not resent.';
  const b = await sql`with u as (
      update deliveries set status = 'unknown', finished_at = now(), reason = ${reason}
      where id in (select id from deliveries where status = 'sending' and lease_until < now() for update skip locked)
      returning id, workspace_id, campaign_id, contact_id, channel
    )
    insert into events (workspace_id, campaign_id, delivery_id, contact_id, channel, type, data)
    select workspace_id, campaign_id, id, contact_id, channel, 'unknown', jsonb_build_object('reason', ${reason}::text, 'source', 'lease_recovery')
    from u`.execute(db);
  return { requeued: Number(a.numAffectedRows ?? 0), unknown: Number(b.numAffectedRows ?? 0) };
}

/** Marks the campaign done when nothing is left to send (waiting rows with a future retry keep it going). */
export async function finishIfDone(db: Db, campaignId: number): Promise<boolean> {
  const r = await sql`update campaigns set status = 'done', finished_at = now(), updated_at = now()
    where id = ${campaignId} and status = 'sending'
      and not exists (select 1 from deliveries where campaign_id = ${campaignId} and status in ('queued','deferred','claimed','sending'))`.execute(db);
  return Number(r.numAffectedRows ?? 0) > 0;
}

/** Campaigns with work: sending, of channels this process can send. */
export async function sendingCampaigns(db: Db): Promise<{ id: number; workspace_id: number; channel: string; name: string; frozen: Record<string, unknown> | null; settings: Record<string, unknown> }[]> {
  return db
    .selectFrom('campaigns')
    .select(['id', 'workspace_id', 'channel', 'name', 'frozen', 'settings'])
    .where('status', '=', 'sending')
    .orderBy('id')
    .execute();
}

/** Appends events (bounces, failures, unknown outcomes) for a batch of results in one INSERT. */
export async function insertEvents(
  db: Db,
  events: { workspaceId: number; campaignId: number; deliveryId: number; contactId: number; channel: string; type: string; data: Record<string, unknown> }[],
): Promise<void> {
  if (!events.length) return;
  await db
    .insertInto('events')
    .values(
      events.map((e) => ({
        workspace_id: e.workspaceId,
        campaign_id: e.campaignId,
        delivery_id: e.deliveryId,
        contact_id: e.contactId,
        channel: e.channel,
        type: e.type,
        data: JSON.stringify(e.data),
      })),
    )
    .execute();
}

/** Pauses a sending campaign whose set-up is broken (no server, no sender…), with the reason shown to the user. */
export async function pauseForSetupProblem(db: Db, campaignId: number, reason: string): Promise<void> {
  await db
    .updateTable('campaigns')
    .set({ status: 'paused', pause_reason: reason.slice(0, 1000), updated_at: new Date() })
    .where('id', '=', campaignId)
    .where('status', '=', 'sending')
    .execute();
  await releaseCampaignClaims(db, campaignId);
}

/** Puts every claimed (not yet handed over) row of a campaign back in the queue — pause. */
export async function releaseCampaignClaims(db: Db, campaignId: number): Promise<void> {
  await sql`update deliveries set status = 'queued', lease_owner = null, lease_until = null
    where campaign_id = ${campaignId} and status = 'claimed'`.execute(db);
}
