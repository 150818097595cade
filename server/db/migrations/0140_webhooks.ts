/**
 * Outbound webhooks (issue 14 §1, Standard Webhooks 1.0):
 *  - webhook_endpoints: per-workspace URL, event filter (empty = every event), optional channel filter, the secret
 *    encrypted at rest (AES-256-GCM with the instance key), the previous secret during a rotation grace period,
 *    enabled/disabled with the reason, and `failing_since` (the start of an unbroken run of failures);
 *  - webhook_deliveries: the durable queue AND the delivery log: one row per (event, endpoint), claimed with
 *    FOR UPDATE SKIP LOCKED under a lease, so a worker that dies mid-delivery leaves its row to be re-claimed;
 *  - webhook_attempts: every HTTP attempt (response code, body excerpt, duration, error).
 */
export const name = '0140_webhooks';

export const up = /* sql */ `
create table webhook_endpoints (
  id bigint generated always as identity primary key,
  workspace_id bigint not null references workspaces(id) on delete cascade,
  url text not null,
  description text not null default '',
  event_types text[] not null default '{}',
  channels text[] not null default '{}',
  secret_enc text not null,
  previous_secret_enc text,
  previous_secret_until timestamptz,
  enabled boolean not null default true,
  disabled_reason text,
  failing_since timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index webhook_endpoints_ws on webhook_endpoints(workspace_id, id);

create table webhook_deliveries (
  id bigint generated always as identity primary key,
  workspace_id bigint not null references workspaces(id) on delete cascade,
  endpoint_id bigint not null references webhook_endpoints(id) on delete cascade,
  event_id text not null,
  event_type text not null,
  payload jsonb not null,
  status text not null default 'pending' check (status in ('pending','delivering','succeeded','failed')),
  attempts int not null default 0,
  next_attempt_at timestamptz not null default now(),
  lease_until timestamptz,
  last_status int,
  last_error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index webhook_deliveries_due on webhook_deliveries(next_attempt_at, id) where status in ('pending','delivering');
create index webhook_deliveries_endpoint on webhook_deliveries(endpoint_id, id desc);

create table webhook_attempts (
  id bigint generated always as identity primary key,
  delivery_id bigint not null references webhook_deliveries(id) on delete cascade,
  attempt int not null,
  status_code int,
  response_excerpt text not null default '',
  error text,
  duration_ms int not null,
  created_at timestamptz not null default now()
);
create index webhook_attempts_delivery on webhook_attempts(delivery_id, id);
`;
