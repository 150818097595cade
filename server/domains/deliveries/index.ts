/**
 * Deliveries: one row per recipient of a campaign, claimed by worker processes under leases, sent through the
 * channel adapters, with results written in batches and an append-only events log. Exports the sending loop that
 * every worker runs and the database rate limiter shared by all channels.
 */
import type { WorkerLoop } from '../../workers/types.js';
import { startDeliveryLoop } from './pipeline.js';

export { DeliveryLoop, startDeliveryLoop, type PipelineOptions } from './pipeline.js';
export { acquireTokens, refundTokens, slowDown, PACE, BURST_SECONDS, type Grant } from './rate-limit.js';
export { claimDeliveries, markSending, writeResults, reclaimExpired, insertEvents, finishIfDone } from './deliveries.repo.js';

/** The WorkerLoop assembled in server/app/worker-registry.ts. */
export const deliveryWorkerLoop: WorkerLoop = {
  name: 'deliveries',
  start(ctx, workerId) {
    const loop = startDeliveryLoop(ctx, workerId);
    return { stop: () => loop.stop() };
  },
};
