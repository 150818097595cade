/**
 * What worker processes run: job handlers by kind, recurring jobs, and continuous loops (senders).
 * Domains contribute here; the runner and the launcher stay generic.
 */
import type { AppContext } from '../app/context.js';
import type { JobHandler } from './runner.js';
import { maintenanceJobs, recurringJobs as maintenanceRecurring } from './maintenance.jobs.js';
import { binJobs, binRecurring } from '../domains/bin/bin.jobs.js';
import { importJobHandlers } from '../domains/imports/imports.jobs.js';
import { exportJobHandlers } from '../domains/exports/exports.jobs.js';
import { campaignJobs, campaignRecurring } from '../domains/campaigns/campaigns.jobs.js';
import { deliveryWorkerLoop } from '../domains/deliveries/index.js';
import { bounceReceiverLoop } from '../domains/bounces/index.js';
import { whatsappJobHandlers, whatsappRecurring, whatsappWebhookLoop } from '../domains/whatsapp/whatsapp.jobs.js';

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

export const jobHandlers = new Map<string, JobHandler>([...Object.entries(maintenanceJobs), ...Object.entries(binJobs), ...Object.entries(importJobHandlers), ...Object.entries(exportJobHandlers), ...Object.entries(campaignJobs), ...Object.entries(whatsappJobHandlers)]);

export const recurringJobs: RecurringJob[] = [...maintenanceRecurring, ...binRecurring, ...campaignRecurring, ...whatsappRecurring];

export const workerLoops: WorkerLoop[] = [deliveryWorkerLoop, whatsappWebhookLoop, bounceReceiverLoop];
