/**
 * The built-in bounce receiver wired into the worker role: an SMTP server (channels/email/bounces) for the bounce
 * domains configured in the workspaces' email settings, listening on CLARION_BOUNCE_SMTP_PORT. It handles
 *  - DSNs and ARF reports sent to `bounces+<VERP token>@<bounce domain>` → applyDeliveryEvent;
 *  - mailto: unsubscribes sent to `unsubscribe+<unsubscribe token>@<bounce domain>` (the List-Unsubscribe mailto).
 * When the set of bounce domains changes the receiver restarts with the new set. Several worker processes on one
 * host share the port: whoever binds first receives, the others retry (standby).
 */
import type { AppContext } from '../../app/context.js';
import { startBounceReceiver, type BounceEvent, type BounceReceiver } from '../channels/email/bounces/index.js';
import { unsubscribeByToken } from '../tracking/unsubscribe.service.js';
import type { WorkerLoop } from '../../workers/types.js';
import { configuredBounceDomains } from './bounces.repo.js';
import { applyDeliveryEvent, type ApplyOutcome } from './bounces.service.js';

const UNSUB_RE = /unsubscribe\+([A-Za-z0-9._-]{1,200})@/i;

/** The unsubscribe token of a mailto: unsubscribe message (from the recipient headers), or null. */
export function mailtoUnsubscribeToken(raw: Buffer): string | null {
  const end = raw.indexOf('\r\n\r\n');
  const head = raw.subarray(0, end < 0 ? Math.min(raw.length, 64 * 1024) : end).toString('utf8').replace(/\r?\n[ \t]+/g, ' ');
  for (const line of head.split(/\r?\n/)) {
    if (!/^(to|delivered-to|x-original-to|envelope-to|cc):/i.test(line)) continue;
    const m = UNSUB_RE.exec(line);
    if (m) return m[1];
  }
  return null;
}

/** Handles one message that reached a bounce-domain address. Throws only on database failure (→ 451, retried). */
export async function handleBounceMessage(ctx: AppContext, ev: BounceEvent, raw: Buffer): Promise<ApplyOutcome | 'unsubscribed'> {
  const unsubToken = ev.kind === 'unknown' || ev.kind === 'auto_reply' ? mailtoUnsubscribeToken(raw) : null;
  if (unsubToken) {
    const r = await unsubscribeByToken(ctx, unsubToken, { method: 'mailto' });
    if (!r) ctx.log.info('mailto unsubscribe with an invalid token ignored');
    return r ? 'unsubscribed' : 'unverified';
  }
  const outcome = await applyDeliveryEvent(
    ctx,
    { verpToken: ev.verpToken, messageId: ev.originalMessageId ?? null },
    // Feedback reports that are not complaints and auto-replies change nothing: 'unknown' to the intake.
    { kind: ev.kind === 'feedback' || ev.kind === 'auto_reply' ? 'unknown' : ev.kind, class: ev.class, status: ev.status, diagnostic: ev.diagnostic, policyBlock: ev.policyBlock, feedbackType: ev.feedbackType, reason: ev.reason ?? null, source: 'smtp_receiver' },
    null,
  );
  if (outcome === 'unverified' && (ev.kind === 'bounce' || ev.kind === 'complaint' || ev.kind === 'delay')) ctx.log.info('bounce report without a valid Clarion token ignored', { kind: ev.kind, status: ev.status });
  return outcome;
}

/** Starts the receiver for the given domains (tests call this directly with port 0). */
export async function startBounceIntake(ctx: AppContext, opts: { port: number; host?: string; domains: string[] }): Promise<BounceReceiver> {
  return startBounceReceiver({
    port: opts.port,
    host: opts.host,
    bounceDomains: opts.domains,
    onEvent: async (ev, raw) => void (await handleBounceMessage(ctx, ev, raw)),
    onError: (err) => ctx.log.warn('bounce receiver error', { error: (err as Error).message }),
  });
}

const RECHECK_MS = 30_000;

/** The WorkerLoop: runs the receiver when CLARION_BOUNCE_SMTP_PORT is set and a bounce domain is configured. */
export const bounceReceiverLoop: WorkerLoop = {
  name: 'bounce-receiver',
  start(ctx) {
    const port = ctx.config.bounceSmtpPort;
    if (port === null || port === undefined) return { stop: async () => undefined };
    let receiver: BounceReceiver | null = null;
    let domainsKey = '';
    let stopped = false;
    let timer: NodeJS.Timeout | null = null;
    const tick = async () => {
      try {
        const domains = await configuredBounceDomains(ctx.db);
        const key = domains.join(',');
        if (receiver && key !== domainsKey) {
          await receiver.close();
          receiver = null;
        }
        if (!receiver && domains.length && !stopped) {
          receiver = await startBounceIntake(ctx, { port, host: ctx.config.bounceSmtpHost, domains });
          domainsKey = key;
          ctx.log.info('bounce receiver listening', { port, domains });
        }
      } catch (err) {
        ctx.log.warn('bounce receiver not started (will retry)', { port, error: (err as Error).message });
      }
      if (!stopped) timer = setTimeout(() => void tick(), RECHECK_MS);
    };
    void tick();
    return {
      async stop() {
        stopped = true;
        if (timer) clearTimeout(timer);
        await receiver?.close();
      },
    };
  },
};
