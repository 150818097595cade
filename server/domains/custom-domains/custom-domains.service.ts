/**
 * Custom domains: a workspace adds a host, is shown the CNAME and TXT records to create, and the host is served
 * only after both check out ("check now", and a periodic re-check: every 10 minutes for 72 hours while pending, then
 * daily; a verified host whose records are gone is unverified and stops being served). Manager or owner only.
 */
import { randomBytes } from 'node:crypto';
import type { AppContext } from '../../app/context.js';
import { conflict, notFound, validationFailed } from '../../lib/errors.js';
import { recordAudit, type Actor } from '../audit/index.js';
import { forgetHost } from '../forms/hosts.js';
import { checkDns, dnsResolver, txtName } from './dns-check.js';

const HOST_RE = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export const instanceHost = (ctx: AppContext) => new URL(ctx.config.publicUrl).hostname.toLowerCase();

type Row = { id: number; host: string; token: string; verified: boolean; cname_ok: boolean; txt_ok: boolean; last_checked_at: Date | null; verified_at: Date | null; last_error: string | null; created_at: Date };

export function domainView(ctx: AppContext, d: Row) {
  return {
    id: Number(d.id), host: d.host, verified: d.verified, cnameOk: d.cname_ok, txtOk: d.txt_ok, lastError: d.last_error,
    lastCheckedAt: d.last_checked_at?.toISOString() ?? null, verifiedAt: d.verified_at?.toISOString() ?? null, createdAt: d.created_at.toISOString(),
    records: [
      { type: 'CNAME', name: d.host, value: instanceHost(ctx) },
      { type: 'TXT', name: txtName(d.host), value: d.token },
    ],
  };
}

export const listDomains = (ctx: AppContext, ws: number) => ctx.db.selectFrom('custom_domains').selectAll().where('workspace_id', '=', ws).orderBy('id').execute();

export async function addDomain(ctx: AppContext, ws: number, actor: Actor, hostIn: string) {
  const host = hostIn.trim().toLowerCase().replace(/\.$/, '');
  if (!HOST_RE.test(host)) throw validationFailed('host', `"${hostIn}" is not a host name such as pages.example.com.`);
  if (host === instanceHost(ctx)) throw validationFailed('host', 'This is the instance’s own host.');
  const taken = await ctx.db.selectFrom('custom_domains').select('workspace_id').where('host', '=', host).executeTakeFirst();
  if (taken) throw conflict(`The host ${host} is already added${Number(taken.workspace_id) === ws ? '' : ' by another workspace'}.`, 'host');
  const d = await ctx.db.insertInto('custom_domains').values({ workspace_id: ws, host, token: `clarion-verify=${randomBytes(16).toString('hex')}` }).returningAll().executeTakeFirstOrThrow();
  await recordAudit(ctx.db, ws, actor, 'custom_domain.added', 'custom_domain', Number(d.id), { host });
  return d;
}

export async function removeDomain(ctx: AppContext, ws: number, actor: Actor, id: number) {
  const d = await ctx.db.deleteFrom('custom_domains').where('workspace_id', '=', ws).where('id', '=', id).returning('host').executeTakeFirst();
  if (!d) throw notFound('Custom domain');
  forgetHost(d.host);
  await recordAudit(ctx.db, ws, actor, 'custom_domain.removed', 'custom_domain', id, { host: d.host });
}

/** Checks one domain's records now and stores the outcome. */
export async function checkDomain(ctx: AppContext, ws: number, id: number) {
  const d = await ctx.db.selectFrom('custom_domains').selectAll().where('workspace_id', '=', ws).where('id', '=', id).executeTakeFirst();
  if (!d) throw notFound('Custom domain');
  const r = await checkDns(dnsResolver(), d.host, instanceHost(ctx), d.token);
  const verified = r.cnameOk && r.txtOk;
  const out = await ctx.db
    .updateTable('custom_domains')
    .set({ cname_ok: r.cnameOk, txt_ok: r.txtOk, verified, last_error: r.error, last_checked_at: new Date(), verified_at: verified ? (d.verified_at ?? new Date()) : null })
    .where('id', '=', d.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  forgetHost(d.host);
  return out;
}

/** The periodic re-check: pending hosts younger than 72 h, and verified hosts not checked for a day. */
export async function recheckDomains(ctx: AppContext, now = Date.now()) {
  const due = await ctx.db
    .selectFrom('custom_domains')
    .select(['id', 'workspace_id'])
    .where((eb) =>
      eb.or([
        eb.and([eb('verified', '=', false), eb('created_at', '>', new Date(now - 72 * 3600_000))]),
        eb.and([eb('verified', '=', true), eb.or([eb('last_checked_at', 'is', null), eb('last_checked_at', '<', new Date(now - 24 * 3600_000))])]),
      ]),
    )
    .limit(500)
    .execute();
  for (const d of due) await checkDomain(ctx, Number(d.workspace_id), Number(d.id)).catch((e) => ctx.log.warn('domain re-check failed', { error: (e as Error).message }));
  return due.length;
}

/** Caddy's on-demand TLS question: may a certificate be obtained for this host? Only verified hosts (and ours). */
export async function tlsAllowed(ctx: AppContext, host: string): Promise<boolean> {
  const h = host.trim().toLowerCase().replace(/\.$/, '');
  if (h === instanceHost(ctx)) return true;
  const d = await ctx.db.selectFrom('custom_domains').select('id').where('host', '=', h).where('verified', '=', true).executeTakeFirst();
  return !!d;
}
