/** HTTP routes for custom field definitions: /api/v1/fields. */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { FieldCreateSchema, FieldDefinitionSchema, FieldPatchSchema } from '../../../common/fields.js';
import type { AppContext } from '../../app/context.js';
import { principalOf } from '../../api/auth-hook.js';
import { Data, errorResponses, IdParams } from '../../api/common-schemas.js';
import { notFound } from '../../lib/errors.js';
import { actorOf } from '../auth/auth.service.js';
import * as repo from './fields.repo.js';
import * as svc from './fields.service.js';

const tags = ['fields'];

export async function registerFieldRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/fields', {
    config: { access: 'read' },
    schema: { tags, summary: 'Custom field definitions of this workspace', response: { 200: Data(Type.Array(FieldDefinitionSchema)), ...errorResponses } },
    handler: async (req) => ({ data: (await repo.listFields(ctx.db, principalOf(req).workspaceId)).map(svc.fieldView) }),
  });

  app.get('/api/v1/fields/:id', {
    config: { access: 'read' },
    schema: { tags, summary: 'One custom field definition', params: IdParams, response: { 200: Data(FieldDefinitionSchema), ...errorResponses } },
    handler: async (req) => {
      const row = await repo.findFieldById(ctx.db, principalOf(req).workspaceId, (req.params as { id: number }).id);
      if (!row) throw notFound('Field');
      return { data: svc.fieldView(row) };
    },
  });

  app.post('/api/v1/fields', {
    config: { access: 'write' },
    schema: { tags, summary: 'Define a custom field (key, label, type, options for selects)', body: FieldCreateSchema, response: { 201: Data(FieldDefinitionSchema), ...errorResponses } },
    handler: async (req, reply) => {
      const p = principalOf(req);
      const row = await svc.createField(ctx.db, p.workspaceId, req.body as Static<typeof FieldCreateSchema>, actorOf(p, req.ip));
      return reply.status(201).send({ data: svc.fieldView(row) });
    },
  });

  app.patch('/api/v1/fields/:id', {
    config: { access: 'write' },
    schema: { tags, summary: 'Rename a field or change its options (removed options are cleared from contacts)', params: IdParams, body: FieldPatchSchema, response: { 200: Data(FieldDefinitionSchema), ...errorResponses } },
    handler: async (req) => {
      const p = principalOf(req);
      const row = await svc.updateField(ctx.db, p.workspaceId, (req.params as { id: number }).id, req.body as Static<typeof FieldPatchSchema>, actorOf(p, req.ip));
      return { data: svc.fieldView(row) };
    },
  });

  app.delete('/api/v1/fields/:id', {
    config: { access: 'write' },
    schema: {
      tags,
      summary: 'Delete a field and remove its values from every contact',
      params: IdParams,
      response: { 200: Data(Type.Object({ id: Type.Integer(), key: Type.String(), contactsCleared: Type.Integer() })), ...errorResponses },
    },
    handler: async (req) => {
      const p = principalOf(req);
      const r = await svc.deleteField(ctx.db, p.workspaceId, (req.params as { id: number }).id, actorOf(p, req.ip));
      return { data: { id: r.row.id, key: r.row.key, contactsCleared: r.cleared } };
    },
  });
}
