/**
 * Which contacts an export holds and which columns it has, read in keyset pages (by id) so a million-row export
 * never sits in memory: one indexed range query per page of ~5,000.
 */
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../../db/schema.js';
import { badRequest, notFound } from '../../lib/errors.js';
import { audienceWhere } from '../segments/index.js';

type Db = Kysely<Database>;

export type ExportKind = 'all' | 'group' | 'segment' | 'unsubscribed' | 'bounced' | 'invalid';
export const EXPORT_KINDS: ExportKind[] = ['all', 'group', 'segment', 'unsubscribed', 'bounced', 'invalid'];

export interface ExportSpec {
  kind: ExportKind;
  groupId?: number;
  segmentId?: number;
  /** Column keys (see `availableColumns`); default all of them. */
  columns?: string[];
}

const BUILTIN_COLUMNS: [string, string][] = [
  ['id', 'ID'], ['email', 'Email'], ['phone', 'Phone'], ['first_name', 'First name'], ['last_name', 'Last name'],
  ['email_status', 'Email status'], ['whatsapp_status', 'WhatsApp status'], ['sms_status', 'SMS status'],
  ['source', 'Source'], ['created_at', 'Created at'], ['updated_at', 'Updated at'],
];

export interface ExportColumn {
  key: string;
  label: string;
  /** Custom field key, or null for a built-in attribute. */
  field: string | null;
}

/** Built-in columns followed by the workspace's custom fields (`custom:<key>`). */
export async function availableColumns(db: Db, workspaceId: number): Promise<ExportColumn[]> {
  const defs = await db.selectFrom('field_definitions').select(['key', 'label']).where('workspace_id', '=', workspaceId).orderBy('id').execute();
  return [...BUILTIN_COLUMNS.map(([key, label]) => ({ key, label, field: null })), ...defs.map((d) => ({ key: `custom:${d.key}`, label: d.label, field: d.key }))];
}

export async function resolveColumns(db: Db, workspaceId: number, keys: string[] | undefined): Promise<ExportColumn[]> {
  const all = await availableColumns(db, workspaceId);
  if (!keys?.length) return all;
  return keys.map((k, i) => {
    const c = all.find((x) => x.key === k);
    if (!c) throw badRequest(`Unknown column "${k}". Columns: ${all.map((x) => x.key).join(', ')}.`, `columns.${i}`);
    return c;
  });
}

/** The WHERE expression over `contacts c` for an export; 404 for a group or segment not in the workspace. */
export async function exportWhere(db: Db, workspaceId: number, spec: ExportSpec): Promise<Expression<SqlBool>> {
  switch (spec.kind) {
    case 'all':
      return sql<SqlBool>`true`;
    case 'unsubscribed':
      return sql<SqlBool>`c.email_status = 'unsubscribed'`;
    case 'bounced':
      return sql<SqlBool>`c.email_status in ('bounced', 'complained')`;
    case 'invalid':
      return sql<SqlBool>`c.email_status = 'invalid'`;
    case 'group': {
      if (!spec.groupId) throw badRequest('groupId is required for a group export.', 'groupId');
      const g = await db.selectFrom('groups').select('id').where('id', '=', spec.groupId).where('workspace_id', '=', workspaceId).where('deleted_at', 'is', null).executeTakeFirst();
      if (!g) throw notFound('Group');
      return sql<SqlBool>`exists (select 1 from group_members gm where gm.group_id = ${spec.groupId} and gm.contact_id = c.id)`;
    }
    case 'segment': {
      if (!spec.segmentId) throw badRequest('segmentId is required for a segment export.', 'segmentId');
      const s = await db.selectFrom('segments').select('id').where('id', '=', spec.segmentId).where('workspace_id', '=', workspaceId).where('deleted_at', 'is', null).executeTakeFirst();
      if (!s) throw notFound('Segment');
      return audienceWhere(db, workspaceId, { include: { segments: [spec.segmentId] } });
    }
  }
}

interface ContactRow {
  id: number;
  email: string | null;
  phone_e164: string | null;
  first_name: string;
  last_name: string;
  email_status: string;
  whatsapp_status: string;
  sms_status: string;
  source: string;
  created_at: Date;
  updated_at: Date;
  fields: Record<string, unknown>;
}

function cell(r: ContactRow, c: ExportColumn): unknown {
  if (c.field !== null) return r.fields?.[c.field] ?? null;
  switch (c.key) {
    case 'phone':
      return r.phone_e164;
    case 'created_at':
      return new Date(r.created_at).toISOString();
    case 'updated_at':
      return new Date(r.updated_at).toISOString();
    default:
      return (r as unknown as Record<string, unknown>)[c.key];
  }
}

/** Yields pages of rows (arrays of cell values in column order), in id order. */
export async function* exportPages(db: Db, workspaceId: number, where: Expression<SqlBool>, columns: ExportColumn[], pageSize = 5000): AsyncGenerator<unknown[][]> {
  let after = 0;
  for (;;) {
    const { rows } = await sql<ContactRow>`
      select c.id, c.email, c.phone_e164, c.first_name, c.last_name, c.email_status, c.whatsapp_status, c.sms_status, c.source,
             c.created_at, c.updated_at, c.fields
      from contacts c
      where c.workspace_id = ${workspaceId} and c.deleted_at is null and c.id > ${after} and ${where}
      order by c.id
      limit ${pageSize}`.execute(db);
    if (!rows.length) return;
    yield rows.map((r) => columns.map((c) => cell(r, c)));
    after = rows[rows.length - 1].id;
    if (rows.length < pageSize) return;
  }
}
