/** Kysely access to landing pages and their versions. Scoped by workspace. */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { PagesTable } from '../forms/forms.tables.js';

type Db = Kysely<Database>;
export type PageRow = Selectable<PagesTable>;

export interface PageContent {
  html: string;
  css: string;
  project: unknown;
  settings: Record<string, unknown>;
  lang: string;
}

async function snapshot(db: Db, p: PageRow) {
  await db
    .insertInto('page_versions')
    .values({ page_id: p.id, version: p.version, workspace_id: p.workspace_id, html: p.html, css: p.css, project: p.project === null ? null : JSON.stringify(p.project), settings: JSON.stringify(p.settings), lang: p.lang })
    .onConflict((oc) => oc.columns(['page_id', 'version']).doNothing())
    .execute();
}

export async function insertPage(db: Db, v: { workspace_id: number; slug: string; name: string } & PageContent) {
  const p = await db
    .insertInto('pages')
    .values({ ...v, project: v.project === null || v.project === undefined ? null : JSON.stringify(v.project), settings: JSON.stringify(v.settings) })
    .returningAll()
    .executeTakeFirstOrThrow();
  await snapshot(db, p);
  return p;
}

export const findPage = (db: Db, ws: number, id: number) => db.selectFrom('pages').selectAll().where('workspace_id', '=', ws).where('id', '=', id).executeTakeFirst();

export async function listPages(db: Db, ws: number, deleted: boolean) {
  const q = db.selectFrom('pages').selectAll().where('workspace_id', '=', ws).orderBy('id', 'desc');
  return (deleted ? q.where('deleted_at', 'is not', null) : q.where('deleted_at', 'is', null)).execute();
}

export const slugTaken = async (db: Db, ws: number, slug: string, exceptId?: number) => {
  let q = db.selectFrom('pages').select('id').where('workspace_id', '=', ws).where('slug', '=', slug).where('deleted_at', 'is', null);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return !!(await q.executeTakeFirst());
};

/** Updates columns; a change of content is a new saved version. */
export async function updatePage(db: Db, ws: number, id: number, set: Partial<{ name: string; slug: string; status: 'draft' | 'published' | 'paused'; published_version: number | null }> & Partial<PageContent>, newVersion: boolean) {
  const values: Record<string, unknown> = { ...set, updated_at: new Date() };
  if (set.project !== undefined) values.project = set.project === null ? null : JSON.stringify(set.project);
  if (set.settings !== undefined) values.settings = JSON.stringify(set.settings);
  const p = await db
    .updateTable('pages')
    .set({ ...values, ...(newVersion ? { version: sql<number>`version + 1` } : {}) })
    .where('workspace_id', '=', ws)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  if (p && newVersion) await snapshot(db, p);
  return p;
}

export const listVersions = (db: Db, ws: number, pageId: number) =>
  db.selectFrom('page_versions').select(['version', 'created_at', 'lang', sql<boolean>`rendered is not null`.as('published')]).where('workspace_id', '=', ws).where('page_id', '=', pageId).orderBy('version', 'desc').limit(200).execute();

export const findVersion = (db: Db, ws: number, pageId: number, version: number) =>
  db.selectFrom('page_versions').selectAll().where('workspace_id', '=', ws).where('page_id', '=', pageId).where('version', '=', version).executeTakeFirst();

export const setRendered = (db: Db, pageId: number, version: number, rendered: string) =>
  db.updateTable('page_versions').set({ rendered }).where('page_id', '=', pageId).where('version', '=', version).execute();

export async function setDeleted(db: Db, ws: number, id: number, deleted: boolean) {
  const r = await db.updateTable('pages').set({ deleted_at: deleted ? new Date() : null, updated_at: new Date() }).where('workspace_id', '=', ws).where('id', '=', id)
    .where('deleted_at', deleted ? 'is' : 'is not', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** What serving needs: the live page by workspace and slug, with the rendered HTML of its published version. */
export const findServable = (db: Db, ws: number, slug: string) =>
  db
    .selectFrom('pages as p')
    .leftJoin('page_versions as v', (j) => j.onRef('v.page_id', '=', 'p.id').onRef('v.version', '=', 'p.published_version'))
    .select(['p.id', 'p.workspace_id', 'p.status', 'p.lang', 'p.settings', 'p.published_version', 'v.rendered'])
    .where('p.workspace_id', '=', ws)
    .where('p.slug', '=', slug)
    .where('p.deleted_at', 'is', null)
    .executeTakeFirst();

export const workspaceBySlug = (db: Db, slug: string) => db.selectFrom('workspaces').select('id').where('slug', '=', slug).executeTakeFirst();

export async function purgeDeleted(db: Db, now = new Date()) {
  const r = await db.deleteFrom('pages').where('deleted_at', '<', new Date(now.getTime() - 7 * 86400_000)).executeTakeFirst();
  return Number(r.numDeletedRows);
}
