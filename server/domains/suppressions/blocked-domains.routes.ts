/** HTTP routes for blocked email domains: /api/v1/blocked-domains. */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app/context.js';
import { principalOf } from '../../api/auth-hook.js';
import { Data, errorResponses, ReasonFields } from '../../api/common-schemas.js';
import { validationFailed } from '../../lib/errors.js';
import { actorOf } from '../auth/auth.service.js';
import * as repo from './suppressions.repo.js';
import * as svc from './suppressions.service.js';

const tags = ['suppressions'];

const AddBody = Type.Object(
  {
    domain: Type.Optional(Type.String({ maxLength: 253 })),
    domains: Type.Optional(Type.Array(Type.String({ maxLength: 253 }), { maxItems: 10_000 })),
  },
  { additionalProperties: false },
);

export async function registerBlockedDomainRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/blocked-domains', {
    config: { access: 'read' },
    schema: {
      tags,
      summary: 'Email domains never sent to',
      response: { 200: Data(Type.Array(Type.Object({ domain: Type.String(), createdAt: Type.String({ format: 'date-time' }) }))), ...errorResponses },
    },
    handler: async (req) => ({
      data: (await repo.listBlockedDomains(ctx.db, principalOf(req).workspaceId)).map((d) => ({ domain: d.domain, createdAt: d.created_at.toISOString() })),
    }),
  });

  app.post('/api/v1/blocked-domains', {
    config: { access: 'write' },
    schema: {
      tags,
      summary: 'Block one domain or a list of domains',
      body: AddBody,
      response: {
        201: Data(Type.Object({
          added: Type.Integer(),
          alreadyPresent: Type.Integer(),
          invalid: Type.Array(Type.Object({ index: Type.Integer(), value: Type.String(), ...ReasonFields })),
        })),
        ...errorResponses,
      },
    },
    handler: async (req, reply) => {
      const p = principalOf(req);
      const b = req.body as Static<typeof AddBody>;
      const raw = b.domains ?? (b.domain !== undefined ? [b.domain] : []);
      if (!raw.length) throw validationFailed('domain', 'Give a domain or a list of domains.');
      return reply.status(201).send({ data: await svc.addBlockedDomains(ctx.db, p.workspaceId, raw, actorOf(p, req.ip)) });
    },
  });

  app.delete('/api/v1/blocked-domains/:domain', {
    config: { access: 'write' },
    schema: { tags, summary: 'Unblock a domain', params: Type.Object({ domain: Type.String({ maxLength: 253 }) }), response: { 204: Type.Null(), ...errorResponses } },
    handler: async (req, reply) => {
      const p = principalOf(req);
      await svc.removeBlockedDomain(ctx.db, p.workspaceId, (req.params as { domain: string }).domain, actorOf(p, req.ip));
      return reply.status(204).send();
    },
  });
}
