/** Storage of WhatsApp connections (numbers). Secrets are stored encrypted; this file never decrypts them. */
import type { Kysely, Selectable } from 'kysely';
import type { Database, WaConnectionsTable } from '../../../db/schema.js';

type Db = Kysely<Database>;
export type ConnectionRow = Selectable<WaConnectionsTable>;

/** Live connections of a workspace, oldest first. */
export function listConnections(db: Db, workspaceId: number): Promise<ConnectionRow[]> {
  return db.selectFrom('wa_connections').selectAll().where('workspace_id', '=', workspaceId).where('deleted_at', 'is', null).orderBy('id').execute();
}

/** One live connection of the workspace (undefined for another tenant's id). */
export function findConnection(db: Db, workspaceId: number, id: number): Promise<ConnectionRow | undefined> {
  return db
    .selectFrom('wa_connections')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

/** A live connection by id regardless of workspace (webhook processing, which already verified the sender). */
export function findConnectionById(db: Db, id: number): Promise<ConnectionRow | undefined> {
  return db.selectFrom('wa_connections').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
}

/** Every live connection: the webhook router's cache source (small: one row per number). */
export function listAllLiveConnections(db: Db) {
  return db
    .selectFrom('wa_connections')
    .select(['id', 'workspace_id', 'waba_id', 'phone_number_id', 'display_number', 'app_secret_enc', 'verify_token'])
    .where('deleted_at', 'is', null)
    .execute();
}

/** Whether a live connection (any workspace) already uses this phone-number id. */
export async function phoneNumberTaken(db: Db, phoneNumberId: string, exceptId?: number): Promise<boolean> {
  let q = db.selectFrom('wa_connections').select('id').where('phone_number_id', '=', phoneNumberId).where('deleted_at', 'is', null);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return !!(await q.executeTakeFirst());
}

export function insertConnection(db: Db, values: Parameters<ReturnType<Db['insertInto']>['values']>[0] & object) {
  return db.insertInto('wa_connections').values(values as never).returningAll().executeTakeFirstOrThrow();
}

export function updateConnection(db: Db, workspaceId: number, id: number, patch: Record<string, unknown>) {
  return db
    .updateTable('wa_connections')
    .set({ ...patch, updated_at: new Date() } as never)
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

export async function softDeleteConnection(db: Db, workspaceId: number, id: number): Promise<boolean> {
  const r = await db
    .updateTable('wa_connections')
    .set({ deleted_at: new Date() })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
