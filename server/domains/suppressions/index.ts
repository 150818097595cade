/**
 * Suppression: per-channel "never send to" lists (email addresses, E.164 phones for WhatsApp/SMS) and blocked
 * email domains. Owns `suppressions` and `blocked_domains`. It does not change contacts' statuses: a
 * suppressed contact keeps its status and is left out when an audience is built.
 *
 * For set-based audience queries use the SQL predicates, correlated with a `contacts` alias:
 *   isSuppressedSql(channel, alias)        — on the list (clear or hashed) or, for email, at a blocked domain
 *   isOnSuppressionListSql(channel, alias) — on the list only (to record the skip reason separately)
 *   isBlockedDomainSql(alias)              — email domain blocked
 * e.g. `.where(({ not }) => not(isSuppressedSql('email', 'c')))`.
 */
export { isSuppressedSql, isOnSuppressionListSql, isBlockedDomainSql, suppressionHash, HASH_PREFIX } from './suppression-sql.js';
export { addSuppressions, addErasureSuppressions, addBlockedDomains, valuesFromCsv, normaliseDomain } from './suppressions.service.js';
export { findSuppressionsByValues } from './suppressions.repo.js';
export { registerSuppressionRoutes } from './suppressions.routes.js';
export { registerBlockedDomainRoutes } from './blocked-domains.routes.js';
