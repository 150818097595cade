/**
 * Control endpoints under `/_sim/` (no auth — the simulator listens on loopback): runtime
 * configuration, the clock, reset, stats for benchmarks, and inspection of sent messages and
 * emitted webhooks. Event injection lives in routes-events.ts.
 */
import type { FastifyInstance } from 'fastify';
import { parseTier, tierLimit, type SimOptions } from './config.js';
import type { SimContext } from './context.js';
import { ControlError } from './http.js';

/** Turns user JSON into SimOptions, accepting friendly spellings (`tier: "2K"`). */
export function normalizeOptions(body: unknown): SimOptions {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ControlError(400, 'send a JSON object with the settings to change');
  const opts = { ...(body as SimOptions) };
  try {
    if (opts.limits?.tier !== undefined) opts.limits = { ...opts.limits, tier: parseTier(opts.limits.tier) };
  } catch (err) {
    throw new ControlError(400, (err as Error).message);
  }
  for (const k of ['host', 'port'] as const) if (k in opts) throw new ControlError(400, `${k} cannot change at runtime`);
  return opts;
}

/** Registers config, clock, reset, stats and inspection routes. */
export function registerControlRoutes(app: FastifyInstance, ctx: SimContext): void {
  app.get('/_sim/config', async () => ({ ...ctx.config, appSecret: '(set)', accessToken: ctx.config.accessToken }));

  app.post('/_sim/config', async (req) => {
    ctx.update(normalizeOptions(req.body));
    return { ok: true, config: ctx.config };
  });

  app.post('/_sim/failures', async (req) => {
    ctx.update({ failures: normalizeOptions(req.body) as SimOptions['failures'] });
    return { ok: true, failures: ctx.config.failures };
  });

  app.post('/_sim/limits', async (req) => {
    ctx.update(normalizeOptions({ limits: req.body }));
    return { ok: true, limits: ctx.config.limits };
  });

  app.get('/_sim/clock', async () => clockInfo(ctx));

  app.post('/_sim/clock', async (req) => {
    const b = (req.body ?? {}) as { advanceSeconds?: number; advanceMs?: number; now?: number | string; reset?: boolean };
    if (b.reset) ctx.clock.reset();
    else if (typeof b.advanceSeconds === 'number') ctx.clock.advance(b.advanceSeconds * 1000);
    else if (typeof b.advanceMs === 'number') ctx.clock.advance(b.advanceMs);
    else if (b.now !== undefined) {
      const ms = typeof b.now === 'number' ? b.now * 1000 : Date.parse(b.now);
      if (!Number.isFinite(ms)) throw new ControlError(400, 'now must be Unix seconds or an ISO date');
      ctx.clock.set(ms);
    } else throw new ControlError(400, 'send {advanceSeconds}, {advanceMs}, {now} or {reset: true}');
    return clockInfo(ctx);
  });

  app.post('/_sim/reset', async (req) => {
    const b = (req.body ?? {}) as { config?: boolean };
    ctx.reset(b.config === true);
    return { ok: true };
  });

  app.get('/_sim/stats', async () => {
    const now = ctx.clock.now();
    return {
      ...ctx.stats.snapshot(),
      tier: { limit: ctx.config.limits.tier, uniqueRecipients24h: ctx.state.tier.count(now), remaining: Math.max(0, tierLimit(ctx.config.limits.tier) - ctx.state.tier.count(now)) },
      webhooks: { ...ctx.webhooks.counters, backlog: ctx.webhooks.backlog },
      scheduledEvents: ctx.scheduler.pending,
      storedMessages: ctx.state.messages.size,
      templates: ctx.state.templates.size,
    };
  });

  app.get<{ Querystring: Record<string, string | undefined> }>('/_sim/messages', async (req) => {
    const q = req.query;
    const limit = Math.min(Number(q.limit) || 100, 10_000);
    if (q.direction === 'in') {
      let list = ctx.state.inbound;
      if (q.from) list = list.filter((m) => m.from === ctx.canonicalWaId(q.from!));
      return { data: list.slice(-limit).reverse() };
    }
    const out = [];
    const all = [...ctx.state.messages.values()];
    for (let i = all.length - 1; i >= 0 && out.length < limit; i--) {
      const m = all[i];
      if (q.to && m.waId !== ctx.canonicalWaId(q.to)) continue;
      if (q.type && m.type !== q.type) continue;
      if (q.state && m.state !== q.state) continue;
      out.push(m);
    }
    return { total: ctx.state.messages.size, data: out };
  });

  app.get<{ Params: { id: string } }>('/_sim/messages/:id', async (req) => {
    const m = ctx.state.messages.get(req.params.id) ?? ctx.state.inboundById.get(req.params.id);
    if (!m) throw new ControlError(404, `no message ${req.params.id}`);
    return m;
  });

  app.get<{ Querystring: Record<string, string | undefined> }>('/_sim/webhooks', async (req) => {
    const limit = Math.min(Number(req.query.limit) || 100, 2000);
    let list = ctx.webhooks.log;
    if (req.query.field) list = list.filter((e) => e.field === req.query.field);
    if (req.query.state) list = list.filter((e) => e.state === req.query.state);
    return { counters: ctx.webhooks.counters, data: list.slice(-limit).reverse().map((e) => ({ ...e, body: JSON.parse(e.body) })) };
  });

  // Meta's subscription handshake (§3.1): GET the callback with hub.* and expect the challenge back.
  app.post('/_sim/webhooks/verify', async (req) => {
    const b = (req.body ?? {}) as { url?: string; verifyToken?: string };
    const url = b.url ?? ctx.config.webhookUrl;
    if (!url) throw new ControlError(400, 'no webhook URL configured; pass {url}');
    const challenge = String(Math.floor(Math.random() * 1e10));
    const u = new URL(url);
    u.searchParams.set('hub.mode', 'subscribe');
    u.searchParams.set('hub.verify_token', b.verifyToken ?? ctx.config.verifyToken);
    u.searchParams.set('hub.challenge', challenge);
    try {
      const res = await fetch(u, { signal: AbortSignal.timeout(ctx.config.webhooks.timeoutMs) });
      const text = await res.text();
      return { ok: res.status === 200 && text.trim() === challenge, status: res.status, challenge, received: text.slice(0, 200) };
    } catch (err) {
      return { ok: false, status: null, challenge, error: (err as Error).message };
    }
  });
}

function clockInfo(ctx: SimContext): Record<string, unknown> {
  const now = ctx.clock.now();
  return { now: Math.floor(now / 1000), nowMs: now, iso: new Date(now).toISOString(), offsetMs: ctx.clock.offset };
}
