/**
 * Public webhook endpoint for Meta (and the sandbox simulator):
 *  GET  /webhooks/whatsapp — subscription handshake: echoes hub.challenge when hub.verify_token is the verify
 *       token of any connected number (403 otherwise);
 *  POST /webhooks/whatsapp — X-Hub-Signature-256 checked over the RAW bytes with the app secret of the
 *       connection(s) the payload names (phone_number_id / WABA id); a bad or missing signature → 401 and
 *       nothing is stored. A good one is stored as-is (one INSERT, group-committed) and acknowledged with 200;
 *       a worker processes it later.
 * These routes declare no `config.access`, so the API's auth hook and per-IP rate limit leave them alone:
 * Meta posts bursts from a few addresses.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../app/context.js';
import { candidateConnections, isKnownVerifyToken, type CachedConnection } from '../connections/connection-cache.js';
import { storeWebhook } from './inbox-writer.js';

const BODY_LIMIT = 4 * 1024 * 1024; // Meta: payloads up to ~3 MB

/** The phone-number ids and WABA ids a webhook body names (what decides whose secret must have signed it). */
export function addressesOf(payload: unknown): { phoneIds: Set<string>; wabaIds: Set<string> } {
  const phoneIds = new Set<string>();
  const wabaIds = new Set<string>();
  const entries = (payload as { entry?: unknown })?.entry;
  if (Array.isArray(entries)) {
    for (const e of entries as { id?: unknown; changes?: unknown }[]) {
      if (e && (typeof e.id === 'string' || typeof e.id === 'number')) wabaIds.add(String(e.id));
      if (!Array.isArray(e?.changes)) continue;
      for (const c of e.changes as { value?: { metadata?: { phone_number_id?: unknown } } }[]) {
        const p = c?.value?.metadata?.phone_number_id;
        if (typeof p === 'string' || typeof p === 'number') phoneIds.add(String(p));
      }
    }
  }
  return { phoneIds, wabaIds };
}

/** The connections whose app secret produced `signature` over `raw` (constant-time compare). */
export function verifiedConnections(raw: Buffer, signature: string | undefined, candidates: CachedConnection[]): CachedConnection[] {
  if (!signature || !signature.startsWith('sha256=')) return [];
  const got = Buffer.from(signature.slice(7).trim().toLowerCase(), 'utf8');
  const bySecret = new Map<string, CachedConnection[]>();
  for (const c of candidates) bySecret.set(c.appSecret, [...(bySecret.get(c.appSecret) ?? []), c]);
  const out: CachedConnection[] = [];
  for (const [secret, conns] of bySecret) {
    const expected = Buffer.from(createHmac('sha256', secret).update(raw).digest('hex'), 'utf8');
    if (expected.length === got.length && timingSafeEqual(expected, got)) out.push(...conns);
  }
  return out;
}

export async function registerWebhookRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/webhooks/whatsapp', {
    schema: { hide: true },
    handler: async (req, reply) => {
      const q = req.query as Record<string, string | undefined>;
      const ok = q['hub.mode'] === 'subscribe' && typeof q['hub.verify_token'] === 'string' && (await isKnownVerifyToken(ctx, q['hub.verify_token']));
      if (!ok) return reply.status(403).type('text/plain').send('Verification failed: wrong hub.verify_token.');
      return reply.status(200).type('text/plain').send(q['hub.challenge'] ?? '');
    },
  });

  // Scoped plugin: only this route receives the body as raw bytes.
  await app.register(async (scoped) => {
    scoped.removeAllContentTypeParsers();
    scoped.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_req, body, done) => done(null, body));
    scoped.post('/webhooks/whatsapp', {
      schema: { hide: true },
      bodyLimit: BODY_LIMIT,
      handler: async (req, reply) => {
        const raw = req.body as Buffer | undefined;
        if (!raw || !raw.length) return reply.status(400).send({ error: { code: 'invalid_request', message: 'Empty body.' } });
        let payload: unknown;
        try {
          payload = JSON.parse(raw.toString('utf8'));
        } catch {
          return reply.status(400).send({ error: { code: 'invalid_json', message: 'The body is not JSON.' } });
        }
        const { phoneIds, wabaIds } = addressesOf(payload);
        const candidates = await candidateConnections(ctx, phoneIds, wabaIds);
        const verified = verifiedConnections(raw, req.headers['x-hub-signature-256'] as string | undefined, candidates);
        if (!verified.length) {
          ctx.metrics.inc('clarion_whatsapp_webhooks_total', 'WhatsApp webhook POSTs', { result: 'rejected' });
          return reply.status(401).send({ error: { code: 'unauthorized', message: 'Missing or invalid X-Hub-Signature-256 for the number this webhook names.' } });
        }
        await storeWebhook(ctx, verified.map((c) => c.id), raw.toString('utf8'));
        ctx.metrics.inc('clarion_whatsapp_webhooks_total', 'WhatsApp webhook POSTs', { result: 'stored' });
        return reply.status(200).type('text/plain').send('EVENT_RECEIVED');
      },
    });
  });
}
