/**
 * The job runner of a worker process: polls the jobs table, runs handlers with bounded concurrency,
 * heartbeats leases, and retries failures with backoff. Any number of runners on any number of
 * machines share one database; the database decides who runs what.
 */
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../app/context.js';
import { claimJobs, completeJob, extendLease, failJob, reclaimExpiredJobs, type JobRow } from './jobs.repo.js';

export interface JobContext {
  /** Call while working on a long job so its lease does not expire. Returns false when the lease was lost. */
  heartbeat(): Promise<boolean>;
  /** True once the runner is stopping: long jobs should checkpoint and return. */
  readonly stopping: boolean;
  readonly workerId: string;
}

export type JobHandler = (ctx: AppContext, job: JobRow, jc: JobContext) => Promise<void>;

export interface RunnerOptions {
  concurrency: number;
  leaseMs?: number;
  pollMs?: number;
}

export class JobRunner {
  readonly workerId = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  #running = new Set<Promise<void>>();
  #stopping = false;
  #timer: NodeJS.Timeout | null = null;
  #wake: (() => void) | null = null;

  constructor(
    private readonly ctx: AppContext,
    private readonly handlers: Map<string, JobHandler>,
    private readonly opts: RunnerOptions,
  ) {}

  start() {
    void this.#loop();
  }

  /** Wakes the loop now (after enqueueing in the same process). */
  poke() {
    this.#wake?.();
  }

  async stop() {
    this.#stopping = true;
    this.poke();
    if (this.#timer) clearTimeout(this.#timer);
    await Promise.allSettled([...this.#running]);
  }

  async #loop() {
    const lease = this.opts.leaseMs ?? 60_000;
    let lastReclaim = 0;
    while (!this.#stopping) {
      try {
        if (Date.now() - lastReclaim > 5_000) {
          lastReclaim = Date.now();
          await reclaimExpiredJobs(this.ctx.db);
        }
        const free = this.opts.concurrency - this.#running.size;
        const jobs = free > 0 ? await claimJobs(this.ctx.db, this.workerId, [...this.handlers.keys()], free, lease) : [];
        for (const job of jobs) {
          const p = this.#run(job, lease).finally(() => {
            this.#running.delete(p);
            this.poke();
          });
          this.#running.add(p);
        }
        if (jobs.length && jobs.length === free) continue;
      } catch (err) {
        if (this.#stopping) break;
        this.ctx.log.warn('job poll failed', { err });
      }
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
        this.#timer = setTimeout(resolve, this.opts.pollMs ?? 500);
      });
    }
  }

  async #run(job: JobRow, leaseMs: number) {
    const handler = this.handlers.get(job.kind)!;
    const runner = this;
    const jc: JobContext = {
      heartbeat: () => extendLease(this.ctx.db, job.id, this.workerId, leaseMs),
      get stopping() {
        return runner.#stopping;
      },
      workerId: this.workerId,
    };
    const started = Date.now();
    try {
      await handler(this.ctx, job, jc);
      await completeJob(this.ctx.db, job.id, this.workerId);
      this.ctx.metrics.inc('clarion_jobs_total', 'Background jobs finished', { kind: job.kind, result: 'done' });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.ctx.log.warn('job failed', { jobId: job.id, kind: job.kind, attempt: job.attempts, error: message });
      await failJob(this.ctx.db, job, this.workerId, message).catch(() => undefined);
      this.ctx.metrics.inc('clarion_jobs_total', 'Background jobs finished', { kind: job.kind, result: 'error' });
    } finally {
      this.ctx.metrics.inc('clarion_job_seconds_total', 'Time spent in job handlers', { kind: job.kind }, (Date.now() - started) / 1000);
    }
  }
}
