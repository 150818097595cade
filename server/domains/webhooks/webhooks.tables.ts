/** Kysely table types of the outbound webhooks tables (migration 0140). */
import type { ColumnType, Generated } from 'kysely';

type DefTs = ColumnType<Date, Date | string | undefined, Date | string>;
type NullTs = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T = unknown> = ColumnType<T, string | T | undefined, string | T>;
type Id = Generated<number>;

export interface WebhookEndpointsTable {
  id: Id; workspace_id: number; url: string; description: Generated<string>; event_types: ColumnType<string[], string[] | undefined, string[]>;
  channels: ColumnType<string[], string[] | undefined, string[]>; secret_enc: string; previous_secret_enc: string | null; previous_secret_until: NullTs;
  enabled: Generated<boolean>; disabled_reason: string | null; failing_since: NullTs; created_at: DefTs; updated_at: DefTs;
}
export interface WebhookDeliveriesTable {
  id: Id; workspace_id: number; endpoint_id: number; event_id: string; event_type: string; payload: Json<Record<string, unknown>>;
  status: Generated<'pending' | 'delivering' | 'succeeded' | 'failed'>; attempts: Generated<number>; next_attempt_at: DefTs; lease_until: NullTs;
  last_status: number | null; last_error: string | null; created_at: DefTs; updated_at: DefTs;
}
export interface WebhookAttemptsTable {
  id: Id; delivery_id: number; attempt: number; status_code: number | null; response_excerpt: Generated<string>; error: string | null; duration_ms: number; created_at: DefTs;
}
export interface WebhookRelayStateTable { id: number; last_event_id: number }
export interface WebhooksTables { webhook_relay_state: WebhookRelayStateTable; webhook_endpoints: WebhookEndpointsTable; webhook_deliveries: WebhookDeliveriesTable; webhook_attempts: WebhookAttemptsTable }
