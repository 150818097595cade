/** HTTP routes of invitations: list, send, resend, revoke (managers and owners); look up and accept (the link holder). */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.js';
import { SESSION_COOKIE, principalOf } from '../../api/auth-hook.js';
import { Data, errorResponses, IdParams } from '../../api/common-schemas.js';
import { forbidden } from '../../lib/errors.js';
import { msg } from '../../lib/messages/index.js';
import { buildSessionView, sessionCookieOptions } from './auth.routes.js';
import * as S from './auth.schema.js';
import { authenticateSession, createSession, sessionUser } from './auth.service.js';
import * as repo from './auth.repo.js';
import * as svc from './invitations.service.js';

const tags = { tags: ['members'] };

export async function registerInvitationRoutes(app: FastifyInstance, ctx: AppContext) {
  const invite = {
    config: { access: 'admin' as const },
    schema: {
      ...tags,
      summary: 'Invite someone by email (a single-use link; the same answer whether or not the address has an account)',
      body: S.InvitationCreate,
      response: { 202: Data(S.InvitationSent), ...errorResponses },
    },
    handler: async (req: FastifyRequest, reply: import('fastify').FastifyReply) =>
      reply.status(202).send({ data: await svc.inviteMember(ctx, principalOf(req), req.body as Static<typeof S.InvitationCreate>) }),
  };
  app.post('/api/v1/invitations', invite);
  // Adding a member is inviting them: kept at its old address for existing integrations (no password any more).
  app.post('/api/v1/members', { ...invite, schema: { ...invite.schema, summary: 'Add a member: sends an invitation (same as POST /invitations)' } });

  app.get('/api/v1/invitations', {
    config: { access: 'admin' },
    schema: { ...tags, summary: 'Pending (and expired, not yet withdrawn) invitations of this workspace', response: { 200: Data(Type.Array(S.InvitationView)), ...errorResponses } },
    handler: async (req) => ({ data: await svc.listInvitations(ctx, principalOf(req).workspaceId) }),
  });

  app.post('/api/v1/invitations/:id/resend', {
    config: { access: 'admin' },
    schema: { ...tags, summary: 'Send an invitation again with a new link (the old link stops working)', params: IdParams, response: { 202: Data(S.InvitationSent), ...errorResponses } },
    handler: async (req, reply) => reply.status(202).send({ data: await svc.resendInvitation(ctx, principalOf(req), (req.params as { id: number }).id) }),
  });

  app.delete('/api/v1/invitations/:id', {
    config: { access: 'admin' },
    schema: { ...tags, summary: 'Withdraw a pending invitation', params: IdParams, response: { 204: Type.Null(), ...errorResponses } },
    handler: async (req, reply) => {
      await svc.revokeInvitation(ctx, principalOf(req), (req.params as { id: number }).id);
      return reply.status(204).send();
    },
  });

  app.post('/api/v1/invitations/lookup', {
    config: { access: 'public' },
    schema: { ...tags, summary: 'What an invitation link is for (shown on the accept page)', body: S.InvitationToken, response: { 200: Data(S.InvitationLookup), ...errorResponses } },
    handler: async (req) => ({ data: await svc.lookupInvitation(ctx, (req.body as Static<typeof S.InvitationToken>).token) }),
  });

  app.post('/api/v1/invitations/accept', {
    config: { access: 'public' },
    schema: {
      ...tags,
      summary: 'Accept an invitation: a new person sets a password; an existing account must be signed in as the invited address',
      body: S.InvitationAccept,
      response: { 200: Data(S.SessionView), ...errorResponses },
    },
    handler: async (req, reply) => {
      const b = req.body as Static<typeof S.InvitationAccept>;
      const cookie = req.cookies?.[SESSION_COOKIE];
      const signedIn = cookie ? await sessionUser(ctx, cookie) : null;
      // A signed-in accept is a cookie-authenticated write: it needs the session's CSRF token like any other.
      if (signedIn && req.headers['x-csrf-token'] !== signedIn.csrfToken) {
        throw forbidden(msg('session.csrf_missing'));
      }
      const r = await svc.acceptInvitation(ctx, b.token, { password: b.password, name: b.name }, signedIn);
      let token: string;
      if (r.created || !signedIn) {
        const s = await createSession(ctx, r.userId, r.workspaceId, { ip: req.ip, userAgent: req.headers['user-agent'] ?? null });
        reply.setCookie(SESSION_COOKIE, s.token, sessionCookieOptions(ctx));
        token = s.token;
      } else {
        await repo.setSessionWorkspace(ctx.db, signedIn.sessionHash, r.workspaceId);
        token = cookie!;
      }
      return { data: await buildSessionView(ctx, await authenticateSession(ctx, token)) };
    },
  });
}
