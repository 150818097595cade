/**
 * Audit log: an append-only record of every change — who (user, API key or system), what, when.
 * Services call `recordAudit` inside the same transaction as the change they describe.
 */
export { recordAudit, listAudit } from './audit.repo.js';
export { systemActor } from "./audit.repo.js";
export type { Actor } from './audit.repo.js';
