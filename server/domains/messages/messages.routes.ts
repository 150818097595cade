/** HTTP: POST /api/v1/messages (one), POST /api/v1/messages/batch (≤ 500), GET /api/v1/messages/:id. */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app/context.js';
import { principalOf } from '../../api/auth-hook.js';
import { Data, errorResponses, IdParams } from '../../api/common-schemas.js';
import { AppError } from '../../lib/errors.js';
import { actorOf } from '../auth/auth.service.js';
import { withIdempotency } from './idempotency.js';
import { MessageResultSchema, MessageViewSchema, SendBatchSchema, SendMessageSchema } from './messages.schema.js';
import { getMessage, sendMessages } from './messages.service.js';

const tags = ['messages'];
const idemHeader = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ description: 'Up to 255 characters; the first response is replayed for 24 h' })) });
const more = { 422: Type.Ref('ErrorBody') };

export async function registerMessageRoutes(app: FastifyInstance, ctx: AppContext) {
  app.post('/api/v1/messages', {
    config: { access: 'send' },
    schema: {
      tags,
      summary: 'Send one message (email or WhatsApp; transactional or marketing, consent-checked as campaigns are)',
      headers: idemHeader,
      body: SendMessageSchema,
      response: { 202: Data(MessageResultSchema), ...errorResponses, ...more },
    },
    handler: async (req, reply) => {
      const p = principalOf(req);
      return withIdempotency(ctx, p.workspaceId, req, reply, async () => {
        const [r] = await sendMessages(ctx, p.workspaceId, [req.body as Static<typeof SendMessageSchema>], { actor: actorOf(p, req.ip), source: 'api' });
        if (r.error) throw new AppError(r.error.status, r.error.code, r.error.message, r.error.field);
        return { status: 202, body: { data: r } };
      });
    },
  });

  app.post('/api/v1/messages/batch', {
    config: { access: 'send' },
    schema: {
      tags,
      summary: 'Send up to 500 messages; one result per item, in order (rejected items carry their error)',
      headers: idemHeader,
      body: SendBatchSchema,
      response: { 202: Data(Type.Array(MessageResultSchema)), ...errorResponses, ...more },
    },
    handler: async (req, reply) => {
      const p = principalOf(req);
      return withIdempotency(ctx, p.workspaceId, req, reply, async () => {
        const body = req.body as Static<typeof SendBatchSchema>;
        return { status: 202, body: { data: await sendMessages(ctx, p.workspaceId, body.messages, { actor: actorOf(p, req.ip), source: 'api' }) } };
      });
    },
  });

  app.get('/api/v1/messages/:id', {
    config: { access: 'read' },
    schema: { tags, summary: 'A message with its status history', params: IdParams, response: { 200: Data(MessageViewSchema), ...errorResponses } },
    handler: async (req) => ({ data: await getMessage(ctx, principalOf(req).workspaceId, (req.params as { id: number }).id) }),
  });
}
