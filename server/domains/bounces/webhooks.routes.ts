/**
 * ESP webhooks and their settings:
 *   POST /webhooks/email/:provider/:key   provider → Clarion (public; verified with the workspace's secret)
 *   POST /webhooks/email/:provider        same, for set-ups that cannot carry a key: every workspace endpoint of
 *                                         the provider is tried and the one whose secret verifies wins (SES needs
 *                                         allowed topic ARNs for this)
 *   GET/PUT/DELETE /api/v1/settings/email/webhooks[/:provider]   configure (secrets are never returned)
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.js';
import { principalOf } from '../../api/auth-hook.js';
import { Data, errorResponses } from '../../api/common-schemas.js';
import { actorOf } from '../auth/auth.service.js';
import { notFound } from '../../lib/errors.js';
import {
  confirmSesSubscription,
  handleProviderWebhook,
  WebhookError,
  type CertificateFetcher,
  type ProviderEvent,
  type ProviderName,
  type ProviderWebhookResult,
} from '../channels/email/bounces/index.js';
import * as repo from './bounces.repo.js';
import { applyDeliveryEvent } from './bounces.service.js';
import { candidateEndpoints, deleteEndpoint, listEndpoints, PROVIDERS, saveEndpoint, toWebhookConfig, type EndpointRow } from './webhook-endpoints.js';

const BODY_LIMIT = 5 * 1024 * 1024;

let sesCertificateFetcher: CertificateFetcher | undefined;
/**
 * Replaces how SNS signing certificates are fetched (default: HTTPS GET of the validated SigningCertURL). For
 * instances without outbound HTTPS (serve a pinned copy) and for tests, which cannot reach AWS.
 */
export function setSesCertificateFetcher(f: CertificateFetcher | undefined) {
  sesCertificateFetcher = f;
}

const Provider = Type.Union(PROVIDERS.map((p) => Type.Literal(p)));
const EndpointView = Type.Object({ provider: Type.String(), url: Type.String(), createdAt: Type.String(), updatedAt: Type.String() });
const ConfigBody = Type.Object({
  config: Type.Object({
    allowedTopicArns: Type.Optional(Type.Array(Type.String({ maxLength: 300 }), { maxItems: 20 })),
    publicKey: Type.Optional(Type.String({ maxLength: 5000 })),
    signingKey: Type.Optional(Type.String({ maxLength: 500 })),
    username: Type.Optional(Type.String({ maxLength: 200 })),
    password: Type.Optional(Type.String({ maxLength: 500 })),
  }, { additionalProperties: false }),
});

function view(ctx: AppContext, e: EndpointRow) {
  return { provider: e.provider, url: `${ctx.config.publicUrl.replace(/\/+$/, '')}/webhooks/email/${e.provider}/${e.key}`, createdAt: e.createdAt.toISOString(), updatedAt: e.updatedAt.toISOString() };
}

/** Applies verified provider events of one workspace; returns how many changed something. */
async function applyProviderEvents(ctx: AppContext, workspaceId: number, events: ProviderEvent[]): Promise<number> {
  let applied = 0;
  for (const ev of events) {
    const seenKey = ev.providerEventId ? `${workspaceId}:${ev.providerEventId}` : null;
    if (seenKey && (await repo.wasSeen(ctx.db, ev.provider, seenKey))) continue;
    const at = new Date(ev.at);
    const out = await applyDeliveryEvent(
      ctx,
      { verpToken: ev.verpToken, messageId: ev.messageId },
      { kind: ev.kind, class: ev.class, status: ev.status, diagnostic: ev.diagnostic, policyBlock: ev.policyBlock, feedbackType: ev.feedbackType, source: ev.provider, at: Number.isNaN(at.getTime()) ? new Date() : at },
      workspaceId,
    );
    if (out === 'applied') applied++;
    if (seenKey) await repo.markSeen(ctx.db, ev.provider, seenKey);
  }
  return applied;
}

