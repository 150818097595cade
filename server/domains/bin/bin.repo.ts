/**
 * The recycle bin over contacts, groups and segments: rows with deleted_at set. Listing, conflict checks
 * before a restore, the restore itself, and batched purges (set-based; consents and memberships cascade).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

type Db = Kysely<Database>;

export type BinType = 'contacts' | 'groups' | 'segments';
export const BIN_TYPES: BinType[] = ['contacts', 'groups', 'segments'];

export interface BinRow {
  id: number;
  label: string;
  deleted_at: Date;
}

const labelSql = (type: BinType) =>
  type === 'contacts'
    ? sql<string>`coalesce(email, phone_e164, nullif(trim(first_name || ' ' || last_name), ''), case when erased_at is not null then '(erased contact)' else '' end)`
    : sql<string>`name`;

/** The bin labels of some deleted items, by id. */
export async function labelsOf(db: Db, workspaceId: number, type: BinType, ids: number[]): Promise<Map<number, string>> {
  const { rows } = await sql<{ id: number; label: string | null }>`select id, ${labelSql(type)} as label from ${sql.table(type)}
    where workspace_id = ${workspaceId} and id = any(${ids}::bigint[])`.execute(db);
  return new Map(rows.map((r) => [Number(r.id), r.label ?? '']));
}

/** A page of deleted items, most recently deleted first, after the (deleted_at, id) cursor. */
export async function listDeleted(db: Db, workspaceId: number, type: BinType, after: { at: Date; id: number } | null, limit: number): Promise<BinRow[]> {
  const label = labelSql(type);
  const cursor = after ? sql`and (deleted_at, id) < (${after.at}::timestamptz, ${after.id}::bigint)` : sql``;
  const { rows } = await sql<BinRow>`select id, ${label} as label, deleted_at from ${sql.table(type)}
    where workspace_id = ${workspaceId} and deleted_at is not null ${cursor}
    order by deleted_at desc, id desc limit ${limit}`.execute(db);
  return rows.map((r) => ({ ...r, label: r.label ?? '' }));
}

export async function countDeleted(db: Db, workspaceId: number, type: BinType): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(type)} where workspace_id = ${workspaceId} and deleted_at is not null`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

export interface RestoreConflict {
  id: number;
  field: 'email' | 'phone' | 'name';
  value: string;
  /** The live row holding the value, or null when two of the restored items clash with each other. */
  existingId: number | null;
}

/** Deleted contacts among `ids` whose email/phone is now held by a live contact, or by another restored one. */
export async function contactRestoreConflicts(db: Db, workspaceId: number, ids: number[]): Promise<RestoreConflict[]> {
  const { rows } = await sql<RestoreConflict>`
    select d.id, 'email' as field, d.email as value, l.id as "existingId"
      from contacts d join contacts l on l.workspace_id = d.workspace_id and l.email = d.email and l.deleted_at is null
      where d.workspace_id = ${workspaceId} and d.id = any(${ids}::bigint[]) and d.deleted_at is not null
    union all
    select d.id, 'phone', d.phone_e164, l.id
      from contacts d join contacts l on l.workspace_id = d.workspace_id and l.phone_e164 = d.phone_e164 and l.deleted_at is null
      where d.workspace_id = ${workspaceId} and d.id = any(${ids}::bigint[]) and d.deleted_at is not null
    union all
    select unnest((array_agg(id order by id))[2:]), 'email', email, null::bigint from contacts
      where workspace_id = ${workspaceId} and id = any(${ids}::bigint[]) and deleted_at is not null and email is not null
      group by email having count(*) > 1
    union all
    select unnest((array_agg(id order by id))[2:]), 'phone', phone_e164, null::bigint from contacts
      where workspace_id = ${workspaceId} and id = any(${ids}::bigint[]) and deleted_at is not null and phone_e164 is not null
      group by phone_e164 having count(*) > 1
    order by 1 limit 1000`.execute(db);
  return rows.map((r) => ({ ...r, id: Number(r.id), existingId: r.existingId === null ? null : Number(r.existingId) }));
}

/** Deleted groups/segments among `ids` whose name (case-insensitive) is now used by a live one, or by each other. */
export async function nameRestoreConflicts(db: Db, workspaceId: number, type: 'groups' | 'segments', ids: number[]): Promise<RestoreConflict[]> {
  const t = sql.table(type);
  const { rows } = await sql<RestoreConflict>`
    select d.id, 'name' as field, d.name as value, l.id as "existingId"
      from ${t} d join ${t} l on l.workspace_id = d.workspace_id and lower(l.name) = lower(d.name) and l.deleted_at is null
      where d.workspace_id = ${workspaceId} and d.id = any(${ids}::bigint[]) and d.deleted_at is not null
    union all
    select unnest((array_agg(id order by id))[2:]), 'name', min(name), null::bigint from ${t}
      where workspace_id = ${workspaceId} and id = any(${ids}::bigint[]) and deleted_at is not null
      group by lower(name) having count(*) > 1
    order by 1 limit 1000`.execute(db);
  return rows.map((r) => ({ ...r, id: Number(r.id), existingId: r.existingId === null ? null : Number(r.existingId) }));
}

/** Clears deleted_at of the listed deleted rows (memberships were never removed). Returns the restored ids. */
export async function restore(db: Db, workspaceId: number, type: BinType, ids: number[]): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`update ${sql.table(type)} set deleted_at = null, updated_at = now()
    where workspace_id = ${workspaceId} and id = any(${ids}::bigint[]) and deleted_at is not null returning id`.execute(db);
  return rows.map((r) => Number(r.id));
}

/**
 * Deletes rows of `type` that went to the bin before `cutoff`, in batches so one purge never holds locks on a
 * million rows at once. Scoped to one workspace, or to all (the scheduled job). Returns how many were purged.
 */
export async function purge(db: Db, type: BinType, cutoff: Date, workspaceId: number | null, batch = 5000): Promise<number> {
  const ws = workspaceId === null ? sql`` : sql`and workspace_id = ${workspaceId}`;
  let total = 0;
  for (;;) {
    const r = await sql`delete from ${sql.table(type)} where id in (
      select id from ${sql.table(type)} where deleted_at is not null and deleted_at < ${cutoff}::timestamptz ${ws} limit ${batch})`.execute(db);
    const n = Number(r.numAffectedRows ?? 0);
    total += n;
    if (n < batch) return total;
  }
}
