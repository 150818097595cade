/** The jobs table: durable background work claimed with FOR UPDATE SKIP LOCKED under a lease. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

type Db = Kysely<Database>;

export interface NewJob {
  kind: string;
  payload?: Record<string, unknown>;
  workspaceId?: number | null;
  runAt?: Date;
  /** At most one queued or running job per (kind, uniqueKey). */
  uniqueKey?: string | null;
  maxAttempts?: number;
}

export interface JobRow {
  id: number;
  workspace_id: number | null;
  kind: string;
  payload: Record<string, unknown>;
  attempts: number;
  max_attempts: number;
}

/** Queues a job; with a uniqueKey an equal active job makes this a no-op (returns null). */
export async function enqueueJob(db: Db, job: NewJob): Promise<number | null> {
  const row = await db
    .insertInto('jobs')
    .values({
      kind: job.kind,
      payload: JSON.stringify(job.payload ?? {}),
      workspace_id: job.workspaceId ?? null,
      run_at: job.runAt ?? new Date(),
      unique_key: job.uniqueKey ?? null,
      max_attempts: job.maxAttempts ?? 5,
    })
    .onConflict((oc) => oc.columns(['kind', 'unique_key']).where('unique_key', 'is not', null).where('status', 'in', ['queued', 'running']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Claims up to `limit` due jobs of the given kinds for `owner` with a lease of `leaseMs`. */
export async function claimJobs(db: Db, owner: string, kinds: string[], limit: number, leaseMs: number): Promise<JobRow[]> {
  if (!kinds.length) return [];
  const { rows } = await sql<JobRow>`
    update jobs set status = 'running', locked_by = ${owner},
      locked_until = now() + make_interval(secs => ${leaseMs / 1000}), attempts = attempts + 1
    where id in (
      select id from jobs
      where status = 'queued' and run_at <= now() and kind = any(${kinds})
      order by run_at, id
      limit ${limit}
      for update skip locked
    )
    returning id, workspace_id, kind, payload, attempts, max_attempts`.execute(db);
  return rows;
}

/** Extends the lease of a running job (long imports call this as they go). */
export async function extendLease(db: Db, id: number, owner: string, leaseMs: number): Promise<boolean> {
  const r = await sql`update jobs set locked_until = now() + make_interval(secs => ${leaseMs / 1000})
    where id = ${id} and locked_by = ${owner} and status = 'running'`.execute(db);
  return Number(r.numAffectedRows ?? 0) > 0;
}

export async function completeJob(db: Db, id: number, owner: string) {
  await db
    .updateTable('jobs')
    .set({ status: 'done', finished_at: new Date(), locked_until: null })
    .where('id', '=', id)
    .where('locked_by', '=', owner)
    .execute();
}

/** Records a failure: back to the queue with exponential backoff, or failed for good after max attempts. */
export async function failJob(db: Db, job: JobRow, owner: string, error: string) {
  const final = job.attempts >= job.max_attempts;
  const delayS = Math.min(3600, 5 * 2 ** (job.attempts - 1));
  await sql`update jobs set
      status = ${final ? 'failed' : 'queued'},
      last_error = ${error.slice(0, 2000)},
      locked_until = null,
      run_at = now() + make_interval(secs => ${final ? 0 : delayS}),
      finished_at = ${final ? new Date() : null}
    where id = ${job.id} and locked_by = ${owner}`.execute(db);
}

/** Puts jobs whose lease expired (their worker died) back in the queue. */
export async function reclaimExpiredJobs(db: Db): Promise<number> {
  const r = await sql`update jobs set status = 'queued', locked_by = null, locked_until = null
    where status = 'running' and locked_until < now()`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/**
 * Queues a job unless one with the same (kind, uniqueKey) exists in any state — for once-per-period
 * work. Concurrent callers are still safe: the partial unique index rejects a second active copy.
 */
export async function enqueueOnce(db: Db, job: NewJob & { uniqueKey: string }): Promise<number | null> {
  const exists = await db
    .selectFrom('jobs')
    .select('id')
    .where('kind', '=', job.kind)
    .where('unique_key', '=', job.uniqueKey)
    .executeTakeFirst();
  return exists ? null : enqueueJob(db, job);
}
