/** SQL for invitations (migration 0020). Every query but the token lookup is scoped to a workspace. */
import type { Kysely } from 'kysely';
import type { Database, Role } from '../../db/schema.js';

type Db = Kysely<Database>;

const VIEW = [
  'i.id', 'i.email', 'i.role', 'i.created_at', 'i.sent_at', 'i.send_count', 'i.expires_at', 'u.email as invited_by_email',
] as const;

export const listPendingInvitations = (db: Db, workspaceId: number) =>
  db
    .selectFrom('invitations as i')
    .leftJoin('users as u', 'u.id', 'i.invited_by')
    .select(VIEW)
    .where('i.workspace_id', '=', workspaceId)
    .where('i.accepted_at', 'is', null)
    .where('i.revoked_at', 'is', null)
    .orderBy('i.id', 'desc')
    .execute();

export const findPendingInvitation = (db: Db, workspaceId: number, id: number) =>
  db
    .selectFrom('invitations as i')
    .leftJoin('users as u', 'u.id', 'i.invited_by')
    .select(VIEW)
    .where('i.workspace_id', '=', workspaceId)
    .where('i.id', '=', id)
    .where('i.accepted_at', 'is', null)
    .where('i.revoked_at', 'is', null)
    .executeTakeFirst();

/** Withdraws the pending invitation of an address in a workspace (a new one replaces it). */
export const revokePendingFor = (db: Db, workspaceId: number, email: string) =>
  db
    .updateTable('invitations')
    .set({ revoked_at: new Date() })
    .where('workspace_id', '=', workspaceId)
    .where('email', '=', email)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .execute();

export const insertInvitation = (
  db: Db,
  v: { workspace_id: number; email: string; role: Role; token_hash: string; invited_by: number | null; expires_at: Date },
) => db.insertInto('invitations').values(v).returning(['id']).executeTakeFirstOrThrow();

/** Gives a pending invitation a new token and expiry (the old link stops working). */
export const renewInvitationToken = (db: Db, workspaceId: number, id: number, tokenHash: string, expiresAt: Date) =>
  db
    .updateTable('invitations')
    .set({ token_hash: tokenHash, expires_at: expiresAt })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .returning(['id'])
    .executeTakeFirst();

export const markInvitationSent = (db: Db, id: number) =>
  db
    .updateTable('invitations')
    .set((eb) => ({ sent_at: new Date(), send_count: eb('send_count', '+', 1) }))
    .where('id', '=', id)
    .execute();

export const revokeInvitationRow = (db: Db, workspaceId: number, id: number) =>
  db
    .updateTable('invitations')
    .set({ revoked_at: new Date() })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .returning(['id', 'email'])
    .executeTakeFirst();

/** The invitation a token belongs to, with its workspace's name; `forUpdate` locks it inside a transaction. */
export function findInvitationByToken(db: Db, tokenHash: string, forUpdate = false) {
  const q = db
    .selectFrom('invitations as i')
    .innerJoin('workspaces as w', 'w.id', 'i.workspace_id')
    .select(['i.id', 'i.workspace_id', 'i.email', 'i.role', 'i.expires_at', 'i.accepted_at', 'i.revoked_at', 'w.name as workspace_name'])
    .where('i.token_hash', '=', tokenHash);
  return (forUpdate ? q.forUpdate('i') : q).executeTakeFirst();
}

export const markInvitationAccepted = (db: Db, id: number, userId: number) =>
  db.updateTable('invitations').set({ accepted_at: new Date(), accepted_by: userId }).where('id', '=', id).execute();

export const findMemberByEmail = (db: Db, workspaceId: number, email: string) =>
  db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id'])
    .where('m.workspace_id', '=', workspaceId)
    .where('u.email', '=', email)
    .executeTakeFirst();

/** Adds a membership unless one exists (accepting never changes a role the person already has). */
export const insertMembershipIfAbsent = (db: Db, workspaceId: number, userId: number, role: Role) =>
  db
    .insertInto('memberships')
    .values({ workspace_id: workspaceId, user_id: userId, role })
    .onConflict((oc) => oc.columns(['workspace_id', 'user_id']).doNothing())
    .execute();
