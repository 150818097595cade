/**
 * What worker processes run: job handlers by kind, recurring jobs, and continuous loops (senders).
 * The app layer assembles what each domain exports; domains never import this file (their contributions are
 * typed by server/workers/types.ts), so no domain sits in an import cycle with the registry.
 */
import type { JobHandler, RecurringJob, WorkerLoop } from '../workers/types.js';
import { maintenanceJobs, recurringJobs as maintenanceRecurring } from '../workers/maintenance.jobs.js';
import { binJobs, binRecurring } from '../domains/bin/bin.jobs.js';
import { importJobHandlers } from '../domains/imports/imports.jobs.js';
import { exportJobHandlers } from '../domains/exports/exports.jobs.js';
import { campaignJobs, campaignRecurring } from '../domains/campaigns/campaigns.jobs.js';
import { deliveryWorkerLoop } from '../domains/deliveries/index.js';
import { bounceReceiverLoop } from '../domains/bounces/index.js';
import { formsJobs, formsRecurring } from '../domains/forms/forms.jobs.js';
import { customDomainJobs, customDomainRecurring } from '../domains/custom-domains/index.js';
import { whatsappJobHandlers, whatsappRecurring, whatsappWebhookLoop } from '../domains/whatsapp/whatsapp.jobs.js';
import { messagesWorkerLoop } from '../domains/messages/index.js';
import { messagesJobs, messagesRecurring } from '../domains/messages/messages.jobs.js';
import { webhookDeliveryLoop } from '../domains/webhooks/index.js';

export const jobHandlers = new Map<string, JobHandler>([
  ...Object.entries(maintenanceJobs),
  ...Object.entries(binJobs),
  ...Object.entries(importJobHandlers),
  ...Object.entries(exportJobHandlers),
  ...Object.entries(campaignJobs),
  ...Object.entries(whatsappJobHandlers),
  ...Object.entries(formsJobs),
  ...Object.entries(customDomainJobs),
  ...Object.entries(messagesJobs),
]);

export const recurringJobs: RecurringJob[] = [
  ...maintenanceRecurring,
  ...binRecurring,
  ...campaignRecurring,
  ...whatsappRecurring,
  ...formsRecurring,
  ...customDomainRecurring,
  ...messagesRecurring,
];

export const workerLoops: WorkerLoop[] = [
  deliveryWorkerLoop,
  whatsappWebhookLoop,
  bounceReceiverLoop,
  messagesWorkerLoop,
  webhookDeliveryLoop,
];
