/**
 * Invitations (issue 10 §1): adding a member emails the person a single-use link that expires; the
 * inviter never sets or learns a password, and the answer is the same whether the address has an account
 * (the account is not even looked up when inviting). On accepting, a new person chooses their own password;
 * an existing account joins only when its user accepts while signed in as that user.
 */
import type { AppContext } from '../../app/context.js';
import type { Role } from '../../db/schema.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../lib/errors.js';
import { randomToken, sha256 } from '../../lib/crypto.js';
import { msg } from '../../lib/messages/index.js';
import { recordAudit } from '../audit/index.js';
import { sendSystemMail } from '../system-mail/index.js';
import * as authRepo from './auth.repo.js';
import { actorOf, type Principal } from './auth.service.js';
import * as repo from './invitations.repo.js';
import { hashNewPassword } from './passwords.js';
import { can } from './permissions.js';

export const INVITATION_DAYS = 7;
const ROLE_LABEL: Record<Role, { en: string; he: string }> = {
  owner: { en: 'owner', he: 'בעלים' },
  manager: { en: 'manager', he: 'מנהל/ת' },
  editor: { en: 'editor', he: 'עורך/ת' },
  viewer: { en: 'viewer', he: 'צופה' },
};

type Row = Awaited<ReturnType<typeof repo.listPendingInvitations>>[number];

export const invitationView = (r: Row) => ({
  id: r.id,
  email: r.email,
  role: r.role,
  status: r.expires_at < new Date() ? ('expired' as const) : ('pending' as const),
  invitedAt: r.created_at.toISOString(),
  invitedBy: r.invited_by_email ?? null,
  sentAt: r.sent_at ? r.sent_at.toISOString() : null,
  sendCount: r.send_count,
  expiresAt: r.expires_at.toISOString(),
});
export type InvitationView = ReturnType<typeof invitationView>;

const newToken = () => {
  const token = randomToken(32);
  return { token, hash: sha256(token), expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000) };
};

/** Invites an address into the caller's workspace (replacing a pending invitation of the same address). */
export async function inviteMember(ctx: AppContext, p: Principal, input: { email: string; role: Role }) {
  if (input.role === 'owner' && !can(p.role, 'owner')) throw forbidden(msg('accounts.owner_invites_owner'));
  const email = input.email.trim().toLowerCase();
  const t = newToken();
  const id = await ctx.db.transaction().execute(async (trx) => {
    // Membership of *this* workspace only: the caller can list its members anyway.
    if (await repo.findMemberByEmail(trx, p.workspaceId, email)) throw conflict(msg('accounts.already_member', { email }), 'email');
    await repo.revokePendingFor(trx, p.workspaceId, email);
    const row = await repo.insertInvitation(trx, {
      workspace_id: p.workspaceId, email, role: input.role, token_hash: t.hash, invited_by: p.userId, expires_at: t.expiresAt,
    });
    await recordAudit(trx, p.workspaceId, actorOf(p), 'invitation.sent', 'invitation', row.id, { email, role: input.role });
    return row.id;
  });
  return deliver(ctx, p, id, t.token);
}

export async function listInvitations(ctx: AppContext, workspaceId: number) {
  return (await repo.listPendingInvitations(ctx.db, workspaceId)).map(invitationView);
}

/** Sends a pending invitation again with a fresh link and expiry; the previous link stops working. */
export async function resendInvitation(ctx: AppContext, p: Principal, id: number) {
  const inv = await repo.findPendingInvitation(ctx.db, p.workspaceId, id);
  if (!inv) throw notFound('Invitation');
  if (inv.role === 'owner' && !can(p.role, 'owner')) throw forbidden(msg('accounts.owner_invites_owner'));
  const t = newToken();
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await repo.renewInvitationToken(trx, p.workspaceId, id, t.hash, t.expiresAt))) throw notFound('Invitation');
    await recordAudit(trx, p.workspaceId, actorOf(p), 'invitation.resent', 'invitation', id, { email: inv.email });
  });
  return deliver(ctx, p, id, t.token);
}

export async function revokeInvitation(ctx: AppContext, p: Principal, id: number) {
  const inv = await repo.findPendingInvitation(ctx.db, p.workspaceId, id);
  if (!inv) throw notFound('Invitation');
  if (inv.role === 'owner' && !can(p.role, 'owner')) throw forbidden(msg('accounts.owner_invites_owner'));
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await repo.revokeInvitationRow(trx, p.workspaceId, id))) throw notFound('Invitation');
    await recordAudit(trx, p.workspaceId, actorOf(p), 'invitation.revoked', 'invitation', id, { email: inv.email });
  });
}

