/** HTTP routes of contact imports: upload, draft edits, start/cancel, progress, archive, issues, rejected rows. */
import { Readable } from 'node:stream';
import type { Static } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import type { AppContext } from '../../app/context.js';
import { principalOf } from '../../api/auth-hook.js';
import { Data, errorResponses, IdParams, Page } from '../../api/common-schemas.js';
import { badRequest, tooLarge } from '../../lib/errors.js';
import { actorOf } from '../auth/auth.service.js';
import * as S from './imports.schema.js';
import * as svc from './imports.service.js';
import { getImport, issuesPage, rejectedCsv, resolveConflict } from './import-issues.js';
import { importView, issueView } from './import-view.js';
import * as repo from './imports.repo.js';

const tags = { tags: ['imports'] };
type Id = Static<typeof IdParams>;

/** The uploaded file as a byte stream: a multipart `file` part, or the raw request body with `?fileName=`. */
async function uploadOf(req: FastifyRequest, maxBytes: number) {
  if (req.isMultipart()) {
    const part = await req.file({ limits: { fileSize: maxBytes, files: 1 } });
    if (!part) throw badRequest('Send the file in a multipart field named "file".', 'file');
    const stream = part.file;
    async function* guarded() {
      for await (const c of stream) yield c as Buffer;
      if (stream.truncated) throw tooLarge(`The file is larger than the limit of ${Math.round(maxBytes / 1048576)} MB.`);
    }
    return { fileName: part.filename, contentType: part.mimetype, stream: guarded() };
  }
  const q = req.query as Static<typeof S.UploadQuery>;
  if (!q.fileName) throw badRequest('Give the file name as ?fileName= when sending the raw file.', 'fileName');
  return { fileName: q.fileName, contentType: req.headers['content-type'], stream: req.body as AsyncIterable<Buffer> };
}

