/** field_definitions and the set-based clean-up of contacts' values when a field or option goes away. */
import { sql, type Kysely } from 'kysely';
import type { Database, FieldType } from '../../db/schema.js';

type Db = Kysely<Database>;

export interface FieldRow {
  id: number;
  workspace_id: number;
  key: string;
  label: string;
  type: FieldType;
  options: string[];
  created_at: Date;
}

const COLS = ['id', 'workspace_id', 'key', 'label', 'type', 'options', 'created_at'] as const;

export async function listFields(db: Db, workspaceId: number): Promise<FieldRow[]> {
  return db.selectFrom('field_definitions').select(COLS).where('workspace_id', '=', workspaceId).orderBy('id').execute();
}

export async function findFieldById(db: Db, workspaceId: number, id: number): Promise<FieldRow | undefined> {
  return db.selectFrom('field_definitions').select(COLS).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

export async function findFieldByKey(db: Db, workspaceId: number, key: string): Promise<FieldRow | undefined> {
  return db.selectFrom('field_definitions').select(COLS).where('workspace_id', '=', workspaceId).where('key', '=', key).executeTakeFirst();
}

export async function countFields(db: Db, workspaceId: number): Promise<number> {
  const r = await db.selectFrom('field_definitions').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', workspaceId).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertField(db: Db, row: { workspace_id: number; key: string; label: string; type: FieldType; options: string[] }): Promise<FieldRow> {
  return db
    .insertInto('field_definitions')
    .values({ ...row, options: JSON.stringify(row.options) })
    .returning(COLS)
    .executeTakeFirstOrThrow();
}

export async function updateField(db: Db, workspaceId: number, id: number, patch: { label?: string; options?: string[] }): Promise<FieldRow | undefined> {
  return db
    .updateTable('field_definitions')
    .set({ ...(patch.label !== undefined ? { label: patch.label } : {}), ...(patch.options ? { options: JSON.stringify(patch.options) } : {}) })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .returning(COLS)
    .executeTakeFirst();
}

export async function deleteField(db: Db, workspaceId: number, id: number): Promise<FieldRow | undefined> {
  return db.deleteFrom('field_definitions').where('workspace_id', '=', workspaceId).where('id', '=', id).returning(COLS).executeTakeFirst();
}

/** Removes `key` from every contact of the workspace in one statement (the `?` test uses no per-row JS). */
export async function removeKeyFromContacts(db: Db, workspaceId: number, key: string): Promise<number> {
  const r = await sql`update contacts set fields = fields - ${key}::text
    where workspace_id = ${workspaceId} and fields ? ${key}::text`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/** Drops removed options from contacts' single-select values (the key goes) and multi-select lists. */
export async function removeOptionsFromContacts(db: Db, workspaceId: number, key: string, type: FieldType, removed: string[]): Promise<number> {
  if (!removed.length) return 0;
  if (type === 'single_select') {
    const r = await sql`update contacts set fields = fields - ${key}::text
      where workspace_id = ${workspaceId} and fields ->> ${key}::text = any(${removed}::text[])`.execute(db);
    return Number(r.numAffectedRows ?? 0);
  }
  const r = await sql`update contacts set fields = jsonb_set(fields, array[${key}::text],
      coalesce((select jsonb_agg(v) from jsonb_array_elements(fields -> ${key}::text) v where not (v #>> '{}' = any(${removed}::text[]))), '[]'::jsonb))
    where workspace_id = ${workspaceId} and jsonb_typeof(fields -> ${key}::text) = 'array' and (fields -> ${key}::text) ?| ${removed}::text[]`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
