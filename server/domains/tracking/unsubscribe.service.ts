/**
 * Unsubscribing through a message's own link: the page form, RFC 8058 one-click POSTs, and mailto: requests that
 * reach the bounce receiver (`unsubscribe+<token>@<bounce domain>`). All three verify the signed token, change
 * the contact's email status with a consent row (source 'self', the reason given), append an 'unsubscribe' event
 * for the campaign, and stamp the delivery — in one transaction, before answering.
 *
 * Protected ("whitelisted") contacts are never unsubscribed this way: a forwarded copy of a campaign must not
 * unsubscribe the workspace's own staff. The attempt is logged and recorded as an event; nothing else changes.
 */
import { sql } from 'kysely';
import type { AppContext } from '../../app/context.js';
import { recordAudit } from '../audit/index.js';
import { setChannelStatus } from '../contacts/index.js';
import { verifyToken } from './tokens.js';
import { UNSUBSCRIBE_REASONS, type UnsubscribeReason } from './unsubscribe-page.js';

/** How the request arrived. */
export type UnsubscribeMethod = 'page' | 'one_click' | 'mailto';

/** The delivery and contact a valid unsubscribe token names. */
export interface UnsubscribeTarget {
  deliveryId: number;
  workspaceId: number;
  campaignId: number;
  contactId: number;
  email: string;
  emailStatus: string;
  protected: boolean;
  workspaceName: string;
  locale: string;
}

/** Resolves an unsubscribe token; null when forged or when its delivery/contact no longer exists. */
export async function findUnsubscribeTarget(ctx: AppContext, token: string): Promise<UnsubscribeTarget | null> {
  const claims = verifyToken(ctx.keys.signingKey, 'u', token);
  if (!claims) return null;
  const r = await ctx.db
    .selectFrom('deliveries as d')
    .innerJoin('contacts as c', (j) => j.onRef('c.id', '=', 'd.contact_id').onRef('c.workspace_id', '=', 'd.workspace_id'))
    .innerJoin('workspaces as w', 'w.id', 'd.workspace_id')
    .select(['d.id', 'd.workspace_id', 'd.campaign_id', 'd.contact_id', 'd.address', 'c.email', 'c.email_status', 'c.protected', 'w.name', 'w.locale'])
    .where('d.id', '=', claims.deliveryId)
    .where('c.erased_at', 'is', null)
    .executeTakeFirst();
  if (!r) return null;
  return {
    deliveryId: Number(r.id),
    workspaceId: Number(r.workspace_id),
    campaignId: Number(r.campaign_id),
    contactId: Number(r.contact_id),
    email: r.email ?? r.address ?? '',
    emailStatus: r.email_status,
    protected: r.protected,
    workspaceName: r.name,
    locale: r.locale,
  };
}

/** What happened. */
export type UnsubscribeOutcome = 'unsubscribed' | 'already' | 'protected';

/** Normalises the reason code and free text a person gave (anything unknown becomes no reason). */
export function cleanReason(reason: unknown, text: unknown): { code: UnsubscribeReason | null; text: string | null } {
  const code = typeof reason === 'string' && (UNSUBSCRIBE_REASONS as readonly string[]).includes(reason) ? (reason as UnsubscribeReason) : null;
  const t = typeof text === 'string' && text.trim() ? text.trim().slice(0, 1000) : null;
  return { code: code ?? (t ? 'other' : null), text: t };
}

/**
 * Unsubscribes the contact behind `target` from email. Idempotent: a second request answers 'already' and writes
 * nothing.
 */
export async function unsubscribeTarget(
  ctx: AppContext,
  target: UnsubscribeTarget,
  opts: { method: UnsubscribeMethod; reason?: UnsubscribeReason | null; text?: string | null; ip?: string | null },
): Promise<UnsubscribeOutcome> {
  const reasonText = opts.reason ? (opts.text ? `${opts.reason}: ${opts.text}` : opts.reason) : null;
  const eventData = { source: 'self', method: opts.method, reason: opts.reason ?? null, text: opts.text ?? null };
  return ctx.db.transaction().execute(async (trx) => {
    const changed = await setChannelStatus(trx, target.workspaceId, target.contactId, 'email', 'unsubscribed', {
      source: 'self',
      reason: reasonText,
      ip: opts.ip ?? null,
      actor: 'contact',
      wording: opts.method === 'one_click' ? 'List-Unsubscribe one-click' : opts.method === 'mailto' ? 'List-Unsubscribe mailto' : 'unsubscribe page',
      // Protected contacts stay as they are (see the doc comment of setChannelStatus).
      skipProtected: true,
    });
    const insertEvent = (type: string, data: Record<string, unknown>) =>
      trx
        .insertInto('events')
        .values({ workspace_id: target.workspaceId, campaign_id: target.campaignId, delivery_id: target.deliveryId, contact_id: target.contactId, channel: 'email', type, data: JSON.stringify(data) })
        .execute();
    if (changed.length) {
      await insertEvent('unsubscribe', eventData);
      await sql`update deliveries set unsubscribed_at = coalesce(unsubscribed_at, now()) where id = ${target.deliveryId}`.execute(trx);
      await recordAudit(trx, target.workspaceId, { type: 'system', id: null, label: 'contact (unsubscribe link)', ip: opts.ip ?? null }, 'contact.unsubscribed', 'contact', target.contactId, {
        campaignId: target.campaignId,
        method: opts.method,
        reason: opts.reason ?? null,
      });
      return 'unsubscribed';
    }
    if (target.protected) {
      await insertEvent('unsubscribe_blocked', { ...eventData, why: 'protected' });
      ctx.log.info('unsubscribe of a protected contact refused', { workspaceId: target.workspaceId, contactId: target.contactId, campaignId: target.campaignId, method: opts.method });
      return 'protected';
    }
    return 'already';
  });
}

/** Token → unsubscribe in one call (one-click and mailto). Null when the token is not valid. */
export async function unsubscribeByToken(
  ctx: AppContext,
  token: string,
  opts: { method: UnsubscribeMethod; reason?: UnsubscribeReason | null; text?: string | null; ip?: string | null },
): Promise<{ outcome: UnsubscribeOutcome; target: UnsubscribeTarget } | null> {
  const target = await findUnsubscribeTarget(ctx, token);
  if (!target) return null;
  return { outcome: await unsubscribeTarget(ctx, target, opts), target };
}
