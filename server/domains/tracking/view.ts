/**
 * "View in browser": renders the campaign a delivery belongs to, for that recipient, from the content frozen at
 * send time. The page has no open pixel (viewing it is not an email open); its links are the same signed click
 * links as in the message. Compiled templates are cached per campaign (frozen content never changes).
 */
import type { AppContext } from '../../app/context.js';
import { compileEmailTemplate, renderEmail, type CompiledEmail } from '../templates/render/index.js';
import { signToken, verifyToken } from './tokens.js';

const MAX_CACHED = 100;
const compiledCache = new Map<number, Promise<CompiledEmail | null>>();

async function compiledFor(ctx: AppContext, campaignId: number, frozen: Record<string, unknown>, settings: Record<string, unknown>): Promise<CompiledEmail | null> {
  let p = compiledCache.get(campaignId);
  if (!p) {
    if (compiledCache.size >= MAX_CACHED) compiledCache.delete(compiledCache.keys().next().value as number);
    p = compileEmailTemplate({
      format: frozen.format === 'html' ? 'html' : 'mjml',
      source: String(frozen.source ?? ''),
      subject: String(frozen.subject ?? ''),
      preheader: typeof frozen.preheader === 'string' ? frozen.preheader : undefined,
      textOverride: typeof frozen.textOverride === 'string' ? frozen.textOverride : null,
      dir: frozen.dir === 'rtl' ? 'rtl' : 'ltr',
      trackLinks: settings.trackClicks !== false,
      utm: (settings.utm as Record<string, string> | null | undefined) ?? null,
    }).catch((err) => {
      ctx.log.warn('view in browser: campaign does not compile', { campaignId, error: (err as Error).message });
      compiledCache.delete(campaignId);
      return null;
    });
    compiledCache.set(campaignId, p);
  }
  return p;
}

/** The HTML of a delivery's message, or null when the token is not valid or the message cannot be shown. */
export async function renderViewInBrowser(ctx: AppContext, token: string): Promise<string | null> {
  const claims = verifyToken(ctx.keys.signingKey, 'v', token);
  if (!claims) return null;
  const r = await ctx.db
    .selectFrom('deliveries as d')
    .innerJoin('campaigns as cp', 'cp.id', 'd.campaign_id')
    .innerJoin('workspaces as w', 'w.id', 'd.workspace_id')
    .leftJoin('contacts as c', (j) => j.onRef('c.id', '=', 'd.contact_id').onRef('c.workspace_id', '=', 'd.workspace_id'))
    .select(['d.id', 'd.address', 'd.channel', 'cp.id as campaign_id', 'cp.name as campaign_name', 'cp.frozen', 'cp.settings', 'w.name as workspace_name',
      'c.first_name', 'c.last_name', 'c.phone_e164', 'c.fields', 'c.erased_at'])
    .where('d.id', '=', claims.deliveryId)
    .executeTakeFirst();
  if (!r || r.channel !== 'email' || !r.frozen || r.erased_at) return null;
  const compiled = await compiledFor(ctx, Number(r.campaign_id), r.frozen as Record<string, unknown>, (r.settings ?? {}) as Record<string, unknown>);
  if (!compiled) return null;
  const key = ctx.keys.signingKey;
  const base = ctx.config.publicUrl.replace(/\/+$/, '');
  const id = Number(r.id);
  const out = renderEmail(compiled, {
    contact: { email: r.address ?? '', first_name: r.first_name, last_name: r.last_name, phone: r.phone_e164, fields: r.fields ?? {} },
    campaign: { name: r.campaign_name },
    workspace: { name: r.workspace_name },
    urls: {
      unsubscribe: `${base}/u/${signToken(key, 'u', id)}`,
      viewInBrowser: `${base}/t/v/${signToken(key, 'v', id)}`,
      openPixel: null,
      click: (i) => `${base}/t/c/${signToken(key, 'c', id, i)}`,
    },
  });
  return out.html;
}
