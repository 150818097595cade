/** SQL for workspaces, users, memberships, sessions, API keys and password resets. */
import type { Kysely } from 'kysely';
import type { Database, Role } from '../../db/schema.js';

type Db = Kysely<Database>;

export const findWorkspaceBySlug = (db: Db, slug: string) =>
  db.selectFrom('workspaces').selectAll().where('slug', '=', slug).executeTakeFirst();
export const findWorkspaceById = (db: Db, id: number) =>
  db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst();
export const countWorkspaces = async (db: Db) =>
  Number((await db.selectFrom('workspaces').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

export const insertWorkspace = (db: Db, w: { slug: string; name: string; default_country?: string; timezone?: string }) =>
  db.insertInto('workspaces').values({ ...w, settings: '{}' }).returningAll().executeTakeFirstOrThrow();

export const updateWorkspace = (
  db: Db,
  id: number,
  patch: Partial<{ name: string; default_country: string; timezone: string; locale: string; settings: string }>,
) => db.updateTable('workspaces').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

export const findUserByEmail = (db: Db, email: string) =>
  db.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
export const findUserById = (db: Db, id: number) => db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();

export const insertUser = (db: Db, u: { email: string; name: string; password_hash: string; must_change_password?: boolean }) =>
  db.insertInto('users').values(u).returningAll().executeTakeFirstOrThrow();

export const updateUser = (
  db: Db,
  id: number,
  patch: Partial<{ name: string; password_hash: string; locale: string; sessions_valid_after: Date; must_change_password: boolean }>,
) => db.updateTable('users').set(patch).where('id', '=', id).execute();

export const upsertMembership = (db: Db, workspaceId: number, userId: number, role: Role) =>
  db
    .insertInto('memberships')
    .values({ workspace_id: workspaceId, user_id: userId, role })
    .onConflict((oc) => oc.columns(['workspace_id', 'user_id']).doUpdateSet({ role }))
    .execute();

export const deleteMembership = (db: Db, workspaceId: number, userId: number) =>
  db.deleteFrom('memberships').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).executeTakeFirst();

export const findMembership = (db: Db, workspaceId: number, userId: number) =>
  db
    .selectFrom('memberships')
    .select(['role'])
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .executeTakeFirst();

export const listUserWorkspaces = (db: Db, userId: number) =>
  db
    .selectFrom('memberships as m')
    .innerJoin('workspaces as w', 'w.id', 'm.workspace_id')
    .select(['w.id', 'w.slug', 'w.name', 'm.role'])
    .where('m.user_id', '=', userId)
    .orderBy('w.name')
    .execute();

export const listMembers = (db: Db, workspaceId: number) =>
  db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.email', 'u.name', 'm.role', 'm.created_at'])
    .where('m.workspace_id', '=', workspaceId)
    .orderBy('u.email')
    .execute();

export const countOwners = async (db: Db, workspaceId: number) =>
  Number(
    (
      await db
        .selectFrom('memberships')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('workspace_id', '=', workspaceId)
        .where('role', '=', 'owner')
        .executeTakeFirstOrThrow()
    ).n,
  );

export const insertSession = (
  db: Db,
  s: { id_hash: string; user_id: number; workspace_id: number | null; csrf_token: string; ip: string | null; user_agent: string | null; expires_at: Date },
) => db.insertInto('sessions').values(s).execute();

export const findSession = (db: Db, idHash: string) =>
  db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select([
      's.id_hash', 's.user_id', 's.workspace_id', 's.csrf_token', 's.expires_at', 's.created_at', 's.last_seen_at',
      'u.email', 'u.name', 'u.locale', 'u.sessions_valid_after',
    ])
    .where('s.id_hash', '=', idHash)
    .executeTakeFirst();

export const touchSession = (db: Db, idHash: string) =>
  db.updateTable('sessions').set({ last_seen_at: new Date() }).where('id_hash', '=', idHash).execute();
export const setSessionWorkspace = (db: Db, idHash: string, workspaceId: number) =>
  db.updateTable('sessions').set({ workspace_id: workspaceId }).where('id_hash', '=', idHash).execute();
export const deleteSession = (db: Db, idHash: string) => db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
export const deleteUserSessions = (db: Db, userId: number) => db.deleteFrom('sessions').where('user_id', '=', userId).execute();
/** Ends every session of a user but one (the one changing the password). */
export const deleteOtherSessions = (db: Db, userId: number, keepIdHash: string) =>
  db.deleteFrom('sessions').where('user_id', '=', userId).where('id_hash', '<>', keepIdHash).execute();
export const deleteExpiredSessions = (db: Db) => db.deleteFrom('sessions').where('expires_at', '<', new Date()).execute();

export const insertApiKey = (
  db: Db,
  k: { workspace_id: number; name: string; prefix: string; key_hash: string; role: Role; created_by: number | null },
) => db.insertInto('api_keys').values(k).returning(['id', 'name', 'prefix', 'role', 'created_at']).executeTakeFirstOrThrow();

export const findApiKeyByHash = (db: Db, keyHash: string) =>
  db
    .selectFrom('api_keys')
    .select(['id', 'workspace_id', 'name', 'prefix', 'role', 'revoked_at', 'last_used_at'])
    .where('key_hash', '=', keyHash)
    .executeTakeFirst();

export const listApiKeys = (db: Db, workspaceId: number) =>
  db
    .selectFrom('api_keys')
    .select(['id', 'name', 'prefix', 'role', 'created_at', 'last_used_at', 'revoked_at'])
    .where('workspace_id', '=', workspaceId)
    .orderBy('id', 'desc')
    .execute();

export const findApiKey = (db: Db, workspaceId: number, id: number) =>
  db.selectFrom('api_keys').select(['id', 'role']).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();

export const revokeApiKeyRow = (db: Db, workspaceId: number, id: number) =>
  db
    .updateTable('api_keys')
    .set({ revoked_at: new Date() })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returning(['id', 'name', 'prefix'])
    .executeTakeFirst();

export const markApiKeyUsed = (db: Db, id: number) =>
  db.updateTable('api_keys').set({ last_used_at: new Date() }).where('id', '=', id).execute();

export const insertPasswordReset = (db: Db, r: { token_hash: string; user_id: number; expires_at: Date }) =>
  db.insertInto('password_resets').values(r).execute();

export const consumePasswordReset = (db: Db, tokenHash: string) =>
  db
    .updateTable('password_resets')
    .set({ used_at: new Date() })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', new Date())
    .returning(['user_id'])
    .executeTakeFirst();

/** Voids every outstanding reset token of a user (after a reset or a password change). */
export const voidPasswordResets = (db: Db, userId: number) =>
  db.updateTable('password_resets').set({ used_at: new Date() }).where('user_id', '=', userId).where('used_at', 'is', null).execute();

export const getInstanceSetting = async (db: Db, key: string) =>
  (await db.selectFrom('instance_settings').select('value').where('key', '=', key).executeTakeFirst())?.value ?? null;

/** Inserts a setting unless one exists; returns the stored value (first writer wins across processes). */
export async function ensureInstanceSetting(db: Db, key: string, value: string): Promise<string> {
  await db.insertInto('instance_settings').values({ key, value }).onConflict((oc) => oc.column('key').doNothing()).execute();
  return (await getInstanceSetting(db, key))!;
}
