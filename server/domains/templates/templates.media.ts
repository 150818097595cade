/**
 * The media library: PNG, JPG and GIF images up to 1.5 MB (recognised by their first bytes, not their names),
 * stored in the database (files/file_chunks, purpose 'media') and served publicly at a stable, cacheable URL
 * `/media/<workspace slug>/<id>/<name>` that email clients can load.
 */
import { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app/context.js';
import { principalOf } from '../../api/auth-hook.js';
import { errorResponses, IdParams, Page, Data } from '../../api/common-schemas.js';
import { badRequest, notFound } from '../../lib/errors.js';
import { recordAudit } from '../audit/index.js';
import { actorOf } from '../auth/auth.service.js';
import { deleteFile, readFile, storeStream } from '../files/index.js';

export const MEDIA_MAX_BYTES = 1.5 * 1024 * 1024;

/** The image type from its magic bytes, or null. */
export function sniffImage(head: Buffer): { type: string; ext: string } | null {
  if (head.length >= 8 && head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return { type: 'image/png', ext: 'png' };
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return { type: 'image/jpeg', ext: 'jpg' };
  if (head.length >= 6 && /^GIF8[79]a$/.test(head.subarray(0, 6).toString('latin1'))) return { type: 'image/gif', ext: 'gif' };
  return null;
}

/** A file name safe in a URL path segment, keeping the right extension. */
function safeName(name: string, ext: string): string {
  const base = name.replace(/\.[^.]*$/, '').normalize('NFKD').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'image';
  return `${base}.${ext}`;
}

const MediaView = Type.Object({ id: Type.Integer(), name: Type.String(), url: Type.String(), contentType: Type.String(), size: Type.Integer(), createdAt: Type.String() });

export async function registerMediaRoutes(app: FastifyInstance, ctx: AppContext) {
  const base = () => ctx.config.publicUrl.replace(/\/+$/, '');
  const view = (slug: string, f: { id: number; name: string; content_type: string; size_bytes: number; created_at: Date }) => ({
    id: f.id, name: f.name, url: `${base()}/media/${slug}/${f.id}/${encodeURIComponent(f.name)}`, contentType: f.content_type, size: Number(f.size_bytes), createdAt: f.created_at.toISOString(),
  });
  const slugOf = async (ws: number) => (await ctx.db.selectFrom('workspaces').select('slug').where('id', '=', ws).executeTakeFirstOrThrow()).slug;

  await app.register(async (r) => {
    await r.register(multipart, { limits: { fileSize: MEDIA_MAX_BYTES + 1, files: 1, fields: 5 } });
    r.post('/api/v1/media', {
      config: { access: 'write' },
      schema: { tags: ['templates'], summary: 'Upload an image (PNG, JPG or GIF, at most 1.5 MB) in the multipart field "file"', consumes: ['multipart/form-data'], response: { 201: Data(MediaView), ...errorResponses } },
      handler: async (req, reply) => {
        const p = principalOf(req);
        if (!req.isMultipart()) throw badRequest('Send the image as multipart/form-data in a field named "file".', 'file');
        const part = await req.file();
        if (!part) throw badRequest('Send the image in a multipart field named "file".', 'file');
        const bytes = await part.toBuffer().catch(() => null);
        if (!bytes || part.file.truncated || bytes.length > MEDIA_MAX_BYTES) throw badRequest('The image is larger than 1.5 MB. Resize or compress it and try again.', 'file');
        const kind = sniffImage(bytes);
        if (!kind) throw badRequest('Only PNG, JPG and GIF images can be uploaded; this file is not one of them.', 'file');
        const name = safeName(part.filename || 'image', kind.ext);
        const stored = await storeStream(ctx.db, Readable.from([bytes]), { workspaceId: p.workspaceId, purpose: 'media', name, contentType: kind.type });
        await recordAudit(ctx.db, p.workspaceId, actorOf(p, req.ip), 'media.uploaded', 'file', stored.fileId, { name, size: stored.size });
        const f = await ctx.db.selectFrom('files').selectAll().where('id', '=', stored.fileId).executeTakeFirstOrThrow();
        return reply.status(201).send({ data: view(await slugOf(p.workspaceId), f) });
      },
    });
  });

  app.get('/api/v1/media', {
    config: { access: 'read' },
    schema: {
      tags: ['templates'], summary: 'The media library, newest first',
      querystring: Type.Object({ cursor: Type.Optional(Type.String()), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })) }),
      response: { 200: Page(MediaView), ...errorResponses },
    },
    handler: async (req) => {
      const ws = principalOf(req).workspaceId;
      const q = req.query as { cursor?: string; limit?: number };
      const limit = q.limit ?? 100;
      let qb = ctx.db.selectFrom('files').selectAll().where('workspace_id', '=', ws).where('purpose', '=', 'media').where('complete', '=', true).orderBy('id', 'desc').limit(limit);
      if (q.cursor && Number(q.cursor)) qb = qb.where('id', '<', Number(q.cursor));
      const rows = await qb.execute();
      const slug = await slugOf(ws);
      return { data: rows.map((f) => view(slug, f)), meta: { nextCursor: rows.length === limit ? String(rows[rows.length - 1].id) : null } };
    },
  });

  app.delete('/api/v1/media/:id', {
    config: { access: 'write' },
    schema: { tags: ['templates'], summary: 'Delete an image (emails already sent that show it will show a broken image)', params: IdParams, response: { 204: Type.Null(), ...errorResponses } },
    handler: async (req, reply) => {
      const p = principalOf(req);
      const id = (req.params as Static<typeof IdParams>).id;
      const f = await ctx.db.selectFrom('files').select('id').where('workspace_id', '=', p.workspaceId).where('id', '=', id).where('purpose', '=', 'media').executeTakeFirst();
      if (!f) throw notFound('Image');
      await deleteFile(ctx.db, p.workspaceId, id);
      await recordAudit(ctx.db, p.workspaceId, actorOf(p, req.ip), 'media.deleted', 'file', id, {});
      return reply.status(204).send();
    },
  });

  // Public: email clients fetch images without credentials. The id never changes content, so cache for a year.
  app.get('/media/:slug/:id/:name', {
    config: { access: 'public' },
    schema: { hide: true, params: Type.Object({ slug: Type.String({ maxLength: 100 }), id: Type.Integer({ minimum: 1 }), name: Type.String({ maxLength: 200 }) }) },
    handler: async (req, reply) => {
      const { slug, id, name } = req.params as { slug: string; id: number; name: string };
      const f = await ctx.db
        .selectFrom('files')
        .innerJoin('workspaces', 'workspaces.id', 'files.workspace_id')
        .select(['files.id', 'files.name', 'files.content_type', 'files.size_bytes'])
        .where('workspaces.slug', '=', slug)
        .where('files.id', '=', id)
        .where('files.purpose', '=', 'media')
        .where('files.complete', '=', true)
        .executeTakeFirst();
      if (!f || f.name !== name) return reply.status(404).send({ error: { code: 'not_found', message: 'Image not found.' } });
      reply.header('cache-control', 'public, max-age=31536000, immutable').header('x-content-type-options', 'nosniff').type(f.content_type).header('content-length', String(f.size_bytes));
      return reply.send(Readable.from(readFile(ctx.db, f.id)));
    },
  });
}
