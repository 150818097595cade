/**
 * Builds and starts the WhatsApp Cloud API simulator: a Fastify server on loopback that speaks
 * the Graph wire format (messages, media, templates, number info), sends signed webhooks, enforces
 * Meta's limits on a controllable clock, and offers `/_sim/` control endpoints.
 */
import multipart from '@fastify/multipart';
import Fastify from 'fastify';
import type { SimConfig, SimOptions } from './config.js';
import { SimContext } from './context.js';
import { installErrorHandler } from './http.js';
import { registerControlRoutes } from './routes-control.js';
import { registerEventRoutes } from './routes-events.js';
import { registerMoreEventRoutes } from './routes-events-more.js';
import { MEDIA_BODY_LIMIT, registerMediaRoutes } from './routes-media.js';
import { registerMessageRoutes } from './routes-messages.js';
import { registerObjectRoutes } from './routes-objects.js';
import { registerTemplateRoutes } from './routes-templates.js';
import type { SimClock } from './clock.js';
import type { SimState } from './state.js';
import type { SimStats } from './stats.js';
import type { WebhookDispatcher } from './webhook-dispatcher.js';

/** A running simulator. */
export interface WhatsappSimulator {
  /** Base URL, e.g. `http://127.0.0.1:8090` (use as the Graph base: `${url}/v24.0/...`). */
  url: string;
  /** Current configuration (live; changes with `POST /_sim/config` or `ctx.update`). */
  readonly config: SimConfig;
  /** In-memory state (replaced on reset, so read it through this getter). */
  readonly state: SimState;
  readonly stats: SimStats;
  readonly clock: SimClock;
  readonly webhooks: WebhookDispatcher;
  /** Full context, for tests and embedding. */
  readonly ctx: SimContext;
  /** Stops timers, aborts webhook sends and closes the server. */
  close(): Promise<void>;
}

/**
 * Starts a simulator.
 * @param opts partial configuration; defaults listen on 127.0.0.1 with a random port.
 * @returns the running simulator with its URL.
 */
export async function createWhatsappSimulator(opts: SimOptions = {}): Promise<WhatsappSimulator> {
  const ctx = new SimContext(opts);
  const app = Fastify({ logger: false, bodyLimit: 4 * 1024 * 1024, keepAliveTimeout: 65_000 });
  await app.register(multipart, { limits: { fileSize: MEDIA_BODY_LIMIT } });
  // Raw media uploads arrive with the file's own Content-Type.
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MEDIA_BODY_LIMIT }, (_req, body, done) => done(null, body));
  installErrorHandler(app);
  registerControlRoutes(app, ctx);
  registerEventRoutes(app, ctx);
  registerMoreEventRoutes(app, ctx);
  registerMessageRoutes(app, ctx);
  registerMediaRoutes(app, ctx);
  registerTemplateRoutes(app, ctx);
  registerObjectRoutes(app, ctx);
  await app.listen({ host: ctx.config.host, port: ctx.config.port });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : ctx.config.port;
  const url = `http://${ctx.config.host.includes(':') ? `[${ctx.config.host}]` : ctx.config.host}:${port}`;
  let closed = false;
  return {
    url,
    get config() {
      return ctx.config;
    },
    get state() {
      return ctx.state;
    },
    get stats() {
      return ctx.stats;
    },
    clock: ctx.clock,
    webhooks: ctx.webhooks,
    ctx,
    async close() {
      if (closed) return;
      closed = true;
      ctx.scheduler.close();
      ctx.webhooks.close();
      await app.close();
    },
  };
}
