/** Recurring work of the messages domain: Idempotency-Key records past their 24 h are dropped hourly. */
import type { JobHandler } from '../../workers/types.js';
import type { RecurringJob } from '../../workers/types.js';
import { pruneIdempotency } from './idempotency.repo.js';

export const messagesJobs: Record<string, JobHandler> = {
  'messages.prune_idempotency': async (ctx) => void (await pruneIdempotency(ctx.db)),
};

export const messagesRecurring: RecurringJob[] = [{ kind: 'messages.prune_idempotency', everySeconds: 3600 }];
