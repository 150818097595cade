/** HTTP routes of contact exports: request (background job), status, streamed download, and a direct CSV stream. */
import { Readable } from 'node:stream';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppContext } from '../../app/context.js';
import { principalOf } from '../../api/auth-hook.js';
import { Data, errorResponses, IdParams } from '../../api/common-schemas.js';
import { actorOf } from '../auth/auth.service.js';
import { readFile } from '../files/index.js';
import { EXPORT_KINDS } from './export-query.js';
import { directCsv, downloadable, exportFileName, findExport, requestExport, type ExportRow } from './exports.service.js';

const tags = { tags: ['exports'] };
const Kind = Type.Union(EXPORT_KINDS.map((k) => Type.Literal(k)));
const CreateBody = Type.Object(
  {
    kind: Kind,
    groupId: Type.Optional(Type.Integer({ minimum: 1 })),
    segmentId: Type.Optional(Type.Integer({ minimum: 1 })),
    format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx')]),
    columns: Type.Optional(Type.Array(Type.String(), { minItems: 1, maxItems: 300, description: 'Column keys: id, email, phone, first_name, …, custom:<key>' })),
  },
  { additionalProperties: false },
);
const ExportView = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  format: Type.String(),
  status: Type.String(),
  rowCount: Type.Integer(),
  fileName: Type.String(),
  error: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
const DirectQuery = Type.Object({
  kind: Type.Optional(Kind),
  groupId: Type.Optional(Type.Integer({ minimum: 1 })),
  segmentId: Type.Optional(Type.Integer({ minimum: 1 })),
});

const view = (e: ExportRow) => ({
  id: e.id,
  kind: e.kind,
  format: e.format,
  status: e.status,
  rowCount: e.row_count,
  fileName: exportFileName(e),
  error: e.error,
  createdAt: new Date(e.created_at).toISOString(),
  finishedAt: e.finished_at ? new Date(e.finished_at).toISOString() : null,
});

function attachment(reply: FastifyReply, name: string, type: string) {
  reply.header('content-type', type);
  reply.header('content-disposition', `attachment; filename="${name.replace(/[^\w.\- ]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`);
}

export async function registerExportRoutes(app: FastifyInstance, ctx: AppContext) {
  app.post('/api/v1/exports', {
    config: { access: 'read' },
    schema: { ...tags, summary: 'Export contacts (all, a group, a segment, unsubscribed, bounced, invalid) to CSV or XLSX in the background', body: CreateBody, response: { 202: Data(ExportView), ...errorResponses } },
    handler: async (req, reply) => {
      const p = principalOf(req);
      const id = await requestExport(ctx, p.workspaceId, actorOf(p, req.ip), req.body as Static<typeof CreateBody>);
      return reply.status(202).send({ data: view(await findExport(ctx, p.workspaceId, id)) });
    },
  });

  app.get('/api/v1/exports/:id', {
    config: { access: 'read' },
    schema: { ...tags, summary: 'Status of an export', params: IdParams, response: { 200: Data(ExportView), ...errorResponses } },
    handler: async (req) => {
      const p = principalOf(req);
      return { data: view(await findExport(ctx, p.workspaceId, (req.params as Static<typeof IdParams>).id)) };
    },
  });

  app.get('/api/v1/exports/:id/download', {
    config: { access: 'read' },
    schema: { ...tags, summary: 'Download a finished export (streamed)', params: IdParams, produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'], response: { 200: Type.String(), ...errorResponses } },
    handler: async (req, reply) => {
      const p = principalOf(req);
      const d = await downloadable(ctx, p.workspaceId, (req.params as Static<typeof IdParams>).id);
      attachment(reply, exportFileName(d.export), d.export.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      return reply.send(Readable.from(readFile(ctx.db, d.fileId)));
    },
  });

  app.get('/api/v1/contacts/export.csv', {
    config: { access: 'read' },
    schema: { ...tags, summary: 'Stream contacts as CSV right away (all, or ?groupId= / ?segmentId= / ?kind=)', querystring: DirectQuery, produces: ['text/csv'], response: { 200: Type.String(), ...errorResponses } },
    handler: async (req, reply) => {
      const p = principalOf(req);
      const q = req.query as Static<typeof DirectQuery>;
      const kind = q.kind ?? (q.groupId ? 'group' : q.segmentId ? 'segment' : 'all');
      const gen = directCsv(ctx, p.workspaceId, { kind, groupId: q.groupId, segmentId: q.segmentId });
      const first = await gen.next(); // validation errors (unknown group) become a JSON 4xx before streaming starts
      attachment(reply, `contacts-${kind}.csv`, 'text/csv; charset=utf-8');
      async function* all() {
        if (!first.done) yield first.value;
        yield* gen;
      }
      return reply.send(Readable.from(all()));
    },
  });
}
