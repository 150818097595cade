/** Data access for groups and memberships. Bulk membership changes are single INSERT … SELECT / DELETE … USING statements. */
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../../db/schema.js';

type Db = Kysely<Database>;

export interface GroupRow {
  id: number;
  name: string;
  description: string;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
  member_count: number;
}

/**
 * Live members = all memberships minus memberships of contacts in the bin. Both terms are cheap: the first
 * is an index-only count on group_members' primary key, the second starts from the (small) set of deleted
 * contacts through contacts_ws_deleted. Joining every member to contacts would cost a lookup per member.
 */
const memberCount = sql<number>`(
  (select count(*) from group_members gm where gm.group_id = g.id)
  - (select count(*) from contacts dc join group_members dgm on dgm.contact_id = dc.id and dgm.group_id = g.id
     where dc.workspace_id = g.workspace_id and dc.deleted_at is not null)
)::int8`;

function base(db: Db, workspaceId: number) {
  return db
    .selectFrom('groups as g')
    .select(['g.id', 'g.name', 'g.description', 'g.created_at', 'g.updated_at', 'g.deleted_at', memberCount.as('member_count')])
    .where('g.workspace_id', '=', workspaceId);
}

export async function listGroups(db: Db, workspaceId: number, opts: { deleted?: boolean } = {}): Promise<GroupRow[]> {
  return base(db, workspaceId)
    .where('g.deleted_at', opts.deleted ? 'is not' : 'is', null)
    .orderBy(sql`lower(g.name)`)
    .orderBy('g.id')
    .execute();
}

export async function findGroup(db: Db, workspaceId: number, id: number, opts: { includeDeleted?: boolean } = {}): Promise<GroupRow | undefined> {
  let q = base(db, workspaceId).where('g.id', '=', id);
  if (!opts.includeDeleted) q = q.where('g.deleted_at', 'is', null);
  return q.executeTakeFirst();
}

export async function findLiveGroupByName(db: Db, workspaceId: number, name: string) {
  return db
    .selectFrom('groups')
    .select(['id', 'name'])
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', 'is', null)
    .where(sql`lower(name)`, '=', name.toLowerCase())
    .executeTakeFirst();
}

export async function insertGroup(db: Db, workspaceId: number, name: string, description: string): Promise<number> {
  const r = await db.insertInto('groups').values({ workspace_id: workspaceId, name, description }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateGroup(db: Db, workspaceId: number, id: number, patch: { name?: string; description?: string }): Promise<boolean> {
  const r = await db
    .updateTable('groups')
    .set({ ...patch, updated_at: sql<Date>`now()` })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Bin or restore; memberships are untouched either way so a restore brings them back. */
export async function setGroupDeleted(db: Db, workspaceId: number, id: number, deleted: boolean): Promise<boolean> {
  const r = await db
    .updateTable('groups')
    .set({ deleted_at: deleted ? sql<Date>`now()` : null })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('deleted_at', deleted ? 'is' : 'is not', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Adds every live contact of the workspace matching `cond` (over `c`); returns how many were new members. */
export async function addMembers(db: Db, workspaceId: number, groupId: number, cond: Expression<SqlBool>): Promise<number> {
  const r = await sql`insert into group_members (workspace_id, group_id, contact_id)
    select ${workspaceId}, ${groupId}, c.id from contacts c
    where c.workspace_id = ${workspaceId} and c.deleted_at is null and ${cond}
    on conflict do nothing`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/** Removes the live contacts matching `cond` from the group; returns how many memberships were removed. */
export async function removeMembers(db: Db, workspaceId: number, groupId: number, cond: Expression<SqlBool>): Promise<number> {
  const r = await sql`delete from group_members gm using contacts c
    where gm.group_id = ${groupId} and gm.contact_id = c.id
      and c.workspace_id = ${workspaceId} and c.deleted_at is null and ${cond}`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/** `c.id` is one of these ids (bound as one JSON parameter, so any number of ids is one statement). */
export function idsCondition(ids: number[]): Expression<SqlBool> {
  return sql<SqlBool>`c.id in (select (jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))::int8)`;
}

/** `c` is a member of the group. */
export function memberOf(groupId: number): Expression<SqlBool> {
  return sql<SqlBool>`exists (select 1 from group_members gm where gm.group_id = ${groupId} and gm.contact_id = c.id)`;
}
