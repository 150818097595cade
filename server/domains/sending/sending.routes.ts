/** HTTP routes of the email sending set-up under /api/v1/email/: SMTP servers, domains (DKIM + DNS), identities, settings. */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.js';
import { principalOf } from '../../api/auth-hook.js';
import { Data, errorResponses, IdParams } from '../../api/common-schemas.js';
import { actorOf } from '../auth/auth.service.js';
import * as repo from './sending.repo.js';
import * as svc from './sending.service.js';

const tags = { tags: ['email sending'] };
const Nullable = <T extends import('@sinclair/typebox').TSchema>(t: T) => Type.Union([t, Type.Null()]);
type Id = Static<typeof IdParams>;

const TlsMode = Type.Union([Type.Literal('none'), Type.Literal('starttls'), Type.Literal('tls')]);
const SmtpServer = Type.Object({
  id: Type.Integer(), name: Type.String(), host: Type.String(), port: Type.Integer(), tlsMode: TlsMode, username: Nullable(Type.String()),
  hasPassword: Type.Boolean(), maxConnections: Type.Integer(), messagesPerSecond: Nullable(Type.Number()), weight: Type.Integer(), enabled: Type.Boolean(),
});
const SmtpServerBody = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 200 })),
    host: Type.Optional(Type.String({ minLength: 1, maxLength: 253 })),
    port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
    tlsMode: Type.Optional(TlsMode),
    username: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
    password: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
    maxConnections: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    messagesPerSecond: Type.Optional(Nullable(Type.Number({ exclusiveMinimum: 0, maximum: 100000 }))),
    weight: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const DnsRecord = Type.Object({
  type: Type.String(), host: Type.String(), value: Type.String(), purpose: Type.String(),
  txtStrings: Type.Optional(Type.Array(Type.String())), priority: Type.Optional(Type.Integer()),
});
const Domain = Type.Object({ id: Type.Integer(), domain: Type.String(), dkimSelector: Type.String(), createdAt: Type.String(), dnsRecords: Type.Array(DnsRecord) });
const Identity = Type.Object({ id: Type.Integer(), fromName: Type.String(), fromAddress: Type.String(), replyTo: Nullable(Type.String()), isDefault: Type.Boolean() });
const IdentityBody = Type.Object(
  {
    fromName: Type.Optional(Type.String({ maxLength: 200 })),
    fromAddress: Type.Optional(Type.String({ maxLength: 320 })),
    replyTo: Type.Optional(Nullable(Type.String({ maxLength: 320 }))),
    isDefault: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const Settings = Type.Object({ bounceDomain: Nullable(Type.String()), bounceRuleCount: Type.Integer(), bounceRuleDays: Type.Integer(), individualTracking: Type.Boolean() });
const SettingsBody = Type.Object(
  {
    bounceDomain: Type.Optional(Nullable(Type.String({ maxLength: 253 }))),
    bounceRuleCount: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    bounceRuleDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
    individualTracking: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export async function registerSendingRoutes(app: FastifyInstance, ctx: AppContext) {
  const who = (req: FastifyRequest) => {
    const p = principalOf(req);
    return { ws: p.workspaceId, actor: actorOf(p, req.ip) };
  };
  const base = '/api/v1/email';

  app.get(`${base}/smtp-servers`, {
    config: { access: 'read' },
    schema: { ...tags, summary: 'List SMTP servers (passwords are never returned)', response: { 200: Data(Type.Array(SmtpServer)), ...errorResponses } },
    handler: async (req) => ({ data: (await repo.listSmtpServers(ctx.db, principalOf(req).workspaceId)).map(svc.smtpServerView) }),
  });
  app.post(`${base}/smtp-servers`, {
    config: { access: 'admin' },
    schema: { ...tags, summary: 'Add an SMTP server', body: SmtpServerBody, response: { 201: Data(SmtpServer), ...errorResponses } },
    handler: async (req, reply) => {
      const { ws, actor } = who(req);
      return reply.status(201).send({ data: svc.smtpServerView(await svc.createSmtpServer(ctx, ws, actor, req.body as svc.SmtpServerInput)) });
    },
  });
  app.patch(`${base}/smtp-servers/:id`, {
    config: { access: 'admin' },
    schema: { ...tags, summary: 'Change an SMTP server (omit password to keep it)', params: IdParams, body: SmtpServerBody, response: { 200: Data(SmtpServer), ...errorResponses } },
    handler: async (req) => {
      const { ws, actor } = who(req);
      return { data: svc.smtpServerView(await svc.updateSmtpServer(ctx, ws, (req.params as Id).id, actor, req.body as svc.SmtpServerInput)) };
    },
  });
  app.delete(`${base}/smtp-servers/:id`, {
    config: { access: 'admin' },
    schema: { ...tags, summary: 'Remove an SMTP server', params: IdParams, response: { 204: Type.Null(), ...errorResponses } },
    handler: async (req, reply) => {
      const { ws, actor } = who(req);
      await svc.deleteSmtpServer(ctx, ws, (req.params as Id).id, actor);
      return reply.status(204).send();
    },
  });
  app.post(`${base}/smtp-servers/:id/test`, {
    config: { access: 'admin' },
    schema: { ...tags, summary: 'Connect, greet and log in (sends nothing) and say what is wrong', params: IdParams, response: { 200: Data(Type.Object({ ok: Type.Boolean(), message: Type.String() })), ...errorResponses } },
    handler: async (req) => ({ data: await svc.testSmtpServer(ctx, principalOf(req).workspaceId, (req.params as Id).id) }),
  });

  app.get(`${base}/domains`, {
    config: { access: 'read' },
    schema: { ...tags, summary: 'Sending domains with the DNS records to publish', response: { 200: Data(Type.Array(Domain)), ...errorResponses } },
    handler: async (req) => {
      const ws = principalOf(req).workspaceId;
      const s = await repo.getEmailSettings(ctx.db, ws);
      return { data: (await repo.listDomains(ctx.db, ws)).map((d) => svc.domainView(d, s.bounce_domain)) };
    },
  });
  app.post(`${base}/domains`, {
    config: { access: 'admin' },
    schema: {
      ...tags, summary: 'Add a sending domain: generates its DKIM key pair and returns the DNS records',
      body: Type.Object({ domain: Type.String({ minLength: 3, maxLength: 253 }), selector: Type.Optional(Type.String({ maxLength: 63 })) }, { additionalProperties: false }),
      response: { 201: Data(Domain), ...errorResponses },
    },
    handler: async (req, reply) => {
      const { ws, actor } = who(req);
      const b = req.body as { domain: string; selector?: string };
      const row = await svc.createDomain(ctx, ws, actor, b.domain, b.selector);
      return reply.status(201).send({ data: svc.domainView(row, (await repo.getEmailSettings(ctx.db, ws)).bounce_domain) });
    },
  });
  app.delete(`${base}/domains/:id`, {
    config: { access: 'admin' },
    schema: { ...tags, summary: 'Remove a sending domain and its key', params: IdParams, response: { 204: Type.Null(), ...errorResponses } },
    handler: async (req, reply) => {
      const { ws, actor } = who(req);
      await svc.deleteDomain(ctx, ws, (req.params as Id).id, actor);
      return reply.status(204).send();
    },
  });

  app.get(`${base}/identities`, {
    config: { access: 'read' },
    schema: { ...tags, summary: 'Sender identities (from name, from address, reply-to)', response: { 200: Data(Type.Array(Identity)), ...errorResponses } },
    handler: async (req) => ({ data: (await repo.listIdentities(ctx.db, principalOf(req).workspaceId)).map(svc.identityView) }),
  });
  app.post(`${base}/identities`, {
    config: { access: 'admin' },
    schema: { ...tags, summary: 'Add a sender identity', body: IdentityBody, response: { 201: Data(Identity), ...errorResponses } },
    handler: async (req, reply) => {
      const { ws, actor } = who(req);
      return reply.status(201).send({ data: svc.identityView(await svc.saveIdentity(ctx, ws, actor, req.body as svc.IdentityInput)) });
    },
  });
  app.patch(`${base}/identities/:id`, {
    config: { access: 'admin' },
    schema: { ...tags, summary: 'Change a sender identity', params: IdParams, body: IdentityBody, response: { 200: Data(Identity), ...errorResponses } },
    handler: async (req) => {
      const { ws, actor } = who(req);
      return { data: svc.identityView(await svc.saveIdentity(ctx, ws, actor, req.body as svc.IdentityInput, (req.params as Id).id)) };
    },
  });
  app.delete(`${base}/identities/:id`, {
    config: { access: 'admin' },
    schema: { ...tags, summary: 'Remove a sender identity', params: IdParams, response: { 204: Type.Null(), ...errorResponses } },
    handler: async (req, reply) => {
      const { ws, actor } = who(req);
      await svc.deleteIdentity(ctx, ws, (req.params as Id).id, actor);
      return reply.status(204).send();
    },
  });

  app.get(`${base}/settings`, {
    config: { access: 'read' },
    schema: { ...tags, summary: 'Bounce domain, bounce rule (X bounces in Y days) and tracking privacy', response: { 200: Data(Settings), ...errorResponses } },
    handler: async (req) => ({ data: svc.settingsView(await repo.getEmailSettings(ctx.db, principalOf(req).workspaceId)) }),
  });
  app.patch(`${base}/settings`, {
    config: { access: 'admin' },
    schema: { ...tags, summary: 'Change the email settings', body: SettingsBody, response: { 200: Data(Settings), ...errorResponses } },
    handler: async (req) => {
      const { ws, actor } = who(req);
      return { data: svc.settingsView(await svc.saveSettings(ctx, ws, actor, req.body as Partial<ReturnType<typeof svc.settingsView>>)) };
    },
  });
}