export async function registerImportRoutes(app: FastifyInstance, ctx: AppContext) {
  // A child context so the multipart plugin and the raw-body parser apply to these routes only (and the
  // global JSON body limit does not: files stream to the database in chunks).
  await app.register(async (r) => {
    await r.register(multipart, { limits: { fileSize: ctx.config.maxUploadBytes, files: 1, fields: 10 } });
    r.addContentTypeParser(['application/octet-stream', 'text/csv', 'text/plain', 'application/vnd.ms-excel',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/tab-separated-values'], (_req, payload, done) => done(null, payload));

    r.post('/api/v1/imports', {
      config: { access: 'write' },
      schema: {
        ...tags,
        summary: 'Upload a CSV or XLSX file (multipart field "file", or the raw body with ?fileName=); creates a draft with preview and suggested mapping',
        consumes: ['multipart/form-data', 'application/octet-stream', 'text/csv'],
        querystring: S.UploadQuery,
        response: { 201: Data(S.ImportView), 413: Type.Ref('ErrorBody'), ...errorResponses },
      },
      handler: async (req, reply) => {
        const p = principalOf(req);
        const up = await uploadOf(req, ctx.config.maxUploadBytes);
        const id = await svc.createFromUpload(ctx, p.workspaceId, actorOf(p, req.ip), up);
        const imp = await getImport(ctx, p.workspaceId, id);
        return reply.status(201).send({ data: importView(imp, { preview: true }) });
      },
    });

    r.get('/api/v1/imports', {
      config: { access: 'read' },
      schema: { ...tags, summary: 'The import archive, newest first', querystring: S.ListQuery, response: { 200: Page(S.ImportView), ...errorResponses } },
      handler: async (req) => {
        const p = principalOf(req);
        const q = req.query as Static<typeof S.ListQuery>;
        const limit = q.limit ?? 50;
        const before = q.cursor && /^\d+$/.test(q.cursor) ? Number(q.cursor) : null;
        const rows = await repo.listImports(ctx.db, p.workspaceId, before, limit + 1);
        const page = rows.slice(0, limit);
        return { data: page.map((i) => importView(i)), meta: { nextCursor: rows.length > limit ? String(page[page.length - 1].id) : null } };
      },
    });

    r.get('/api/v1/imports/:id', {
      config: { access: 'read' },
      schema: { ...tags, summary: 'An import: settings, preview, status, progress (rows/s, ETA) and counts', params: IdParams, response: { 200: Data(S.ImportView), ...errorResponses } },
      handler: async (req) => {
        const p = principalOf(req);
        return { data: importView(await getImport(ctx, p.workspaceId, (req.params as Id).id), { preview: true }) };
      },
    });

    r.patch('/api/v1/imports/:id', {
      config: { access: 'write' },
      schema: {
        ...tags,
        summary: 'Change a draft: mapping, new custom fields from columns, target groups (or groupName to create one), mode, country, sheet',
        params: IdParams,
        body: S.PatchBody,
        response: { 200: Data(S.ImportView), ...errorResponses },
      },
      handler: async (req) => {
        const p = principalOf(req);
        const id = (req.params as Id).id;
        await svc.updateDraft(ctx, p.workspaceId, id, actorOf(p, req.ip), req.body as svc.DraftPatch);
        return { data: importView(await getImport(ctx, p.workspaceId, id), { preview: true }) };
      },
    });

    r.post('/api/v1/imports/:id/start', {
      config: { access: 'write' },
      schema: { ...tags, summary: 'Queue the import as a background job', params: IdParams, response: { 202: Data(S.ImportView), ...errorResponses } },
      handler: async (req, reply) => {
        const p = principalOf(req);
        const id = (req.params as Id).id;
        await svc.startImport(ctx, p.workspaceId, id, actorOf(p, req.ip));
        return reply.status(202).send({ data: importView(await getImport(ctx, p.workspaceId, id)) });
      },
    });

    r.post('/api/v1/imports/:id/cancel', {
      config: { access: 'write' },
      schema: { ...tags, summary: 'Cancel a draft, queued or running import (committed batches stay)', params: IdParams, response: { 200: Data(S.ImportView), ...errorResponses } },
      handler: async (req) => {
        const p = principalOf(req);
        const id = (req.params as Id).id;
        await svc.cancelImport(ctx, p.workspaceId, id, actorOf(p, req.ip));
        return { data: importView(await getImport(ctx, p.workspaceId, id)) };
      },
    });

    r.get('/api/v1/imports/:id/issues', {
      config: { access: 'read' },
      schema: { ...tags, summary: 'Rejected rows (invalid) and conflicts, in file order', params: IdParams, querystring: S.IssuesQuery, response: { 200: Page(S.IssueView), ...errorResponses } },
      handler: async (req) => {
        const p = principalOf(req);
        const r2 = await issuesPage(ctx, p.workspaceId, (req.params as Id).id, req.query as Static<typeof S.IssuesQuery>);
        return { data: r2.rows.map(issueView), meta: { nextCursor: r2.nextCursor } };
      },
    });

    r.get('/api/v1/imports/:id/merges', {
      config: { access: 'read' },
      schema: { ...tags, summary: 'In-file duplicates: which line was merged into which, in file order', params: IdParams, querystring: S.MergesQuery, response: { 200: Page(S.MergeView), ...errorResponses } },
      handler: async (req) => {
        const p = principalOf(req);
        const imp = await getImport(ctx, p.workspaceId, (req.params as Id).id);
        const q = req.query as Static<typeof S.MergesQuery>;
        const limit = q.limit ?? 100;
        const rows = await repo.listMerges(ctx.db, p.workspaceId, imp.id, Number(q.cursor ?? 0), limit + 1);
        const page = rows.slice(0, limit).map((m) => ({ line: Number(m.line), intoLine: Number(m.intoLine) }));
        return { data: page, meta: { nextCursor: rows.length > limit ? String(page[page.length - 1].line) : null } };
      },
    });

    r.get('/api/v1/imports/:id/rejected.csv', {
      config: { access: 'read' },
      schema: { ...tags, summary: 'Download the rejected rows as CSV (original columns + line, column, reason)', params: IdParams, produces: ['text/csv'], response: { 200: Type.String(), ...errorResponses } },
      handler: async (req, reply) => {
        const p = principalOf(req);
        const imp = await getImport(ctx, p.workspaceId, (req.params as Id).id);
        const name = imp.file_name.replace(/\.[^.]*$/, '') + '-rejected.csv';
        reply.header('content-type', 'text/csv; charset=utf-8');
        reply.header('content-disposition', `attachment; filename="${name.replace(/[^\w.\- ]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`);
        return reply.send(ReadableFrom(rejectedCsv(ctx, p.workspaceId, imp.id)));
      },
    });

    r.post('/api/v1/imports/:id/conflicts/:issueId/resolve', {
      config: { access: 'write' },
      schema: {
        ...tags,
        summary: 'Resolve a conflict: apply the row to the contact with its email or the one with its phone',
        params: S.ResolveParams,
        body: S.ResolveBody,
        response: { 200: Data(Type.Object({ contactId: Type.Integer(), updated: Type.Boolean(), addedToGroups: Type.Integer() })), ...errorResponses },
      },
      handler: async (req) => {
        const p = principalOf(req);
        const prm = req.params as Static<typeof S.ResolveParams>;
        const body = req.body as Static<typeof S.ResolveBody>;
        return { data: await resolveConflict(ctx, p.workspaceId, prm.id, prm.issueId, body.winner, actorOf(p, req.ip)) };
      },
    });
  });
}

/** An async generator of strings as a Node stream Fastify can send. */
const ReadableFrom = (g: AsyncGenerator<string>) => Readable.from(g, { objectMode: false });
