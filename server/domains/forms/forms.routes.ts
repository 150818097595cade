/**
 * HTTP API of forms: CRUD with the recycle bin, embed snippets, submissions (search, CSV/XLSX export), statistics by
 * day with sources, and a contact's form consent evidence. Editors build; pausing is part of building.
 */
import { Type, type Static } from '@sinclair/typebox';
import * as XLSX from '@e965/xlsx';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app/context.js';
import { FormCreateSchema, FormPatchSchema, FormViewSchema, type FormCreate, type FormDefinition, type FormPatch } from '../../../common/forms.js';
import { principalOf } from '../../api/auth-hook.js';
import { Data, errorResponses, IdParams } from '../../api/common-schemas.js';
import { notFound } from '../../lib/errors.js';
import { actorOf } from '../auth/auth.service.js';
import * as repo from './forms.repo.js';
import * as svc from './forms.service.js';
import { jsSnippet, noJsSnippet } from './render.js';
import { signRenderTime } from './spam.js';
import { dailyStats, sources } from './stats.repo.js';

const tags = ['forms'];
const idOf = (req: { params: unknown }) => (req.params as { id: number }).id;
const Period = Type.Object({ from: Type.Optional(Type.String({ format: 'date' })), to: Type.Optional(Type.String({ format: 'date' })) });

const submissionView = (s: Awaited<ReturnType<typeof repo.listSubmissions>>[number]) => ({
  id: Number(s.id), contactId: s.contact_id === null ? null : Number(s.contact_id), email: s.email, phone: s.phone, values: s.values, lang: s.lang,
  pageUrl: s.page_url, referrer: s.referrer, utm: s.utm, doubleOptIn: s.double_opt_in, formVersion: s.form_version,
  submittedAt: s.submitted_at.toISOString(), confirmedAt: s.confirmed_at ? s.confirmed_at.toISOString() : null,
});

export function periodOf(q: { from?: string; to?: string }) {
  const to = q.to ?? new Date().toISOString().slice(0, 10);
  const from = q.from ?? new Date(Date.parse(to) - 29 * 86400_000).toISOString().slice(0, 10);
  return { from, to };
}

const dayString = (d: unknown) => (d instanceof Date ? d.toISOString().slice(0, 10) : String(d).slice(0, 10));

export function statsView(rows: Awaited<ReturnType<typeof dailyStats>>) {
  const days = rows.map((r) => ({ day: dayString(r.day as unknown), views: r.views, uniques: r.uniques, submissions: r.submissions, confirmations: r.confirmations, rejected: r.rejected }));
  const sum = (k: 'views' | 'uniques' | 'submissions' | 'confirmations' | 'rejected') => days.reduce((a, d) => a + d[k], 0);
  const totals = { views: sum('views'), uniques: sum('uniques'), submissions: sum('submissions'), confirmations: sum('confirmations'), rejected: sum('rejected') };
  return { days, totals: { ...totals, conversion: totals.uniques ? totals.submissions / totals.uniques : 0 } };
}

