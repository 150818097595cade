/**
 * Process roles. `start` = api + worker in one process on the embedded database; `api` and `worker`
 * run separately against a shared PostgreSQL to scale out.
 */
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../api/app.js';
import { startMetricsListener } from '../api/metrics-endpoint.js';
import { JobRunner } from '../workers/runner.js';
import { jobHandlers, recurringJobs, workerLoops } from './worker-registry.js';
import { startScheduler } from '../workers/scheduler.js';
import type { AppContext } from './context.js';

export interface Stoppable {
  stop(): Promise<void>;
}

export async function startApi(ctx: AppContext): Promise<FastifyInstance> {
  const app = await buildApp(ctx);
  await app.listen({ port: ctx.config.port, host: ctx.config.host });
  const metrics = await startMetricsListener(ctx);
  if (metrics) app.addHook('onClose', () => metrics.close());
  return app;
}

export function startWorker(ctx: AppContext, opts: { pollMs?: number } = {}): Stoppable & { runner: JobRunner } {
  const runner = new JobRunner(ctx, jobHandlers, { concurrency: ctx.config.workerConcurrency, pollMs: opts.pollMs });
  runner.start();
  const scheduler = startScheduler(ctx, recurringJobs);
  const loops = workerLoops.map((l) => l.start(ctx, runner.workerId));
  return {
    runner,
    async stop() {
      scheduler.stop();
      await Promise.allSettled(loops.map((l) => l.stop()));
      await runner.stop();
    },
  };
}
