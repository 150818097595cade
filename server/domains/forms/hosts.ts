/**
 * Which workspace a request's Host belongs to: the instance's own host (any workspace, by path), a verified custom
 * domain (that workspace only), or unknown (plain 404). Verified hosts are cached for 10 s per process.
 */
import type { AppContext } from '../../app/context.js';

export type HostMatch = 'main' | 'unknown' | { workspaceId: number };

const cache = new Map<string, { at: number; ws: number | null }>();
const LOCAL = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function hostnameOf(hostHeader: string | undefined): string {
  return (hostHeader ?? '').trim().toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
}

export async function resolveHost(ctx: AppContext, hostHeader: string | undefined): Promise<HostMatch> {
  const host = hostnameOf(hostHeader);
  if (!host || LOCAL.has(host)) return 'main';
  let main = '';
  try {
    main = new URL(ctx.config.publicUrl).hostname.toLowerCase();
  } catch {
    main = '';
  }
  if (host === main) return 'main';
  const hit = cache.get(host);
  let ws: number | null;
  if (hit && Date.now() - hit.at < 10_000) ws = hit.ws;
  else {
    const row = await ctx.db.selectFrom('custom_domains').select(['workspace_id']).where('host', '=', host).where('verified', '=', true).executeTakeFirst();
    ws = row ? Number(row.workspace_id) : null;
    cache.set(host, { at: Date.now(), ws });
  }
  return ws === null ? 'unknown' : { workspaceId: ws };
}

/** Forgets cached answers (after a domain is verified, removed or fails its re-check). */
export function forgetHost(host?: string) {
  if (host) cache.delete(host);
  else cache.clear();
}
