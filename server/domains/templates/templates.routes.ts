/** HTTP routes of email templates: CRUD with versions, preview as a contact, pre-flight, test send, media library. */
import { Type, type Static } from '@sinclair/typebox';
import { CodedMessageSchema } from '../../../common/messages/schema.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.js';
import { principalOf } from '../../api/auth-hook.js';
import { Data, errorResponses, IdParams } from '../../api/common-schemas.js';
import { actorOf } from '../auth/auth.service.js';
import { registerMediaRoutes } from './templates.media.js';
import * as svc from './templates.service.js';
import { testSendTemplate } from './templates.test-send.js';

const tags = { tags: ['templates'] };
const Nullable = <T extends import('@sinclair/typebox').TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Format = Type.Union([Type.Literal('mjml'), Type.Literal('html')]);
const Dir = Type.Union([Type.Literal('ltr'), Type.Literal('rtl')]);
const Content = {
  name: Type.Optional(Type.String({ maxLength: 200 })),
  format: Type.Optional(Format),
  source: Type.Optional(Type.String({ maxLength: 2_000_000 })),
  project: Type.Optional(Nullable(Type.Record(Type.String(), Type.Unknown()))),
  subject: Type.Optional(Type.String({ maxLength: 998 })),
  preheader: Type.Optional(Type.String({ maxLength: 500 })),
  textOverride: Type.Optional(Nullable(Type.String({ maxLength: 500_000 }))),
  dir: Type.Optional(Dir),
};
const TemplateBody = Type.Object({ channel: Type.Optional(Type.Literal('email')), ...Content }, { additionalProperties: false });
const TemplateView = Type.Object({
  id: Type.Integer(), name: Type.String(), format: Format, subject: Type.String(), version: Type.Integer(), source: Type.String(),
  project: Nullable(Type.Record(Type.String(), Type.Unknown())), preheader: Type.String(), textOverride: Nullable(Type.String()), dir: Dir,
  createdAt: Type.String(), updatedAt: Type.String(),
});
const Summary = Type.Object({ id: Type.Integer(), name: Type.String(), format: Format, subject: Type.String(), version: Type.Integer(), updatedAt: Type.String(), createdAt: Type.String() });
const VersionView = Type.Object({ version: Type.Integer(), name: Type.String(), subject: Type.String(), createdAt: Type.String(), createdBy: Nullable(Type.String()) });
const Rendered = Type.Object({ subject: Type.String(), html: Type.String(), text: Type.String() });
const Finding = CodedMessageSchema;
const Preflight = Type.Object({ ok: Type.Boolean(), errors: Type.Array(Finding), warnings: Type.Array(Finding), sizeBytes: Type.Integer(), unsubscribeAdded: Type.Boolean() });
const VersionParams = Type.Object({ id: Type.Integer({ minimum: 1 }), version: Type.Integer({ minimum: 1 }) });
type Id = Static<typeof IdParams>;
type VP = Static<typeof VersionParams>;

