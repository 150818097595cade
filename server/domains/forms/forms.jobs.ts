/** Scheduled upkeep of forms: expired pending sign-ups, forms past 7 days in the bin, spent spam-protection state. */
import type { JobHandler, RecurringJob } from '../../workers/types.js';
import { purgeExpired } from './forms.repo.js';
import { purgeSpamState } from './spam.js';
import { purgeDeletedPages } from '../pages/index.js';

export const FORMS_PURGE_JOB = 'forms.purge';

export const formsJobs: Record<string, JobHandler> = {
  [FORMS_PURGE_JOB]: async (ctx) => {
    await purgeSpamState(ctx.db);
    const n = { ...(await purgeExpired(ctx.db)), pages: await purgeDeletedPages(ctx.db) };
    if (n.pending || n.forms || n.pages) ctx.log.info('forms purged', n);
  },
};

export const formsRecurring: RecurringJob[] = [{ kind: FORMS_PURGE_JOB, everySeconds: 600 }];
