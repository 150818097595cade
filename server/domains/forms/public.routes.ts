/**
 * Public HTTP of forms (no authentication): the hosted page, the embed script and fragment, the proof-of-work
 * challenge, the submission endpoint (urlencoded or JSON; JSON answers for scripts, HTML pages for plain forms) and the
 * double opt-in confirmation page whose button confirms by POST (a GET never confirms: mail scanners follow links).
 * On a custom domain only that workspace's forms exist; an unknown host gets a plain 404.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.js';
import type { FormDefinition } from '../../../common/forms.js';
import { resolveHost } from './hosts.js';
import * as repo from './forms.repo.js';
import { CLIENT_JS, embedJs } from './form-client.js';
import { pickLanguage, publicText } from './public-texts.js';
import { esc, FORM_CSS, formFragment, hostedFormPage, messagePage, page } from './render.js';
import { createPowChallenge, signRenderTime } from './spam.js';
import { recordView } from './stats.repo.js';
import { closedReason, closedText, confirmPending, inspectPending, submitForm } from './submit.service.js';
import type { FormSettings } from '../../../common/forms.js';

const cors = (reply: FastifyReply) => reply.header('access-control-allow-origin', '*').header('access-control-allow-headers', 'content-type, accept').header('access-control-allow-methods', 'GET, POST, OPTIONS');
const wantsJson = (req: FastifyRequest) => String(req.headers['content-type'] ?? '').includes('json') || String(req.headers.accept ?? '').startsWith('application/json');
type HostReq = FastifyRequest & { clarionHostWs?: number | null };
/** Links on a custom host stay on that host; on the main host they use the public URL. */
const baseOf = (ctx: AppContext, req: FastifyRequest) => ((req as HostReq).clarionHostWs ? `${req.protocol}://${req.headers.host}` : ctx.config.publicUrl.replace(/\/+$/, ''));

