/** HTTP routes for the recycle bin: /api/v1/bin. */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app/context.js';
import { principalOf } from '../../api/auth-hook.js';
import { Data, errorResponses, Page } from '../../api/common-schemas.js';
import { actorOf } from '../auth/auth.service.js';
import type { BinType } from './bin.repo.js';
import * as svc from './bin.service.js';

const tags = ['bin'];
const BinTypeSchema = Type.Union([Type.Literal('contacts'), Type.Literal('groups'), Type.Literal('segments')]);

const BinItem = Type.Object({
  id: Type.Integer(),
  type: BinTypeSchema,
  label: Type.String({ description: 'Email/phone/name of a contact, name of a group or segment' }),
  deletedAt: Type.String({ format: 'date-time' }),
  purgeAt: Type.String({ format: 'date-time', description: 'When it is deleted for good' }),
});

const NotRestored = Type.Object({
  id: Type.Integer(),
  label: Type.String(),
  field: Type.Union([Type.Literal('email'), Type.Literal('phone'), Type.Literal('name')]),
  value: Type.String(),
  existingId: Type.Union([Type.Integer(), Type.Null()], { description: 'The live item holding the value; null when another selected item has it' }),
  reason: Type.String(),
  reasonCode: Type.String(),
  reasonParams: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});

const RestoreBody = Type.Object(
  { type: BinTypeSchema, ids: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 100_000 }) },
  { additionalProperties: false },
);

export async function registerBinRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/bin', {
    config: { access: 'read' },
    schema: {
      tags,
      summary: 'What is in the recycle bin and when it will be purged (most recently deleted first)',
      querystring: Type.Object({
        type: Type.Optional(BinTypeSchema),
        cursor: Type.Optional(Type.String({ maxLength: 200 })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
      }),
      response: { 200: Page(BinItem), ...errorResponses },
    },
    handler: async (req) => {
      const q = req.query as { type?: BinType; cursor?: string; limit?: number };
      return svc.listBin(ctx.db, principalOf(req).workspaceId, q.type ?? 'contacts', q.cursor, q.limit ?? 50);
    },
  });

  app.post('/api/v1/bin/restore', {
    config: { access: 'write' },
    schema: {
      tags,
      summary: 'Restore deleted items with their memberships: all that can be; notRestored lists each that cannot (its email/phone/name is taken now) with the reason',
      body: RestoreBody,
      response: { 200: Data(Type.Object({ restored: Type.Integer(), notRestored: Type.Array(NotRestored), notFound: Type.Array(Type.Integer()) })), ...errorResponses },
    },
    handler: async (req) => {
      const p = principalOf(req);
      const b = req.body as Static<typeof RestoreBody>;
      return { data: await svc.restoreItems(ctx.db, p.workspaceId, b.type, b.ids, actorOf(p, req.ip)) };
    },
  });

  app.delete('/api/v1/bin', {
    config: { access: 'admin' },
    schema: {
      tags,
      summary: 'Empty the recycle bin now (all types, or one)',
      querystring: Type.Object({ type: Type.Optional(BinTypeSchema) }),
      response: { 200: Data(Type.Object({ contacts: Type.Integer(), groups: Type.Integer(), segments: Type.Integer() })), ...errorResponses },
    },
    handler: async (req) => {
      const p = principalOf(req);
      return { data: await svc.emptyBin(ctx.db, p.workspaceId, (req.query as { type?: BinType }).type, actorOf(p, req.ip)) };
    },
  });
}
