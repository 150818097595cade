/**
 * Applying bounce, delay and complaint reports to deliveries and contacts. Both intakes end here: the built-in
 * SMTP receiver (DSN/ARF parsed by channels/email/bounces) and the ESP webhooks.
 *
 * Rules (reference §3):
 *  - nothing happens unless the report names a delivery through a token WE signed (VERP token or Message-ID, HMAC
 *    verified) — a forged bounce must not suppress anyone — and, for webhooks, the delivery belongs to the
 *    workspace whose secret verified the request;
 *  - hard bounce → event, delivery marked, contact `bounced` (consent row, source 'bounce') and the address on the
 *    suppression list; a policy block (5.7.x: the sender's problem) is recorded but never blames the address;
 *  - soft bounce → event; the audience build's "X bounces in Y days" rule then leaves the contact out (bounced_out);
 *    reaching the threshold is recorded as a 'bounced_out' event;
 *  - delay → an event only; complaint → contact `complained` (source 'complaint'), delivery complained and
 *    unsubscribed, address suppressed.
 * Each delivery counts one bounce of a class: repeated reports of the same failure are not counted twice.
 */
import type { AppContext } from '../../app/context.js';
import { systemActor } from '../audit/index.js';
import { setChannelStatus } from '../contacts/index.js';
import { addSuppressions } from '../suppressions/index.js';
import { verifyMessageId, verifyVerpToken } from '../tracking/tokens.js';
import * as repo from './bounces.repo.js';

/** A report about one delivery, from whichever intake. */
export interface IntakeEvent {
  kind: 'bounce' | 'delay' | 'complaint' | 'delivered' | 'unsubscribe' | 'unknown';
  class: 'hard' | 'soft' | null;
  status: string | null;
  diagnostic: string | null;
  policyBlock?: boolean;
  feedbackType?: string | null;
  /** Why it failed (channels/email/bounces reasons), when the intake knows. */
  reason?: string | null;
  /** 'smtp_receiver' or the provider name. */
  source: string;
  at?: Date;
}

/** Where the report points: a VERP token and/or our Message-ID. */
export interface DeliveryPointer {
  verpToken: string | null;
  messageId: string | null;
}

/** The outcome of applying one report. */
export type ApplyOutcome = 'applied' | 'duplicate' | 'ignored' | 'unverified';

/** Verifies the pointer's HMAC; null when neither the VERP token nor the Message-ID was signed by this instance. */
export function resolvePointer(ctx: AppContext, p: DeliveryPointer): { deliveryId: number; campaignId: number } | null {
  const key = ctx.keys.signingKey;
  return (p.verpToken ? verifyVerpToken(key, p.verpToken) : null) ?? (p.messageId ? verifyMessageId(key, p.messageId) : null);
}

/**
 * Applies one report. `workspaceId` restricts it to a workspace (webhooks: the one whose secret verified the
 * request); null for the SMTP receiver, where the HMAC alone proves the sender is us.
 */
