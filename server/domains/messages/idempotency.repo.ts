/**
 * Idempotency-Key records (api_idempotency): the first response of a keyed request, kept 24 h, per workspace.
 * `begin` inserts the in-flight marker atomically (primary key), so two concurrent retries cannot both run.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

type Db = Kysely<Database>;

export const IDEMPOTENCY_TTL_HOURS = 24;

export type BeginResult =
  | { kind: 'started' }
  | { kind: 'replay'; status: number; body: unknown }
  | { kind: 'mismatch' }
  | { kind: 'in_flight' };

export async function beginIdempotent(db: Db, ws: number, key: string, hash: string): Promise<BeginResult> {
  // A record older than the TTL no longer counts: it is replaced.
  await sql`delete from api_idempotency where workspace_id = ${ws} and key = ${key}
    and created_at < now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`.execute(db);
  const ins = await db
    .insertInto('api_idempotency')
    .values({ workspace_id: ws, key, request_hash: hash })
    .onConflict((oc) => oc.columns(['workspace_id', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  if (ins) return { kind: 'started' };
  const row = await db.selectFrom('api_idempotency').selectAll().where('workspace_id', '=', ws).where('key', '=', key).executeTakeFirst();
  if (!row) return beginIdempotent(db, ws, key, hash);
  if (row.request_hash !== hash) return { kind: 'mismatch' };
  if (row.state === 'in_flight') return { kind: 'in_flight' };
  return { kind: 'replay', status: row.response_status ?? 200, body: row.response };
}

export async function finishIdempotent(db: Db, ws: number, key: string, status: number, body: unknown): Promise<void> {
  await db
    .updateTable('api_idempotency')
    .set({ state: 'done', response_status: status, response: JSON.stringify(body) })
    .where('workspace_id', '=', ws)
    .where('key', '=', key)
    .execute();
}

/** Forgets the key (the request failed before doing anything: a retry may run it). */
export async function abandonIdempotent(db: Db, ws: number, key: string): Promise<void> {
  await db.deleteFrom('api_idempotency').where('workspace_id', '=', ws).where('key', '=', key).where('state', '=', 'in_flight').execute();
}

/** Drops records past the TTL (recurring job). */
export async function pruneIdempotency(db: Db): Promise<number> {
  const r = await sql`delete from api_idempotency where created_at < now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
