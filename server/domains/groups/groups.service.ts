/**
 * Group rules: unique names (case-insensitive) among live groups, the bin, and bulk membership changes by
 * a selection of ids or by a filter tree, each one set-based statement inside one transaction with its
 * audit entry.
 */
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../../db/schema.js';
import { badRequest, conflict, notFound } from '../../lib/errors.js';
import { msg } from '../../lib/messages/index.js';
import { recordAudit, type Actor } from '../audit/index.js';
import { compileFilter } from '../segments/index.js';
import * as repo from './groups.repo.js';

type Db = Kysely<Database>;

/** Which contacts a bulk operation applies to: explicit ids, everything matching a filter, or both (AND). */
export interface Selection {
  contactIds?: number[];
  filter?: unknown;
}

async function selectionCondition(db: Db, workspaceId: number, sel: Selection, required: boolean): Promise<{ cond: Expression<SqlBool>; by: string }> {
  const parts: Expression<SqlBool>[] = [];
  if (sel.contactIds) parts.push(repo.idsCondition(sel.contactIds));
  if (sel.filter !== undefined && sel.filter !== null) parts.push(await compileFilter(db, workspaceId, sel.filter));
  if (parts.length === 0) {
    if (required) throw badRequest(msg('groups.members_needed'), 'contactIds');
    return { cond: sql<SqlBool>`true`, by: 'all' };
  }
  return { cond: sql<SqlBool>`${sql.join(parts, sql` and `)}`, by: [sel.contactIds ? 'ids' : null, sel.filter ? 'filter' : null].filter(Boolean).join('+') };
}

async function liveGroup(db: Db, workspaceId: number, id: number, what = 'Group') {
  const g = await repo.findGroup(db, workspaceId, id);
  if (!g) throw notFound(what);
  return g;
}

async function assertNameFree(db: Db, workspaceId: number, name: string, selfId?: number) {
  const other = await repo.findLiveGroupByName(db, workspaceId, name);
  if (other && other.id !== selfId) throw conflict(msg('groups.name_taken', { name: other.name }), 'name', { existingId: other.id });
}

export async function createGroup(db: Db, workspaceId: number, actor: Actor, input: { name: string; description?: string }): Promise<repo.GroupRow> {
  const name = input.name.trim();
  if (!name) throw badRequest(msg('groups.name_blank'), 'name');
  const id = await db.transaction().execute(async (trx) => {
    await assertNameFree(trx, workspaceId, name);
    const id = await repo.insertGroup(trx, workspaceId, name, input.description ?? '');
    await recordAudit(trx, workspaceId, actor, 'group.created', 'group', id, { name });
    return id;
  });
  return liveGroup(db, workspaceId, id);
}

export async function updateGroup(db: Db, workspaceId: number, actor: Actor, id: number, patch: { name?: string; description?: string }): Promise<repo.GroupRow> {
  const before = await liveGroup(db, workspaceId, id);
  const name = patch.name?.trim();
  if (name === '') throw badRequest(msg('groups.name_blank'), 'name');
  await db.transaction().execute(async (trx) => {
    if (name !== undefined) await assertNameFree(trx, workspaceId, name, id);
    if (!(await repo.updateGroup(trx, workspaceId, id, { name, description: patch.description }))) throw notFound('Group');
    await recordAudit(trx, workspaceId, actor, 'group.updated', 'group', id, {
      ...(name !== undefined ? { name, previousName: before.name } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
    });
  });
  return liveGroup(db, workspaceId, id);
}

/** Moves a group to the bin; its memberships stay so a restore brings them back. */
export async function deleteGroup(db: Db, workspaceId: number, actor: Actor, id: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (!(await repo.setGroupDeleted(trx, workspaceId, id, true))) throw notFound('Group');
    await recordAudit(trx, workspaceId, actor, 'group.deleted', 'group', id);
  });
}

export async function restoreGroup(db: Db, workspaceId: number, actor: Actor, id: number): Promise<repo.GroupRow> {
  const g = await repo.findGroup(db, workspaceId, id, { includeDeleted: true });
  if (!g || !g.deleted_at) throw notFound('Deleted group');
  await db.transaction().execute(async (trx) => {
    await assertNameFree(trx, workspaceId, g.name);
    await repo.setGroupDeleted(trx, workspaceId, id, false);
    await recordAudit(trx, workspaceId, actor, 'group.restored', 'group', id);
  });
  return liveGroup(db, workspaceId, id);
}

/** Adds the selected live contacts; returns how many became members (existing members are not counted). */
export async function addToGroup(db: Db, workspaceId: number, actor: Actor, groupId: number, sel: Selection) {
  await liveGroup(db, workspaceId, groupId);
  const { cond, by } = await selectionCondition(db, workspaceId, sel, true);
  const added = await db.transaction().execute(async (trx) => {
    const n = await repo.addMembers(trx, workspaceId, groupId, cond);
    await recordAudit(trx, workspaceId, actor, 'group.members_added', 'group', groupId, { count: n, by });
    return n;
  });
  return { added, memberCount: (await liveGroup(db, workspaceId, groupId)).member_count };
}

export async function removeFromGroup(db: Db, workspaceId: number, actor: Actor, groupId: number, sel: Selection) {
  await liveGroup(db, workspaceId, groupId);
  const { cond, by } = await selectionCondition(db, workspaceId, sel, true);
  const removed = await db.transaction().execute(async (trx) => {
    const n = await repo.removeMembers(trx, workspaceId, groupId, cond);
    await recordAudit(trx, workspaceId, actor, 'group.members_removed', 'group', groupId, { count: n, by });
    return n;
  });
  return { removed, memberCount: (await liveGroup(db, workspaceId, groupId)).member_count };
}

/**
 * Copies (or moves) members of `fromId` matching the selection (all members when none is given) into
 * `toId`. A move also removes them from the source, in the same transaction.
 */
export async function transferMembers(db: Db, workspaceId: number, actor: Actor, fromId: number, toId: number, sel: Selection, mode: 'copy' | 'move') {
  await liveGroup(db, workspaceId, fromId);
  if (fromId === toId) throw badRequest(msg('groups.same_target'), 'toGroupId');
  const target = await repo.findGroup(db, workspaceId, toId);
  if (!target) throw badRequest(msg('groups.target_missing', { id: toId }), 'toGroupId');
  const { cond, by } = await selectionCondition(db, workspaceId, sel, false);
  const inSource = sql<SqlBool>`${repo.memberOf(fromId)} and ${cond}`;
  const r = await db.transaction().execute(async (trx) => {
    const added = await repo.addMembers(trx, workspaceId, toId, inSource);
    const removed = mode === 'move' ? await repo.removeMembers(trx, workspaceId, fromId, cond) : 0;
    await recordAudit(trx, workspaceId, actor, mode === 'move' ? 'group.members_moved' : 'group.members_copied', 'group', fromId, { toGroupId: toId, added, removed, by });
    return { added, removed };
  });
  const [from, to] = await Promise.all([liveGroup(db, workspaceId, fromId), liveGroup(db, workspaceId, toId)]);
  return { ...r, fromMemberCount: from.member_count, toMemberCount: to.member_count };
}
