/**
 * Accounts and access: password login with cookie sessions, API keys, memberships and roles, password
 * reset by emailed token, and "log out everywhere". Routes call these; nothing here knows about HTTP.
 */
import type { Kysely } from 'kysely';
import type { AppContext } from '../../app/context.js';
import type { Database, Role } from '../../db/schema.js';
import { badRequest, conflict, forbidden, notFound, unauthorized } from '../../lib/errors.js';
import { randomToken, sha256 } from '../../lib/crypto.js';
import { msg } from '../../lib/messages/index.js';
import { recordAudit, type Actor } from '../audit/index.js';
import { sendSystemMail } from '../system-mail/index.js';
import * as repo from './auth.repo.js';
import { can } from './permissions.js';
import { checkPassword, hashNewPassword } from './passwords.js';
import { assertNotThrottled, clearAccountThrottle, maybeNotify, recordLoginFailure } from './login-throttle.js';

export { checkPasswordStrength } from './passwords.js';

/** The resolved identity of a request. */
export interface Principal {
  kind: 'user' | 'api_key';
  workspaceId: number;
  role: Role;
  userId: number | null;
  apiKeyId: number | null;
  label: string;
  /** For sessions: the stored CSRF token that mutating requests must echo. */
  csrfToken?: string;
  sessionHash?: string;
}

export const actorOf = (p: Principal, ip?: string | null): Actor => ({
  type: p.kind,
  id: p.kind === 'user' ? p.userId : p.apiKeyId,
  label: p.label,
  ip: ip ?? null,
});

export const API_KEY_PREFIX = 'clk_';

/** Creates a key `clk_<8 visible chars>_<secret>`; only its SHA-256 is stored. */
export function generateApiKey(): { key: string; prefix: string } {
  const visible = randomToken(6).slice(0, 8);
  return { key: `${API_KEY_PREFIX}${visible}_${randomToken(24)}`, prefix: `${API_KEY_PREFIX}${visible}` };
}

export async function createApiKey(
  ctx: AppContext,
  workspaceId: number,
  input: { name: string; role: Role; key?: string },
  actor: Actor,
  createdBy: number | null,
) {
  const generated = input.key ? { key: input.key, prefix: input.key.slice(0, 8) } : generateApiKey();
  const row = await ctx.db.transaction().execute(async (trx) => {
    const r = await repo.insertApiKey(trx, {
      workspace_id: workspaceId,
      name: input.name,
      prefix: generated.prefix,
      key_hash: sha256(generated.key),
      role: input.role,
      created_by: createdBy,
    });
    await recordAudit(trx, workspaceId, actor, 'api_key.created', 'api_key', r.id, { name: input.name, role: input.role });
    return r;
  });
  return { ...row, key: generated.key };
}

/** Revokes a key; only owners may revoke an owner key (a manager cannot disarm an owner's integration). */
export async function revokeApiKey(ctx: AppContext, workspaceId: number, id: number, actor: Actor, actorRole: Role) {
  await ctx.db.transaction().execute(async (trx) => {
    const existing = await repo.findApiKey(trx, workspaceId, id);
    if (!existing) throw notFound('API key');
    if (existing.role === 'owner' && !can(actorRole, 'owner')) throw forbidden(msg('guard.owner_keys_revoke_owners_only'));
    const r = await repo.revokeApiKeyRow(trx, workspaceId, id);
    if (!r) throw notFound('API key');
    await recordAudit(trx, workspaceId, actor, 'api_key.revoked', 'api_key', id, { name: r.name });
  });
  apiKeyCache.clear();
}

// A short cache so a busy integration does not cost a key lookup per request; revocation clears it.
const apiKeyCache = new Map<string, { principal: Principal | null; until: number }>();
const lastUsedWritten = new Map<number, number>();

export async function authenticateApiKey(ctx: AppContext, key: string): Promise<Principal> {
  const hash = sha256(key);
  const now = Date.now();
  const cached = apiKeyCache.get(hash);
  let principal: Principal | null;
  if (cached && cached.until > now) principal = cached.principal;
  else {
    const row = await repo.findApiKeyByHash(ctx.db, hash);
    principal =
      row && !row.revoked_at
        ? { kind: 'api_key', workspaceId: row.workspace_id, role: row.role, userId: null, apiKeyId: row.id, label: `key:${row.prefix}` }
        : null;
    if (apiKeyCache.size > 10_000) apiKeyCache.clear();
    apiKeyCache.set(hash, { principal, until: now + 5_000 });
  }
  if (!principal) throw unauthorized(msg('session.api_key_unknown'));
  // last_used_at is informative; write it at most once a minute per key.
  const last = lastUsedWritten.get(principal.apiKeyId!) ?? 0;
  if (now - last > 60_000) {
    lastUsedWritten.set(principal.apiKeyId!, now);
    await repo.markApiKeyUsed(ctx.db, principal.apiKeyId!);
  }
  return principal;
}

