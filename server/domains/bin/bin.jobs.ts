/** The scheduled purge of the recycle bin (hourly; items older than 7 days go for good). */
import type { JobHandler } from '../../workers/types.js';
import type { RecurringJob } from '../../workers/types.js';
import { purgeExpired } from './bin.service.js';

export const BIN_PURGE_JOB = 'bin.purge';

export const binJobs: Record<string, JobHandler> = {
  [BIN_PURGE_JOB]: async (ctx) => {
    const n = await purgeExpired(ctx.db);
    if (n.contacts || n.groups || n.segments) ctx.log.info('recycle bin purged', n);
  },
};

export const binRecurring: RecurringJob[] = [{ kind: BIN_PURGE_JOB, everySeconds: 3600 }];
