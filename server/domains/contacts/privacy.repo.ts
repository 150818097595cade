/** Queries behind the privacy export and erasure of one contact. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

type Db = Kysely<Database>;

/** Import report rows that point at the contact (conflicts) or hold its email/phone as a cell. */
export async function importIssuesAbout(db: Db, workspaceId: number, contactId: number, values: string[]) {
  return db
    .selectFrom('import_issues as i')
    .innerJoin('imports as im', 'im.id', 'i.import_id')
    .select(['i.id', 'i.import_id', 'im.file_name', 'i.kind', 'i.line', 'i.column_name', 'i.reason', 'i.raw', 'i.resolution', 'im.created_at'])
    .where('i.workspace_id', '=', workspaceId)
    .where((eb) =>
      eb.or([
        eb('i.email_contact_id', '=', contactId),
        eb('i.phone_contact_id', '=', contactId),
        ...values.map((v) => eb(sql`i.raw`, '@>', sql`jsonb_build_array(${v}::text)`)),
      ]),
    )
    .orderBy('i.id')
    .execute();
}

export async function auditAbout(db: Db, workspaceId: number, contactId: number) {
  return db
    .selectFrom('audit_log')
    .select(['id', 'actor_type', 'actor_label', 'action', 'details', 'ip', 'at'])
    .where('workspace_id', '=', workspaceId)
    .where('entity_type', '=', 'contact')
    .where('entity_id', '=', String(contactId))
    .orderBy('id')
    .execute();
}

/** Clears every personal attribute of the contact; statuses stay so anonymous counts do not change. */
export async function eraseContactRow(db: Db, workspaceId: number, contactId: number) {
  await db
    .updateTable('contacts')
    .set({
      email: null, phone_e164: null, phone_raw: null, first_name: '', last_name: '', fields: '{}', protected: false,
      erased_at: sql`now()`, updated_at: sql`now()`,
    })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', contactId)
    .execute();
}

/**
 * Keeps the consent history (channel, status, source, wording, time, staff actor) but drops what could
 * identify the person: the IP address and free-text reasons.
 */
export async function anonymiseConsents(db: Db, workspaceId: number, contactId: number) {
  await db.updateTable('consents').set({ ip: null, reason: null }).where('workspace_id', '=', workspaceId).where('contact_id', '=', contactId).execute();
}

export async function removeMemberships(db: Db, workspaceId: number, contactId: number) {
  await db.deleteFrom('group_members').where('workspace_id', '=', workspaceId).where('contact_id', '=', contactId).execute();
}

/** Blanks the raw cells of import report rows about the contact. */
export async function scrubImportIssues(db: Db, workspaceId: number, ids: number[]) {
  if (!ids.length) return;
  await db.updateTable('import_issues').set({ raw: '[]' }).where('workspace_id', '=', workspaceId).where('id', 'in', ids).execute();
}

/** Audit entries about the contact keep who/what/when; their details (which held its data) are replaced. */
export async function scrubAudit(db: Db, workspaceId: number, contactId: number) {
  await db
    .updateTable('audit_log')
    .set({ details: JSON.stringify({ erased: true }), ip: sql`case when actor_type = 'system' then null else ip end` })
    .where('workspace_id', '=', workspaceId)
    .where('entity_type', '=', 'contact')
    .where('entity_id', '=', String(contactId))
    .execute();
}
