/**
 * HTTP: /api/v1/webhook-endpoints (CRUD; the secret is in the create and rotate answers only), /test, /rotate-secret,
 * /deliveries (the log with attempts), /deliveries/:deliveryId/resend, /resend-failed; /api/v1/webhook-event-types.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app/context.js';
import { principalOf } from '../../api/auth-hook.js';
import { Data, errorResponses, IdParams } from '../../api/common-schemas.js';
import { notFound } from '../../lib/errors.js';
import { EVENT_TYPES } from './events.js';
import * as repo from './webhooks.repo.js';
import { createEndpoint, endpointView, getEndpointView, removeEndpoint, rotateSecret, sendTestEvent, updateEndpointSettings } from './webhooks.service.js';

const tags = ['webhooks'];
const Channel = Type.Union([Type.Literal('email'), Type.Literal('whatsapp'), Type.Literal('sms')]);
const EndpointBody = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 2000 }),
    description: Type.Optional(Type.String({ maxLength: 500 })),
    eventTypes: Type.Optional(Type.Array(Type.String(), { maxItems: 100, description: 'Empty or absent: every event type' })),
    channels: Type.Optional(Type.Array(Channel, { maxItems: 3, description: 'Empty or absent: every channel' })),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const EndpointView = Type.Object({
  id: Type.Integer(), url: Type.String(), description: Type.String(), eventTypes: Type.Array(Type.String()), channels: Type.Array(Type.String()),
  enabled: Type.Boolean(), disabledReason: Type.Union([Type.String(), Type.Null()]), failingSince: Type.Union([Type.String(), Type.Null()]), createdAt: Type.String(),
});
const Attempt = Type.Object({ attempt: Type.Integer(), statusCode: Type.Union([Type.Integer(), Type.Null()]), responseExcerpt: Type.String(), error: Type.Union([Type.String(), Type.Null()]), durationMs: Type.Integer(), at: Type.String() });
const DeliveryView = Type.Object({
  id: Type.Integer(), eventId: Type.String(), eventType: Type.String(), status: Type.String(), attempts: Type.Integer(), nextAttemptAt: Type.String(),
  lastStatus: Type.Union([Type.Integer(), Type.Null()]), lastError: Type.Union([Type.String(), Type.Null()]), payload: Type.Unknown(), createdAt: Type.String(), log: Type.Array(Attempt),
});
const DeliveryParams = Type.Object({ id: Type.Integer({ minimum: 1 }), deliveryId: Type.Integer({ minimum: 1 }) });

export async function registerWebhookEndpointRoutes(app: FastifyInstance, ctx: AppContext) {
  const ws = (req: { routeOptions: unknown }) => principalOf(req as never).workspaceId;
  const idOf = (req: { params: unknown }) => (req.params as { id: number }).id;

  app.get('/api/v1/webhook-event-types', {
    config: { access: 'read' },
    schema: { tags, summary: 'The outbound event catalogue', response: { 200: Data(Type.Array(Type.String())), ...errorResponses } },
    handler: async () => ({ data: EVENT_TYPES }),
  });
  app.get('/api/v1/webhook-endpoints', {
    config: { access: 'admin' },
    schema: { tags, summary: 'Webhook endpoints of the workspace', response: { 200: Data(Type.Array(EndpointView)), ...errorResponses } },
    handler: async (req) => ({ data: (await repo.listEndpoints(ctx.db, ws(req))).map(endpointView) }),
  });
  app.post('/api/v1/webhook-endpoints', {
    config: { access: 'admin' },
    schema: { tags, summary: 'Add an endpoint; the answer carries its whsec_ secret, shown this once', body: EndpointBody, response: { 201: Data(Type.Intersect([EndpointView, Type.Object({ secret: Type.String() })])), ...errorResponses } },
    handler: async (req, reply) => reply.code(201).send({ data: await createEndpoint(ctx, ws(req), req.body as Static<typeof EndpointBody>) }),
  });
  app.get('/api/v1/webhook-endpoints/:id', {
    config: { access: 'admin' },
    schema: { tags, summary: 'One endpoint', params: IdParams, response: { 200: Data(EndpointView), ...errorResponses } },
    handler: async (req) => ({ data: await getEndpointView(ctx, ws(req), idOf(req)) }),
  });
  app.patch('/api/v1/webhook-endpoints/:id', {
    config: { access: 'admin' },
    schema: { tags, summary: 'Change an endpoint (enabled: true re-enables a disabled one)', params: IdParams, body: Type.Partial(EndpointBody), response: { 200: Data(EndpointView), ...errorResponses } },
    handler: async (req) => ({ data: await updateEndpointSettings(ctx, ws(req), idOf(req), req.body as Partial<Static<typeof EndpointBody>>) }),
  });
  app.delete('/api/v1/webhook-endpoints/:id', {
    config: { access: 'admin' },
    schema: { tags, summary: 'Remove an endpoint and its log', params: IdParams, response: { 204: Type.Null(), ...errorResponses } },
    handler: async (req, reply) => (await removeEndpoint(ctx, ws(req), idOf(req)), reply.code(204).send()),
  });
  app.post('/api/v1/webhook-endpoints/:id/rotate-secret', {
    config: { access: 'admin' },
    schema: {
      tags, summary: 'New secret; the old one keeps signing beside it for graceHours', params: IdParams,
      body: Type.Object({ graceHours: Type.Optional(Type.Integer({ minimum: 0, maximum: 72 })) }),
      response: { 200: Data(Type.Object({ id: Type.Integer(), secret: Type.String() })), ...errorResponses },
    },
    handler: async (req) => ({ data: await rotateSecret(ctx, ws(req), idOf(req), (req.body as { graceHours?: number }).graceHours ?? 24) }),
  });
  app.post('/api/v1/webhook-endpoints/:id/test', {
    config: { access: 'admin' },
    schema: { tags, summary: 'Queue a webhook.tested event to this endpoint', params: IdParams, response: { 202: Data(Type.Object({ deliveryId: Type.Integer(), eventId: Type.String() })), ...errorResponses } },
    handler: async (req, reply) => reply.code(202).send({ data: await sendTestEvent(ctx, ws(req), idOf(req)) }),
  });
  app.get('/api/v1/webhook-endpoints/:id/deliveries', {
    config: { access: 'admin' },
    schema: {
      tags, summary: 'Delivery log, newest first, with every attempt', params: IdParams,
      querystring: Type.Object({ cursor: Type.Optional(Type.String()), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })), status: Type.Optional(Type.Union(['pending', 'delivering', 'succeeded', 'failed'].map((s) => Type.Literal(s)))) }),
      response: { 200: Type.Object({ data: Type.Array(DeliveryView), meta: Type.Object({ nextCursor: Type.Union([Type.String(), Type.Null()]) }) }), ...errorResponses },
    },
    handler: async (req) => {
      await getEndpointView(ctx, ws(req), idOf(req));
      const q = req.query as { cursor?: string; limit?: number; status?: string };
      const limit = q.limit ?? 50;
      const rows = await repo.listDeliveries(ctx.db, ws(req), idOf(req), { before: q.cursor ? Number(q.cursor) || undefined : undefined, limit, status: q.status });
      const attempts = await repo.listAttempts(ctx.db, rows.map((r) => r.id));
      const data = rows.map((d) => ({
        id: d.id, eventId: d.event_id, eventType: d.event_type, status: d.status, attempts: d.attempts, nextAttemptAt: d.next_attempt_at.toISOString(),
        lastStatus: d.last_status, lastError: d.last_error, payload: d.payload, createdAt: d.created_at.toISOString(),
        log: attempts.filter((a) => a.delivery_id === d.id).map((a) => ({ attempt: a.attempt, statusCode: a.status_code, responseExcerpt: a.response_excerpt, error: a.error, durationMs: a.duration_ms, at: a.created_at.toISOString() })),
      }));
      return { data, meta: { nextCursor: rows.length === limit ? String(rows[rows.length - 1].id) : null } };
    },
  });
  app.post('/api/v1/webhook-endpoints/:id/deliveries/:deliveryId/resend', {
    config: { access: 'admin' },
    schema: { tags, summary: 'Resend one finished delivery (same webhook-id, fresh signature)', params: DeliveryParams, response: { 202: Data(Type.Object({ requeued: Type.Integer() })), ...errorResponses } },
    handler: async (req, reply) => {
      const p = req.params as { id: number; deliveryId: number };
      const d = await repo.getDelivery(ctx.db, ws(req), p.deliveryId);
      if (!d || d.endpoint_id !== p.id) throw notFound('Webhook');
      return reply.code(202).send({ data: { requeued: await repo.requeue(ctx.db, ws(req), { id: d.id, endpointId: p.id }, new Date()) } });
    },
  });
  app.post('/api/v1/webhook-endpoints/:id/resend-failed', {
    config: { access: 'admin' },
    schema: { tags, summary: 'Resend every failed delivery created since `since`', params: IdParams, body: Type.Object({ since: Type.String({ format: 'date-time' }) }), response: { 202: Data(Type.Object({ requeued: Type.Integer() })), ...errorResponses } },
    handler: async (req, reply) => {
      await getEndpointView(ctx, ws(req), idOf(req));
      const since = new Date((req.body as { since: string }).since);
      return reply.code(202).send({ data: { requeued: await repo.requeue(ctx.db, ws(req), { endpointId: idOf(req), failedSince: since }, new Date()) } });
    },
  });
}