export async function registerBounceWebhookRoutes(app: FastifyInstance, ctx: AppContext) {
  async function handle(req: FastifyRequest, reply: FastifyReply, provider: string, key: string | null) {
    if (!(PROVIDERS as string[]).includes(provider)) return reply.status(404).send({ error: { code: 'not_found', message: 'Unknown provider.' } });
    const p = provider as ProviderName;
    const candidates = (await candidateEndpoints(ctx.db, ctx, p, key)).filter((e) => key !== null || p !== 'ses' || (e.config.allowedTopicArns?.length ?? 0) > 0);
    if (!candidates.length) return reply.status(404).send({ error: { code: 'not_found', message: 'No webhook is configured here.' } });
    const request = { headers: req.headers as Record<string, string | string[] | undefined>, rawBody: (req.body as Buffer | undefined) ?? Buffer.alloc(0) };
    let lastError: WebhookError | null = null;
    for (const e of candidates) {
      let result: ProviderWebhookResult;
      try {
        result = await handleProviderWebhook(p, request, toWebhookConfig(p, e.config, {
          ses: { fetchCertificate: sesCertificateFetcher },
          mailgun: { signingKey: '', isReplay: (token) => repo.wasSeen(ctx.db, 'mailgun', `${e.workspaceId}:${token}`) },
        }));
      } catch (err) {
        if (err instanceof WebhookError) {
          lastError = err;
          continue;
        }
        throw err;
      }
      if (result.subscribeUrl) {
        await confirmSesSubscription(result.subscribeUrl).catch((err) => ctx.log.warn('SNS subscription confirmation failed', { error: (err as Error).message }));
        return reply.send({ data: { received: 0, applied: 0, confirmed: true } });
      }
      const applied = await applyProviderEvents(ctx, e.workspaceId, result.events);
      return reply.send({ data: { received: result.events.length, applied } });
    }
    const status = lastError?.status ?? 401;
    return reply.status(status).send({ error: { code: lastError?.code ?? 'unauthorized', message: lastError?.message ?? 'The request could not be verified.' } });
  }

  await app.register(async (scoped) => {
    scoped.removeAllContentTypeParsers();
    scoped.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_req, body, done) => done(null, body));
    const opts = { schema: { hide: true }, bodyLimit: BODY_LIMIT };
    scoped.post('/webhooks/email/:provider/:key', opts, async (req, reply) => {
      const { provider, key } = req.params as { provider: string; key: string };
      return handle(req, reply, provider, key.slice(0, 100));
    });
    scoped.post('/webhooks/email/:provider', opts, async (req, reply) => handle(req, reply, (req.params as { provider: string }).provider, null));
  });

  const tags = ['settings'];
  app.get('/api/v1/settings/email/webhooks', {
    config: { access: 'admin' },
    schema: { tags, summary: 'ESP webhook endpoints of this workspace (bounces, complaints)', response: { 200: Data(Type.Array(EndpointView)), ...errorResponses } },
    handler: async (req) => ({ data: (await listEndpoints(ctx, principalOf(req).workspaceId)).map((e) => view(ctx, e)) }),
  });

  app.put('/api/v1/settings/email/webhooks/:provider', {
    config: { access: 'admin' },
    schema: {
      tags,
      summary: 'Configure the webhook of an ESP (secrets are stored encrypted and never shown again); answers the URL to give the provider',
      params: Type.Object({ provider: Provider }),
      body: ConfigBody,
      response: { 200: Data(EndpointView), ...errorResponses },
    },
    handler: async (req) => {
      const p = principalOf(req);
      const { provider } = req.params as { provider: ProviderName };
      const e = await saveEndpoint(ctx, p.workspaceId, provider, (req.body as Static<typeof ConfigBody>).config, actorOf(p, req.ip));
      return { data: view(ctx, e) };
    },
  });

  app.delete('/api/v1/settings/email/webhooks/:provider', {
    config: { access: 'admin' },
    schema: { tags, summary: 'Remove the webhook of an ESP', params: Type.Object({ provider: Provider }), response: { 204: Type.Null(), ...errorResponses } },
    handler: async (req, reply) => {
      const p = principalOf(req);
      if (!(await deleteEndpoint(ctx, p.workspaceId, (req.params as { provider: ProviderName }).provider, actorOf(p, req.ip)))) throw notFound('Webhook');
      return reply.status(204).send();
    },
  });
}
