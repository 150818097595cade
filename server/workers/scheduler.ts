/**
 * Enqueues recurring jobs once per period. Every worker runs this; the jobs table's unique key per
 * (kind, period) means only one job per period is queued however many workers tick at once.
 */
import type { AppContext } from '../app/context.js';
import { enqueueOnce } from './jobs.repo.js';
import type { RecurringJob } from './types.js';

export function startScheduler(ctx: AppContext, jobs: RecurringJob[], tickMs = 30_000): { stop(): void } {
  const tick = async () => {
    const now = Date.now();
    for (const j of jobs) {
      const period = Math.floor(now / 1000 / j.everySeconds);
      await enqueueOnce(ctx.db, { kind: j.kind, uniqueKey: `period:${period}`, maxAttempts: 3 }).catch((err) =>
        ctx.log.warn('could not schedule job', { kind: j.kind, err }),
      );
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), tickMs);
  return { stop: () => clearInterval(timer) };
}
