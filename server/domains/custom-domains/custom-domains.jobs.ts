/** The periodic DNS re-check of custom domains (every 10 minutes; see recheckDomains for which are due). */
import type { JobHandler, RecurringJob } from '../../workers/types.js';
import { recheckDomains } from './custom-domains.service.js';

export const DOMAINS_RECHECK_JOB = 'custom_domains.recheck';
export const customDomainJobs: Record<string, JobHandler> = { [DOMAINS_RECHECK_JOB]: async (ctx) => void (await recheckDomains(ctx)) };
export const customDomainRecurring: RecurringJob[] = [{ kind: DOMAINS_RECHECK_JOB, everySeconds: 600 }];
