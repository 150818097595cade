/**
 * Builds the HTTP server: plumbing (cookies, errors, auth, metrics, OpenAPI), then every domain's routes,
 * then the web app's static files. Domains register through `routeModules` so this file stays the one
 * place that shows what the API is made of.
 */
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import fastifyStatic from '@fastify/static';
import type { AppContext } from '../app/context.js';
import { pingDb } from '../db/database.js';
import { installAuth } from './auth-hook.js';
import { ErrorBody } from './common-schemas.js';
import { installErrorHandling } from './errors.js';
import { routeModules } from './route-modules.js';
import { installSecurityHeaders, type SecurityHeaders } from './security-headers.js';
import { installInputGuards } from './input-guards.js';
import { metricsAuthorised } from './metrics-endpoint.js';
import { installPageHostGate } from '../domains/pages/index.js';

export async function buildApp(ctx: AppContext, opts: { serveWeb?: boolean } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: ctx.config.maxBodyBytes,
    trustProxy: ctx.config.trustProxy,
    requestIdHeader: 'x-request-id',
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } },
  });
  app.addSchema(ErrorBody);
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Clarion API', version: '1', description: 'REST API of Clarion, the self-hosted marketing cloud.' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An API key created under Settings → API keys.' },
          session: { type: 'apiKey', in: 'cookie', name: 'clarion_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    // Each operation carries the permission it needs (`x-access`), so the security regression test
    // (server/test/security/openapi-routes.test.ts) covers new routes by role without a hand-kept list.
    transform: ({ schema, url, route }) => ({
      schema: schema ? ({ ...schema, 'x-access': (route.config as { access?: string } | undefined)?.access } as typeof schema) : schema,
      url,
    }),
  });
  installErrorHandling(app, ctx.log);
  const headers = installSecurityHeaders(app, ctx);
  installPageHostGate(app, ctx);
  installAuth(app, ctx);
  installInputGuards(app);

  app.addHook('onResponse', async (req, reply) => {
    ctx.metrics.inc('clarion_http_requests_total', 'HTTP requests served', {
      method: req.method,
      route: req.routeOptions.url ?? 'unmatched',
      status: reply.statusCode,
    });
  });

  app.get('/healthz', { schema: { hide: true } }, async (_req, reply) => {
    const ok = await pingDb(ctx.db);
    return reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'db_unreachable', db: ctx.dbKind });
  });
  // /metrics is not public: on this port it needs CLARION_METRICS_TOKEN; CLARION_METRICS_LISTEN serves it on its own address.
  app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
    if (!metricsAuthorised(ctx.config.metricsToken, req.headers.authorization)) {
      return reply.status(404).send({ error: { code: 'not_found', message: `No route GET /metrics.` } });
    }
    return reply.type('text/plain; version=0.0.4').send(await ctx.metrics.render());
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  for (const register of routeModules) await register(app, ctx);

  if (opts.serveWeb !== false) await serveWebApp(app, headers);
  return app;
}

/** Serves the built SPA (web/dist) with history-API fallback for client-side routes. */
async function serveWebApp(app: FastifyInstance, headers: SecurityHeaders) {
  const dist = path.resolve(import.meta.dirname, '../../web/dist');
  if (!fs.existsSync(path.join(dist, 'index.html'))) {
    app.get('/', async (_req, reply) =>
      reply.type('text/html').send('<p>The web app is not built. Run <code>npm run build:web</code>.</p>'),
    );
    return;
  }
  await app.register(fastifyStatic, { root: dist, wildcard: false, index: ['index.html'] });
  const index = fs.readFileSync(path.join(dist, 'index.html'));
  headers.setSpaIndex(index);
  app.get('/*', { schema: { hide: true } }, async (req, reply) => {
    const p = req.url.split('?')[0];
    if (p.startsWith('/api/') || p.startsWith('/t/') || p.startsWith('/webhooks/')) {
      return reply.status(404).send({ error: { code: 'not_found', message: `No route ${req.method} ${p}.` } });
    }
    const file = path.join(dist, path.normalize(p).replace(/^([/\\])+/, ''));
    if (file.startsWith(dist) && fs.existsSync(file) && fs.statSync(file).isFile()) return reply.sendFile(path.relative(dist, file));
    return reply.type('text/html').send(index);
  });
}
