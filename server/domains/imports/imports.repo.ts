/** Imports, their issues, and the lookups an import needs (fields, groups, workspace). Scoped by workspace. */
import { sql, type Kysely } from 'kysely';
import type { Database, FieldType } from '../../db/schema.js';
import type { ImportOptions } from './import-options.js';
import type { Message } from '../../lib/messages/index.js';

type Db = Kysely<Database>;

export type ImportStatus = 'draft' | 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface ImportRow {
  id: number;
  workspace_id: number;
  file_id: number | null;
  file_name: string;
  format: string;
  status: ImportStatus;
  options: ImportOptions;
  total_records: number | null;
  processed_records: number;
  committed_record: number;
  created_count: number;
  updated_count: number;
  added_to_group_count: number;
  duplicates_in_file: number;
  invalid_count: number;
  conflict_count: number;
  error: string | null;
  created_by: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

export async function insertImport(
  db: Db,
  i: { workspaceId: number; fileId: number | null; fileName: string; format: string; options: ImportOptions; createdBy: string | null; status?: ImportStatus },
): Promise<number> {
  const row = await db
    .insertInto('imports')
    .values({
      workspace_id: i.workspaceId,
      file_id: i.fileId,
      file_name: i.fileName,
      format: i.format,
      options: JSON.stringify(i.options),
      created_by: i.createdBy,
      status: i.status ?? 'draft',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findImport(db: Db, workspaceId: number, id: number): Promise<ImportRow | undefined> {
  return (await db.selectFrom('imports').selectAll().where('id', '=', id).where('workspace_id', '=', workspaceId).executeTakeFirst()) as
    | ImportRow
    | undefined;
}

/** Newest first, keyset by id. */
export async function listImports(db: Db, workspaceId: number, beforeId: number | null, limit: number): Promise<ImportRow[]> {
  let q = db.selectFrom('imports').selectAll().where('workspace_id', '=', workspaceId).orderBy('id', 'desc').limit(limit);
  if (beforeId) q = q.where('id', '<', beforeId);
  return (await q.execute()) as unknown as ImportRow[];
}

export async function updateDraft(db: Db, workspaceId: number, id: number, options: ImportOptions): Promise<void> {
  await db
    .updateTable('imports')
    .set({ options: JSON.stringify(options) })
    .where('id', '=', id)
    .where('workspace_id', '=', workspaceId)
    .execute();
}

/** Moves an import between statuses; returns false when it was not in one of `from` (a concurrent change won). */
export async function transition(
  db: Db,
  workspaceId: number,
  id: number,
  from: ImportStatus[],
  to: ImportStatus,
  extra: { error?: string | null; started?: boolean; finished?: boolean; totalRecords?: number } = {},
): Promise<boolean> {
  const r = await db
    .updateTable('imports')
    .set({
      status: to,
      ...(extra.error !== undefined ? { error: extra.error } : {}),
      ...(extra.started ? { started_at: sql<Date>`coalesce(started_at, now())` } : {}),
      ...(extra.finished ? { finished_at: new Date() } : {}),
      ...(extra.totalRecords !== undefined ? { total_records: extra.totalRecords } : {}),
    })
    .where('id', '=', id)
    .where('workspace_id', '=', workspaceId)
    .where('status', 'in', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export interface IssueRow {
  id: number;
  kind: 'invalid' | 'conflict';
  record: number;
  line: number;
  column_name: string | null;
  reason: string;
  reason_code: string | null;
  reason_params: Record<string, unknown> | null;
  raw: string[];
  email_contact_id: number | null;
  phone_contact_id: number | null;
  resolved_at: Date | null;
  resolution: string | null;
}

export interface NewIssue {
  kind: 'invalid' | 'conflict';
  record: number;
  line: number;
  column: string | null;
  reason: Message;
  raw: string[];
  emailContactId?: number | null;
  phoneContactId?: number | null;
}

/** Inserts a batch of issues in one statement (arrays as parameters). Re-running a batch is harmless. */
export async function insertIssues(db: Db, workspaceId: number, importId: number, issues: NewIssue[]): Promise<void> {
  if (!issues.length) return;
  await sql`
    insert into import_issues (workspace_id, import_id, kind, record, line, column_name, reason, reason_code, reason_params, raw, email_contact_id, phone_contact_id)
    select ${workspaceId}, ${importId}, t.kind, t.record, t.line, t.col, t.reason, t.rc, t.rp::jsonb, t.raw::jsonb, t.ec, t.pc
    from unnest(${issues.map((i) => i.kind)}::text[], ${issues.map((i) => i.record)}::int8[], ${issues.map((i) => i.line)}::int8[],
                ${issues.map((i) => i.column)}::text[], ${issues.map((i) => i.reason.message)}::text[], ${issues.map((i) => i.reason.code)}::text[],
                ${issues.map((i) => (i.reason.params ? JSON.stringify(i.reason.params) : null))}::text[], ${issues.map((i) => JSON.stringify(i.raw))}::text[],
                ${issues.map((i) => i.emailContactId ?? null)}::int8[], ${issues.map((i) => i.phoneContactId ?? null)}::int8[])
      as t(kind, record, line, col, reason, rc, rp, raw, ec, pc)
    on conflict (import_id, kind, record) do nothing`.execute(db);
}

/** Records which lines of the file were merged into which (in-file duplicates); idempotent per line. */
export async function insertMerges(db: Db, workspaceId: number, importId: number, merges: { line: number; intoLine: number }[]): Promise<void> {
  if (!merges.length) return;
  await sql`
    insert into import_merges (workspace_id, import_id, line, into_line)
    select ${workspaceId}, ${importId}, t.line, t.into_line
    from unnest(${merges.map((m) => m.line)}::int8[], ${merges.map((m) => m.intoLine)}::int8[]) as t(line, into_line)
    on conflict (import_id, line) do nothing`.execute(db);
}

/** A page of the import's merged lines in file order (keyset by line). */
export async function listMerges(db: Db, workspaceId: number, importId: number, afterLine: number, limit: number) {
  return db
    .selectFrom('import_merges')
    .select(['line', 'into_line as intoLine'])
    .where('workspace_id', '=', workspaceId)
    .where('import_id', '=', importId)
    .where('line', '>', afterLine)
    .orderBy('line')
    .limit(limit)
    .execute();
}

/** A page of issues of one kind in file order (keyset by line, record). */
export async function listIssues(
  db: Db,
  workspaceId: number,
  importId: number,
  kind: 'invalid' | 'conflict' | null,
  after: { line: number; record: number } | null,
  limit: number,
): Promise<IssueRow[]> {
  let q = db
    .selectFrom('import_issues')
    .select(['id', 'kind', 'record', 'line', 'column_name', 'reason', 'reason_code', 'reason_params', 'raw', 'email_contact_id', 'phone_contact_id', 'resolved_at', 'resolution'])
    .where('workspace_id', '=', workspaceId)
    .where('import_id', '=', importId)
    .orderBy('line')
    .orderBy('record')
    .limit(limit);
  if (kind) q = q.where('kind', '=', kind);
  if (after) q = q.where((eb) => eb.or([eb('line', '>', after.line), eb.and([eb('line', '=', after.line), eb('record', '>', after.record)])]));
  return (await q.execute()) as IssueRow[];
}

export async function findIssue(db: Db, workspaceId: number, importId: number, issueId: number): Promise<IssueRow | undefined> {
  return (await db
    .selectFrom('import_issues')
    .select(['id', 'kind', 'record', 'line', 'column_name', 'reason', 'reason_code', 'reason_params', 'raw', 'email_contact_id', 'phone_contact_id', 'resolved_at', 'resolution'])
    .where('workspace_id', '=', workspaceId)
    .where('import_id', '=', importId)
    .where('id', '=', issueId)
    .executeTakeFirst()) as IssueRow | undefined;
}

export async function markIssueResolved(db: Db, workspaceId: number, issueId: number, resolution: string): Promise<boolean> {
  const r = await db
    .updateTable('import_issues')
    .set({ resolved_at: new Date(), resolution })
    .where('id', '=', issueId)
    .where('workspace_id', '=', workspaceId)
    .where('resolved_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function listFieldDefinitions(db: Db, workspaceId: number) {
  return db.selectFrom('field_definitions').select(['key', 'label', 'type', 'options']).where('workspace_id', '=', workspaceId).orderBy('id').execute();
}

export async function insertFieldDefinition(db: Db, workspaceId: number, f: { key: string; label: string; type: FieldType; options: string[] }) {
  await db
    .insertInto('field_definitions')
    .values({ workspace_id: workspaceId, key: f.key, label: f.label, type: f.type, options: JSON.stringify(f.options) })
    .execute();
}

export async function findGroups(db: Db, workspaceId: number, ids: number[]) {
  if (!ids.length) return [];
  return db
    .selectFrom('groups')
    .select(['id', 'name'])
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', ids)
    .where('deleted_at', 'is', null)
    .execute();
}

export async function findGroupByName(db: Db, workspaceId: number, name: string) {
  return db
    .selectFrom('groups')
    .select(['id', 'name'])
    .where('workspace_id', '=', workspaceId)
    .where(sql<string>`lower(name)`, '=', name.toLowerCase())
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export async function insertGroup(db: Db, workspaceId: number, name: string): Promise<number> {
  const r = await db.insertInto('groups').values({ workspace_id: workspaceId, name }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function workspaceDefaults(db: Db, workspaceId: number) {
  return db.selectFrom('workspaces').select(['id', 'slug', 'default_country']).where('id', '=', workspaceId).executeTakeFirst();
}

/** Whether the workspace has any live (not binned) contact: an import into an empty one has nothing to match. */
export async function hasLiveContacts(db: Db, workspaceId: number): Promise<boolean> {
  const r = await sql<{ one: number }>`
    select 1 as one from contacts where workspace_id = ${workspaceId} and deleted_at is null limit 1`.execute(db);
  return r.rows.length > 0;
}

/**
 * The consent records an import shares among the contacts it creates, one per channel: email for contacts with an
 * address, WhatsApp for phone-only ones, with the statuses the import gives them. Written once per import (a
 * resumed run finds them); each created contact points at its record (`contacts.consent_id`, migration 0012).
 */
export async function importConsentRecords(
  db: Db,
  r: { workspaceId: number; importId: number; unsubscribe: boolean; wording: string; actor: string },
): Promise<{ email: number; whatsapp: number }> {
  const email = r.unsubscribe ? 'unsubscribed' : 'subscribed';
  const whatsapp = r.unsubscribe ? 'opted_out' : 'unknown';
  await sql`
    insert into consents (workspace_id, contact_id, import_id, channel, status, source, wording, actor)
    values (${r.workspaceId}, null, ${r.importId}, 'email', ${email}, 'import', ${r.wording}, ${r.actor}),
           (${r.workspaceId}, null, ${r.importId}, 'whatsapp', ${whatsapp}, 'import', ${r.wording}, ${r.actor})
    on conflict (import_id, channel, status) where contact_id is null do nothing`.execute(db);
  const { rows } = await sql<{ id: number; channel: string }>`
    select id, channel from consents
    where workspace_id = ${r.workspaceId} and import_id = ${r.importId} and contact_id is null
      and ((channel = 'email' and status = ${email}) or (channel = 'whatsapp' and status = ${whatsapp}))`.execute(db);
  const id = (channel: string) => Number(rows.find((x) => x.channel === channel)!.id);
  return { email: id('email'), whatsapp: id('whatsapp') };
}
