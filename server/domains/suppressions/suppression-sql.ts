/**
 * SQL predicates other domains put in their set-based queries (campaign audience, exports) to leave out
 * suppressed contacts. Each takes the alias of a `contacts` row in the caller's query and correlates on its
 * workspace_id, so one statement handles any number of contacts through the unique index
 * (workspace_id, channel, value).
 *
 * @example
 *   db.selectFrom('contacts as c').select('c.id')
 *     .where('c.workspace_id', '=', ws)
 *     .where(({ not }) => not(isSuppressedSql('email', 'c')))
 */
import { createHash } from 'node:crypto';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Channel } from '../../db/schema.js';

/** Prefix of hashed entries (erased contacts): `sha256:<hex of the normalised value>`. */
export const HASH_PREFIX = 'sha256:';

/** The hashed form of a normalised email or E.164 phone, as stored for erased contacts. */
export function suppressionHash(value: string): string {
  return HASH_PREFIX + createHash('sha256').update(value, 'utf8').digest('hex');
}

const col = (alias: string, name: string) => sql.ref(`${alias}.${name}`);

function keyOf(channel: Channel, alias: string) {
  return channel === 'email' ? col(alias, 'email') : col(alias, 'phone_e164');
}

/** True when the contact's address (clear or hashed) is on the workspace's suppression list for `channel`. */
export function isOnSuppressionListSql(channel: Channel, alias = 'contacts'): RawBuilder<SqlBool> {
  const key = keyOf(channel, alias);
  return sql<SqlBool>`exists (select 1 from suppressions s
    where s.workspace_id = ${col(alias, 'workspace_id')} and s.channel = ${channel}::text
      and s.value in (${key}, ${HASH_PREFIX}::text || encode(sha256(convert_to(${key}, 'UTF8')), 'hex')))`;
}

/** True when the contact's email domain is blocked in the workspace (exact domain match). */
export function isBlockedDomainSql(alias = 'contacts'): RawBuilder<SqlBool> {
  return sql<SqlBool>`exists (select 1 from blocked_domains b
    where b.workspace_id = ${col(alias, 'workspace_id')} and b.domain = split_part(${col(alias, 'email')}, '@', 2))`;
}

/** Suppressed for the channel: on the suppression list, or (email) at a blocked domain. */
export function isSuppressedSql(channel: Channel, alias = 'contacts'): RawBuilder<SqlBool> {
  return channel === 'email'
    ? sql<SqlBool>`(${isOnSuppressionListSql(channel, alias)} or ${isBlockedDomainSql(alias)})`
    : isOnSuppressionListSql(channel, alias);
}
