/**
 * Recycle bin: lists, restores and purges contacts, groups and segments whose deleted_at is set. Owns no
 * table of its own; the domains that own those rows delete by setting deleted_at and keep memberships, so a
 * restore brings everything back. Purge is set-based and batched; consents and memberships cascade.
 */
export { listBin, restoreItems, emptyBin, purgeExpired, BIN_RETENTION_DAYS } from './bin.service.js';
export type { BinType } from './bin.repo.js';
export { registerBinRoutes } from './bin.routes.js';
export { binJobs, binRecurring, BIN_PURGE_JOB } from './bin.jobs.js';
