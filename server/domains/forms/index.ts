/**
 * Forms: sign-up forms as schemas of fields mapped to contact fields, their public side (hosted page, JS embed,
 * no-JS snippet, submission endpoint), double opt-in with consent evidence, spam protection without third parties,
 * statistics and submissions export. Owns the tables of migration 0070.
 */
export { registerFormRoutes } from './forms.routes.js';
export { registerFormPublicRoutes } from './public.routes.js';
export { formsJobs, formsRecurring, FORMS_PURGE_JOB } from './forms.jobs.js';
export { resolveHost, forgetHost, type HostMatch } from './hosts.js';
