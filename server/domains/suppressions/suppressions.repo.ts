/** suppressions and blocked_domains: per-channel "never send to" lists of a workspace. */
import { sql, type Kysely } from 'kysely';
import type { Channel, Database } from '../../db/schema.js';

type Db = Kysely<Database>;

const COLS = ['id', 'channel', 'value', 'reason', 'source', 'created_at'] as const;

export interface SuppressionRow {
  id: number;
  channel: Channel;
  value: string;
  reason: string;
  source: string;
  created_at: Date;
}

export interface SuppressionQuery {
  channel?: Channel;
  /** Value prefix (lowercase emails, `+972…` phones). */
  q?: string;
  beforeId?: number;
  limit: number;
}

export async function listSuppressions(db: Db, workspaceId: number, f: SuppressionQuery): Promise<SuppressionRow[]> {
  let q = db.selectFrom('suppressions').select(COLS).where('workspace_id', '=', workspaceId).orderBy('id', 'desc').limit(f.limit);
  if (f.channel) q = q.where('channel', '=', f.channel);
  if (f.q) q = q.where('value', 'like', `${f.q.replace(/[\\%_]/g, '\\$&')}%`);
  if (f.beforeId) q = q.where('id', '<', f.beforeId);
  return q.execute();
}

export async function countSuppressions(db: Db, workspaceId: number, f: Pick<SuppressionQuery, 'channel' | 'q'>): Promise<number> {
  let q = db.selectFrom('suppressions').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', workspaceId);
  if (f.channel) q = q.where('channel', '=', f.channel);
  if (f.q) q = q.where('value', 'like', `${f.q.replace(/[\\%_]/g, '\\$&')}%`);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** Inserts values (already normalised) in one statement; existing ones are left alone. Returns how many were new. */
export async function insertSuppressions(db: Db, workspaceId: number, channel: Channel, values: string[], reason: string, source: string): Promise<number> {
  if (!values.length) return 0;
  const { rows } = await sql<{ id: number }>`
    insert into suppressions (workspace_id, channel, value, reason, source)
    select ${workspaceId}::bigint, ${channel}::text, v, ${reason}::text, ${source}::text from unnest(${values}::text[]) as v
    on conflict (workspace_id, channel, value) do nothing
    returning id`.execute(db);
  return rows.length;
}

export async function deleteSuppression(db: Db, workspaceId: number, id: number): Promise<SuppressionRow | undefined> {
  return db.deleteFrom('suppressions').where('workspace_id', '=', workspaceId).where('id', '=', id).returning(COLS).executeTakeFirst();
}

/** Removes clear-text entries (used when a contact is erased and its entries are replaced by hashes). */
export async function deleteSuppressionValues(db: Db, workspaceId: number, values: string[]): Promise<number> {
  if (!values.length) return 0;
  const r = await db.deleteFrom('suppressions').where('workspace_id', '=', workspaceId).where('value', 'in', values).executeTakeFirst();
  return Number(r.numDeletedRows ?? 0);
}

/** Entries of a channel after `afterId`, in id order: the streamed CSV export reads in such pages. */
export async function suppressionPage(db: Db, workspaceId: number, channel: Channel, afterId: number, limit: number): Promise<SuppressionRow[]> {
  return db
    .selectFrom('suppressions')
    .select(COLS)
    .where('workspace_id', '=', workspaceId)
    .where('channel', '=', channel)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Entries matching any of the values (clear or hashed) — what the privacy export shows about a contact. */
export async function findSuppressionsByValues(db: Db, workspaceId: number, values: string[]): Promise<SuppressionRow[]> {
  if (!values.length) return [];
  return db.selectFrom('suppressions').select(COLS).where('workspace_id', '=', workspaceId).where('value', 'in', values).orderBy('id').execute();
}

export async function listBlockedDomains(db: Db, workspaceId: number) {
  return db.selectFrom('blocked_domains').select(['domain', 'created_at']).where('workspace_id', '=', workspaceId).orderBy('domain').execute();
}

export async function insertBlockedDomains(db: Db, workspaceId: number, domains: string[]): Promise<number> {
  if (!domains.length) return 0;
  const { rows } = await sql<{ domain: string }>`
    insert into blocked_domains (workspace_id, domain)
    select ${workspaceId}::bigint, d from unnest(${domains}::text[]) as d
    on conflict (workspace_id, domain) do nothing
    returning domain`.execute(db);
  return rows.length;
}

export async function deleteBlockedDomain(db: Db, workspaceId: number, domain: string): Promise<boolean> {
  const r = await db.deleteFrom('blocked_domains').where('workspace_id', '=', workspaceId).where('domain', '=', domain).executeTakeFirst();
  return Number(r.numDeletedRows ?? 0) > 0;
}
