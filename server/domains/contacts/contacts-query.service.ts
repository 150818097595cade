/**
 * The contacts list and search: combines a filter tree, shortcut filters (group, segment, email status)
 * and prefix search into one WHERE, pages it with an opaque keyset cursor, and counts only when asked
 * (an exact count over a million rows is the expensive part, so it is opt-in).
 */
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { Contact } from '../../../common/contacts.js';
import { toContactView } from './contact-view.js';
import type { Database, EmailStatus } from '../../db/schema.js';
import { badRequest, notFound } from '../../lib/errors.js';
import { compileFilter } from '../segments/segments.service.js';
import { countContacts, findSegment } from '../segments/segments.repo.js';
import * as repo from './contacts-query.repo.js';

type Db = Kysely<Database>;

export type { ContactSort, SortOrder, ContactListRow } from './contacts-query.repo.js';

export interface ContactQuery {
  sort?: repo.ContactSort;
  order?: repo.SortOrder;
  cursor?: string | null;
  limit?: number;
  /** A filter tree (already parsed). */
  filter?: unknown;
  groupId?: number;
  segmentId?: number;
  emailStatus?: EmailStatus;
  q?: string;
  withTotal?: boolean;
}

export interface ContactPage {
  rows: repo.ContactListRow[];
  nextCursor: string | null;
  total?: number;
}

interface CursorBody {
  s: repo.ContactSort;
  o: repo.SortOrder;
  v: string | null;
  i: number;
}

/** Opaque cursor: base64url of the sort, direction, last sort value and last id. */
export function encodeCursor(c: CursorBody): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decodeCursor(raw: string, sort: repo.ContactSort, order: repo.SortOrder): repo.KeysetPosition {
  let c: CursorBody;
  try {
    c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as CursorBody;
  } catch {
    throw badRequest('The cursor is not valid; start again without it.', 'cursor');
  }
  if (!c || typeof c.i !== 'number' || (c.v !== null && typeof c.v !== 'string')) throw badRequest('The cursor is not valid; start again without it.', 'cursor');
  if (c.s !== sort || c.o !== order) throw badRequest('The cursor belongs to a different sort; start again without it.', 'cursor');
  return { value: c.v, id: c.i };
}

const SEARCH_FIRST_CAP = 5000;

const idsIn = (ids: number[]): Expression<SqlBool> =>
  ids.length === 0 ? sql<SqlBool>`false` : sql<SqlBool>`c.id in (select (jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))::int8)`;

/** The combined WHERE (over `c`) of a list query: filter ∧ group ∧ segment ∧ status ∧ search. */
export async function contactQueryWhere(db: Db, workspaceId: number, q: ContactQuery): Promise<Expression<SqlBool>> {
  const parts: Expression<SqlBool>[] = [];
  if (q.filter !== undefined && q.filter !== null) parts.push(await compileFilter(db, workspaceId, q.filter));
  if (q.groupId !== undefined) {
    if (!(await repo.liveGroupExists(db, workspaceId, q.groupId))) throw notFound('Group');
    parts.push(sql<SqlBool>`exists (select 1 from group_members gm where gm.group_id = ${q.groupId} and gm.contact_id = c.id)`);
  }
  if (q.segmentId !== undefined) {
    if (!(await findSegment(db, workspaceId, q.segmentId))) throw notFound('Segment');
    parts.push(await compileFilter(db, workspaceId, { op: 'and', rules: [{ kind: 'segment', operator: 'in', segmentId: q.segmentId }] }, { path: 'segmentId' }));
  }
  if (q.emailStatus) parts.push(sql<SqlBool>`c.email_status = ${q.emailStatus}`);
  if (q.q && q.q.trim()) {
    const search = repo.searchCondition(q.q, await repo.workspaceCountry(db, workspaceId));
    // Search first: a typed prefix usually matches few contacts, which the prefix indexes find at once, but
    // the planner tends to walk the sort index instead and filter a million rows. So collect the hits
    // (bounded); when there are few, the page query works on just those ids. A prefix matching thousands
    // is common enough that the sort-index walk finds a page quickly, so it keeps the plain condition.
    const hits = await repo.searchHits(db, workspaceId, search, SEARCH_FIRST_CAP);
    parts.push(hits.length <= SEARCH_FIRST_CAP ? idsIn(hits) : search);
  }
  return parts.length ? sql<SqlBool>`${sql.join(parts, sql` and `)}` : sql<SqlBool>`true`;
}

/** A page of the workspace's live contacts. */
export async function listContacts(db: Db, workspaceId: number, q: ContactQuery): Promise<ContactPage> {
  const sort = q.sort ?? 'created_at';
  const order = q.order ?? (sort === 'created_at' || sort === 'updated_at' ? 'desc' : 'asc');
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 500);
  const after = q.cursor ? decodeCursor(q.cursor, sort, order) : null;
  const where = await contactQueryWhere(db, workspaceId, q);
  const rows = await repo.listPage(db, workspaceId, where, sort, order, after, limit);
  const more = rows.length > limit;
  const pageRows = more ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  const nextCursor = more && last ? encodeCursor({ s: sort, o: order, v: last.sort_key, i: last.id }) : null;
  const total = q.withTotal ? await countContacts(db, workspaceId, where) : undefined;
  return { rows: pageRows, nextCursor, ...(total !== undefined ? { total } : {}) };
}

/** The API shape of a contact (common/contacts.ts): the same presenter every contact route uses. */
export function contactView(r: repo.ContactListRow): Contact {
  return toContactView(r);
}
