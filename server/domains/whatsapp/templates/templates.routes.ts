/** HTTP: WhatsApp templates — drafts CRUD, inline validation, submit, copy to a new draft, sync from the WABA. */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../app/context.js';
import { principalOf } from '../../../api/auth-hook.js';
import { Data, errorResponses, IdParams } from '../../../api/common-schemas.js';
import { actorOf } from '../../auth/auth.service.js';
import { validateTemplate } from '../../channels/whatsapp/template-rules.js';
import type { CreateTemplateRequest } from '../../channels/whatsapp/wa-types.js';
import * as repo from './templates.repo.js';
import * as svc from './templates.service.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const NullableDate = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);
const Component = Type.Record(Type.String(), Type.Unknown());
const Violation = Type.Object({ component: Type.String(), rule: Type.String(), message: Type.String() });
const Validation = Type.Object({ ok: Type.Boolean(), violations: Type.Array(Violation) });

const TemplateView = Type.Object({
  id: Type.Integer(),
  connectionId: Type.Integer(),
  name: Type.String(),
  language: Type.String(),
  category: Type.String(),
  parameterFormat: Type.String(),
  components: Type.Array(Component, { description: 'Components exactly as in Meta’s create-template body (with example values)' }),
  status: Type.String({ description: 'DRAFT, PENDING, APPROVED, REJECTED, PAUSED, DISABLED (or another Meta status)' }),
  editable: Type.Boolean({ description: 'Only drafts are edited; others are copied to a new draft' }),
  rejectionReason: Type.Union([Type.String(), Type.Null()]),
  rejectionDetail: Type.Union([Type.String(), Type.Null()]),
  qualityRating: Type.String(),
  metaTemplateId: Type.Union([Type.String(), Type.Null()]),
  validation: Validation,
  submittedAt: NullableDate,
  statusChangedAt: NullableDate,
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

const name = Type.String({ minLength: 1, maxLength: 512, description: 'lowercase letters, digits and underscores' });
const TemplateCreate = Type.Object(
  {
    connectionId: Type.Integer({ minimum: 1 }),
    name,
    language: Type.String({ minLength: 2, maxLength: 20 }),
    category: Type.String({ minLength: 1, maxLength: 40 }),
    parameterFormat: Type.Optional(Type.Union([Type.Literal('positional'), Type.Literal('named')])),
    components: Type.Array(Component, { maxItems: 20 }),
  },
  { additionalProperties: false },
);
const TemplatePatch = Type.Partial(TemplateCreate, { additionalProperties: false });
const ValidateBody = Type.Object(
  {
    name: Type.Optional(Type.String()),
    language: Type.Optional(Type.String()),
    category: Type.Optional(Type.String()),
    parameter_format: Type.Optional(Type.String()),
    components: Type.Optional(Type.Array(Component)),
  },
  { description: 'Meta’s create-template request body (drafts may be incomplete)' },
);
const SyncResult = Type.Object({ total: Type.Integer(), inserted: Type.Integer(), updated: Type.Integer(), removed: Type.Integer() });
const withProvider = { ...errorResponses, 502: Type.Ref('ErrorBody') };

export const templateView = (t: repo.TemplateRow) => ({
  id: t.id,
  connectionId: t.connection_id,
  name: t.name,
  language: t.language,
  category: t.category,
  parameterFormat: t.parameter_format,
  components: t.components as Record<string, unknown>[],
  status: t.status,
  editable: t.status === 'DRAFT',
  rejectionReason: t.rejection_reason,
  rejectionDetail: t.rejection_detail,
  qualityRating: t.quality_rating,
  metaTemplateId: t.meta_template_id,
  validation: svc.validateRow(t),
  submittedAt: iso(t.submitted_at),
  statusChangedAt: iso(t.status_changed_at),
  createdAt: t.created_at.toISOString(),
  updatedAt: t.updated_at.toISOString(),
});

const tags = ['whatsapp'];
const idOf = (req: { params: unknown }) => (req.params as { id: number }).id;

export async function registerTemplateRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/whatsapp/templates', {
    config: { access: 'read' },
    schema: {
      tags,
      summary: 'WhatsApp templates (filter by number, status, category, name)',
      querystring: Type.Object({ connectionId: Type.Optional(Type.Integer()), status: Type.Optional(Type.String()), category: Type.Optional(Type.String()), q: Type.Optional(Type.String()) }),
      response: { 200: Data(Type.Array(TemplateView)), ...errorResponses },
    },
    handler: async (req) => ({ data: (await repo.listTemplates(ctx.db, principalOf(req).workspaceId, req.query as repo.TemplateListFilter)).map(templateView) }),
  });

  app.post('/api/v1/whatsapp/templates', {
    config: { access: 'write' },
    schema: { tags, summary: 'Create a draft template', body: TemplateCreate, response: { 201: Data(TemplateView), ...errorResponses } },
    handler: async (req, reply) => {
      const p = principalOf(req);
      return reply.status(201).send({ data: templateView(await svc.createDraft(ctx, p.workspaceId, actorOf(p, req.ip), req.body as Static<typeof TemplateCreate>)) });
    },
  });

  app.post('/api/v1/whatsapp/templates/validate', {
    config: { access: 'read' },
    schema: { tags, summary: 'Check a template body against every rule Meta rejects on (for the builder’s inline messages)', body: ValidateBody, response: { 200: Data(Validation), ...errorResponses } },
    handler: async (req) => {
      const b = req.body as Partial<CreateTemplateRequest>;
      return { data: validateTemplate({ name: b.name ?? '', language: b.language ?? '', category: b.category ?? '', parameter_format: b.parameter_format, components: b.components ?? [] }) };
    },
  });

  app.get('/api/v1/whatsapp/templates/:id', {
    config: { access: 'read' },
    schema: { tags, summary: 'One template with its current validation', params: IdParams, response: { 200: Data(TemplateView), ...errorResponses } },
    handler: async (req) => ({ data: templateView(await svc.getTemplate(ctx, principalOf(req).workspaceId, idOf(req))) }),
  });

  app.patch('/api/v1/whatsapp/templates/:id', {
    config: { access: 'write' },
    schema: { tags, summary: 'Edit a draft (approved/rejected/pending templates answer 409: copy them to a new draft)', params: IdParams, body: TemplatePatch, response: { 200: Data(TemplateView), ...errorResponses } },
    handler: async (req) => {
      const p = principalOf(req);
      return { data: templateView(await svc.updateDraft(ctx, p.workspaceId, idOf(req), actorOf(p, req.ip), req.body as Static<typeof TemplatePatch>)) };
    },
  });

  app.delete('/api/v1/whatsapp/templates/:id', {
    config: { access: 'write' },
    schema: { tags, summary: 'Delete a template (also on the WhatsApp account when Meta knows it)', params: IdParams, response: { 204: Type.Null(), ...withProvider } },
    handler: async (req, reply) => {
      const p = principalOf(req);
      await svc.deleteTemplate(ctx, p.workspaceId, idOf(req), actorOf(p, req.ip));
      return reply.status(204).send();
    },
  });

  app.post('/api/v1/whatsapp/templates/:id/submit', {
    config: { access: 'write' },
    schema: { tags, summary: 'Validate locally, then submit to Meta for review (→ PENDING). 400 template_invalid lists every violation.', params: IdParams, response: { 200: Data(TemplateView), ...withProvider } },
    handler: async (req) => {
      const p = principalOf(req);
      return { data: templateView(await svc.submitTemplate(ctx, p.workspaceId, idOf(req), actorOf(p, req.ip))) };
    },
  });

  app.post('/api/v1/whatsapp/templates/:id/copy', {
    config: { access: 'write' },
    schema: { tags, summary: 'Copy a template to a new draft (name_v2, … unless a name is given)', params: IdParams, body: Type.Object({ name: Type.Optional(name) }, { additionalProperties: false, description: 'Send {} for the automatic name' }), response: { 201: Data(TemplateView), ...errorResponses } },
    handler: async (req, reply) => {
      const p = principalOf(req);
      const body = (req.body ?? {}) as { name?: string };
      return reply.status(201).send({ data: templateView(await svc.copyTemplate(ctx, p.workspaceId, idOf(req), actorOf(p, req.ip), body.name)) });
    },
  });

  app.post('/api/v1/whatsapp/numbers/:id/templates/sync', {
    config: { access: 'write' },
    schema: { tags, summary: 'Sync now: import/update the templates that exist on the number’s WhatsApp account', params: IdParams, response: { 200: Data(SyncResult), ...withProvider } },
    handler: async (req) => ({ data: await svc.syncTemplates(ctx, principalOf(req).workspaceId, idOf(req)) }),
  });
}
