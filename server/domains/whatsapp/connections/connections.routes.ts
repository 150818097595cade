/** HTTP: WhatsApp numbers (connections) — CRUD and the "test connection" action. Secrets are write-only. */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../app/context.js';
import { principalOf } from '../../../api/auth-hook.js';
import { Data, errorResponses, IdParams } from '../../../api/common-schemas.js';
import { actorOf } from '../../auth/auth.service.js';
import { can } from '../../auth/permissions.js';
import { listConnections } from './connections.repo.js';
import * as svc from './connections.service.js';

const Tier = Type.Union([Type.Literal('250'), Type.Literal('2000'), Type.Literal('10000'), Type.Literal('100000'), Type.Literal('unlimited')]);
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const NullableDate = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);

const ConnectionView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  wabaId: Type.String(),
  phoneNumberId: Type.String(),
  displayNumber: Type.String(),
  verifiedName: Type.Union([Type.String(), Type.Null()]),
  hasToken: Type.Boolean({ description: 'The access token is stored (encrypted); it is never returned' }),
  tokenHint: Type.String({ description: 'Last characters of the token, to tell tokens apart' }),
  hasAppSecret: Type.Boolean(),
  verifyToken: Type.Union([Type.String(), Type.Null()], { description: 'Enter this as the "Verify token" of the webhook in Meta’s app dashboard; null for roles that may not manage numbers (viewers, editors)' }),
  webhookUrl: Type.String({ description: 'Enter this as the webhook "Callback URL" in Meta’s app dashboard' }),
  graphBaseUrl: Type.String(),
  apiVersion: Type.String(),
  sandbox: Type.Boolean(),
  messagesPerSecond: Type.Integer(),
  tier: Type.String(),
  qualityRating: Type.String(),
  accountStatus: Type.String(),
  haltedAt: NullableDate,
  haltReason: Type.Union([Type.String(), Type.Null()]),
  lastTestedAt: NullableDate,
  lastTestOk: Type.Union([Type.Boolean(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

const fields = {
  name: Type.Optional(Type.String({ maxLength: 200 })),
  wabaId: Type.String({ pattern: '^[0-9]{1,30}$', description: 'WhatsApp Business Account id' }),
  phoneNumberId: Type.String({ pattern: '^[0-9]{1,30}$', description: 'Phone number id (not the phone number)' }),
  displayNumber: Type.Optional(Type.String({ maxLength: 40 })),
  accessToken: Type.String({ minLength: 1, maxLength: 4096 }),
  appSecret: Type.String({ minLength: 1, maxLength: 512 }),
  verifyToken: Type.Optional(Type.String({ minLength: 8, maxLength: 200 })),
  graphBaseUrl: Type.Optional(Type.String({ pattern: '^https?://[^\\s]+$', maxLength: 500 })),
  apiVersion: Type.Optional(Type.String({ pattern: '^v[0-9]+\\.[0-9]+$' })),
  sandbox: Type.Optional(Type.Boolean()),
  messagesPerSecond: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
  tier: Type.Optional(Tier),
};
const ConnectionCreate = Type.Object(fields, { additionalProperties: false });
const ConnectionPatch = Type.Partial(Type.Object(fields), { additionalProperties: false });

const TestResult = Type.Object({
  ok: Type.Boolean(),
  checks: Type.Array(Type.Object({ check: Type.String(), ok: Type.Boolean(), message: Type.String() })),
  number: Type.Union([
    Type.Object({
      displayNumber: Type.Union([Type.String(), Type.Null()]),
      verifiedName: Type.Union([Type.String(), Type.Null()]),
      qualityRating: Type.Union([Type.String(), Type.Null()]),
      tier: Type.Union([Type.String(), Type.Null()]),
    }),
    Type.Null(),
  ]),
});

const tags = ['whatsapp'];
const idOf = (req: { params: unknown }) => (req.params as { id: number }).id;

export async function registerConnectionRoutes(app: FastifyInstance, ctx: AppContext) {
  const view = (c: svc.ConnectionRow, showSecrets = true) => ({
    id: c.id,
    name: c.name,
    wabaId: c.waba_id,
    phoneNumberId: c.phone_number_id,
    displayNumber: c.display_number,
    verifiedName: c.verified_name,
    hasToken: !!c.access_token_enc,
    tokenHint: c.token_hint,
    hasAppSecret: !!c.app_secret_enc,
    verifyToken: showSecrets ? c.verify_token : null,
    webhookUrl: `${ctx.config.publicUrl.replace(/\/+$/, '')}/webhooks/whatsapp`,
    graphBaseUrl: c.graph_base_url,
    apiVersion: c.api_version,
    sandbox: c.sandbox,
    messagesPerSecond: c.messages_per_second,
    tier: c.tier,
    qualityRating: c.quality_rating,
    accountStatus: c.account_status,
    haltedAt: iso(c.halted_at),
    haltReason: c.halt_reason,
    lastTestedAt: iso(c.last_tested_at),
    lastTestOk: c.last_test_ok,
    createdAt: c.created_at.toISOString(),
    updatedAt: c.updated_at.toISOString(),
  });

  app.get('/api/v1/whatsapp/numbers', {
    config: { access: 'read' },
    schema: { tags, summary: 'WhatsApp numbers of the workspace (secrets are never returned)', response: { 200: Data(Type.Array(ConnectionView)), ...errorResponses } },
    handler: async (req) => {
      const p = principalOf(req);
      return { data: (await listConnections(ctx.db, p.workspaceId)).map((c) => view(c, can(p.role, 'admin'))) };
    },
  });

  app.post('/api/v1/whatsapp/numbers', {
    config: { access: 'admin' },
    schema: { tags, summary: 'Connect a WhatsApp number (token and app secret are stored encrypted)', body: ConnectionCreate, response: { 201: Data(ConnectionView), ...errorResponses } },
    handler: async (req, reply) => {
      const p = principalOf(req);
      const row = await svc.createConnection(ctx, p.workspaceId, actorOf(p, req.ip), req.body as Static<typeof ConnectionCreate>);
      return reply.status(201).send({ data: view(row) });
    },
  });

  app.get('/api/v1/whatsapp/numbers/:id', {
    config: { access: 'read' },
    schema: { tags, summary: 'One WhatsApp number', params: IdParams, response: { 200: Data(ConnectionView), ...errorResponses } },
    handler: async (req) => {
      const p = principalOf(req);
      return { data: view(await svc.getConnection(ctx, p.workspaceId, idOf(req)), can(p.role, 'admin')) };
    },
  });

  app.patch('/api/v1/whatsapp/numbers/:id', {
    config: { access: 'admin' },
    schema: { tags, summary: 'Change a number’s settings (send accessToken/appSecret only to replace them; tier is editable)', params: IdParams, body: ConnectionPatch, response: { 200: Data(ConnectionView), ...errorResponses } },
    handler: async (req) => {
      const p = principalOf(req);
      return { data: view(await svc.updateConnection(ctx, p.workspaceId, idOf(req), actorOf(p, req.ip), req.body as Static<typeof ConnectionPatch>)) };
    },
  });

  app.delete('/api/v1/whatsapp/numbers/:id', {
    config: { access: 'admin' },
    schema: { tags, summary: 'Disconnect a number', params: IdParams, response: { 204: Type.Null(), ...errorResponses } },
    handler: async (req, reply) => {
      const p = principalOf(req);
      await svc.deleteConnection(ctx, p.workspaceId, idOf(req), actorOf(p, req.ip));
      return reply.status(204).send();
    },
  });

  app.post('/api/v1/whatsapp/numbers/:id/test', {
    config: { access: 'write' },
    schema: { tags, summary: 'Test the connection: token, phone number id, WABA id, reachability — each with a plain explanation', params: IdParams, response: { 200: Data(TestResult), ...errorResponses } },
    handler: async (req) => ({ data: await svc.testConnection(ctx, principalOf(req).workspaceId, idOf(req)) }),
  });
}
