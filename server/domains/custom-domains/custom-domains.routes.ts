/**
 * HTTP of custom domains: list/add/remove/check-now (manager or owner), and the on-demand TLS `ask` endpoint for
 * Caddy (`GET /tls/ask?domain=…`: 200 only for verified hosts; any error answers 403, so it fails closed).
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app/context.js';
import { principalOf } from '../../api/auth-hook.js';
import { IdParams } from '../../api/common-schemas.js';
import { actorOf } from '../auth/auth.service.js';
import * as svc from './custom-domains.service.js';

const tags = ['custom domains'];
const idOf = (req: { params: unknown }) => (req.params as { id: number }).id;

export async function registerCustomDomainRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/custom-domains', {
    config: { access: 'admin' },
    schema: { tags, summary: 'Custom domains with the DNS records to create and their check status' },
    handler: async (req) => ({ data: (await svc.listDomains(ctx, principalOf(req).workspaceId)).map((d) => svc.domainView(ctx, d)) }),
  });
  app.post('/api/v1/custom-domains', {
    config: { access: 'admin' },
    schema: { tags, summary: 'Add a host such as pages.example.com', body: Type.Object({ host: Type.String({ minLength: 1, maxLength: 253 }) }, { additionalProperties: false }) },
    handler: async (req, reply) => {
      const p = principalOf(req);
      return reply.status(201).send({ data: svc.domainView(ctx, await svc.addDomain(ctx, p.workspaceId, actorOf(p, req.ip), (req.body as { host: string }).host)) });
    },
  });
  app.post('/api/v1/custom-domains/:id/check', {
    config: { access: 'admin' },
    schema: { tags, summary: 'Check the CNAME and TXT records now', params: IdParams },
    handler: async (req) => ({ data: svc.domainView(ctx, await svc.checkDomain(ctx, principalOf(req).workspaceId, idOf(req))) }),
  });
  app.delete('/api/v1/custom-domains/:id', {
    config: { access: 'admin' },
    schema: { tags, summary: 'Remove a custom domain (its pages stop being served on it at once)', params: IdParams },
    handler: async (req, reply) => {
      const p = principalOf(req);
      await svc.removeDomain(ctx, p.workspaceId, actorOf(p, req.ip), idOf(req));
      return reply.status(204).send();
    },
  });
  app.get('/tls/ask', { schema: { hide: true } }, async (req, reply) => {
    const domain = (req.query as { domain?: string }).domain;
    try {
      if (domain && (await svc.tlsAllowed(ctx, domain))) return reply.status(200).send('ok');
    } catch (err) {
      ctx.log.warn('tls ask failed', { error: (err as Error).message });
    }
    return reply.status(403).send('no');
  });
}
