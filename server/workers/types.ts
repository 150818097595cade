/**
 * The shapes a domain uses to contribute work to worker processes: job handlers (runner.ts), recurring jobs
 * (scheduler.ts) and long-running loops (e.g. a channel's delivery sender). Domains export values of these types;
 * the app layer (server/app/worker-registry.ts) assembles them. Nothing in a domain imports the registry.
 */
import type { AppContext } from '../app/context.js';

export type { JobHandler, JobContext } from './runner.js';

/** A long-running loop a worker hosts besides the job runner (e.g. a channel's delivery sender). */
export interface WorkerLoop {
  name: string;
  start(ctx: AppContext, workerId: string): { stop(): Promise<void> };
}

export interface RecurringJob {
  kind: string;
  /** Period in seconds; one job per period is enqueued (deduplicated across workers). */
  everySeconds: number;
}
