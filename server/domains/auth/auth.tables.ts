/** Table types of the accounts domain added by migrations 0020–0021 (merged into Database in db/schema.ts). */
import type { ColumnType, Generated } from 'kysely';
import type { Role } from '../../db/schema.js';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface InvitationsTable {
  id: Generated<number>;
  workspace_id: number;
  email: string;
  role: Role;
  token_hash: string;
  invited_by: number | null;
  created_at: DefaultTimestamp;
  sent_at: NullableTimestamp;
  send_count: Generated<number>;
  expires_at: Timestamp;
  accepted_at: NullableTimestamp;
  accepted_by: number | null;
  revoked_at: NullableTimestamp;
}

export interface LoginThrottleTable {
  key: string;
  failures: Generated<number>;
  last_failure_at: DefaultTimestamp;
  blocked_until: NullableTimestamp;
  notified_at: NullableTimestamp;
}
