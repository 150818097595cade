/**
 * HTTP API of landing pages: CRUD with the recycle bin, the template gallery, versions with restore, copy, and
 * statistics. Editors build; publishing, pausing and unpublishing need manager or owner.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app/context.js';
import { PageCreateSchema, PagePatchSchema, PageViewSchema, type PageCreate, type PagePatch } from '../../../common/pages.js';
import { principalOf } from '../../api/auth-hook.js';
import { Data, errorResponses, IdParams } from '../../api/common-schemas.js';
import { actorOf } from '../auth/auth.service.js';
import { periodOf, statsView } from '../forms/forms.routes.js';
import { dailyStats } from '../forms/stats.repo.js';
import * as repo from './pages.repo.js';
import * as svc from './pages.service.js';

const tags = ['pages'];
const idOf = (req: { params: unknown }) => (req.params as { id: number }).id;
const Period = Type.Object({ from: Type.Optional(Type.String({ format: 'date' })), to: Type.Optional(Type.String({ format: 'date' })) });

export async function registerPageRoutes(app: FastifyInstance, ctx: AppContext) {
  const one = async (p: repo.PageRow) => ({ data: await svc.pageView(ctx, p) });

  app.get('/api/v1/page-templates', {
    config: { access: 'read' },
    schema: { tags, summary: 'The starter gallery (each template in English and Hebrew)' },
    handler: async () => ({ data: svc.templateGallery() }),
  });

  app.get('/api/v1/pages', {
    config: { access: 'read' },
    schema: { tags, summary: 'Landing pages (deleted=true: the recycle bin)', querystring: Type.Object({ deleted: Type.Optional(Type.Boolean()) }), response: { 200: Data(Type.Array(PageViewSchema)), ...errorResponses } },
    handler: async (req) => {
      const ws = principalOf(req).workspaceId;
      const rows = await repo.listPages(ctx.db, ws, (req.query as { deleted?: boolean }).deleted ?? false);
      return { data: await Promise.all(rows.map((p) => svc.pageView(ctx, p))) };
    },
  });

  app.post('/api/v1/pages', {
    config: { access: 'write' },
    schema: { tags, summary: 'Create a page (optionally from a gallery template)', body: PageCreateSchema, response: { 201: Data(PageViewSchema), ...errorResponses } },
    handler: async (req, reply) => {
      const p = principalOf(req);
      return reply.status(201).send(await one(await svc.createPage(ctx, p.workspaceId, p.role, actorOf(p, req.ip), req.body as PageCreate)));
    },
  });

  app.get('/api/v1/pages/:id', {
    config: { access: 'read' },
    schema: { tags, summary: 'A page', params: IdParams, response: { 200: Data(PageViewSchema), ...errorResponses } },
    handler: async (req) => one(await svc.getPage(ctx, principalOf(req).workspaceId, idOf(req))),
  });

  app.patch('/api/v1/pages/:id', {
    config: { access: 'write' },
    schema: { tags, summary: 'Save a page (content changes are a new version; the published version is unchanged until publish)', params: IdParams, body: PagePatchSchema, response: { 200: Data(PageViewSchema), ...errorResponses } },
    handler: async (req) => {
      const p = principalOf(req);
      return one(await svc.updatePage(ctx, p.workspaceId, p.role, actorOf(p, req.ip), idOf(req), req.body as PagePatch));
    },
  });

  for (const [action, access] of [['publish', 'admin'], ['pause', 'admin'], ['unpublish', 'admin'], ['copy', 'write'], ['restore', 'write']] as const) {
    app.post(`/api/v1/pages/:id/${action}`, {
      config: { access },
      schema: { tags, summary: { publish: 'Publish the current version (manager/owner)', pause: 'Pause: visitors see the paused message (manager/owner)', unpublish: 'Back to draft: no longer served (manager/owner)', copy: 'Copy the page as a new draft', restore: 'Restore from the recycle bin' }[action], params: IdParams },
      handler: async (req, reply) => {
        const p = principalOf(req);
        const ws = p.workspaceId;
        const actor = actorOf(p, req.ip);
        if (action === 'publish') return one(await svc.publishPage(ctx, ws, actor, idOf(req)));
        if (action === 'pause') return one(await svc.setPageStatus(ctx, ws, actor, idOf(req), 'paused'));
        if (action === 'unpublish') return one(await svc.setPageStatus(ctx, ws, actor, idOf(req), 'draft'));
        if (action === 'copy') return reply.status(201).send(await one(await svc.copyPage(ctx, ws, actor, idOf(req))));
        await svc.deletePage(ctx, ws, actor, idOf(req), false);
        return reply.status(204).send();
      },
    });
  }

  app.delete('/api/v1/pages/:id', {
    config: { access: 'write' },
    schema: { tags, summary: 'Move a page to the recycle bin (it stops being served at once)', params: IdParams },
    handler: async (req, reply) => {
      const p = principalOf(req);
      await svc.deletePage(ctx, p.workspaceId, actorOf(p, req.ip), idOf(req), true);
      return reply.status(204).send();
    },
  });

  app.get('/api/v1/pages/:id/versions', {
    config: { access: 'read' },
    schema: { tags, summary: 'Saved versions, newest first', params: IdParams },
    handler: async (req) => {
      const ws = principalOf(req).workspaceId;
      await svc.getPage(ctx, ws, idOf(req));
      const rows = await repo.listVersions(ctx.db, ws, idOf(req));
      return { data: rows.map((v) => ({ version: v.version, lang: v.lang, published: v.published, createdAt: v.created_at.toISOString() })) };
    },
  });

  app.post('/api/v1/pages/:id/versions/:version/restore', {
    config: { access: 'write' },
    schema: { tags, summary: 'Make a saved version the current content (as a new version)', params: Type.Object({ id: Type.Integer({ minimum: 1 }), version: Type.Integer({ minimum: 1 }) }) },
    handler: async (req) => {
      const p = principalOf(req);
      const { version } = req.params as { version: number };
      return one(await svc.restoreVersion(ctx, p.workspaceId, p.role, actorOf(p, req.ip), idOf(req), version));
    },
  });

  app.get('/api/v1/pages/:id/stats', {
    config: { access: 'read' },
    schema: { tags, summary: 'Views, unique visitors by day', params: IdParams, querystring: Period },
    handler: async (req) => {
      const ws = principalOf(req).workspaceId;
      await svc.getPage(ctx, ws, idOf(req));
      const { from, to } = periodOf(req.query as Static<typeof Period>);
      return { data: { from, to, ...statsView(await dailyStats(ctx.db, ws, 'page', idOf(req), from, to)) } };
    },
  });
}
