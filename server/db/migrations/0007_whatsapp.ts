/**
 * WhatsApp channel: connected numbers (secrets encrypted), WhatsApp templates, the webhook inbox (raw signed
 * POSTs stored first, processed later), status de-duplication, the two-way inbox (conversations, messages,
 * keyword auto-replies, per-workspace settings) and workspace alerts (account restrictions, bans).
 *
 * Also adds an index on deliveries(provider_message_id): status webhooks find their delivery by wamid, and
 * without it every batch would scan the deliveries table.
 */
export const name = '0007_whatsapp';

export const up = /* sql */ `
create table wa_connections (
  id bigint generated always as identity primary key,
  workspace_id bigint not null references workspaces(id) on delete cascade,
  name text not null default '',
  waba_id text not null,
  phone_number_id text not null,
  display_number text not null default '',
  verified_name text,
  access_token_enc text not null,
  token_hint text not null default '',
  app_secret_enc text not null,
  verify_token text not null,
  graph_base_url text not null default 'https://graph.facebook.com',
  api_version text not null default 'v24.0',
  sandbox boolean not null default false,
  messages_per_second int not null default 80 check (messages_per_second between 1 and 10000),
  tier text not null default '250' check (tier in ('250','2000','10000','100000','unlimited')),
  quality_rating text not null default 'UNKNOWN',
  account_status text not null default 'connected',
  halted_at timestamptz,
  halt_reason text,
  clock_offset_ms bigint not null default 0,
  last_tested_at timestamptz,
  last_test_ok boolean,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz
);
-- One phone number belongs to one workspace, so a webhook can never land in the wrong tenant.
create unique index wa_connections_phone on wa_connections(phone_number_id) where deleted_at is null;
create index wa_connections_ws on wa_connections(workspace_id, id) where deleted_at is null;
create index wa_connections_waba on wa_connections(waba_id) where deleted_at is null;

create table wa_templates (
  id bigint generated always as identity primary key,
  workspace_id bigint not null references workspaces(id) on delete cascade,
  connection_id bigint not null references wa_connections(id) on delete cascade,
  name text not null,
  language text not null,
  category text not null,
  parameter_format text not null default 'positional' check (parameter_format in ('positional','named')),
  components jsonb not null default '[]',
  status text not null default 'DRAFT',
  rejection_reason text,
  rejection_detail text,
  quality_rating text not null default 'UNKNOWN',
  meta_template_id text,
  submitted_at timestamptz,
  status_changed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz
);
create unique index wa_templates_name on wa_templates(connection_id, name, language) where deleted_at is null;
create index wa_templates_ws on wa_templates(workspace_id, id desc) where deleted_at is null;
create index wa_templates_meta on wa_templates(meta_template_id) where meta_template_id is not null;

-- Raw webhook POSTs: one INSERT on the request path; a worker claims unprocessed rows with SKIP LOCKED.
-- connection_ids = the connections whose app secret verified the signature (the only ones it may touch).
create table wa_webhook_inbox (
  id bigint generated always as identity primary key,
  received_at timestamptz not null default now(),
  connection_ids bigint[] not null,
  body text not null,
  processed_at timestamptz,
  error text
);
create index wa_webhook_inbox_todo on wa_webhook_inbox(id) where processed_at is null;
create index wa_webhook_inbox_done on wa_webhook_inbox(processed_at) where processed_at is not null;

-- (wamid, status) seen once: duplicates and replays are dropped here before anything is counted.
create table wa_status_seen (
  wamid text not null,
  status text not null,
  workspace_id bigint not null,
  at timestamptz not null default now(),
  primary key (wamid, status)
);
create index wa_status_seen_at on wa_status_seen(at);

-- Statuses whose wamid is not known yet (the sender has not recorded the provider id): retried for a while.
create table wa_status_pending (
  wamid text not null,
  status text not null,
  workspace_id bigint not null,
  connection_id bigint not null,
  at timestamptz not null,
  error_code int,
  error_title text,
  first_seen_at timestamptz not null default now(),
  primary key (wamid, status)
);
create index wa_status_pending_first on wa_status_pending(first_seen_at);

create table wa_conversations (
  id bigint generated always as identity primary key,
  workspace_id bigint not null references workspaces(id) on delete cascade,
  connection_id bigint not null references wa_connections(id) on delete cascade,
  contact_id bigint references contacts(id) on delete set null,
  wa_id text not null,
  profile_name text not null default '',
  last_message_at timestamptz,
  last_message_preview text not null default '',
  last_inbound_at timestamptz,
  window_expires_at timestamptz,
  unread_count int not null default 0,
  message_count int not null default 0,
  assignee_user_id bigint references users(id) on delete set null,
  labels text[] not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (connection_id, wa_id)
);
create index wa_conversations_ws on wa_conversations(workspace_id, last_message_at desc, id desc);
create index wa_conversations_contact on wa_conversations(workspace_id, contact_id);

create table wa_messages (
  id bigint generated always as identity primary key,
  workspace_id bigint not null references workspaces(id) on delete cascade,
  conversation_id bigint not null references wa_conversations(id) on delete cascade,
  direction text not null check (direction in ('in','out')),
  wamid text,
  type text not null,
  text text not null default '',
  payload jsonb not null default '{}',
  status text not null,
  error_code int,
  error_title text,
  template_id bigint,
  sent_by_user_id bigint,
  sent_by text,
  automated text,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  delivered_at timestamptz,
  read_at timestamptz,
  failed_at timestamptz
);
create unique index wa_messages_wamid on wa_messages(workspace_id, wamid) where wamid is not null;
create index wa_messages_conv on wa_messages(conversation_id, id desc);
create index wa_messages_queued on wa_messages(id) where status = 'queued';

create table wa_auto_replies (
  id bigint generated always as identity primary key,
  workspace_id bigint not null references workspaces(id) on delete cascade,
  connection_id bigint references wa_connections(id) on delete cascade,
  keyword text not null,
  match_mode text not null default 'exact' check (match_mode in ('exact','contains')),
  reply_text text,
  template_id bigint references wa_templates(id) on delete set null,
  template_variables jsonb not null default '[]',
  group_id bigint references groups(id) on delete set null,
  enabled boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index wa_auto_replies_ws on wa_auto_replies(workspace_id, id);

create table wa_settings (
  workspace_id bigint primary key references workspaces(id) on delete cascade,
  history_cap int not null default 1000 check (history_cap between 10 and 1000000),
  opt_out_reply text not null default 'You will no longer receive marketing messages from us on WhatsApp. / הוסרת מרשימת הדיוור שלנו בוואטסאפ.',
  updated_at timestamptz not null default now()
);

create table workspace_alerts (
  id bigint generated always as identity primary key,
  workspace_id bigint not null references workspaces(id) on delete cascade,
  kind text not null,
  severity text not null default 'warning' check (severity in ('info','warning','critical')),
  title text not null,
  message text not null,
  entity_type text,
  entity_id text,
  data jsonb not null default '{}',
  created_at timestamptz not null default now(),
  resolved_at timestamptz
);
create index workspace_alerts_ws on workspace_alerts(workspace_id, id desc);

create index deliveries_provider_message on deliveries(provider_message_id) where provider_message_id is not null;
`;
