/** Data access for the sending set-up: SMTP servers, sending domains, sender identities, email settings. */
import type { Kysely, Selectable } from 'kysely';
import type { Database, EmailSettingsTable, SenderIdentitiesTable, SendingDomainsTable, SmtpServersTable } from '../../db/schema.js';

type Db = Kysely<Database>;
export type SmtpServerRow = Selectable<SmtpServersTable>;
export type SendingDomainRow = Selectable<SendingDomainsTable>;
export type SenderIdentityRow = Selectable<SenderIdentitiesTable>;
export type EmailSettingsRow = Selectable<EmailSettingsTable>;

export const listSmtpServers = (db: Db, ws: number) =>
  db.selectFrom('smtp_servers').selectAll().where('workspace_id', '=', ws).orderBy('id').execute();

export const findSmtpServer = (db: Db, ws: number, id: number) =>
  db.selectFrom('smtp_servers').selectAll().where('workspace_id', '=', ws).where('id', '=', id).executeTakeFirst();

export async function insertSmtpServer(db: Db, ws: number, v: Omit<SmtpServerRow, 'id' | 'workspace_id' | 'created_at' | 'updated_at'>) {
  return db.insertInto('smtp_servers').values({ ...v, workspace_id: ws }).returningAll().executeTakeFirstOrThrow();
}

export async function updateSmtpServer(db: Db, ws: number, id: number, v: Partial<Omit<SmtpServerRow, 'id' | 'workspace_id' | 'created_at'>>) {
  return db.updateTable('smtp_servers').set({ ...v, updated_at: new Date() }).where('workspace_id', '=', ws).where('id', '=', id).returningAll().executeTakeFirst();
}

export const deleteSmtpServer = (db: Db, ws: number, id: number) =>
  db.deleteFrom('smtp_servers').where('workspace_id', '=', ws).where('id', '=', id).executeTakeFirst();

export const listDomains = (db: Db, ws: number) =>
  db.selectFrom('sending_domains').selectAll().where('workspace_id', '=', ws).orderBy('id').execute();

export const findDomain = (db: Db, ws: number, id: number) =>
  db.selectFrom('sending_domains').selectAll().where('workspace_id', '=', ws).where('id', '=', id).executeTakeFirst();

/** The sending domain that signs mail from `fromDomain`: itself, or the closest parent domain configured. */
export async function findDomainFor(db: Db, ws: number, fromDomain: string): Promise<SendingDomainRow | undefined> {
  const labels = fromDomain.toLowerCase().split('.');
  const candidates = labels.map((_, i) => labels.slice(i).join('.')).filter((d) => d.includes('.'));
  if (!candidates.length) return undefined;
  const rows = await db.selectFrom('sending_domains').selectAll().where('workspace_id', '=', ws).where('domain', 'in', candidates).execute();
  return rows.sort((a, b) => b.domain.length - a.domain.length)[0];
}

export const insertDomain = (db: Db, ws: number, v: { domain: string; dkim_selector: string; dkim_private_key_enc: string; dkim_public_key: string }) =>
  db.insertInto('sending_domains').values({ ...v, workspace_id: ws }).returningAll().executeTakeFirstOrThrow();

export const deleteDomain = (db: Db, ws: number, id: number) =>
  db.deleteFrom('sending_domains').where('workspace_id', '=', ws).where('id', '=', id).executeTakeFirst();

export const listIdentities = (db: Db, ws: number) =>
  db.selectFrom('sender_identities').selectAll().where('workspace_id', '=', ws).orderBy('id').execute();

export const findIdentity = (db: Db, ws: number, id: number) =>
  db.selectFrom('sender_identities').selectAll().where('workspace_id', '=', ws).where('id', '=', id).executeTakeFirst();

export const insertIdentity = (db: Db, ws: number, v: { from_name: string; from_address: string; reply_to: string | null; is_default: boolean }) =>
  db.insertInto('sender_identities').values({ ...v, workspace_id: ws }).returningAll().executeTakeFirstOrThrow();

export const updateIdentity = (db: Db, ws: number, id: number, v: Partial<{ from_name: string; from_address: string; reply_to: string | null; is_default: boolean }>) =>
  db.updateTable('sender_identities').set(v).where('workspace_id', '=', ws).where('id', '=', id).returningAll().executeTakeFirst();

export const deleteIdentity = (db: Db, ws: number, id: number) =>
  db.deleteFrom('sender_identities').where('workspace_id', '=', ws).where('id', '=', id).executeTakeFirst();

/** The workspace's email settings, with defaults when never saved (3 bounces in 60 days, tracking on). */
export async function getEmailSettings(db: Db, ws: number): Promise<EmailSettingsRow> {
  const row = await db.selectFrom('email_settings').selectAll().where('workspace_id', '=', ws).executeTakeFirst();
  return row ?? { workspace_id: ws, bounce_domain: null, bounce_rule_count: 3, bounce_rule_days: 60, individual_tracking: true, updated_at: new Date(0) };
}

export async function saveEmailSettings(db: Db, ws: number, v: Partial<Omit<EmailSettingsRow, 'workspace_id' | 'updated_at'>>) {
  const cur = await getEmailSettings(db, ws);
  const next = { ...cur, ...v, workspace_id: ws, updated_at: new Date() };
  return db
    .insertInto('email_settings')
    .values(next)
    .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ ...next }))
    .returningAll()
    .executeTakeFirstOrThrow();
}