/** Emails the link; the token exists only in this mail (and the dev terminal when asked), never in a response. */
async function deliver(ctx: AppContext, p: Principal, id: number, token: string) {
  const inv = (await repo.findPendingInvitation(ctx.db, p.workspaceId, id))!;
  const ws = await authRepo.findWorkspaceById(ctx.db, p.workspaceId);
  const link = `${ctx.config.publicUrl}/accept-invitation?token=${token}`;
  const role = ROLE_LABEL[inv.role];
  const r = await sendSystemMail(ctx, {
    to: inv.email,
    subject: `You are invited to ${ws?.name ?? 'a workspace'} on Clarion`,
    text:
      `${p.label} invited you to join the workspace "${ws?.name}" on Clarion as ${role.en}.\n\n` +
      `Accept within ${INVITATION_DAYS} days (the link works once):\n${link}\n\n` +
      `If you did not expect this, ignore this email; nothing happens unless you accept.\n\n` +
      `הוזמנת להצטרף לסביבת העבודה "${ws?.name}" ב-Clarion בתפקיד ${role.he}. לקבלת ההזמנה יש לפתוח את הקישור למעלה בתוך ${INVITATION_DAYS} ימים. אם לא ציפית להזמנה, אפשר להתעלם מהודעה זו.`,
    devLink: link,
    workspaceId: p.workspaceId,
  });
  if (r.sent) await repo.markInvitationSent(ctx.db, id);
  const fresh = (await repo.findPendingInvitation(ctx.db, p.workspaceId, id))!;
  return { invitation: invitationView(fresh), mailSent: r.sent, mailReason: r.reason ?? null };
}

/** What the accept page shows to whoever holds the link (they proved access to the mailbox). */
export async function lookupInvitation(ctx: AppContext, token: string) {
  const inv = await usableInvitation(ctx, token);
  const user = await authRepo.findUserByEmail(ctx.db, inv.email);
  return {
    workspaceName: inv.workspace_name,
    email: inv.email,
    role: inv.role,
    expiresAt: inv.expires_at.toISOString(),
    needs: user ? ('sign_in' as const) : ('password' as const),
  };
}

async function usableInvitation(ctx: AppContext, token: string, trx = ctx.db, forUpdate = false) {
  const inv = await repo.findInvitationByToken(trx, sha256(token), forUpdate);
  if (!inv || inv.accepted_at || inv.revoked_at) throw badRequest(msg('accounts.invitation_invalid'), 'token');
  if (inv.expires_at < new Date()) throw badRequest(msg('accounts.invitation_expired'), 'token');
  return inv;
}

/** The signed-in user of the request, if any (a session is optional on the accept route). */
export interface SignedInUser {
  userId: number;
  email: string;
}

/**
 * Accepts an invitation. A new address gets an account with the password the person chooses here; an
 * existing account joins only when `signedIn` is that account. Returns who joined and whether the account is new.
 */
export async function acceptInvitation(
  ctx: AppContext,
  token: string,
  input: { password?: string; name?: string },
  signedIn: SignedInUser | null,
): Promise<{ userId: number; workspaceId: number; created: boolean }> {
  const peek = await usableInvitation(ctx, token);
  const existing = await authRepo.findUserByEmail(ctx.db, peek.email);
  if (existing) {
    if (!signedIn) throw new AppError(401, 'sign_in_required', msg('accounts.invitation_sign_in', { email: peek.email }));
    if (signedIn.userId !== existing.id) {
      throw forbidden(msg('accounts.invitation_wrong_user', { email: peek.email, current: signedIn.email }));
    }
  } else if (!input.password) throw badRequest(msg('accounts.password_required'), 'password');
  // Hash outside the transaction: it is the slow part, and bounded (passwords.ts).
  const hash = existing ? null : await hashNewPassword(ctx, input.password!);
  return ctx.db.transaction().execute(async (trx) => {
    const inv = await usableInvitation(ctx, token, trx, true);
    let user = await authRepo.findUserByEmail(trx, inv.email);
    if (user && (!signedIn || signedIn.userId !== user.id)) {
      // The account appeared after the check above (another invitation accepted meanwhile): the same rule holds.
      throw new AppError(401, 'sign_in_required', msg('accounts.invitation_sign_in', { email: inv.email }));
    }
    const created = !user;
    if (!user) user = await authRepo.insertUser(trx, { email: inv.email, name: input.name?.trim() ?? '', password_hash: hash! });
    await repo.insertMembershipIfAbsent(trx, inv.workspace_id, user.id, inv.role);
    await repo.markInvitationAccepted(trx, inv.id, user.id);
    await recordAudit(trx, inv.workspace_id, { type: 'user', id: user.id, label: user.email }, 'invitation.accepted', 'invitation', inv.id, {
      email: inv.email, role: inv.role, newAccount: created,
    });
    return { userId: user.id, workspaceId: inv.workspace_id, created };
  });
}
