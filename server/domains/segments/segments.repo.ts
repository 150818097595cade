/** Data access for segments and for what filter compilation needs to know about a workspace. */
import { sql, type Kysely, type SqlBool, type Expression } from 'kysely';
import type { Database, FieldType } from '../../db/schema.js';
import type { FilterFieldDef } from './filter-validate.js';

type Db = Kysely<Database>;

export async function loadFieldDefs(db: Db, workspaceId: number): Promise<Map<string, FilterFieldDef>> {
  const rows = await db.selectFrom('field_definitions').select(['key', 'type', 'options']).where('workspace_id', '=', workspaceId).execute();
  return new Map(rows.map((r) => [r.key, { key: r.key, type: r.type as FieldType, options: Array.isArray(r.options) ? r.options : [] }]));
}

export async function loadWorkspaceLocale(db: Db, workspaceId: number): Promise<{ timezone: string; country: string }> {
  const w = await db.selectFrom('workspaces').select(['timezone', 'default_country']).where('id', '=', workspaceId).executeTakeFirst();
  return { timezone: w?.timezone ?? 'UTC', country: w?.default_country ?? 'US' };
}

/** Which of these group ids are live groups of the workspace. */
export async function liveGroupIds(db: Db, workspaceId: number, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('groups')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', 'is', null)
    .where('id', 'in', ids)
    .execute();
  return new Set(rows.map((r) => r.id));
}

export async function liveSegmentsByIds(db: Db, workspaceId: number, ids: number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('segments')
    .select(['id', 'name', 'filter'])
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', 'is', null)
    .where('id', 'in', ids)
    .execute();
}

export interface SegmentRow {
  id: number;
  name: string;
  filter: unknown;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

const cols = ['id', 'name', 'filter', 'created_at', 'updated_at', 'deleted_at'] as const;

export async function listSegments(db: Db, workspaceId: number, opts: { deleted?: boolean } = {}): Promise<SegmentRow[]> {
  return db
    .selectFrom('segments')
    .select(cols)
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', opts.deleted ? 'is not' : 'is', null)
    .orderBy(sql`lower(name)`)
    .orderBy('id')
    .execute();
}

export async function findSegment(db: Db, workspaceId: number, id: number, opts: { includeDeleted?: boolean } = {}): Promise<SegmentRow | undefined> {
  let q = db.selectFrom('segments').select(cols).where('workspace_id', '=', workspaceId).where('id', '=', id);
  if (!opts.includeDeleted) q = q.where('deleted_at', 'is', null);
  return q.executeTakeFirst();
}

export async function findLiveSegmentByName(db: Db, workspaceId: number, name: string) {
  return db
    .selectFrom('segments')
    .select(['id', 'name'])
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', 'is', null)
    .where(sql`lower(name)`, '=', name.toLowerCase())
    .executeTakeFirst();
}

export async function insertSegment(db: Db, workspaceId: number, name: string, filter: unknown): Promise<SegmentRow> {
  return db.insertInto('segments').values({ workspace_id: workspaceId, name, filter: JSON.stringify(filter) }).returning(cols).executeTakeFirstOrThrow();
}

export async function updateSegment(db: Db, workspaceId: number, id: number, patch: { name?: string; filter?: unknown }): Promise<SegmentRow | undefined> {
  return db
    .updateTable('segments')
    .set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.filter !== undefined ? { filter: JSON.stringify(patch.filter) } : {}),
      updated_at: sql<Date>`now()`,
    })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .returning(cols)
    .executeTakeFirst();
}

export async function setSegmentDeleted(db: Db, workspaceId: number, id: number, deleted: boolean): Promise<boolean> {
  const r = await db
    .updateTable('segments')
    .set({ deleted_at: deleted ? sql<Date>`now()` : null })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('deleted_at', deleted ? 'is' : 'is not', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Counts the workspace's live contacts matching a condition over `c`. */
export async function countContacts(db: Db, workspaceId: number, where: Expression<SqlBool>): Promise<number> {
  const r = await db
    .selectFrom('contacts as c')
    .select(sql<number>`count(*)::int8`.as('n'))
    .where('c.workspace_id', '=', workspaceId)
    .where('c.deleted_at', 'is', null)
    .where('c.erased_at', 'is', null)
    .where(where)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
