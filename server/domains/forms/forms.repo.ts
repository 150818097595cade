/** Kysely access to forms, their versions, submissions, pending double opt-ins and evidence. Scoped by workspace. */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { FormsTable } from './forms.tables.js';

type Db = Kysely<Database>;
export type FormRow = Selectable<FormsTable>;

export async function insertForm(db: Db, v: { workspace_id: number; public_id: string; name: string; definition: unknown; settings: unknown; paused: boolean }) {
  const row = await db
    .insertInto('forms')
    .values({ ...v, definition: JSON.stringify(v.definition), settings: JSON.stringify(v.settings) })
    .returningAll()
    .executeTakeFirstOrThrow();
  await snapshotVersion(db, row);
  return row;
}

async function snapshotVersion(db: Db, f: FormRow) {
  await db
    .insertInto('form_versions')
    .values({ form_id: f.id, version: f.version, workspace_id: f.workspace_id, definition: JSON.stringify(f.definition), settings: JSON.stringify(f.settings) })
    .onConflict((oc) => oc.columns(['form_id', 'version']).doNothing())
    .execute();
}

export async function updateForm(db: Db, ws: number, id: number, v: { name?: string; definition?: unknown; settings?: unknown; paused?: boolean }) {
  const set: Record<string, unknown> = { updated_at: new Date() };
  if (v.name !== undefined) set.name = v.name;
  if (v.paused !== undefined) set.paused = v.paused;
  if (v.definition !== undefined) set.definition = JSON.stringify(v.definition);
  if (v.settings !== undefined) set.settings = JSON.stringify(v.settings);
  // A change of what visitors see or agree to is a new version (evidence names the version shown).
  const bump = v.definition !== undefined || v.settings !== undefined;
  const row = await db
    .updateTable('forms')
    .set({ ...set, ...(bump ? { version: sql<number>`version + 1` } : {}) })
    .where('workspace_id', '=', ws)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  if (row && bump) await snapshotVersion(db, row);
  return row;
}

export const findForm = (db: Db, ws: number, id: number) =>
  db.selectFrom('forms').selectAll().where('workspace_id', '=', ws).where('id', '=', id).executeTakeFirst();

export const findLiveFormByPublicId = (db: Db, publicId: string) =>
  db.selectFrom('forms').selectAll().where('public_id', '=', publicId).where('deleted_at', 'is', null).executeTakeFirst();

export async function listForms(db: Db, ws: number, deleted: boolean) {
  let q = db
    .selectFrom('forms as f')
    .selectAll('f')
    .select((eb) => eb.selectFrom('form_submissions as s').select(eb.fn.countAll<string>().as('n')).whereRef('s.form_id', '=', 'f.id').as('submission_count'))
    .where('f.workspace_id', '=', ws)
    .orderBy('f.id', 'desc');
  q = deleted ? q.where('f.deleted_at', 'is not', null) : q.where('f.deleted_at', 'is', null);
  return q.execute();
}

export async function countSubmissions(db: Db, formId: number): Promise<number> {
  const r = await db.selectFrom('form_submissions').select((eb) => eb.fn.countAll<string>().as('n')).where('form_id', '=', formId).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function setDeleted(db: Db, ws: number, id: number, deleted: boolean) {
  const r = await db
    .updateTable('forms')
    .set({ deleted_at: deleted ? new Date() : null, updated_at: new Date() })
    .where('workspace_id', '=', ws)
    .where('id', '=', id)
    .where('deleted_at', deleted ? 'is' : 'is not', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Locks the form row (for the registration limit: concurrent submissions are counted one at a time). */
export const lockForm = (db: Db, id: number) => db.selectFrom('forms').select('id').where('id', '=', id).forUpdate().executeTakeFirst();

export async function groupIdsLive(db: Db, ws: number, ids: number[]): Promise<number[]> {
  if (!ids.length) return [];
  const rows = await db.selectFrom('groups').select('id').where('workspace_id', '=', ws).where('id', 'in', ids).where('deleted_at', 'is', null).execute();
  return rows.map((r) => Number(r.id));
}

export interface SubmissionInsert {
  workspace_id: number; form_id: number; form_version: number; contact_id: number | null; email: string | null; phone: string | null;
  values: Record<string, unknown>; lang: string; ip: string | null; user_agent: string | null; page_url: string | null; referrer: string | null;
  utm: Record<string, string>; double_opt_in: boolean; submitted_at: Date; confirmed_at: Date | null; confirm_ip: string | null;
}

export async function insertSubmission(db: Db, s: SubmissionInsert): Promise<number> {
  const r = await db
    .insertInto('form_submissions')
    .values({ ...s, values: JSON.stringify(s.values), utm: JSON.stringify(s.utm) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function insertPending(db: Db, v: { workspace_id: number; form_id: number; form_version: number; email: string; payload: unknown; expires_at: Date }) {
  const r = await db.insertInto('form_pending').values({ ...v, payload: JSON.stringify(v.payload) }).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export const findPendingForUpdate = (db: Db, id: number) => db.selectFrom('form_pending').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

export const markPendingConfirmed = (db: Db, id: number) => db.updateTable('form_pending').set({ confirmed_at: new Date() }).where('id', '=', id).execute();

export async function insertEvidence(db: Db, rows: Array<{
  workspace_id: number; contact_id: number; form_id: number; form_version: number; submission_id: number | null; channel: string; wording: string;
  ip: string | null; user_agent: string | null; page_url: string | null; double_opt_in: boolean; submitted_at: Date; confirmed_at: Date | null; confirm_ip: string | null;
}>) {
  if (rows.length) await db.insertInto('form_evidence').values(rows).execute();
}

export const listEvidence = (db: Db, ws: number, contactId: number) =>
  db
    .selectFrom('form_evidence as e')
    .leftJoin('forms as f', 'f.id', 'e.form_id')
    .selectAll('e')
    .select('f.name as form_name')
    .where('e.workspace_id', '=', ws)
    .where('e.contact_id', '=', contactId)
    .orderBy('e.id', 'desc')
    .execute();

export async function listSubmissions(db: Db, ws: number, formId: number, opts: { q?: string; beforeId?: number; limit: number }) {
  let q = db.selectFrom('form_submissions').selectAll().where('workspace_id', '=', ws).where('form_id', '=', formId).orderBy('id', 'desc').limit(opts.limit);
  if (opts.beforeId) q = q.where('id', '<', opts.beforeId);
  if (opts.q) {
    const like = `%${opts.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    q = q.where((eb) => eb.or([eb('email', 'ilike', like), eb('phone', 'ilike', like), eb(sql`"values"::text`, 'ilike', like)]));
  }
  return q.execute();
}

export async function addToGroups(db: Db, ws: number, contactId: number, groupIds: number[]) {
  if (!groupIds.length) return;
  await db
    .insertInto('group_members')
    .values(groupIds.map((g) => ({ workspace_id: ws, group_id: g, contact_id: contactId })))
    .onConflict((oc) => oc.columns(['group_id', 'contact_id']).doNothing())
    .execute();
}

/** Removes expired pending sign-ups and forms that stayed in the bin past 7 days. */
export async function purgeExpired(db: Db, now = new Date()) {
  const pending = await db.deleteFrom('form_pending').where('expires_at', '<', now).executeTakeFirst();
  const cutoff = new Date(now.getTime() - 7 * 86400_000);
  const forms = await db.deleteFrom('forms').where('deleted_at', '<', cutoff).executeTakeFirst();
  return { pending: Number(pending.numDeletedRows), forms: Number(forms.numDeletedRows) };
}
