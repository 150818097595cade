/** Housekeeping that keeps the database tidy: expired sessions and reset tokens. */
import { deleteExpiredSessions } from '../domains/auth/auth.repo.js';
import type { JobHandler } from './runner.js';
import type { RecurringJob } from './types.js';

export const maintenanceJobs: Record<string, JobHandler> = {
  'maintenance.sessions': async (ctx) => {
    await deleteExpiredSessions(ctx.db);
    await ctx.db.deleteFrom('password_resets').where('expires_at', '<', new Date(Date.now() - 86400_000)).execute();
    await ctx.db.deleteFrom('jobs').where('status', '=', 'done').where('finished_at', '<', new Date(Date.now() - 7 * 86400_000)).execute();
  },
};

export const recurringJobs: RecurringJob[] = [{ kind: 'maintenance.sessions', everySeconds: 3600 }];
