/** The webhook loop every worker process runs: relay new delivery events, deliver what is due, sleep briefly when idle. */
import type { AppContext } from '../../app/context.js';
import type { WorkerLoop } from '../../workers/types.js';
import { deliverDue } from './webhooks.delivery.js';
import { relayEvents } from './webhooks.relay.js';

export function startWebhookDelivery(ctx: AppContext, opts: { idleMs?: number } = {}) {
  let stopped = false;
  let wake: (() => void) | null = null;
  const done = (async () => {
    while (!stopped) {
      let n = 0;
      try {
        await relayEvents(ctx);
        n = await deliverDue(ctx);
      } catch (err) {
        ctx.log.error('webhook delivery pass failed', { err: String(err) });
      }
      if (n === 0 && !stopped) await new Promise<void>((r) => ((wake = r), setTimeout(r, opts.idleMs ?? 500)));
    }
  })();
  return {
    async stop() {
      stopped = true;
      wake?.();
      await done;
    },
  };
}

export const webhookDeliveryLoop: WorkerLoop = { name: 'webhooks.delivery', start: (ctx) => startWebhookDelivery(ctx) };
