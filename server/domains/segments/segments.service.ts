/**
 * Segment rules: compiling filters (with the workspace's field definitions, groups and nested segments),
 * audiences (groups ∪ segments minus exclusions) as one set-based SELECT, and saved-segment lifecycle.
 */
import { sql, type Expression, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { FilterGroup } from '../../../common/segments.js';
import type { Database } from '../../db/schema.js';
import { conflict, notFound } from '../../lib/errors.js';
import { recordAudit, type Actor } from '../audit/index.js';
import { compileTree, type CompileEnv } from './filter-compile.js';
import { validateFilter, type FilterFieldDef } from './filter-validate.js';
import * as repo from './segments.repo.js';

type Db = Kysely<Database>;

export interface CompileOptions {
  /** Saving a segment: references to missing groups/segments are a 400 (otherwise they match nothing). */
  strictRefs?: boolean;
  /** Path prefix used in 400 errors (default `filter`). */
  path?: string;
  /** The segment being saved, so a filter that leads back to it is rejected as a cycle. */
  selfSegmentId?: number;
}

/** Collects group/segment ids from a stored (possibly stale) filter without trusting its shape. */
function collectRefs(node: unknown, groups: Set<number>, segments: Set<number>, depth = 0): void {
  if (depth > 20 || typeof node !== 'object' || node === null) return;
  const n = node as Record<string, unknown>;
  if (Array.isArray(n.rules)) for (const r of n.rules) collectRefs(r, groups, segments, depth + 1);
  if (n.kind === 'group' && typeof n.groupId === 'number') groups.add(n.groupId);
  if (n.kind === 'segment' && typeof n.segmentId === 'number') segments.add(n.segmentId);
}

/** Loads everything compileTree needs: groups and the transitive closure of referenced segments. */
async function loadEnv(db: Db, workspaceId: number, filter: FilterGroup, fields: Map<string, FilterFieldDef>, strictRefs: boolean): Promise<CompileEnv> {
  const groupIds = new Set<number>();
  const segIds = new Set<number>();
  collectRefs(filter, groupIds, segIds);
  const segments = new Map<number, { name: string; filter: unknown }>();
  let frontier = [...segIds];
  for (let round = 0; frontier.length && round < 50; round++) {
    const rows = await repo.liveSegmentsByIds(db, workspaceId, frontier);
    const next = new Set<number>();
    for (const r of rows) {
      segments.set(r.id, { name: r.name, filter: r.filter });
      const nested = new Set<number>();
      collectRefs(r.filter, groupIds, nested);
      for (const id of nested) if (!segments.has(id) && !frontier.includes(id)) next.add(id);
    }
    frontier = [...next];
  }
  const [groups, locale] = await Promise.all([repo.liveGroupIds(db, workspaceId, [...groupIds]), repo.loadWorkspaceLocale(db, workspaceId)]);
  return { fields, groups, segments, timezone: locale.timezone, country: locale.country, strictRefs };
}

/**
 * Validates a filter tree and compiles it into one WHERE expression over `contacts` aliased `c`. Use it as
 * `select c.id from contacts c where c.workspace_id = $ws and c.deleted_at is null and <expr>`.
 * Throws a 400 naming the path of a bad condition (`filter.rules.2.value`) or a segment cycle.
 * References to groups/segments outside the workspace (or in the bin) match nothing.
 */
export async function compileFilter(db: Db, workspaceId: number, filter: unknown, opts: CompileOptions = {}): Promise<Expression<SqlBool>> {
  const path = opts.path ?? 'filter';
  const fields = await repo.loadFieldDefs(db, workspaceId);
  const valid = validateFilter(filter, fields, path);
  const env = await loadEnv(db, workspaceId, valid, fields, opts.strictRefs ?? false);
  return compileTree(valid, env, path, opts.selfSegmentId ? [opts.selfSegmentId] : []);
}

/** Who a send goes to: members of any included group or segment, minus members of any excluded one. */
export interface Audience {
  include: { groups?: number[]; segments?: number[] };
  exclude?: { groups?: number[]; segments?: number[] };
}

/** The audience as a filter tree (so it is compiled exactly like a segment). */
export function audienceFilter(a: Audience): FilterGroup {
  const inc: FilterGroup = {
    op: 'or',
    rules: [
      ...(a.include.groups ?? []).map((groupId) => ({ kind: 'group' as const, operator: 'in' as const, groupId })),
      ...(a.include.segments ?? []).map((segmentId) => ({ kind: 'segment' as const, operator: 'in' as const, segmentId })),
    ],
  };
  const exc = [
    ...(a.exclude?.groups ?? []).map((groupId) => ({ kind: 'group' as const, operator: 'not_in' as const, groupId })),
    ...(a.exclude?.segments ?? []).map((segmentId) => ({ kind: 'segment' as const, operator: 'not_in' as const, segmentId })),
  ];
  return { op: 'and', rules: [inc, ...exc] };
}

/** WHERE expression over `c` for an audience. An audience that includes nothing matches nothing. */
export async function audienceWhere(db: Db, workspaceId: number, audience: Audience): Promise<Expression<SqlBool>> {
  const f = audienceFilter(audience);
  if ((f.rules[0] as FilterGroup).rules.length === 0) return sql<SqlBool>`false`;
  return compileFilter(db, workspaceId, f, { path: 'audience' });
}

/**
 * `select c.id from contacts c where …` — the distinct live contact ids of an audience in one workspace,
 * set-based (a contact in two included groups appears once). Embed it:
 * `sql\`insert into deliveries (campaign_id, contact_id) select ${id}, a.id from (${q}) a\``.
 */
export async function audienceContactIdsSql(db: Db, workspaceId: number, audience: Audience): Promise<RawBuilder<{ id: number }>> {
  const where = await audienceWhere(db, workspaceId, audience);
  return sql<{ id: number }>`select c.id from contacts c where c.workspace_id = ${workspaceId} and c.deleted_at is null and c.erased_at is null and ${where}`;
}

/** Number of distinct live contacts in an audience. */
export async function countAudience(db: Db, workspaceId: number, audience: Audience): Promise<number> {
  return repo.countContacts(db, workspaceId, await audienceWhere(db, workspaceId, audience));
}

/** Live count of a filter (the segment builder calls this while the user edits). */
export async function countFilter(db: Db, workspaceId: number, filter: unknown): Promise<number> {
  return repo.countContacts(db, workspaceId, await compileFilter(db, workspaceId, filter));
}

async function assertNameFree(db: Db, workspaceId: number, name: string, selfId?: number) {
  const other = await repo.findLiveSegmentByName(db, workspaceId, name);
  if (other && other.id !== selfId) throw conflict(`A segment named "${other.name}" already exists.`, 'name', { existingId: other.id });
}

export async function createSegment(db: Db, workspaceId: number, actor: Actor, input: { name: string; filter: FilterGroup }): Promise<repo.SegmentRow> {
  const name = input.name.trim();
  await compileFilter(db, workspaceId, input.filter, { strictRefs: true });
  return db.transaction().execute(async (trx) => {
    await assertNameFree(trx, workspaceId, name);
    const row = await repo.insertSegment(trx, workspaceId, name, input.filter);
    await recordAudit(trx, workspaceId, actor, 'segment.created', 'segment', row.id, { name });
    return row;
  });
}

export async function updateSegment(db: Db, workspaceId: number, actor: Actor, id: number, patch: { name?: string; filter?: FilterGroup }): Promise<repo.SegmentRow> {
  const existing = await repo.findSegment(db, workspaceId, id);
  if (!existing) throw notFound('Segment');
  if (patch.filter) await compileFilter(db, workspaceId, patch.filter, { strictRefs: true, selfSegmentId: id });
  const name = patch.name?.trim();
  return db.transaction().execute(async (trx) => {
    if (name !== undefined) await assertNameFree(trx, workspaceId, name, id);
    const row = await repo.updateSegment(trx, workspaceId, id, { name, filter: patch.filter });
    if (!row) throw notFound('Segment');
    await recordAudit(trx, workspaceId, actor, 'segment.updated', 'segment', id, {
      ...(name !== undefined ? { name, previousName: existing.name } : {}),
      ...(patch.filter ? { filterChanged: true } : {}),
    });
    return row;
  });
}

/** Moves a segment to the bin (restorable for 7 days). */
export async function deleteSegment(db: Db, workspaceId: number, actor: Actor, id: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (!(await repo.setSegmentDeleted(trx, workspaceId, id, true))) throw notFound('Segment');
    await recordAudit(trx, workspaceId, actor, 'segment.deleted', 'segment', id);
  });
}

/** Brings a segment back from the bin; 409 when a live segment took its name meanwhile. */
export async function restoreSegment(db: Db, workspaceId: number, actor: Actor, id: number): Promise<repo.SegmentRow> {
  const seg = await repo.findSegment(db, workspaceId, id, { includeDeleted: true });
  if (!seg || !seg.deleted_at) throw notFound('Deleted segment');
  return db.transaction().execute(async (trx) => {
    await assertNameFree(trx, workspaceId, seg.name);
    await repo.setSegmentDeleted(trx, workspaceId, id, false);
    await recordAudit(trx, workspaceId, actor, 'segment.restored', 'segment', id);
    return { ...seg, deleted_at: null };
  });
}

/** A saved segment's live count (404 for another workspace's id). */
export async function countSegment(db: Db, workspaceId: number, id: number): Promise<number> {
  const seg = await repo.findSegment(db, workspaceId, id);
  if (!seg) throw notFound('Segment');
  return countFilter(db, workspaceId, { op: 'and', rules: [{ kind: 'segment', operator: 'in', segmentId: id }] });
}