export async function applyDeliveryEvent(ctx: AppContext, pointer: DeliveryPointer, ev: IntakeEvent, workspaceId: number | null): Promise<ApplyOutcome> {
  const ref = resolvePointer(ctx, pointer);
  if (!ref) return 'unverified';
  if (ev.kind === 'unknown') return 'ignored';
  const at = ev.at ?? new Date();
  const follow: { suppress?: { ws: number; address: string; source: string; reason: string } } = {};
  const outcome = await ctx.db.transaction().execute(async (trx): Promise<ApplyOutcome> => {
    const d = await repo.lockDelivery(trx, ref.deliveryId, ref.campaignId, workspaceId);
    if (!d) return 'ignored';
    const details = { status: ev.status, diagnostic: ev.diagnostic?.slice(0, 500) ?? null, source: ev.source, ...(ev.reason ? { reason: ev.reason } : {}) };
    switch (ev.kind) {
      case 'delay':
        await repo.insertEvent(trx, d, 'delay', at, details);
        return 'applied';
      case 'delivered':
        await repo.markDelivered(trx, d.id, at);
        return 'applied';
      case 'bounce': {
        const cls = ev.class ?? 'soft';
        if (d.bounceClass === 'hard' || (d.bounceClass === cls && d.bouncedAt)) return 'duplicate';
        await repo.insertEvent(trx, d, 'bounce', at, { ...details, class: cls, policyBlock: !!ev.policyBlock });
        await repo.markBounced(trx, d.id, cls, at);
        if (ev.policyBlock) {
          ctx.log.warn('a receiving server refused a message for policy reasons (sender reputation/authentication)', { workspaceId: d.workspaceId, campaignId: d.campaignId, status: ev.status });
          return 'applied';
        }
        if (cls === 'hard') {
          await setChannelStatus(trx, d.workspaceId, d.contactId, 'email', 'bounced', { source: 'bounce', reason: [ev.status, ev.diagnostic].filter(Boolean).join(' ').slice(0, 500) || 'hard bounce', actor: 'system' });
          if (d.address) follow.suppress = { ws: d.workspaceId, address: d.address, source: 'bounce', reason: `Hard bounce ${ev.status ?? ''}`.trim() }; // same as suppressHardBounces
        } else {
          const rule = await repo.bounceRule(trx, d.workspaceId);
          const n = await repo.countRecentBounces(trx, d.workspaceId, d.contactId, rule.days);
          if (n === rule.count) await repo.insertEvent(trx, d, 'bounced_out', at, { bounces: n, days: rule.days });
        }
        return 'applied';
      }
      case 'complaint': {
        if (d.complainedAt) return 'duplicate';
        await repo.insertEvent(trx, d, 'complaint', at, { ...details, feedbackType: ev.feedbackType ?? 'abuse' });
        await repo.markComplained(trx, d.id, at);
        await setChannelStatus(trx, d.workspaceId, d.contactId, 'email', 'complained', { source: 'complaint', reason: `Spam complaint (${ev.feedbackType ?? 'abuse'}) via ${ev.source}`, actor: 'system' });
        if (d.address) follow.suppress = { ws: d.workspaceId, address: d.address, source: 'complaint', reason: 'Spam complaint' };
        return 'applied';
      }
      case 'unsubscribe': {
        const changed = await setChannelStatus(trx, d.workspaceId, d.contactId, 'email', 'unsubscribed', { source: 'self', reason: `Unsubscribed through ${ev.source}`, actor: 'contact', skipProtected: true });
        if (!changed.length) return 'duplicate';
        await repo.insertEvent(trx, d, 'unsubscribe', at, { source: 'self', method: 'provider', provider: ev.source, reason: null, text: null });
        await repo.markUnsubscribed(trx, d.id, at);
        return 'applied';
      }
    }
    return 'ignored';
  });
  if (follow.suppress) {
    // After the commit: addSuppressions runs its own transaction (and audit entry).
    const s = follow.suppress;
    await addSuppressions(ctx.db, s.ws, 'email', [{ index: 0, value: s.address }], { reason: s.reason, source: s.source, actor: systemActor('bounce intake') });
  }
  return outcome;
}

/**
 * Puts hard-bounced addresses on the workspace's suppression list exactly as a hard DSN does (source 'bounce',
 * reason "Hard bounce <status>"), so a purge and re-import cannot mail the dead address again. Used by the SMTP
 * sender for synchronous 5xx answers classified hard (user unknown, host unknown, moved, does not accept mail).
 */
export async function suppressHardBounces(ctx: AppContext, workspaceId: number, bounces: { address: string; status: string | null }[]): Promise<void> {
  for (const b of bounces) {
    await addSuppressions(ctx.db, workspaceId, 'email', [{ index: 0, value: b.address }], { reason: `Hard bounce ${b.status ?? ''}`.trim(), source: 'bounce', actor: systemActor('bounce intake') });
  }
}
