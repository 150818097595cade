/**
 * Open and click tracking: verify the token (HMAC, constant time), find the delivery, classify the hit (machine
 * open / scanner click), and queue it for the batched write. Under the workspace's privacy switch
 * (individual tracking off) the hit is stored without delivery or contact: an anonymous counter.
 *
 * A token that does not verify, or names no delivery, is "not found": the routes answer 404 and never redirect.
 */
import type { AppContext } from '../../app/context.js';
import { classifyClick, classifyOpen, HONEYPOT_LINK_INDEX } from './detect.js';
import type { HitBuffer } from './hit-buffer.js';
import { campaignLinks } from './links.js';
import { signToken, verifyToken } from './tokens.js';
import { findTrackedDelivery, type HitRow, type TrackedDelivery } from './tracking.repo.js';

/** What the HTTP layer knows about a tracking request. */
export interface RequestInfo {
  method: string;
  ip: string | null;
  userAgent: string | null;
}

/** The per-process tracking state: the context and the hit buffer. */
export interface Tracker {
  ctx: AppContext;
  buffer: HitBuffer;
}

const MAX_UA = 300;

function secondsSince(d: TrackedDelivery, now: Date): number | null {
  return d.sentAt ? (now.getTime() - d.sentAt.getTime()) / 1000 : null;
}

function baseHit(d: TrackedDelivery, type: 'open' | 'click', at: Date, req: RequestInfo): Omit<HitRow, 'bot' | 'linkIndex' | 'data'> & { data: Record<string, unknown> } {
  const individual = d.individualTracking;
  return {
    workspaceId: d.workspaceId,
    campaignId: d.campaignId,
    deliveryId: individual ? d.id : null,
    contactId: individual ? d.contactId : null,
    type,
    at,
    // IP and user agent are personal data: kept only with individual tracking.
    data: individual ? { ip: req.ip, ua: req.userAgent?.slice(0, MAX_UA) ?? null, method: req.method } : { anonymous: true, method: req.method },
  };
}

/** Records an open for a pixel token. Returns false when the token is forged or names no delivery (→ 404). */
export async function recordOpen(t: Tracker, token: string, req: RequestInfo): Promise<boolean> {
  const claims = verifyToken(t.ctx.keys.signingKey, 'o', token);
  if (!claims) return false;
  const d = await findTrackedDelivery(t.ctx.db, claims.deliveryId);
  if (!d) return false;
  const now = new Date();
  const c = classifyOpen({ ...req, secondsSinceSent: secondsSince(d, now) }, d.machineOpenSeconds);
  const hit = baseHit(d, 'open', now, req);
  t.buffer.add({ ...hit, bot: c.machine, linkIndex: null, data: { ...hit.data, ...(c.reason ? { reason: c.reason } : {}), ...(c.proxy ? { proxy: c.proxy } : {}) } });
  return true;
}

/** The outcome of a click: where to send the person, a honeypot hit (answer without redirect), or not found. */
export type ClickOutcome = { kind: 'redirect'; url: string } | { kind: 'honeypot' } | { kind: 'not_found' };

/**
 * Records a click and returns the campaign's stored destination for the token's link index. The destination
 * never comes from the request.
 */
export async function recordClick(t: Tracker, token: string, req: RequestInfo): Promise<ClickOutcome> {
  const claims = verifyToken(t.ctx.keys.signingKey, 'c', token);
  if (!claims || claims.linkIndex === null) return { kind: 'not_found' };
  const d = await findTrackedDelivery(t.ctx.db, claims.deliveryId);
  if (!d) return { kind: 'not_found' };
  const honeypot = claims.linkIndex === HONEYPOT_LINK_INDEX;
  const url = honeypot ? null : (await campaignLinks(t.ctx, d.campaignId)).get(claims.linkIndex);
  if (!honeypot && !url) return { kind: 'not_found' };
  const now = new Date();
  const c = classifyClick({ ...req, linkIndex: claims.linkIndex, secondsSinceSent: secondsSince(d, now) }, d.scannerClickSeconds);
  const hit = baseHit(d, 'click', now, req);
  t.buffer.add({ ...hit, bot: c.scanner, linkIndex: honeypot ? null : claims.linkIndex, data: { ...hit.data, ...(c.reason ? { reason: c.reason } : {}) } });
  return honeypot ? { kind: 'honeypot' } : { kind: 'redirect', url: url! };
}

/**
 * The hidden honeypot link of a delivery, for the renderer to place where no person can see or click it
 * (e.g. `<a href="…" style="display:none" aria-hidden="true" tabindex="-1"></a>`). A hit on it marks the
 * delivery's click burst as a scanner's.
 */
export function honeypotUrl(ctx: AppContext, deliveryId: number): string {
  return `${ctx.config.publicUrl.replace(/\/+$/, '')}/t/c/${signToken(ctx.keys.signingKey, 'c', deliveryId, HONEYPOT_LINK_INDEX)}`;
}
