/**
 * The Idempotency-Key header for POST endpoints (Stripe semantics, IETF draft conflict codes): the same key and
 * body within 24 h returns the first response (header `Idempotent-Replayed: true`) without doing the work again;
 * the same key with another body → 422; while the first request is still running → 409. A request that fails
 * with an error is not recorded, so a retry runs it anew.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.js';
import { AppError, validationFailed } from '../../lib/errors.js';
import { abandonIdempotent, beginIdempotent, finishIdempotent } from './idempotency.repo.js';

/** Canonical JSON (sorted keys) so key order does not make two equal bodies differ. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(v ?? null);
}

/**
 * Runs `work` under the request's Idempotency-Key (when it has one). `work` returns status and body; the same
 * pair is sent now and replayed later.
 */
export async function withIdempotency(ctx: AppContext, ws: number, req: FastifyRequest, reply: FastifyReply, work: () => Promise<{ status: number; body: unknown }>) {
  const raw = req.headers['idempotency-key'];
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (key === undefined) {
    const r = await work();
    return reply.status(r.status).send(r.body);
  }
  if (!key.length || key.length > 255) throw validationFailed('Idempotency-Key', 'The Idempotency-Key header must be 1 to 255 characters.');
  const hash = createHash('sha256').update(`${req.method} ${req.routeOptions.url}\n${canonical(req.body)}`).digest('hex');
  const begun = await beginIdempotent(ctx.db, ws, key, hash);
  if (begun.kind === 'mismatch') throw new AppError(422, 'idempotency_key_reused', 'This Idempotency-Key was used with a different request body.', 'Idempotency-Key');
  if (begun.kind === 'in_flight') throw new AppError(409, 'idempotency_in_flight', 'A request with this Idempotency-Key is still being processed; retry shortly.', 'Idempotency-Key');
  if (begun.kind === 'replay') return reply.status(begun.status).header('idempotent-replayed', 'true').send(begun.body);
  let r: { status: number; body: unknown };
  try {
    r = await work();
  } catch (err) {
    await abandonIdempotent(ctx.db, ws, key).catch(() => undefined);
    throw err;
  }
  await finishIdempotent(ctx.db, ws, key, r.status, r.body);
  return reply.status(r.status).send(r.body);
}
