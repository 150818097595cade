/** HTTP routes for sessions, workspaces, members, API keys, preferences and the audit log. */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app/context.js';
import { SESSION_COOKIE, principalOf } from '../../api/auth-hook.js';
import { Data, errorResponses, IdParams } from '../../api/common-schemas.js';
import { badRequest, forbidden, notFound } from '../../lib/errors.js';
import { msg } from '../../lib/messages/index.js';
import { listAudit, recordAudit } from '../audit/index.js';
import * as repo from './auth.repo.js';
import * as S from './auth.schema.js';
import * as svc from './auth.service.js';
import { registerInvitationRoutes } from './invitations.routes.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const tags = (t: string) => ({ tags: [t] });

/** What GET /session answers: user or key, workspace, role, CSRF token, the user's workspaces. */
export async function buildSessionView(ctx: AppContext, p: svc.Principal) {
  const w = await repo.findWorkspaceById(ctx.db, p.workspaceId);
  if (!w) throw notFound('Workspace');
  const user = p.userId ? await repo.findUserById(ctx.db, p.userId) : null;
  return {
    user: user ? { id: user.id, email: user.email, name: user.name, mustChangePassword: user.must_change_password } : null,
    apiKey: p.kind === 'api_key' ? { id: p.apiKeyId!, label: p.label } : null,
    workspace: { id: w.id, slug: w.slug, name: w.name, defaultCountry: w.default_country, timezone: w.timezone, locale: w.locale },
    role: p.role,
    csrfToken: p.csrfToken ?? null,
    workspaces: p.userId ? await repo.listUserWorkspaces(ctx.db, p.userId) : [{ id: w.id, slug: w.slug, name: w.name, role: p.role }],
  };
}

/** Cookie settings of the session cookie. */
export const sessionCookieOptions = (ctx: AppContext) => ({
  path: '/',
  httpOnly: true,
  sameSite: 'lax' as const,
  secure: ctx.config.publicUrl.startsWith('https://'),
  maxAge: ctx.config.sessionHours * 3600,
});