export async function login(ctx: AppContext, email: string, password: string, meta: { ip: string | null; userAgent: string | null }) {
  await assertNotThrottled(ctx, email, meta.ip);
  const user = await repo.findUserByEmail(ctx.db, email);
  // Verify against a dummy hash when the user is unknown so timing does not reveal which emails exist.
  const ok = await checkPassword(ctx, password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !ok) {
    const failures = await recordLoginFailure(ctx, email, meta.ip);
    if (user) await maybeNotify(ctx, user, failures, meta.ip);
    throw unauthorized(msg('accounts.wrong_credentials'));
  }
  await clearAccountThrottle(ctx, email);
  const session = await createSession(ctx, user.id, null, meta);
  if (session.workspaceId) {
    await recordAudit(ctx.db, session.workspaceId, { type: 'user', id: user.id, label: user.email, ip: meta.ip }, 'user.logged_in', 'user', user.id);
  }
  return { token: session.token, csrfToken: session.csrfToken, user: { id: user.id, email: user.email, name: user.name, mustChangePassword: user.must_change_password } };
}

/** Starts a session for a user in a workspace (their first one when null); only the token's hash is stored. */
export async function createSession(ctx: AppContext, userId: number, workspaceId: number | null, meta: { ip: string | null; userAgent: string | null }) {
  const ws = workspaceId ?? (await repo.listUserWorkspaces(ctx.db, userId))[0]?.id ?? null;
  const token = randomToken(32);
  const csrfToken = randomToken(24);
  await repo.insertSession(ctx.db, {
    id_hash: sha256(token),
    user_id: userId,
    workspace_id: ws,
    csrf_token: csrfToken,
    ip: meta.ip,
    user_agent: meta.userAgent?.slice(0, 300) ?? null,
    expires_at: new Date(Date.now() + ctx.config.sessionHours * 3600_000),
  });
  return { token, csrfToken, workspaceId: ws };
}

/** The user of a session token without requiring a membership (accepting an invitation needs only who you are). */
export async function sessionUser(ctx: AppContext, token: string): Promise<{ userId: number; email: string; sessionHash: string; csrfToken: string } | null> {
  const hash = sha256(token);
  const s = await repo.findSession(ctx.db, hash);
  if (!s || s.expires_at < new Date() || s.created_at < s.sessions_valid_after) return null;
  return { userId: s.user_id, email: s.email, sessionHash: hash, csrfToken: s.csrf_token };
}
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export async function authenticateSession(ctx: AppContext, token: string): Promise<Principal & { email: string }> {
  const hash = sha256(token);
  const s = await repo.findSession(ctx.db, hash);
  if (!s || s.expires_at < new Date() || s.created_at < s.sessions_valid_after) throw unauthorized(msg('session.ended'));
  if (!s.workspace_id) throw forbidden(msg('session.no_workspace'));
  const m = await repo.findMembership(ctx.db, s.workspace_id, s.user_id);
  if (!m) throw forbidden(msg('session.no_longer_member'));
  if (Date.now() - s.last_seen_at.getTime() > 60_000) await repo.touchSession(ctx.db, hash);
  return {
    kind: 'user',
    workspaceId: s.workspace_id,
    role: m.role,
    userId: s.user_id,
    apiKeyId: null,
    label: s.email,
    email: s.email,
    csrfToken: s.csrf_token,
    sessionHash: hash,
  };
}

export async function logout(ctx: AppContext, sessionHash: string) {
  await repo.deleteSession(ctx.db, sessionHash);
}

/** Ends every session of the user, on every device. */
export async function logoutEverywhere(ctx: AppContext, p: Principal) {
  await repo.updateUser(ctx.db, p.userId!, { sessions_valid_after: new Date() });
  await repo.deleteUserSessions(ctx.db, p.userId!);
  await recordAudit(ctx.db, p.workspaceId, actorOf(p), 'user.logged_out_everywhere', 'user', p.userId);
}

export async function switchWorkspace(ctx: AppContext, p: Principal, workspaceId: number) {
  if (p.kind !== 'user' || !p.sessionHash) throw forbidden(msg('session.switch_users_only'));
  const m = await repo.findMembership(ctx.db, workspaceId, p.userId!);
  if (!m) throw notFound('Workspace');
  await repo.setSessionWorkspace(ctx.db, p.sessionHash, workspaceId);
}

