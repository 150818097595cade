/**
 * Security headers on every answer (issue 10 §5, docs/security.md "HTTP headers"):
 * - `X-Content-Type-Options: nosniff` and a `Referrer-Policy` everywhere (webhook handshake answers included);
 * - a Content-Security-Policy: the SPA's (own scripts plus the hashes of index.html's inline scripts, inline
 *   styles for the component library, images from anywhere for email previews), `default-src 'none'` for JSON and
 *   other non-HTML answers, and a light one for public pages (forms, landing pages) that load captcha scripts;
 * - `frame-ancestors 'none'` + `X-Frame-Options: DENY`, except hosted form pages (`GET /f/<id>`), meant to be
 *   embedded in a customer's site;
 * - `Strict-Transport-Security` when the public URL is https.
 * A route that sets its own Content-Security-Policy or Referrer-Policy keeps it (e.g. an API-docs page).
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app/context.js';

export interface SecurityHeaders {
  /** Records index.html's inline scripts so the SPA's policy allows exactly them. */
  setSpaIndex(html: string | Buffer): void;
}

/** Paths whose pages are meant to be framed by other sites: a hosted form, not its confirmation or assets. */
const EMBEDDABLE = /^\/f\/[A-Za-z0-9_-]+\/?$/;
/** Public pages Clarion renders on the server (hosted forms, landing pages, unsubscribe and tracking pages). */
const PUBLIC_PAGE = /^\/(f|p|u|t)\//;

export function inlineScriptHashes(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)) {
    if (m[1].trim()) out.push(`'sha256-${createHash('sha256').update(m[1]).digest('base64')}'`);
  }
  return out;
}

export function spaCsp(scriptHashes: string[]): string {
  return [
    "default-src 'self'",
    `script-src 'self'${scriptHashes.length ? ' ' + scriptHashes.join(' ') : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https: http:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "frame-src 'self' blob: data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";
const publicPageCsp = (embeddable: boolean) => `object-src 'none'; base-uri 'self'; frame-ancestors ${embeddable ? '*' : "'none'"}`;

export function installSecurityHeaders(app: FastifyInstance, ctx: AppContext): SecurityHeaders {
  let spaPolicy = spaCsp([]);
  const hsts = ctx.config.publicUrl.startsWith('https://');
  app.addHook('onSend', async (req, reply, payload) => {
    const path = req.url.split('?')[0];
    const embeddable = req.method === 'GET' && EMBEDDABLE.test(path);
    reply.header('x-content-type-options', 'nosniff');
    if (!reply.hasHeader('referrer-policy')) reply.header('referrer-policy', 'strict-origin-when-cross-origin');
    if (hsts) reply.header('strict-transport-security', 'max-age=31536000');
    if (!embeddable) reply.header('x-frame-options', 'DENY');
    if (!reply.hasHeader('content-security-policy')) {
      const type = String(reply.getHeader('content-type') ?? '');
      const html = type.startsWith('text/html');
      reply.header('content-security-policy', !html ? API_CSP : PUBLIC_PAGE.test(path) ? publicPageCsp(embeddable) : spaPolicy);
    }
    return payload;
  });
  return {
    setSpaIndex(html) {
      spaPolicy = spaCsp(inlineScriptHashes(String(html)));
    },
  };
}
