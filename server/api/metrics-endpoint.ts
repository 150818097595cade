/**
 * Protection of /metrics (issue 10 §5): on the main port it answers only a caller presenting
 * CLARION_METRICS_TOKEN as a Bearer token (any other caller gets the same 404 as an unknown route, so its
 * existence is not advertised); CLARION_METRICS_LISTEN runs a separate listener serving only /metrics, meant
 * for an address only the monitoring network reaches.
 */
import http from 'node:http';
import { timingSafeEqual, createHash } from 'node:crypto';
import type { AppContext } from '../app/context.js';

export function metricsAuthorised(token: string | null, authorization: string | undefined): boolean {
  if (!token || !authorization) return false;
  const m = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (!m) return false;
  const a = createHash('sha256').update(m[1]).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}

/** Starts the separate metrics listener when configured; resolves with a closer (or null when not configured). */
export async function startMetricsListener(ctx: AppContext): Promise<{ port: number; close(): Promise<void> } | null> {
  const listen = ctx.config.metricsListen;
  if (!listen) return null;
  const server = http.createServer((req, res) => {
    res.setHeader('x-content-type-options', 'nosniff');
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') return void res.writeHead(404).end();
    ctx.metrics.render().then(
      (text) => res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(text),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => resolve());
  });
  const addr = server.address();
  return {
    port: typeof addr === 'object' && addr ? addr.port : listen.port,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
