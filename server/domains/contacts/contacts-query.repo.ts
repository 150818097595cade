/**
 * Queries behind the contacts list: keyset pages in any supported sort, prefix search conditions, counts.
 * Keyset pagination (never OFFSET) keeps page N as cheap as page 1 at a million contacts; every sort is
 * served by an index: (workspace_id, created_at|updated_at, id) from 0003, and the text_pattern_ops
 * prefix indexes from 0001 for email and lower(first/last name), walked in byte order (`~<~`), which is
 * also alphabetical for lowercased Latin and for Hebrew.
 */
import { sql, type Expression, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { Database, EmailStatus, OptStatus } from '../../db/schema.js';
import { likeEscape, phonePrefixes } from '../segments/filter-compile.js';

type Db = Kysely<Database>;

export type ContactSort = 'created_at' | 'updated_at' | 'email' | 'first_name' | 'last_name';
export type SortOrder = 'asc' | 'desc';

export interface ContactListRow {
  id: number;
  email: string | null;
  phone_e164: string | null;
  phone_raw: string | null;
  first_name: string;
  last_name: string;
  fields: Record<string, unknown>;
  email_status: EmailStatus;
  whatsapp_status: OptStatus;
  sms_status: OptStatus;
  protected: boolean;
  source: string;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
  erased_at: Date | null;
  /** The sort key as text, exact to the microsecond for timestamps (goes into the cursor). */
  sort_key: string | null;
}

interface SortSpec {
  key: RawBuilder<unknown>;
  text: boolean;
  nullable: boolean;
}

const SORTS: Record<ContactSort, SortSpec> = {
  created_at: { key: sql`c.created_at`, text: false, nullable: false },
  updated_at: { key: sql`c.updated_at`, text: false, nullable: false },
  email: { key: sql`c.email`, text: true, nullable: true },
  first_name: { key: sql`lower(c.first_name)`, text: true, nullable: false },
  last_name: { key: sql`lower(c.last_name)`, text: true, nullable: false },
};

/** Position after which the next page starts: the last row's sort value (null = in the null tail) and id. */
export interface KeysetPosition {
  value: string | null;
  id: number;
}

function afterCond(s: SortSpec, order: SortOrder, pos: KeysetPosition): Expression<SqlBool> {
  const asc = order === 'asc';
  if (!s.text) {
    const v = sql`${pos.value}::timestamptz`;
    return asc ? sql<SqlBool>`(${s.key}, c.id) > (${v}, ${pos.id})` : sql<SqlBool>`(${s.key}, c.id) < (${v}, ${pos.id})`;
  }
  // Written as "K >= v and (K > v or id > last)" so the first conjunct bounds the index scan.
  return asc
    ? sql<SqlBool>`${s.key} ~>=~ ${pos.value} and (${s.key} ~>~ ${pos.value} or c.id > ${pos.id})`
    : sql<SqlBool>`${s.key} ~<=~ ${pos.value} and (${s.key} ~<~ ${pos.value} or c.id < ${pos.id})`;
}

function orderBy(s: SortSpec, order: SortOrder): RawBuilder<unknown> {
  if (!s.text) return order === 'asc' ? sql`${s.key} asc, c.id asc` : sql`${s.key} desc, c.id desc`;
  return order === 'asc' ? sql`${s.key} using ~<~, c.id asc` : sql`${s.key} using ~>~, c.id desc`;
}

const SELECT = sql`c.id, c.email, c.phone_e164, c.phone_raw, c.first_name, c.last_name, c.fields, c.email_status,
  c.whatsapp_status, c.sms_status, c.protected, c.source, c.created_at, c.updated_at, c.deleted_at, c.erased_at`;

async function page(db: Db, workspaceId: number, where: Expression<SqlBool>, keyExpr: RawBuilder<unknown>, order: RawBuilder<unknown>, limit: number) {
  const r = await sql<ContactListRow>`select ${SELECT}, ${keyExpr}::text as sort_key from contacts c
    where c.workspace_id = ${workspaceId} and c.deleted_at is null and c.erased_at is null and ${where}
    order by ${order} limit ${limit}`.execute(db);
  return r.rows;
}

/**
 * One page (up to `limit` rows, plus one to tell whether more follow) of live contacts matching `where`,
 * sorted by `sort` then id. Email sorts put contacts without an email last in both directions.
 */
export async function listPage(
  db: Db,
  workspaceId: number,
  where: Expression<SqlBool>,
  sort: ContactSort,
  order: SortOrder,
  after: KeysetPosition | null,
  limit: number,
): Promise<ContactListRow[]> {
  const s = SORTS[sort];
  if (!s.nullable) {
    const cond = after ? sql<SqlBool>`${where} and ${afterCond(s, order, after)}` : where;
    return page(db, workspaceId, cond, s.key, orderBy(s, order), limit + 1);
  }
  // Nullable key: the non-null part in key order, then the null tail in id order.
  const tailOrder = order === 'asc' ? sql`c.id asc` : sql`c.id desc`;
  const tailAfter = (id: number) => (order === 'asc' ? sql<SqlBool>`c.id > ${id}` : sql<SqlBool>`c.id < ${id}`);
  if (after && after.value === null) {
    return page(db, workspaceId, sql<SqlBool>`${where} and ${s.key} is null and ${tailAfter(after.id)}`, s.key, tailOrder, limit + 1);
  }
  const headCond = after ? sql<SqlBool>`${where} and ${afterCond(s, order, after)}` : sql<SqlBool>`${where} and ${s.key} is not null`;
  const head = await page(db, workspaceId, headCond, s.key, orderBy(s, order), limit + 1);
  if (head.length > limit) return head;
  const tail = await page(db, workspaceId, sql<SqlBool>`${where} and ${s.key} is null`, s.key, tailOrder, limit + 1 - head.length);
  return [...head, ...tail];
}

/** True when `q` looks like a phone number rather than a name. */
const PHONE_LIKE = /^[+\d][\d\s\-().]*$/;

/**
 * Prefix search over email, phone, first name, last name and full name (either order), Hebrew included.
 * Each branch is a prefix match one of the 0001 prefix indexes can serve; PostgreSQL ORs their bitmaps.
 */
export function searchCondition(q: string, country: string): Expression<SqlBool> {
  const t = q.trim().toLowerCase().replace(/\s+/g, ' ');
  if (!t) return sql<SqlBool>`true`;
  const prefix = (s: string) => `${likeEscape(s)}%`;
  const first = (s: string) => sql<SqlBool>`lower(c.first_name) like ${prefix(s)}`;
  const last = (s: string) => sql<SqlBool>`lower(c.last_name) like ${prefix(s)}`;
  const email = sql<SqlBool>`c.email like ${prefix(t)}`;
  if (t.includes('@')) return email;
  const parts: Expression<SqlBool>[] = [];
  if (PHONE_LIKE.test(t) && t.replace(/\D/g, '').length >= 2) {
    for (const p of phonePrefixes(t, country)) parts.push(sql<SqlBool>`c.phone_e164 like ${prefix(p)}`);
    parts.push(email);
  } else if (!t.includes(' ')) {
    parts.push(email, first(t), last(t));
  } else {
    const [head, ...rest] = t.split(' ');
    const tail = rest.join(' ');
    parts.push(
      sql<SqlBool>`(${first(head)} and ${last(tail)})`,
      sql<SqlBool>`(${last(head)} and ${first(tail)})`,
      first(t),
      last(t),
    );
  }
  return sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
}

/** Ids of live contacts matching a search condition, at most `cap + 1` of them (so the caller can tell "more than cap"). */
export async function searchHits(db: Db, workspaceId: number, search: Expression<SqlBool>, cap: number): Promise<number[]> {
  const r = await sql<{ id: number }>`select c.id from contacts c
    where c.workspace_id = ${workspaceId} and c.deleted_at is null and c.erased_at is null and ${search} limit ${cap + 1}`.execute(db);
  return r.rows.map((x) => Number(x.id));
}

export async function liveGroupExists(db: Db, workspaceId: number, groupId: number): Promise<boolean> {
  const r = await db.selectFrom('groups').select('id').where('workspace_id', '=', workspaceId).where('id', '=', groupId).where('deleted_at', 'is', null).executeTakeFirst();
  return !!r;
}

export async function workspaceCountry(db: Db, workspaceId: number): Promise<string> {
  const w = await db.selectFrom('workspaces').select('default_country').where('id', '=', workspaceId).executeTakeFirst();
  return w?.default_country ?? 'US';
}