/** Parses a urlencoded body into fields; repeated names become arrays (multi-selects). */
function parseUrlencoded(body: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(body)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

export async function registerFormPublicRoutes(app: FastifyInstance, ctx: AppContext) {
  await app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
      try {
        done(null, parseUrlencoded(body as string));
      } catch (err) {
        done(err as Error, undefined);
      }
    });

    /** The form for this request: live, and on a custom host only when it belongs to that host's workspace. */
    async function formFor(req: FastifyRequest, reply: FastifyReply): Promise<repo.FormRow | null> {
      const host = await resolveHost(ctx, req.headers.host);
      if (host === 'unknown') {
        reply.status(404).type('text/plain').send('Not found');
        return null;
      }
      (req as HostReq).clarionHostWs = host === 'main' ? null : host.workspaceId;
      const f = await repo.findLiveFormByPublicId(ctx.db, (req.params as { publicId: string }).publicId);
      if (!f || (host !== 'main' && Number(f.workspace_id) !== host.workspaceId)) {
        reply.status(404).type('text/html').send(messagePage('en', publicText('en', 'not_found'), false));
        return null;
      }
      return f;
    }
    const langFor = (f: repo.FormRow, req: FastifyRequest, asked?: unknown) =>
      pickLanguage((f.definition as FormDefinition).languages, typeof asked === 'string' ? asked : (req.query as { lang?: string }).lang, req.headers['accept-language']);

    scope.get('/f/client.js', { schema: { hide: true } }, async (_req, reply) => reply.type('application/javascript').header('cache-control', 'public, max-age=300').send(CLIENT_JS));

    scope.get('/f/embed.js', { schema: { hide: true } }, async (req, reply) => {
      const host = await resolveHost(ctx, req.headers.host);
      if (host !== 'main') (req as HostReq).clarionHostWs = host === 'unknown' ? null : host.workspaceId;
      return cors(reply).type('application/javascript').header('cache-control', 'public, max-age=300').send(embedJs(baseOf(ctx, req)));
    });

    scope.get('/f/:publicId', { schema: { hide: true } }, async (req, reply) => {
      const f = await formFor(req, reply);
      if (!f) return reply;
      const lang = langFor(f, req);
      const reason = await closedReason(ctx, f);
      void recordView(ctx.db, ctx.keys.signingKey, f.workspace_id, 'form', f.id, req.ip, String(req.headers['user-agent'] ?? '')).catch(() => undefined);
      return reply.type('text/html').header('cache-control', 'no-store').send(hostedFormPage(f, lang, baseOf(ctx, req), signRenderTime(ctx.keys.signingKey, f.public_id), reason ? closedText(f, lang, reason) : null));
    });

    scope.get('/f/:publicId/embed.js', { schema: { hide: true } }, async (req, reply) => {
      const f = await formFor(req, reply);
      if (!f) return reply;
      return cors(reply).type('application/javascript').header('cache-control', 'public, max-age=300').send(embedJs(baseOf(ctx, req)));
    });

    scope.get('/f/:publicId/fragment', { schema: { hide: true } }, async (req, reply) => {
      const f = await formFor(req, reply);
      if (!f) return reply;
      const lang = langFor(f, req);
      const reason = await closedReason(ctx, f);
      void recordView(ctx.db, ctx.keys.signingKey, f.workspace_id, 'form', f.id, req.ip, String(req.headers['user-agent'] ?? '')).catch(() => undefined);
      const html = reason ? `<p class="cf-msg cf-bad">${esc(closedText(f, lang, reason))}</p>` : formFragment(f, lang, `${baseOf(ctx, req)}/f/${f.public_id}`, signRenderTime(ctx.keys.signingKey, f.public_id));
      return cors(reply).header('cache-control', 'no-store').send({ html, css: FORM_CSS, lang });
    });

    scope.get('/f/:publicId/challenge', { schema: { hide: true } }, async (req, reply) => {
      const f = await formFor(req, reply);
      if (!f) return reply;
      const s = f.settings as FormSettings;
      return cors(reply).header('cache-control', 'no-store').send(await createPowChallenge(ctx.keys.signingKey, f.public_id, s.powCost, s.powMaxCounter));
    });

    scope.options('/f/:publicId', { schema: { hide: true } }, async (_req, reply) => cors(reply).status(204).send());

    scope.post('/f/:publicId', { schema: { hide: true } }, async (req, reply) => {
      const f = await formFor(req, reply);
      if (!f) return reply;
      cors(reply);
      const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
      const lang = langFor(f, req, body._lang);
      const out = await submitForm(ctx, f, { body, lang, ip: req.ip ?? null, userAgent: req.headers['user-agent'] ?? null, referer: typeof req.headers.referer === 'string' ? req.headers.referer : null });
      const status = out.status === 'refused' ? out.httpStatus : out.status === 'accepted' ? 200 : out.status === 'pending' ? 202 : 400;
      if (wantsJson(req)) return reply.status(status).send(out);
      if ((out.status === 'accepted' || out.status === 'pending') && out.redirectUrl) return reply.redirect(out.redirectUrl, 303);
      if (out.status === 'invalid') {
        const def = f.definition as FormDefinition;
        const label = (k: string) => def.fields.find((x) => x.key === k)?.label?.[lang] ?? k;
        const list = out.problems.map((p) => `<li>${esc(label(p.field))}: ${esc(p.message)}</li>`).join('');
        return reply.status(400).type('text/html').send(page(lang, publicText(lang, 'required'), `<div class="cf-form"><ul class="cf-msg cf-bad">${list}</ul><p><a href="javascript:history.back()">←</a></p></div>`));
      }
      return reply.status(status).type('text/html').send(messagePage(lang, out.message, out.status !== 'refused'));
    });

    scope.get('/f/confirm/:token', { schema: { hide: true } }, async (req, reply) => {
      const token = (req.params as { token: string }).token;
      const r = await inspectPending(ctx, token);
      reply.type('text/html').header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      if (r.state === 'invalid' || r.state === 'expired') return reply.status(r.state === 'invalid' ? 404 : 410).send(messagePage(r.lang, publicText(r.lang, r.state === 'invalid' ? 'link_invalid' : 'link_expired'), false));
      if (r.state === 'done') return reply.send(messagePage(r.lang, publicText(r.lang, 'confirmed'), true));
      const body = `<form class="cf-form" method="post" action="/f/confirm/${esc(token)}"><h2>${esc(publicText(r.lang, 'confirm_title'))}</h2><button type="submit" autofocus>${esc(publicText(r.lang, 'confirm_button'))}</button></form>`;
      return reply.send(page(r.lang, publicText(r.lang, 'confirm_title'), body));
    });

    scope.post('/f/confirm/:token', { schema: { hide: true } }, async (req, reply) => {
      const r = await confirmPending(ctx, (req.params as { token: string }).token, req.ip ?? null);
      if (wantsJson(req)) return reply.status(r.state === 'invalid' ? 404 : r.state === 'expired' ? 410 : 200).send({ status: r.state, message: r.message });
      if ((r.state === 'confirmed' || r.state === 'done') && r.redirectUrl) return reply.redirect(r.redirectUrl, 303);
      return reply.status(r.state === 'invalid' ? 404 : r.state === 'expired' ? 410 : 200).type('text/html').send(messagePage(r.lang, r.message, r.state === 'confirmed' || r.state === 'done'));
    });
  });
}
