/**
 * The link table of a sent campaign: link index → destination URL (UTM parameters already applied at compile
 * time). Click tokens carry only the index, so the redirect target always comes from here.
 *
 * The table is stored in campaign_links. A campaign whose table was never stored (the sender did not call
 * storeCampaignLinks) gets it rebuilt once from its frozen content — compiling is deterministic, so the indexes
 * match the ones in the sent messages — and stored. Tables are cached per process: a sent campaign's never change.
 */
import type { AppContext } from '../../app/context.js';
import { compileEmailTemplate } from '../templates/render/index.js';
import * as repo from './tracking.repo.js';

const MAX_CACHED = 2000;
const cache = new Map<number, Map<number, string>>();
const building = new Map<number, Promise<Map<number, string>>>();

function remember(campaignId: number, links: Map<number, string>) {
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as number);
  cache.set(campaignId, links);
}

/** Stores a campaign's link table (call when its content is frozen; safe to call again). */
export async function storeCampaignLinks(ctx: AppContext, workspaceId: number, campaignId: number, links: { index: number; url: string }[]): Promise<void> {
  await repo.storeLinks(ctx.db, workspaceId, campaignId, links);
  cache.delete(campaignId);
}

/** Compiles a campaign's frozen email content the way the sender did and returns its link table. */
async function rebuild(ctx: AppContext, campaignId: number): Promise<Map<number, string>> {
  const c = await repo.findCampaignForLinks(ctx.db, campaignId);
  const content = (c?.frozen ?? null) as Record<string, unknown> | null;
  if (!c || !content || typeof content.source !== 'string') return new Map();
  const settings = (c.settings ?? {}) as { trackClicks?: boolean; utm?: Record<string, string> | null };
  try {
    const compiled = await compileEmailTemplate({
      format: content.format === 'html' ? 'html' : 'mjml',
      source: content.source,
      subject: String(content.subject ?? ''),
      preheader: typeof content.preheader === 'string' ? content.preheader : undefined,
      textOverride: typeof content.textOverride === 'string' ? content.textOverride : null,
      dir: content.dir === 'rtl' ? 'rtl' : 'ltr',
      trackLinks: settings.trackClicks !== false,
      utm: settings.utm ?? null,
    });
    await repo.storeLinks(ctx.db, Number(c.workspace_id), campaignId, compiled.links);
    return new Map(compiled.links.map((l) => [l.index, l.url]));
  } catch (err) {
    ctx.log.warn('cannot rebuild the link table of a campaign', { campaignId, error: (err as Error).message });
    return new Map();
  }
}

/** The link table of a campaign (from the cache, the database, or rebuilt from its frozen content). */
export async function campaignLinks(ctx: AppContext, campaignId: number): Promise<Map<number, string>> {
  const hit = cache.get(campaignId);
  if (hit) return hit;
  let p = building.get(campaignId);
  if (!p) {
    p = (async () => {
      let links = await repo.loadLinks(ctx.db, campaignId);
      if (!links.size) links = await rebuild(ctx, campaignId);
      if (links.size) remember(campaignId, links);
      return links;
    })().finally(() => building.delete(campaignId));
    building.set(campaignId, p);
  }
  return p;
}
