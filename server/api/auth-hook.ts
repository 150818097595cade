/**
 * Resolves who is calling (Bearer API key or session cookie), enforces CSRF on cookie-authenticated
 * writes, rate limits per identity, and checks the route's declared permission.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../app/context.js';
import { authenticateApiKey, authenticateSession, type Principal } from '../domains/auth/auth.service.js';
import { can, type Permission } from '../domains/auth/permissions.js';
import { forbidden, tooMany, unauthorized } from '../lib/errors.js';
import { msg } from '../lib/messages/index.js';
import { RateLimiter } from './rate-limit.js';

export const SESSION_COOKIE = 'clarion_session';

/** What a route declares in `config.access`: a permission, 'public', or 'session' (any signed-in user). */
export type Access = Permission | 'public' | 'authenticated';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    access?: Access;
  }
}

/** The principal of an authenticated route (the hook guarantees it is set). */
export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw unauthorized();
  return req.principal;
}

export function installAuth(app: FastifyInstance, ctx: AppContext) {
  const limiter = new RateLimiter(ctx.config.rateLimitPerMinute);
  app.decorateRequest('principal', null);
  // onRequest: who is calling and whether they may call the route are settled before the body is parsed or
  // validated, so a caller without the permission never gets a detailed 400 about the route's body.
  app.addHook('onRequest', async (req, reply) => {
    const access = req.routeOptions.config?.access;
    if (access === undefined) return; // non-API routes (static files, health)
    const authz = req.headers.authorization;
    let principal: Principal | null = null;
    if (authz) {
      const m = /^Bearer\s+(\S+)$/i.exec(authz);
      if (!m) throw unauthorized(msg('session.bearer_expected'));
      principal = await authenticateApiKey(ctx, m[1]);
    } else {
      const token = req.cookies?.[SESSION_COOKIE];
      if (token) {
        try {
          principal = await authenticateSession(ctx, token);
        } catch (err) {
          if (access !== 'public') throw err;
        }
        if (principal && !['GET', 'HEAD', 'OPTIONS'].includes(req.method) && access !== 'public') {
          if (req.headers['x-csrf-token'] !== principal.csrfToken) {
            throw forbidden(msg('session.csrf_missing'));
          }
        }
      }
    }
    const wait = limiter.hit(principal ? `${principal.kind}:${principal.apiKeyId ?? principal.userId}` : `ip:${req.ip}`);
    if (wait > 0) {
      reply.header('retry-after', String(wait));
      throw tooMany(msg('session.rate_limited', { seconds: wait }));
    }
    req.principal = principal;
    if (access === 'public') return;
    if (!principal) throw unauthorized();
    if (access !== 'authenticated' && !can(principal.role, access)) {
      throw forbidden(access === 'read' ? undefined : msg('session.role_too_low', { role: principal.role, needed: access === 'write' ? 'editor' : access === 'admin' ? 'manager' : 'owner' }));
    }
  });
}