export async function registerTemplateRoutes(app: FastifyInstance, ctx: AppContext) {
  const who = (req: FastifyRequest) => {
    const p = principalOf(req);
    return { ws: p.workspaceId, actor: actorOf(p, req.ip) };
  };

  app.get('/api/v1/templates', {
    config: { access: 'read' },
    schema: { ...tags, summary: 'List email templates', querystring: Type.Object({ channel: Type.Optional(Type.Literal('email')) }), response: { 200: Data(Type.Array(Summary)), ...errorResponses } },
    handler: async (req) => ({ data: (await svc.listTemplates(ctx, principalOf(req).workspaceId)).map(svc.templateView) }),
  });
  app.post('/api/v1/templates', {
    config: { access: 'write' },
    schema: { ...tags, summary: 'Create a template (version 1)', body: TemplateBody, response: { 201: Data(TemplateView), ...errorResponses } },
    handler: async (req, reply) => {
      const { ws, actor } = who(req);
      return reply.status(201).send({ data: svc.templateView(await svc.createTemplate(ctx, ws, actor, req.body as svc.TemplateInput)) });
    },
  });
  app.get('/api/v1/templates/:id', {
    config: { access: 'read' },
    schema: { ...tags, summary: 'Get a template', params: IdParams, response: { 200: Data(TemplateView), ...errorResponses } },
    handler: async (req) => ({ data: svc.templateView(await svc.getTemplate(ctx, principalOf(req).workspaceId, (req.params as Id).id)) }),
  });
  for (const method of ['put', 'patch'] as const) {
    app[method]('/api/v1/templates/:id', {
      config: { access: 'write' },
      schema: { ...tags, summary: 'Save the template as its next version', params: IdParams, body: TemplateBody, response: { 200: Data(TemplateView), ...errorResponses } },
      handler: async (req) => {
        const { ws, actor } = who(req);
        return { data: svc.templateView(await svc.saveTemplate(ctx, ws, (req.params as Id).id, actor, req.body as svc.TemplateInput)) };
      },
    });
  }
  app.delete('/api/v1/templates/:id', {
    config: { access: 'write' },
    schema: { ...tags, summary: 'Delete a template (campaigns keep the content they copied)', params: IdParams, response: { 204: Type.Null(), ...errorResponses } },
    handler: async (req, reply) => {
      const { ws, actor } = who(req);
      await svc.deleteTemplate(ctx, ws, (req.params as Id).id, actor);
      return reply.status(204).send();
    },
  });
  app.post('/api/v1/templates/:id/copy', {
    config: { access: 'write' },
    schema: { ...tags, summary: 'Copy a template', params: IdParams, response: { 200: Data(TemplateView), ...errorResponses } },
    handler: async (req) => {
      const { ws, actor } = who(req);
      return { data: svc.templateView(await svc.copyTemplate(ctx, ws, (req.params as Id).id, actor)) };
    },
  });
  app.get('/api/v1/templates/:id/versions', {
    config: { access: 'read' },
    schema: { ...tags, summary: 'Saved versions, newest first', params: IdParams, response: { 200: Data(Type.Array(VersionView)), ...errorResponses } },
    handler: async (req) => ({
      data: (await svc.listVersions(ctx, principalOf(req).workspaceId, (req.params as Id).id)).map((v) => ({
        version: v.version, name: v.name, subject: v.subject, createdAt: v.created_at.toISOString(), createdBy: v.created_by,
      })),
    }),
  });
  app.get('/api/v1/templates/:id/versions/:version', {
    config: { access: 'read' },
    schema: { ...tags, summary: 'One saved version', params: VersionParams, response: { 200: Data(TemplateView), ...errorResponses } },
    handler: async (req) => {
      const { id, version } = req.params as VP;
      return { data: svc.templateView(await svc.getVersion(ctx, principalOf(req).workspaceId, id, version)) };
    },
  });
  app.post('/api/v1/templates/:id/versions/:version/restore', {
    config: { access: 'write' },
    schema: { ...tags, summary: 'Restore a version (saved as the newest version)', params: VersionParams, response: { 200: Data(TemplateView), ...errorResponses } },
    handler: async (req) => {
      const { ws, actor } = who(req);
      const { id, version } = req.params as VP;
      return { data: svc.templateView(await svc.restoreVersion(ctx, ws, id, version, actor)) };
    },
  });

  const PreviewBody = Type.Object({ ...Content, contactId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))) }, { additionalProperties: false });
  app.post('/api/v1/templates/preview', {
    config: { access: 'read' },
    schema: { ...tags, summary: 'Render unsaved content as a contact (or sample data) would receive it', body: PreviewBody, response: { 200: Data(Rendered), ...errorResponses } },
    handler: async (req) => {
      const ws = principalOf(req).workspaceId;
      const b = req.body as Static<typeof PreviewBody>;
      return { data: await svc.renderPreview(ctx, ws, b as svc.TemplateInput, await svc.previewContact(ctx, ws, b.contactId)) };
    },
  });
  app.post('/api/v1/templates/:id/preview', {
    config: { access: 'read' },
    schema: { ...tags, summary: 'Render the saved template as a contact would receive it', params: IdParams, body: Type.Object({ contactId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))) }), response: { 200: Data(Rendered), ...errorResponses } },
    handler: async (req) => {
      const ws = principalOf(req).workspaceId;
      const t = await svc.getTemplate(ctx, ws, (req.params as Id).id);
      const content: svc.TemplateInput = { format: t.format, source: t.source, subject: t.subject, preheader: t.preheader, textOverride: t.text_override, dir: t.dir };
      return { data: await svc.renderPreview(ctx, ws, content, await svc.previewContact(ctx, ws, (req.body as { contactId?: number | null })?.contactId)) };
    },
  });
  const PreflightBody = Type.Object({ ...Content, senderIdentityId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))) }, { additionalProperties: false });
  app.post('/api/v1/templates/preflight', {
    config: { access: 'read' },
    schema: { ...tags, summary: 'Pre-flight check of content before sending', body: PreflightBody, response: { 200: Data(Preflight), ...errorResponses } },
    handler: async (req) => ({ data: await svc.templatePreflight(ctx, principalOf(req).workspaceId, req.body as svc.TemplateInput & { senderIdentityId?: number | null }) }),
  });
  const TestSendBody = Type.Object(
    {
      emails: Type.Array(Type.String({ maxLength: 320 }), { minItems: 1, maxItems: 10 }),
      contactId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
      senderIdentityId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    },
    { additionalProperties: false },
  );
  app.post('/api/v1/templates/:id/test-send', {
    config: { access: 'write' },
    schema: {
      ...tags, summary: 'Send the saved template to up to 10 addresses', params: IdParams, body: TestSendBody,
      response: { 200: Data(Type.Object({ sent: Type.Integer(), failed: Type.Array(Type.Object({ email: Type.String(), reason: Type.String() })) })), ...errorResponses },
    },
    handler: async (req) => {
      const { ws, actor } = who(req);
      const b = req.body as Static<typeof TestSendBody>;
      const r = await testSendTemplate(ctx, ws, (req.params as Id).id, b);
      const { recordAudit } = await import('../audit/index.js');
      await recordAudit(ctx.db, ws, actor, 'template.test_sent', 'template', (req.params as Id).id, { to: b.emails.length, sent: r.sent });
      return { data: r };
    },
  });

  await registerMediaRoutes(app, ctx);
}
