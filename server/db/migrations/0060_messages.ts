/**
 * Transactional messages (issue 14 §2): one message sent through the API (or by a journey / form) is a delivery row
 * WITHOUT a campaign, so claims, leases, lease recovery, provider status callbacks (matched by provider message id)
 * and the events log serve it exactly as they serve campaigns.
 *  - deliveries.campaign_id becomes nullable; `message_id` links a delivery to its request and `priority`
 *    (0 low, 1 normal, 2 high, 3 urgent) orders the messages lanes;
 *  - outbound_messages: what was asked (content, kind, metadata echoed in webhooks, who asked);
 *  - api_idempotency: Idempotency-Key → the first response, kept 24 h.
 */
export const name = '0060_messages';

export const up = /* sql */ `
alter table deliveries alter column campaign_id drop not null;
alter table deliveries add column message_id bigint;
alter table deliveries add column priority smallint not null default 1;
create index deliveries_messages_claim on deliveries(priority desc, next_attempt_at, id)
  where campaign_id is null and status in ('queued','deferred');
create index deliveries_message on deliveries(message_id) where message_id is not null;

create table outbound_messages (
  id bigint generated always as identity primary key,
  workspace_id bigint not null references workspaces(id) on delete cascade,
  channel text not null check (channel in ('email','whatsapp','sms')),
  kind text not null default 'transactional' check (kind in ('transactional','marketing')),
  priority text not null default 'normal' check (priority in ('low','normal','high','urgent')),
  contact_id bigint,
  address text,
  content jsonb not null default '{}',
  metadata jsonb not null default '{}',
  send_at timestamptz,
  source text not null default 'api',
  source_ref text,
  actor text not null default '',
  created_at timestamptz not null default now()
);
create index outbound_messages_ws on outbound_messages(workspace_id, id desc);

create table api_idempotency (
  workspace_id bigint not null references workspaces(id) on delete cascade,
  key text not null,
  request_hash text not null,
  state text not null default 'in_flight' check (state in ('in_flight','done')),
  response_status int,
  response jsonb,
  created_at timestamptz not null default now(),
  primary key (workspace_id, key)
);
create index api_idempotency_created on api_idempotency(created_at);
`;
