/** Background work of campaigns: building the audience of a campaign being sent, and starting scheduled ones. */
import type { JobHandler } from '../../workers/types.js';
import type { RecurringJob } from '../../workers/types.js';
import { runBuild, startDueCampaigns } from './campaigns.service.js';

export const campaignJobs: Record<string, JobHandler> = {
  'campaign.build': async (ctx, job) => {
    await runBuild(ctx, Number(job.payload.campaignId));
  },
  'campaigns.start_due': async (ctx) => {
    await startDueCampaigns(ctx);
  },
};

/** Every 30 s (the scheduler's tick): a campaign starts at most about a minute after its time. */
export const campaignRecurring: RecurringJob[] = [{ kind: 'campaigns.start_due', everySeconds: 30 }];
