/** HTTP: groups (CRUD, bin, restore) and bulk membership changes with counts. */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { FilterInputSchema } from '../../../common/segments.js';
import type { AppContext } from '../../app/context.js';
import { principalOf } from '../../api/auth-hook.js';
import { Data, errorResponses, IdParams } from '../../api/common-schemas.js';
import { notFound } from '../../lib/errors.js';
import { actorOf } from '../auth/auth.service.js';
import * as repo from './groups.repo.js';
import * as svc from './groups.service.js';

const GroupView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  description: Type.String(),
  memberCount: Type.Integer({ description: 'Live contacts in the group (contacts in the bin are not counted)' }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  deletedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
const GroupCreate = Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), description: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });
const GroupPatch = Type.Object({ name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), description: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });
const selection = {
  contactIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 50_000 })),
  filter: Type.Optional(FilterInputSchema),
};
const SelectionBody = Type.Object(selection, { additionalProperties: false, description: 'contactIds, a filter, or both (contacts matching both)' });
const TransferBody = Type.Object({ toGroupId: Type.Integer({ minimum: 1 }), ...selection }, { additionalProperties: false, description: 'Without contactIds/filter: every member of the source group' });

const view = (g: repo.GroupRow) => ({
  id: g.id,
  name: g.name,
  description: g.description,
  memberCount: Number(g.member_count),
  createdAt: g.created_at.toISOString(),
  updatedAt: g.updated_at.toISOString(),
  deletedAt: g.deleted_at ? g.deleted_at.toISOString() : null,
});

const tags = ['groups'];
const idOf = (req: { params: unknown }) => (req.params as { id: number }).id;

export async function registerGroupRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/groups', {
    config: { access: 'read' },
    schema: { tags, summary: 'Groups with member counts (deleted=true: the ones in the bin)', querystring: Type.Object({ deleted: Type.Optional(Type.Boolean()) }), response: { 200: Data(Type.Array(GroupView)), ...errorResponses } },
    handler: async (req) => ({ data: (await repo.listGroups(ctx.db, principalOf(req).workspaceId, { deleted: (req.query as { deleted?: boolean }).deleted })).map(view) }),
  });

  app.post('/api/v1/groups', {
    config: { access: 'write' },
    schema: { tags, summary: 'Create a group (names are unique, case-insensitively)', body: GroupCreate, response: { 201: Data(GroupView), ...errorResponses } },
    handler: async (req, reply) => {
      const p = principalOf(req);
      return reply.status(201).send({ data: view(await svc.createGroup(ctx.db, p.workspaceId, actorOf(p, req.ip), req.body as Static<typeof GroupCreate>)) });
    },
  });

  app.get('/api/v1/groups/:id', {
    config: { access: 'read' },
    schema: { tags, summary: 'A group with its member count', params: IdParams, response: { 200: Data(GroupView), ...errorResponses } },
    handler: async (req) => {
      const g = await repo.findGroup(ctx.db, principalOf(req).workspaceId, idOf(req));
      if (!g) throw notFound('Group');
      return { data: view(g) };
    },
  });

  app.patch('/api/v1/groups/:id', {
    config: { access: 'write' },
    schema: { tags, summary: 'Rename a group or change its description', params: IdParams, body: GroupPatch, response: { 200: Data(GroupView), ...errorResponses } },
    handler: async (req) => {
      const p = principalOf(req);
      return { data: view(await svc.updateGroup(ctx.db, p.workspaceId, actorOf(p, req.ip), idOf(req), req.body as Static<typeof GroupPatch>)) };
    },
  });

  app.delete('/api/v1/groups/:id', {
    config: { access: 'write' },
    schema: { tags, summary: 'Move a group to the bin (memberships are kept for a restore)', params: IdParams, response: { 204: Type.Null(), ...errorResponses } },
    handler: async (req, reply) => {
      const p = principalOf(req);
      await svc.deleteGroup(ctx.db, p.workspaceId, actorOf(p, req.ip), idOf(req));
      return reply.status(204).send();
    },
  });

  app.post('/api/v1/groups/:id/restore', {
    config: { access: 'write' },
    schema: { tags, summary: 'Bring a group back from the bin with its members', params: IdParams, response: { 200: Data(GroupView), ...errorResponses } },
    handler: async (req) => {
      const p = principalOf(req);
      return { data: view(await svc.restoreGroup(ctx.db, p.workspaceId, actorOf(p, req.ip), idOf(req))) };
    },
  });

  app.post('/api/v1/groups/:id/members', {
    config: { access: 'write' },
    schema: {
      tags, summary: 'Add contacts (by ids and/or filter) to a group', params: IdParams, body: SelectionBody,
      response: { 200: Data(Type.Object({ added: Type.Integer(), memberCount: Type.Integer() })), ...errorResponses },
    },
    handler: async (req) => {
      const p = principalOf(req);
      return { data: await svc.addToGroup(ctx.db, p.workspaceId, actorOf(p, req.ip), idOf(req), req.body as Static<typeof SelectionBody>) };
    },
  });

  app.delete('/api/v1/groups/:id/members', {
    config: { access: 'write' },
    schema: {
      tags, summary: 'Remove contacts (by ids and/or filter) from a group', params: IdParams, body: SelectionBody,
      response: { 200: Data(Type.Object({ removed: Type.Integer(), memberCount: Type.Integer() })), ...errorResponses },
    },
    handler: async (req) => {
      const p = principalOf(req);
      return { data: await svc.removeFromGroup(ctx.db, p.workspaceId, actorOf(p, req.ip), idOf(req), req.body as Static<typeof SelectionBody>) };
    },
  });

  const TransferResult = Type.Object({ added: Type.Integer(), removed: Type.Integer(), fromMemberCount: Type.Integer(), toMemberCount: Type.Integer() });
  for (const mode of ['move', 'copy'] as const) {
    app.post(`/api/v1/groups/:id/${mode}`, {
      config: { access: 'write' },
      schema: {
        tags,
        summary: mode === 'move' ? 'Move members to another group (copy + remove from this one, atomically)' : 'Copy members to another group',
        params: IdParams, body: TransferBody, response: { 200: Data(TransferResult), ...errorResponses },
      },
      handler: async (req) => {
        const p = principalOf(req);
        const b = req.body as Static<typeof TransferBody>;
        return { data: await svc.transferMembers(ctx.db, p.workspaceId, actorOf(p, req.ip), idOf(req), b.toGroupId, b, mode) };
      },
    });
  }
}