export async function registerAuthRoutes(app: FastifyInstance, ctx: AppContext) {
  const cookieOpts = sessionCookieOptions(ctx);
  await registerInvitationRoutes(app, ctx);

  const sessionView = (p: svc.Principal) => buildSessionView(ctx, p);

  app.post('/api/v1/auth/login', {
    config: { access: 'public' },
    schema: { ...tags('auth'), summary: 'Sign in with email and password (sets the session cookie)', body: S.LoginBody, response: { 200: Data(S.SessionView), ...errorResponses } },
    handler: async (req, reply) => {
      const body = req.body as Static<typeof S.LoginBody>;
      const r = await svc.login(ctx, body.email, body.password, { ip: req.ip, userAgent: req.headers['user-agent'] ?? null }).catch((err) => {
        const wait = (err as { details?: { retryAfter?: number } }).details?.retryAfter;
        if (wait) reply.header('retry-after', String(wait));
        throw err;
      });
      reply.setCookie(SESSION_COOKIE, r.token, cookieOpts);
      const p = await svc.authenticateSession(ctx, r.token);
      return { data: await sessionView(p) };
    },
  });

  app.post('/api/v1/auth/logout', {
    config: { access: 'authenticated' },
    schema: { ...tags('auth'), summary: 'End this session', response: { 204: Type.Null(), ...errorResponses } },
    handler: async (req, reply) => {
      const p = principalOf(req);
      if (p.sessionHash) await svc.logout(ctx, p.sessionHash);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  });

  app.post('/api/v1/auth/logout-everywhere', {
    config: { access: 'authenticated' },
    schema: { ...tags('auth'), summary: 'End every session of this user on every device', response: { 204: Type.Null(), ...errorResponses } },
    handler: async (req, reply) => {
      const p = principalOf(req);
      if (p.kind !== 'user') throw forbidden(msg('session.api_key_no_sessions'));
      await svc.logoutEverywhere(ctx, p);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  });

  app.post('/api/v1/auth/password-reset', {
    config: { access: 'public' },
    schema: { ...tags('auth'), summary: 'Email a password-reset link (same answer whether or not the account exists)', body: S.ResetRequestBody, response: { 202: Type.Object({ data: Type.Object({ sent: Type.Boolean() }) }), ...errorResponses } },
    handler: async (req, reply) => {
      await svc.requestPasswordReset(ctx, (req.body as Static<typeof S.ResetRequestBody>).email);
      return reply.status(202).send({ data: { sent: true } });
    },
  });

  app.post('/api/v1/auth/password-reset/confirm', {
    config: { access: 'public' },
    schema: { ...tags('auth'), summary: 'Set a new password with a reset token', body: S.ResetConfirmBody, response: { 204: Type.Null(), ...errorResponses } },
    handler: async (req, reply) => {
      const b = req.body as Static<typeof S.ResetConfirmBody>;
      await svc.resetPassword(ctx, b.token, b.password);
      return reply.status(204).send();
    },
  });

  app.post('/api/v1/auth/password', {
    config: { access: 'authenticated' },
    schema: { ...tags('auth'), summary: 'Change the signed-in user’s password', body: S.ChangePasswordBody, response: { 204: Type.Null(), ...errorResponses } },
    handler: async (req, reply) => {
      const p = principalOf(req);
      if (p.kind !== 'user') throw forbidden(msg('session.api_key_no_password'));
      const b = req.body as Static<typeof S.ChangePasswordBody>;
      await svc.changePassword(ctx, p, b.currentPassword, b.newPassword);
      return reply.status(204).send();
    },
  });

  app.get('/api/v1/session', {
    config: { access: 'authenticated' },
    schema: { ...tags('auth'), summary: 'Who am I: user or key, current workspace, role, CSRF token', response: { 200: Data(S.SessionView), ...errorResponses } },
    handler: async (req) => ({ data: await sessionView(principalOf(req)) }),
  });

  app.put('/api/v1/session/workspace', {
    config: { access: 'authenticated' },
    schema: { ...tags('auth'), summary: 'Switch the session to another workspace', body: S.SwitchWorkspaceBody, response: { 200: Data(S.SessionView), ...errorResponses } },
    handler: async (req) => {
      const p = principalOf(req);
      const { workspaceId } = req.body as Static<typeof S.SwitchWorkspaceBody>;
      await svc.switchWorkspace(ctx, p, workspaceId);
      return { data: await sessionView({ ...p, workspaceId, role: (await repo.findMembership(ctx.db, workspaceId, p.userId!))!.role }) };
    },
  });

  app.post('/api/v1/workspaces', {
    config: { access: 'authenticated' },
    schema: { ...tags('workspaces'), summary: 'Create a workspace (you become its owner)', body: S.WorkspaceCreate, response: { 201: Data(S.WorkspaceSummary), ...errorResponses } },
    handler: async (req, reply) => {
      const p = principalOf(req);
      if (p.kind !== 'user') throw forbidden(msg('session.workspace_by_users'));
      const b = req.body as Static<typeof S.WorkspaceCreate>;
      const w = await svc.createWorkspace(ctx.db, b, { userId: p.userId, actor: svc.actorOf(p, req.ip) });
      return reply.status(201).send({ data: { id: w.id, slug: w.slug, name: w.name, role: 'owner' } });
    },
  });

  app.patch('/api/v1/workspace', {
    config: { access: 'admin' },
    schema: { ...tags('workspaces'), summary: 'Change the current workspace’s settings', body: S.WorkspacePatch, response: { 200: Data(S.SessionView), ...errorResponses } },
    handler: async (req) => {
      const p = principalOf(req);
      const b = req.body as Static<typeof S.WorkspacePatch>;
      const patch = { name: b.name, default_country: b.defaultCountry, timezone: b.timezone, locale: b.locale };
      if (b.timezone && !isValidTimezone(b.timezone)) throw badRequest(msg('session.timezone_unknown', { timezone: b.timezone }), 'timezone');
      await repo.updateWorkspace(ctx.db, p.workspaceId, Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)));
      await recordAudit(ctx.db, p.workspaceId, svc.actorOf(p, req.ip), 'workspace.updated', 'workspace', p.workspaceId, b);
      return { data: await sessionView(p) };
    },
  });

  app.get('/api/v1/members', {
    config: { access: 'read' },
    schema: { ...tags('members'), summary: 'Users of this workspace with their roles', response: { 200: Data(Type.Array(S.Member)), ...errorResponses } },
    handler: async (req) => ({
      data: (await repo.listMembers(ctx.db, principalOf(req).workspaceId)).map((m) => ({ ...m, createdAt: m.created_at.toISOString() })),
    }),
  });

  app.patch('/api/v1/members/:id', {
    config: { access: 'admin' },
    schema: { ...tags('members'), summary: 'Change a member’s role', params: IdParams, body: S.MemberPatch, response: { 204: Type.Null(), ...errorResponses } },
    handler: async (req, reply) => {
      await svc.changeMemberRole(ctx, principalOf(req), (req.params as { id: number }).id, (req.body as Static<typeof S.MemberPatch>).role);
      return reply.status(204).send();
    },
  });

  app.delete('/api/v1/members/:id', {
    config: { access: 'admin' },
    schema: { ...tags('members'), summary: 'Remove a member from this workspace', params: IdParams, response: { 204: Type.Null(), ...errorResponses } },
    handler: async (req, reply) => {
      await svc.removeMember(ctx, principalOf(req), (req.params as { id: number }).id);
      return reply.status(204).send();
    },
  });

  app.get('/api/v1/api-keys', {
    config: { access: 'admin' },
    schema: { ...tags('api-keys'), summary: 'API keys of this workspace (never the secret)', response: { 200: Data(Type.Array(S.ApiKeyView)), ...errorResponses } },
    handler: async (req) => ({
      data: (await repo.listApiKeys(ctx.db, principalOf(req).workspaceId)).map((k) => ({
        id: k.id, name: k.name, prefix: k.prefix, role: k.role, createdAt: k.created_at.toISOString(),
        lastUsedAt: iso(k.last_used_at), revokedAt: iso(k.revoked_at),
      })),
    }),
  });

  app.post('/api/v1/api-keys', {
    config: { access: 'admin' },
    schema: {
      ...tags('api-keys'),
      summary: 'Create an API key; the secret is in this response only',
      body: S.ApiKeyCreate,
      response: { 201: Data(Type.Object({ id: Type.Integer(), name: Type.String(), prefix: Type.String(), role: S.RoleSchema, key: Type.String() })), ...errorResponses },
    },
    handler: async (req, reply) => {
      const p = principalOf(req);
      const b = req.body as Static<typeof S.ApiKeyCreate>;
      if (b.role === 'owner' && p.role !== 'owner') throw forbidden(msg('session.owner_keys_owners_only'));
      const k = await svc.createApiKey(ctx, p.workspaceId, b, svc.actorOf(p, req.ip), p.userId);
      return reply.status(201).send({ data: { id: k.id, name: k.name, prefix: k.prefix, role: k.role, key: k.key } });
    },
  });

  app.delete('/api/v1/api-keys/:id', {
    config: { access: 'admin' },
    schema: { ...tags('api-keys'), summary: 'Revoke an API key at once', params: IdParams, response: { 204: Type.Null(), ...errorResponses } },
    handler: async (req, reply) => {
      const p = principalOf(req);
      await svc.revokeApiKey(ctx, p.workspaceId, (req.params as { id: number }).id, svc.actorOf(p, req.ip), p.role);
      return reply.status(204).send();
    },
  });

  app.get('/api/v1/audit-log', {
    config: { access: 'admin' },
    schema: {
      ...tags('audit'),
      summary: 'Every change in this workspace, newest first',
      querystring: Type.Object({
        before: Type.Optional(Type.Integer({ minimum: 1 })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
        entityType: Type.Optional(Type.String()),
        entityId: Type.Optional(Type.String()),
      }),
      response: { 200: Data(Type.Array(S.AuditEntry)), ...errorResponses },
    },
    handler: async (req) => {
      const q = req.query as { before?: number; limit?: number; entityType?: string; entityId?: string };
      const rows = await listAudit(ctx.db, principalOf(req).workspaceId, { beforeId: q.before, limit: q.limit ?? 100, entityType: q.entityType, entityId: q.entityId });
      return {
        data: rows.map((r) => ({
          id: r.id, actorType: r.actor_type, actorId: r.actor_id, actorLabel: r.actor_label, action: r.action,
          entityType: r.entity_type, entityId: r.entity_id, details: r.details, ip: r.ip, at: r.at.toISOString(),
        })),
      };
    },
  });

  app.get('/api/v1/preferences/:key', {
    config: { access: 'authenticated' },
    schema: { ...tags('preferences'), summary: 'A per-user setting (e.g. visible contact columns)', params: Type.Object({ key: Type.String({ pattern: '^[a-z0-9_.-]{1,64}$' }) }), response: { 200: Data(Type.Object({ value: Type.Unknown() })), ...errorResponses } },
    handler: async (req) => {
      const p = principalOf(req);
      if (!p.userId) return { data: { value: null } };
      const row = await ctx.db
        .selectFrom('user_preferences')
        .select('value')
        .where('user_id', '=', p.userId)
        .where('workspace_id', '=', p.workspaceId)
        .where('key', '=', (req.params as { key: string }).key)
        .executeTakeFirst();
      return { data: { value: row?.value ?? null } };
    },
  });

  app.put('/api/v1/preferences/:key', {
    config: { access: 'authenticated' },
    schema: { ...tags('preferences'), summary: 'Save a per-user setting', params: Type.Object({ key: Type.String({ pattern: '^[a-z0-9_.-]{1,64}$' }) }), body: S.PreferenceBody, response: { 204: Type.Null(), ...errorResponses } },
    handler: async (req, reply) => {
      const p = principalOf(req);
      if (!p.userId) throw forbidden(msg('session.preferences_users_only'));
      const value = JSON.stringify((req.body as { value: unknown }).value ?? null);
      await ctx.db
        .insertInto('user_preferences')
        .values({ user_id: p.userId, workspace_id: p.workspaceId, key: (req.params as { key: string }).key, value })
        .onConflict((oc) => oc.columns(['user_id', 'workspace_id', 'key']).doUpdateSet({ value }))
        .execute();
      return reply.status(204).send();
    },
  });
}

function isValidTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