export async function requestPasswordReset(ctx: AppContext, email: string) {
  const user = await repo.findUserByEmail(ctx.db, email);
  if (!user) return; // same answer either way: do not reveal which emails have accounts
  const token = randomToken(32);
  await repo.insertPasswordReset(ctx.db, { token_hash: sha256(token), user_id: user.id, expires_at: new Date(Date.now() + 3600_000) });
  const link = `${ctx.config.publicUrl}/reset-password?token=${token}`;
  await sendSystemMail(ctx, {
    to: user.email,
    devLink: link,
    subject: 'Reset your Clarion password',
    text: `Someone asked to reset the password of your Clarion account.\n\nSet a new password within one hour: ${link}\n\nIf it was not you, ignore this email.`,
  });
}

/**
 * Sets a new password with a reset token: the token is used up, every other outstanding reset token of the
 * user is voided, and every session of the user ends (whoever had the old password is signed out).
 */
export async function resetPassword(ctx: AppContext, token: string, newPassword: string) {
  const hash = await hashNewPassword(ctx, newPassword);
  await ctx.db.transaction().execute(async (trx) => {
    const r = await repo.consumePasswordReset(trx, sha256(token));
    if (!r) throw badRequest(msg('accounts.reset_invalid'), 'token');
    await repo.updateUser(trx, r.user_id, { password_hash: hash, sessions_valid_after: new Date(), must_change_password: false });
    await repo.voidPasswordResets(trx, r.user_id);
    await repo.deleteUserSessions(trx, r.user_id);
  });
}

/** Changes the signed-in user's password: voids outstanding reset tokens and ends every other session. */
export async function changePassword(ctx: AppContext, p: Principal, current: string, next: string) {
  const user = await repo.findUserById(ctx.db, p.userId!);
  if (!user || !(await checkPassword(ctx, current, user.password_hash))) throw badRequest(msg('accounts.current_password_wrong'), 'currentPassword');
  const hash = await hashNewPassword(ctx, next, 'newPassword');
  await ctx.db.transaction().execute(async (trx) => {
    await repo.updateUser(trx, user.id, { password_hash: hash, must_change_password: false });
    await repo.voidPasswordResets(trx, user.id);
    await repo.deleteOtherSessions(trx, user.id, p.sessionHash ?? '');
    await recordAudit(trx, p.workspaceId, actorOf(p), 'user.password_changed', 'user', user.id);
  });
}

export async function changeMemberRole(ctx: AppContext, p: Principal, userId: number, role: Role) {
  await ctx.db.transaction().execute(async (trx) => {
    const m = await repo.findMembership(trx, p.workspaceId, userId);
    if (!m) throw notFound('Member');
    if ((m.role === 'owner' || role === 'owner') && !can(p.role, 'owner')) throw forbidden(msg('session.owner_role_owners_only'));
    if (m.role === 'owner' && role !== 'owner' && (await repo.countOwners(trx, p.workspaceId)) <= 1) {
      throw conflict(msg('session.needs_an_owner'), 'role');
    }
    await repo.upsertMembership(trx, p.workspaceId, userId, role);
    await recordAudit(trx, p.workspaceId, actorOf(p), 'member.role_changed', 'user', userId, { from: m.role, to: role });
  });
}

export async function removeMember(ctx: AppContext, p: Principal, userId: number) {
  await ctx.db.transaction().execute(async (trx) => {
    const m = await repo.findMembership(trx, p.workspaceId, userId);
    if (!m) throw notFound('Member');
    if (m.role === 'owner' && !can(p.role, 'owner')) throw forbidden(msg('session.remove_owner_owners_only'));
    if (m.role === 'owner' && (await repo.countOwners(trx, p.workspaceId)) <= 1) throw conflict(msg('session.needs_an_owner'));
    await repo.deleteMembership(trx, p.workspaceId, userId);
    await recordAudit(trx, p.workspaceId, actorOf(p), 'member.removed', 'user', userId);
  });
}

/** Creates a workspace with the creator as owner. */
export async function createWorkspace(db: Kysely<Database>, input: { slug: string; name: string; defaultCountry?: string }, owner: { userId: number | null; actor: Actor }) {
  if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(input.slug)) {
    throw badRequest(msg('session.slug_invalid'), 'slug');
  }
  return db.transaction().execute(async (trx) => {
    if (await repo.findWorkspaceBySlug(trx, input.slug)) throw conflict(msg('session.slug_taken', { slug: input.slug }), 'slug');
    const w = await repo.insertWorkspace(trx, { slug: input.slug, name: input.name, default_country: input.defaultCountry ?? 'IL' });
    if (owner.userId) await repo.upsertMembership(trx, w.id, owner.userId, 'owner');
    await recordAudit(trx, w.id, owner.actor, 'workspace.created', 'workspace', w.id, { slug: w.slug });
    return w;
  });
}
