/**
 * Serving published pages: `/p/<workspace slug>/<page slug>` on the instance's host, and `/<page slug>` (or `/` for
 * the page with slug `home`) on a verified custom domain, where nothing but that workspace's pages, forms and
 * pop-up script exists (anything else is a plain 404). The rendered HTML of the published version comes from one
 * indexed query, remembered for one second per process (every change in this process forgets it at once). Views are
 * counted in memory and written every two seconds.
 *
 * On the instance's own host a page is served with `Content-Security-Policy: sandbox …`: the document gets an opaque
 * origin, so a script on a page can never read the Clarion app's session or call its API as the visitor.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.js';
import type { PageSettings } from '../../../common/pages.js';
import { resolveHost } from '../forms/hosts.js';
import { esc, page } from '../forms/render.js';
import { ViewCounter } from '../forms/stats.repo.js';
import * as repo from './pages.repo.js';

interface Servable {
  at: number;
  pageId: number;
  ws: number;
  status: string;
  lang: string;
  html: string | null;
  pausedMessage: string | null;
}

const cache = new Map<string, Servable>();
const wsCache = new Map<string, { at: number; id: number | null }>();
const TTL_MS = 1000;

/** Forgets every remembered page (called on any page change in this process). */
export function forgetPages() {
  cache.clear();
}

async function lookup(ctx: AppContext, ws: number, slug: string): Promise<Servable | null> {
  const key = `${ws}/${slug}`;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < TTL_MS) return hit;
  const r = await repo.findServable(ctx.db, ws, slug);
  const v: Servable | null = r
    ? { at: Date.now(), pageId: Number(r.id), ws, status: r.status, lang: r.lang, html: r.rendered ?? null, pausedMessage: (r.settings as PageSettings).pausedMessage ?? null }
    : null;
  if (v) cache.set(key, v);
  return v;
}

async function workspaceId(ctx: AppContext, slug: string): Promise<number | null> {
  const hit = wsCache.get(slug);
  if (hit && Date.now() - hit.at < 60_000) return hit.id;
  const w = await repo.workspaceBySlug(ctx.db, slug);
  const id = w ? Number(w.id) : null;
  wsCache.set(slug, { at: Date.now(), id });
  return id;
}

const SANDBOX = 'sandbox allow-scripts allow-forms allow-popups allow-popups-to-escape-sandbox';
const notFoundPlain = (reply: FastifyReply) => reply.status(404).type('text/plain; charset=utf-8').header('cache-control', 'no-store').send('Not found');

async function send(ctx: AppContext, views: ViewCounter, req: FastifyRequest, reply: FastifyReply, ws: number, slug: string, onCustomHost: boolean) {
  const p = await lookup(ctx, ws, slug);
  if (!p || p.status === 'draft' || !p.html) return notFoundPlain(reply);
  if (!onCustomHost) reply.header('content-security-policy', SANDBOX);
  if (p.status === 'paused') {
    const msg = p.pausedMessage || (p.lang === 'he' ? 'הדף אינו זמין כרגע.' : 'This page is not available right now.');
    return reply.status(503).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page(p.lang, msg, `<p class="cf-msg">${esc(msg)}</p>`));
  }
  views.add(ws, 'page', p.pageId, req.ip, String(req.headers['user-agent'] ?? ''));
  return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(p.html);
}

/** Paths that a custom domain serves besides pages. */
const CUSTOM_HOST_PASS = /^\/(f|w)\//;

const counters = new WeakMap<FastifyInstance, ViewCounter>();
function viewsOf(app: FastifyInstance, ctx: AppContext): ViewCounter {
  let views = counters.get(app);
  if (!views) {
    const created = new ViewCounter(ctx.db, ctx.keys.signingKey);
    counters.set(app, created);
    app.addHook('onClose', async () => created.close());
    views = created;
  }
  return views;
}

/**
 * A verified custom domain answers only with its workspace's pages (and its forms/pop-up script by path). Installed
 * before authentication, so that a custom host never reveals the API (a 404, not the API's 401).
 */
export function installPageHostGate(app: FastifyInstance, ctx: AppContext) {
  const views = viewsOf(app, ctx);
  app.addHook('onRequest', async (req, reply) => {
    const host = await resolveHost(ctx, req.headers.host);
    if (host === 'main') return;
    const path = req.url.split('?')[0];
    if (host === 'unknown') {
      if (/^\/(p|f|w)\//.test(path)) return notFoundPlain(reply);
      return;
    }
    if (CUSTOM_HOST_PASS.test(path)) return;
    if (req.method !== 'GET' && req.method !== 'HEAD') return notFoundPlain(reply);
    const m = /^\/(?:p\/)?([a-z0-9-]{0,80})\/?$/.exec(path);
    if (!m) return notFoundPlain(reply);
    return send(ctx, views, req, reply, host.workspaceId, m[1] || 'home', true);
  });
}

export async function registerPageServing(app: FastifyInstance, ctx: AppContext) {
  const views = viewsOf(app, ctx);
  app.get('/p/:ws/:slug', { schema: { hide: true } }, async (req, reply) => {
    const { ws, slug } = req.params as { ws: string; slug: string };
    const id = await workspaceId(ctx, ws);
    if (id === null) return notFoundPlain(reply);
    return send(ctx, views, req, reply, id, slug, false);
  });
}
