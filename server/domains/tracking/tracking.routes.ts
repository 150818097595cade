/**
 * Public endpoints reached from inside sent messages (no API key, no session, no per-IP API rate limit — a mail
 * provider's image proxy fetches for many people from few addresses):
 *   GET  /t/o/:token   open pixel (1×1 GIF)              GET /t/c/:token  click → 302 to the campaign's stored link
 *   GET  /t/v/:token   view in browser (also /v/:token)  GET /u/:token    unsubscribe page (changes nothing)
 *   POST /u/:token     form submit, or RFC 8058 one-click (`List-Unsubscribe=One-Click`): 200, never a redirect
 * Every forged or unknown token is a 404; a click is never redirected anywhere but the campaign's own link table.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.js';
import { isOneClick, parseFormBody } from './form-body.js';
import { HitBuffer } from './hit-buffer.js';
import { recordClick, recordOpen, type RequestInfo, type Tracker } from './tracking.service.js';
import { writeHits } from './tracking.repo.js';
import { pickLang, renderUnsubscribeForm, renderUnsubscribeResult } from './unsubscribe-page.js';
import { cleanReason, findUnsubscribeTarget, unsubscribeTarget } from './unsubscribe.service.js';
import { renderViewInBrowser } from './view.js';

/** A transparent 1×1 GIF. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const FORM_LIMIT = 64 * 1024;
const TokenParams = { type: 'object', properties: { token: { type: 'string', maxLength: 100 } }, required: ['token'] } as const;

function info(req: FastifyRequest): RequestInfo {
  const ua = req.headers['user-agent'];
  return { method: req.method, ip: req.ip ?? null, userAgent: typeof ua === 'string' ? ua : null };
}

function noStore(reply: FastifyReply) {
  return reply.header('cache-control', 'no-store, no-cache, must-revalidate, private').header('x-robots-tag', 'noindex');
}

function notFoundText(reply: FastifyReply) {
  return noStore(reply).status(404).type('text/plain; charset=utf-8').send('Not found.');
}

/** The running tracker of this process (set when the routes are registered). Tests and shutdown use it. */
export let activeTracker: Tracker | null = null;

export async function registerTrackingRoutes(app: FastifyInstance, ctx: AppContext) {
  const buffer = new HitBuffer((rows) => writeHits(ctx.db, rows), ctx.log);
  const tracker: Tracker = { ctx, buffer };
  activeTracker = tracker;
  // Hits still buffered when the server stops are written before the database closes.
  app.addHook('onClose', async () => buffer.close());

  const hidden = { hide: true, params: TokenParams };

  app.get('/t/o/:token', { schema: hidden }, async (req, reply) => {
    const ok = await recordOpen(tracker, (req.params as { token: string }).token, info(req));
    if (!ok) return notFoundText(reply);
    return noStore(reply).type('image/gif').send(PIXEL);
  });

  app.get('/t/c/:token', { schema: hidden }, async (req, reply) => {
    const r = await recordClick(tracker, (req.params as { token: string }).token, info(req));
    if (r.kind === 'not_found') return notFoundText(reply);
    if (r.kind === 'honeypot') return noStore(reply).type('text/html; charset=utf-8').send('<!doctype html><title>.</title>');
    return noStore(reply).redirect(r.url, 302);
  });

  const view = async (req: FastifyRequest, reply: FastifyReply) => {
    const html = await renderViewInBrowser(ctx, (req.params as { token: string }).token);
    if (html === null) return notFoundText(reply);
    return noStore(reply).type('text/html; charset=utf-8').send(html);
  };
  app.get('/t/v/:token', { schema: hidden }, view);
  app.get('/v/:token', { schema: hidden }, view);

  app.get('/u/:token', { schema: hidden }, async (req, reply) => {
    const token = (req.params as { token: string }).token;
    const lang = (req.query as { lang?: string }).lang;
    const target = await findUnsubscribeTarget(ctx, token);
    const action = `/u/${token}`;
    if (!target) return noStore(reply).status(404).type('text/html; charset=utf-8').send(renderUnsubscribeResult(pickLang(lang, null), 'not_found', '', null));
    const l = pickLang(lang, target.locale);
    return noStore(reply).type('text/html; charset=utf-8').send(renderUnsubscribeForm(l, action, target.email, target.workspaceName));
  });

  // The POST needs the raw form body (urlencoded or multipart), so it lives in a scope with its own parser.
  await app.register(async (scoped) => {
    scoped.removeAllContentTypeParsers();
    scoped.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: FORM_LIMIT }, (_req, body, done) => done(null, body));
    scoped.post('/u/:token', { schema: hidden, bodyLimit: FORM_LIMIT }, async (req, reply) => {
      const token = (req.params as { token: string }).token;
      const fields = parseFormBody(req.headers['content-type'], req.body as Buffer | undefined);
      const oneClick = isOneClick(fields);
      const target = await findUnsubscribeTarget(ctx, token);
      const action = `/u/${token}`;
      if (oneClick) {
        // RFC 8058: act at once, answer 200, never redirect; the body is for the mail client, not a person.
        if (!target) return notFoundText(reply);
        const outcome = await unsubscribeTarget(ctx, target, { method: 'one_click', ip: req.ip });
        return noStore(reply).status(200).type('text/plain; charset=utf-8').send(outcome === 'protected' ? 'This address is protected; nothing was changed.' : 'Unsubscribed.');
      }
      const lang = pickLang(fields.lang ?? (req.query as { lang?: string }).lang, target?.locale);
      const html = (kind: Parameters<typeof renderUnsubscribeResult>[1], status = 200) =>
        noStore(reply).status(status).type('text/html; charset=utf-8').send(renderUnsubscribeResult(lang, kind, target?.email ?? '', target ? action : null));
      if (!target) return html('not_found', 404);
      // Only the page's own form (confirm=1) unsubscribes; a bare POST from some other client does nothing.
      if (fields.confirm !== '1') return html('bad_request', 400);
      const reason = cleanReason(fields.reason, fields.other);
      const outcome = await unsubscribeTarget(ctx, target, { method: 'page', reason: reason.code, text: reason.text, ip: req.ip });
      return html(outcome === 'unsubscribed' ? 'done' : outcome);
    });
  });
}