export async function registerFormRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/forms', {
    config: { access: 'read' },
    schema: { tags, summary: 'Forms (deleted=true: the ones in the recycle bin)', querystring: Type.Object({ deleted: Type.Optional(Type.Boolean()) }), response: { 200: Data(Type.Array(FormViewSchema)), ...errorResponses } },
    handler: async (req) => {
      const rows = await repo.listForms(ctx.db, principalOf(req).workspaceId, (req.query as { deleted?: boolean }).deleted ?? false);
      return { data: rows.map((r) => svc.formView(ctx, r, Number(r.submission_count ?? 0))) };
    },
  });

  app.post('/api/v1/forms', {
    config: { access: 'write' },
    schema: { tags, summary: 'Create a form', body: FormCreateSchema, response: { 201: Data(FormViewSchema), ...errorResponses } },
    handler: async (req, reply) => {
      const p = principalOf(req);
      return reply.status(201).send({ data: await svc.createForm(ctx, p.workspaceId, actorOf(p, req.ip), req.body as FormCreate) });
    },
  });

  app.get('/api/v1/forms/:id', {
    config: { access: 'read' },
    schema: { tags, summary: 'A form', params: IdParams, response: { 200: Data(FormViewSchema), ...errorResponses } },
    handler: async (req) => {
      const f = await svc.getForm(ctx, principalOf(req).workspaceId, idOf(req));
      return { data: svc.formView(ctx, f, await repo.countSubmissions(ctx.db, f.id)) };
    },
  });

  app.patch('/api/v1/forms/:id', {
    config: { access: 'write' },
    schema: { tags, summary: 'Change a form (a new version when the definition or settings change)', params: IdParams, body: FormPatchSchema, response: { 200: Data(FormViewSchema), ...errorResponses } },
    handler: async (req) => {
      const p = principalOf(req);
      return { data: await svc.updateForm(ctx, p.workspaceId, actorOf(p, req.ip), idOf(req), req.body as FormPatch) };
    },
  });

  app.delete('/api/v1/forms/:id', {
    config: { access: 'write' },
    schema: { tags, summary: 'Move a form to the recycle bin (7 days; it stops accepting submissions at once)', params: IdParams, response: { 204: Type.Null(), ...errorResponses } },
    handler: async (req, reply) => {
      const p = principalOf(req);
      await svc.deleteForm(ctx, p.workspaceId, actorOf(p, req.ip), idOf(req));
      return reply.status(204).send();
    },
  });

  app.post('/api/v1/forms/:id/restore', {
    config: { access: 'write' },
    schema: { tags, summary: 'Restore a form from the recycle bin', params: IdParams, response: { 204: Type.Null(), ...errorResponses } },
    handler: async (req, reply) => {
      const p = principalOf(req);
      await svc.restoreForm(ctx, p.workspaceId, actorOf(p, req.ip), idOf(req));
      return reply.status(204).send();
    },
  });

  app.get('/api/v1/forms/:id/embed', {
    config: { access: 'read' },
    schema: { tags, summary: 'Ways to publish: hosted URL, JavaScript embed, HTML snippet that works without JavaScript', params: IdParams, querystring: Type.Object({ lang: Type.Optional(Type.String()) }) },
    handler: async (req) => {
      const f = await svc.getForm(ctx, principalOf(req).workspaceId, idOf(req));
      const def = f.definition as FormDefinition;
      const q = req.query as { lang?: string };
      const lang = q.lang && def.languages.includes(q.lang) ? q.lang : def.languages[0];
      const base = ctx.config.publicUrl.replace(/\/+$/, '');
      return { data: { hostedUrl: `${base}/f/${f.public_id}?lang=${lang}`, js: jsSnippet(f, lang, base), html: noJsSnippet(f, lang, base, signRenderTime(ctx.keys.signingKey, f.public_id, Date.now(), 's')) } };
    },
  });

  app.get('/api/v1/forms/:id/submissions', {
    config: { access: 'read' },
    schema: { tags, summary: 'Accepted submissions, newest first (q searches email, phone and values)', params: IdParams, querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })), before: Type.Optional(Type.Integer({ minimum: 1 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })) }) },
    handler: async (req) => {
      const ws = principalOf(req).workspaceId;
      const f = await svc.getForm(ctx, ws, idOf(req));
      const q = req.query as { q?: string; before?: number; limit?: number };
      const rows = await repo.listSubmissions(ctx.db, ws, f.id, { q: q.q, beforeId: q.before, limit: q.limit ?? 50 });
      return { data: rows.map(submissionView), meta: { nextCursor: rows.length === (q.limit ?? 50) ? String(rows[rows.length - 1].id) : null } };
    },
  });

  app.get('/api/v1/forms/:id/submissions/export', {
    config: { access: 'read' },
    schema: { tags, summary: 'All submissions as CSV or XLSX', params: IdParams, querystring: Type.Object({ format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx')]), q: Type.Optional(Type.String({ maxLength: 200 })) }) },
    handler: async (req, reply) => {
      const ws = principalOf(req).workspaceId;
      const f = await svc.getForm(ctx, ws, idOf(req));
      const q = req.query as { format: 'csv' | 'xlsx'; q?: string };
      const rows = await repo.listSubmissions(ctx.db, ws, f.id, { q: q.q, limit: 100_000 });
      const keys = (f.definition as FormDefinition).fields.map((x) => x.key);
      const table = [
        ['id', 'submitted_at', 'confirmed_at', 'email', 'phone', ...keys, 'utm_source', 'utm_medium', 'utm_campaign', 'referrer', 'page_url', 'lang'],
        ...rows.map((s) => {
          const v = s.values as Record<string, unknown>;
          const u = s.utm as Record<string, string>;
          return [String(s.id), s.submitted_at.toISOString(), s.confirmed_at?.toISOString() ?? '', s.email ?? '', s.phone ?? '',
            ...keys.map((k) => (Array.isArray(v[k]) ? (v[k] as unknown[]).join('; ') : v[k] === undefined ? '' : String(v[k]))),
            u.utm_source ?? '', u.utm_medium ?? '', u.utm_campaign ?? '', s.referrer ?? '', s.page_url ?? '', s.lang];
        }),
      ];
      const name = `form-${f.id}-submissions`;
      if (q.format === 'csv') {
        const csv = table.map((r) => r.map((c) => (/[",\n\r]/.test(c) || /^[=+\-@]/.test(c) ? `"${(/^[=+\-@]/.test(c) ? "'" : '') + c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n');
        return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send('\ufeff' + csv + '\r\n');
      }
      const wb = XLSX.utils.book_new();
      XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(table), 'Submissions');
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${name}.xlsx"`)
        .send(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer);
    },
  });

  app.get('/api/v1/forms/:id/stats', {
    config: { access: 'read' },
    schema: { tags, summary: 'Views, unique visitors, submissions, confirmations, rejected spam and conversion by day, with sources', params: IdParams, querystring: Period },
    handler: async (req) => {
      const ws = principalOf(req).workspaceId;
      const f = await svc.getForm(ctx, ws, idOf(req));
      const { from, to } = periodOf(req.query as Static<typeof Period>);
      return { data: { from, to, ...statsView(await dailyStats(ctx.db, ws, 'form', f.id, from, to)), sources: await sources(ctx.db, ws, f.id, from, to) } };
    },
  });

  app.get('/api/v1/contacts/:id/form-evidence', {
    config: { access: 'read' },
    schema: { tags, summary: "A contact's consent evidence from forms (form and version, wording, IP, user agent, page, times, confirming IP)", params: IdParams },
    handler: async (req) => {
      const ws = principalOf(req).workspaceId;
      const c = await ctx.db.selectFrom('contacts').select('id').where('workspace_id', '=', ws).where('id', '=', idOf(req)).executeTakeFirst();
      if (!c) throw notFound('Contact');
      const rows = await repo.listEvidence(ctx.db, ws, idOf(req));
      return {
        data: rows.map((e) => ({
          id: Number(e.id), formId: Number(e.form_id), formName: e.form_name, formVersion: e.form_version, channel: e.channel, wording: e.wording, ip: e.ip,
          userAgent: e.user_agent, pageUrl: e.page_url, doubleOptIn: e.double_opt_in, submittedAt: e.submitted_at.toISOString(),
          confirmedAt: e.confirmed_at ? e.confirmed_at.toISOString() : null, confirmIp: e.confirm_ip,
        })),
      };
    },
  });
}
