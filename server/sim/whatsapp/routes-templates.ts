/**
 * Template management API (§4): `POST|GET|DELETE /{version}/{waba-id}/message_templates`
 * and `POST /{version}/{template-id}` (edit). Single-object GET lives in routes-objects.ts.
 */
import type { FastifyInstance } from 'fastify';
import type { CreateTemplateRequest } from '../../domains/channels/whatsapp/wa-types.js';
import type { SimContext } from './context.js';
import { GraphError } from './graph-errors.js';
import { checkVersion, requireToken, unknownObject } from './http.js';
import { createTemplate, editTemplate, presentTemplate } from './template-lifecycle.js';

type P = { Params: { ver: string; id: string }; Querystring: Record<string, string | undefined> };

/** Registers the template routes. */
export function registerTemplateRoutes(app: FastifyInstance, ctx: SimContext): void {
  const waba = (req: { params: { ver: string; id: string } } & Parameters<typeof requireToken>[1], verb: 'get' | 'post' | 'delete') => {
    requireToken(ctx, req);
    checkVersion(req.params.ver);
    if (!ctx.hasWaba(req.params.id)) throw unknownObject(req.params.id, verb);
    return req.params.id;
  };

  app.post<P>('/:ver/:id/message_templates', async (req) => {
    const wabaId = waba(req, 'post');
    const tpl = createTemplate(ctx, wabaId, req.body as CreateTemplateRequest);
    return { id: tpl.id, status: tpl.status, category: tpl.category };
  });

  app.get<P>('/:ver/:id/message_templates', async (req) => {
    const wabaId = waba(req, 'get');
    const q = req.query;
    let list = [...ctx.state.templates.values()].filter((t) => t.wabaId === wabaId && t.status !== 'DELETED');
    if (q.name) list = list.filter((t) => t.name.includes(q.name!));
    if (q.status) list = list.filter((t) => q.status!.toUpperCase().split(',').includes(t.status));
    if (q.category) list = list.filter((t) => q.category!.toUpperCase().split(',').includes(t.category));
    if (q.language) list = list.filter((t) => t.language === q.language);
    const limit = Math.min(Math.max(Number(q.limit) || 25, 1), 1000);
    const start = q.after ? Number(Buffer.from(q.after, 'base64').toString()) || 0 : 0;
    const page = list.slice(start, start + limit);
    const fields = q.fields ? new Set(['id', ...q.fields.split(',').map((f) => f.trim())]) : null;
    const data = page.map((t) => {
      const full = presentTemplate(t);
      return fields ? Object.fromEntries(Object.entries(full).filter(([k]) => fields.has(k))) : full;
    });
    const cursor = (n: number) => Buffer.from(String(n)).toString('base64');
    const out: Record<string, unknown> = { data, paging: { cursors: { before: cursor(start), after: cursor(start + page.length) } } };
    if (start + limit < list.length) {
      const next = new URL(`http://${req.headers.host}${req.url}`);
      next.searchParams.set('after', cursor(start + limit));
      (out.paging as Record<string, unknown>).next = next.toString();
    }
    return out;
  });

  app.delete<P>('/:ver/:id/message_templates', async (req) => {
    const wabaId = waba(req, 'delete');
    const { name, hsm_id: hsmId } = req.query;
    if (!name) throw new GraphError(100, 'The parameter name is required.');
    const matches = [...ctx.state.templates.values()].filter((t) => t.wabaId === wabaId && t.name === name && t.status !== 'DELETED' && (!hsmId || t.id === hsmId));
    if (matches.length === 0) throw new GraphError(100, `Message template "${name}" was not found.`, 2593002);
    for (const t of matches) t.status = 'DELETED';
    return { success: true };
  });

  app.post<P>('/:ver/:id', async (req) => {
    requireToken(ctx, req);
    checkVersion(req.params.ver);
    const tpl = ctx.state.templates.get(req.params.id);
    if (!tpl || tpl.status === 'DELETED') throw unknownObject(req.params.id, 'post');
    editTemplate(ctx, tpl, (req.body ?? {}) as Partial<CreateTemplateRequest>);
    return { success: true, id: tpl.id, category: tpl.category };
  });
}
