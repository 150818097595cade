/** Rules for custom field definitions: key slugs, reserved names, options of select types, clean-up on delete. */
import type { Kysely } from 'kysely';
import { RESERVED_FIELD_KEYS, type FieldCreate, type FieldPatch } from '../../../common/fields.js';
import type { Database } from '../../db/schema.js';
import { badRequest, conflict, notFound } from '../../lib/errors.js';
import { recordAudit, type Actor } from '../audit/index.js';
import * as repo from './fields.repo.js';

type Db = Kysely<Database>;

/** A workspace may define at most this many custom fields (each is a column in tables and exports). */
export const MAX_FIELDS = 200;

const isSelect = (t: string) => t === 'single_select' || t === 'multi_select';

function cleanOptions(options: string[] | undefined, type: string): string[] {
  if (!isSelect(type)) {
    if (options?.length) throw badRequest('Only single_select and multi_select fields have options.', 'options');
    return [];
  }
  const out: string[] = [];
  const seen = new Set<string>();
  for (const o of options ?? []) {
    const t = o.trim();
    if (!t) continue;
    if (seen.has(t.toLowerCase())) throw badRequest(`The option "${t}" appears twice.`, 'options');
    seen.add(t.toLowerCase());
    out.push(t);
  }
  if (!out.length) throw badRequest('A select field needs at least one option.', 'options');
  return out;
}

export async function createField(db: Db, workspaceId: number, input: FieldCreate, actor: Actor) {
  if (RESERVED_FIELD_KEYS.includes(input.key)) throw badRequest(`"${input.key}" is a built-in contact attribute; choose another key.`, 'key');
  const options = cleanOptions(input.options, input.type);
  return db.transaction().execute(async (trx) => {
    if (await repo.findFieldByKey(trx, workspaceId, input.key)) throw conflict(`A field with the key "${input.key}" exists.`, 'key');
    if ((await repo.countFields(trx, workspaceId)) >= MAX_FIELDS) throw badRequest(`A workspace can have at most ${MAX_FIELDS} custom fields.`, 'key');
    const row = await repo.insertField(trx, { workspace_id: workspaceId, key: input.key, label: input.label.trim(), type: input.type, options });
    await recordAudit(trx, workspaceId, actor, 'field.created', 'field', row.id, { key: row.key, type: row.type });
    return row;
  });
}

/** Changes label and/or options; options that disappear are removed from contacts' values (set-based). */
export async function updateField(db: Db, workspaceId: number, id: number, patch: FieldPatch, actor: Actor) {
  return db.transaction().execute(async (trx) => {
    const before = await repo.findFieldById(trx, workspaceId, id);
    if (!before) throw notFound('Field');
    const options = patch.options ? cleanOptions(patch.options, before.type) : undefined;
    const row = (await repo.updateField(trx, workspaceId, id, { label: patch.label?.trim(), options }))!;
    let cleared = 0;
    if (options) {
      const kept = new Set(options);
      const removed = before.options.filter((o) => !kept.has(o));
      cleared = await repo.removeOptionsFromContacts(trx, workspaceId, before.key, before.type, removed);
    }
    await recordAudit(trx, workspaceId, actor, 'field.updated', 'field', id, { ...patch, contactsCleared: cleared });
    return row;
  });
}

/** Deletes the definition and the key from every contact's fields in one statement. */
export async function deleteField(db: Db, workspaceId: number, id: number, actor: Actor) {
  return db.transaction().execute(async (trx) => {
    const row = await repo.deleteField(trx, workspaceId, id);
    if (!row) throw notFound('Field');
    const cleared = await repo.removeKeyFromContacts(trx, workspaceId, row.key);
    await recordAudit(trx, workspaceId, actor, 'field.deleted', 'field', id, { key: row.key, contactsCleared: cleared });
    return { row, cleared };
  });
}

/** The API view of a definition. */
export const fieldView = (r: repo.FieldRow) => ({
  id: r.id, key: r.key, label: r.label, type: r.type, options: r.options, createdAt: r.created_at.toISOString(),
});
