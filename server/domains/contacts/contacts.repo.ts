/** Kysely access to contacts, their consents and memberships. Every query is scoped by workspace_id. */
import { sql, type Expression, type Kysely, type Selectable, type SqlBool } from 'kysely';
import type { ContactsTable, Database, EmailStatus, OptStatus } from '../../db/schema.js';

type Db = Kysely<Database>;

/** A contact as the API shows it (consent_id is internal: its record appears in the consent history). */
export type ContactRow = Omit<Selectable<ContactsTable>, 'consent_id'>;

export const CONTACT_COLUMNS = [
  'id', 'workspace_id', 'email', 'phone_e164', 'phone_raw', 'first_name', 'last_name', 'fields', 'email_status',
  'whatsapp_status', 'sms_status', 'protected', 'source', 'created_at', 'updated_at', 'deleted_at', 'erased_at',
] as const;

export async function workspaceCountry(db: Db, workspaceId: number): Promise<string> {
  const w = await db.selectFrom('workspaces').select('default_country').where('id', '=', workspaceId).executeTakeFirst();
  return w?.default_country ?? 'IL';
}

/** A contact by id, live or in the bin. */
export async function findContact(db: Db, workspaceId: number, id: number): Promise<ContactRow | undefined> {
  return db.selectFrom('contacts').select(CONTACT_COLUMNS).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

/** A live (not deleted) contact by id, locked for update inside a transaction. */
export async function findLiveContactForUpdate(db: Db, workspaceId: number, id: number): Promise<ContactRow | undefined> {
  return db
    .selectFrom('contacts')
    .select(CONTACT_COLUMNS)
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .forUpdate()
    .executeTakeFirst();
}

/** The live contact holding an email or phone (the unique keys), other than `exceptId`. */
export async function findLiveByKey(db: Db, workspaceId: number, key: 'email' | 'phone_e164', value: string, exceptId?: number) {
  let q = db
    .selectFrom('contacts')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where(key, '=', value)
    .where('deleted_at', 'is', null);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return q.executeTakeFirst();
}

export interface NewContact {
  workspace_id: number;
  email: string | null;
  phone_e164: string | null;
  phone_raw: string | null;
  first_name: string;
  last_name: string;
  fields: Record<string, unknown>;
  protected: boolean;
  source: string;
  email_status?: EmailStatus;
  whatsapp_status?: OptStatus;
  sms_status?: OptStatus;
}

export async function insertContact(db: Db, c: NewContact): Promise<ContactRow> {
  return db
    .insertInto('contacts')
    .values({ ...c, fields: JSON.stringify(c.fields) })
    .returning(CONTACT_COLUMNS)
    .executeTakeFirstOrThrow();
}

export interface ContactUpdate {
  email?: string | null;
  phone_e164?: string | null;
  phone_raw?: string | null;
  first_name?: string;
  last_name?: string;
  protected?: boolean;
}

/** Updates columns and merges/removes custom-field keys in one statement. */
export async function updateContact(
  db: Db,
  workspaceId: number,
  id: number,
  patch: ContactUpdate,
  fields: { set: Record<string, unknown>; unset: string[] },
): Promise<ContactRow> {
  const hasFields = Object.keys(fields.set).length > 0 || fields.unset.length > 0;
  return db
    .updateTable('contacts')
    .set({
      ...patch,
      ...(hasFields ? { fields: sql`(fields - ${fields.unset}::text[]) || ${JSON.stringify(fields.set)}::jsonb` } : {}),
      updated_at: sql`now()`,
    })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .returning(CONTACT_COLUMNS)
    .executeTakeFirstOrThrow();
}

/** Moves live contacts to the bin; memberships stay so a restore brings them back. Returns the ids moved. */
export async function softDeleteContacts(db: Db, workspaceId: number, ids: number[]): Promise<number[]> {
  if (!ids.length) return [];
  const rows = await db
    .updateTable('contacts')
    .set({ deleted_at: sql`now()` })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', sql<number>`any(${ids}::bigint[])`)
    .where('deleted_at', 'is', null)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Groups (not in the bin) the contact belongs to. */
export async function contactGroups(db: Db, workspaceId: number, contactId: number) {
  return db
    .selectFrom('group_members as m')
    .innerJoin('groups as g', 'g.id', 'm.group_id')
    .select(['g.id', 'g.name', 'm.added_at'])
    .where('m.workspace_id', '=', workspaceId)
    .where('m.contact_id', '=', contactId)
    .where('g.workspace_id', '=', workspaceId)
    .where('g.deleted_at', 'is', null)
    .orderBy('g.name')
    .execute();
}

const CONSENT_COLUMNS = ['s.id', 's.channel', 's.status', 's.source', 's.reason', 's.ip', 's.wording', 's.actor', 's.at'] as const;

/**
 * Consent history of a contact, newest first: its own records, plus the record it was created with when an import
 * shares one among all the contacts it created (`contacts.consent_id`, migration 0012).
 */
export async function contactConsents(db: Db, workspaceId: number, contactId: number, limit = 500) {
  return db
    .selectFrom('consents as s')
    .select(CONSENT_COLUMNS)
    .where('s.workspace_id', '=', workspaceId)
    .where('s.contact_id', '=', contactId)
    .unionAll(
      db
        .selectFrom('contacts as c')
        .innerJoin('consents as s', 's.id', 'c.consent_id')
        .select(CONSENT_COLUMNS)
        .where('c.workspace_id', '=', workspaceId)
        .where('c.id', '=', contactId)
        .where('s.workspace_id', '=', workspaceId),
    )
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** The id of the newest consent row of a contact on a channel (0 when none). */
export async function latestConsentId(db: Db, workspaceId: number, contactId: number, channel: string): Promise<number> {
  const r = await db
    .selectFrom('consents')
    .select((eb) => eb.fn.max('id').as('id'))
    .where('workspace_id', '=', workspaceId)
    .where('contact_id', '=', contactId)
    .where('channel', '=', channel as 'email')
    .executeTakeFirst();
  return Number(r?.id ?? 0);
}

/** Moves every live contact matching a compiled filter (over alias `c`) to the bin. Returns how many moved. */
export async function softDeleteMatching(db: Db, workspaceId: number, where: Expression<SqlBool>): Promise<number> {
  const r = await db
    .updateTable('contacts as c')
    .set({ deleted_at: sql`now()` })
    .where('c.workspace_id', '=', workspaceId)
    .where('c.deleted_at', 'is', null)
    .where(where)
    .executeTakeFirst();
  return Number(r.numUpdatedRows ?? 0);
}
