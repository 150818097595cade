/** HTTP: saved segments (CRUD, bin), live count and preview while editing, a segment's contacts. */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ContactSchema } from '../../../common/contacts.js';
import { FilterInputSchema, type FilterGroup } from '../../../common/segments.js';
import type { AppContext } from '../../app/context.js';
import { principalOf } from '../../api/auth-hook.js';
import { Data, errorResponses, IdParams, Page } from '../../api/common-schemas.js';
import { notFound } from '../../lib/errors.js';
import { actorOf } from '../auth/auth.service.js';
import { contactPage } from '../contacts/contacts-query.routes.js';
import { contactView, listContacts } from '../contacts/contacts-query.service.js';
import * as repo from './segments.repo.js';
import * as svc from './segments.service.js';

const SegmentView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  filter: FilterInputSchema,
  count: Type.Optional(Type.Integer({ description: 'Live contacts matching now (single-segment responses)' })),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  deletedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
const SegmentCreate = Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), filter: FilterInputSchema }, { additionalProperties: false });
const SegmentPatch = Type.Object(
  { name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), filter: Type.Optional(FilterInputSchema) },
  { additionalProperties: false },
);
const CountBody = Type.Object({ filter: FilterInputSchema }, { additionalProperties: false });
const PreviewBody = Type.Object({ filter: FilterInputSchema, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })) }, { additionalProperties: false });
const PageQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 2000 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  sort: Type.Optional(Type.Union(['created_at', 'updated_at', 'email', 'first_name', 'last_name'].map((s) => Type.Literal(s)))),
  order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
});

const view = (r: repo.SegmentRow, count?: number) => ({
  id: r.id,
  name: r.name,
  filter: r.filter as FilterGroup,
  ...(count !== undefined ? { count } : {}),
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
  deletedAt: r.deleted_at ? r.deleted_at.toISOString() : null,
});

const tags = ['segments'];

export async function registerSegmentRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/segments', {
    config: { access: 'read' },
    schema: { tags, summary: 'Saved segments (deleted=1: the ones in the bin)', querystring: Type.Object({ deleted: Type.Optional(Type.Boolean()) }), response: { 200: Data(Type.Array(SegmentView)), ...errorResponses } },
    handler: async (req) => ({ data: (await repo.listSegments(ctx.db, principalOf(req).workspaceId, { deleted: (req.query as { deleted?: boolean }).deleted })).map((r) => view(r)) }),
  });

  app.post('/api/v1/segments', {
    config: { access: 'write' },
    schema: { tags, summary: 'Save a segment (a named filter tree)', body: SegmentCreate, response: { 201: Data(SegmentView), ...errorResponses } },
    handler: async (req, reply) => {
      const p = principalOf(req);
      const b = req.body as Static<typeof SegmentCreate>;
      const row = await svc.createSegment(ctx.db, p.workspaceId, actorOf(p, req.ip), b);
      return reply.status(201).send({ data: view(row, await svc.countSegment(ctx.db, p.workspaceId, row.id)) });
    },
  });

  app.post('/api/v1/segments/count', {
    config: { access: 'read' },
    schema: { tags, summary: 'Live count of an unsaved filter (the builder calls it while editing)', body: CountBody, response: { 200: Data(Type.Object({ count: Type.Integer() })), ...errorResponses } },
    handler: async (req) => ({ data: { count: await svc.countFilter(ctx.db, principalOf(req).workspaceId, (req.body as Static<typeof CountBody>).filter) } }),
  });

  app.post('/api/v1/segments/preview', {
    config: { access: 'read' },
    schema: { tags, summary: 'The first contacts an unsaved filter matches', body: PreviewBody, response: { 200: Data(Type.Array(ContactSchema)), ...errorResponses } },
    handler: async (req) => {
      const b = req.body as Static<typeof PreviewBody>;
      const r = await listContacts(ctx.db, principalOf(req).workspaceId, { filter: b.filter, limit: b.limit ?? 20 });
      return { data: r.rows.map(contactView) };
    },
  });

  app.get('/api/v1/segments/:id', {
    config: { access: 'read' },
    schema: { tags, summary: 'A segment with its live count', params: IdParams, response: { 200: Data(SegmentView), ...errorResponses } },
    handler: async (req) => {
      const ws = principalOf(req).workspaceId;
      const row = await repo.findSegment(ctx.db, ws, (req.params as { id: number }).id);
      if (!row) throw notFound('Segment');
      return { data: view(row, await svc.countSegment(ctx.db, ws, row.id)) };
    },
  });

  app.get('/api/v1/segments/:id/contacts', {
    config: { access: 'read' },
    schema: { tags, summary: 'Contacts in a segment, a cursor page at a time', params: IdParams, querystring: PageQuery, response: { 200: Page(ContactSchema), ...errorResponses } },
    handler: async (req) => {
      const q = req.query as Static<typeof PageQuery>;
      return contactPage(ctx, principalOf(req).workspaceId, { ...q, sort: q.sort as never, segmentId: (req.params as { id: number }).id });
    },
  });

  app.patch('/api/v1/segments/:id', {
    config: { access: 'write' },
    schema: { tags, summary: 'Rename a segment or change its filter', params: IdParams, body: SegmentPatch, response: { 200: Data(SegmentView), ...errorResponses } },
    handler: async (req) => {
      const p = principalOf(req);
      const row = await svc.updateSegment(ctx.db, p.workspaceId, actorOf(p, req.ip), (req.params as { id: number }).id, req.body as Static<typeof SegmentPatch>);
      return { data: view(row) };
    },
  });

  app.delete('/api/v1/segments/:id', {
    config: { access: 'write' },
    schema: { tags, summary: 'Move a segment to the bin (restorable for 7 days)', params: IdParams, response: { 204: Type.Null(), ...errorResponses } },
    handler: async (req, reply) => {
      const p = principalOf(req);
      await svc.deleteSegment(ctx.db, p.workspaceId, actorOf(p, req.ip), (req.params as { id: number }).id);
      return reply.status(204).send();
    },
  });

  app.post('/api/v1/segments/:id/restore', {
    config: { access: 'write' },
    schema: { tags, summary: 'Bring a segment back from the bin', params: IdParams, response: { 200: Data(SegmentView), ...errorResponses } },
    handler: async (req) => {
      const p = principalOf(req);
      return { data: view(await svc.restoreSegment(ctx.db, p.workspaceId, actorOf(p, req.ip), (req.params as { id: number }).id)) };
    },
  });
}
