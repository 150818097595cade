/**
 * Foundation: tenants, people, access, contacts and their organisation, imports/exports, jobs, audit.
 * Every tenant-owned row carries workspace_id; lookups by id always include it.
 */
export const name = '0001_foundation';

export const up = /* sql */ `
create table instance_settings (
  key text primary key,
  value text not null
);

create table workspaces (
  id bigint generated always as identity primary key,
  slug text not null unique,
  name text not null,
  default_country text not null default 'IL',
  timezone text not null default 'Asia/Jerusalem',
  locale text not null default 'en',
  settings jsonb not null default '{}',
  created_at timestamptz not null default now()
);

create table users (
  id bigint generated always as identity primary key,
  email text not null unique,
  name text not null default '',
  password_hash text not null,
  locale text not null default 'en',
  sessions_valid_after timestamptz not null default '-infinity',
  must_change_password boolean not null default false,
  created_at timestamptz not null default now()
);

create table memberships (
  workspace_id bigint not null references workspaces(id) on delete cascade,
  user_id bigint not null references users(id) on delete cascade,
  role text not null check (role in ('owner','manager','editor','viewer')),
  created_at timestamptz not null default now(),
  primary key (workspace_id, user_id)
);
create index memberships_user on memberships(user_id);

create table sessions (
  id_hash text primary key,
  user_id bigint not null references users(id) on delete cascade,
  workspace_id bigint references workspaces(id) on delete set null,
  csrf_token text not null,
  ip text,
  user_agent text,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sessions_user on sessions(user_id);

create table password_resets (
  token_hash text primary key,
  user_id bigint not null references users(id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);

create table api_keys (
  id bigint generated always as identity primary key,
  workspace_id bigint not null references workspaces(id) on delete cascade,
  name text not null,
  prefix text not null,
  key_hash text not null unique,
  role text not null check (role in ('owner','manager','editor','viewer')),
  created_by bigint references users(id) on delete set null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
create index api_keys_ws on api_keys(workspace_id);

create table audit_log (
  id bigint generated always as identity primary key,
  workspace_id bigint references workspaces(id) on delete cascade,
  actor_type text not null check (actor_type in ('user','api_key','system')),
  actor_id bigint,
  actor_label text not null default '',
  action text not null,
  entity_type text not null,
  entity_id text,
  details jsonb not null default '{}',
  ip text,
  at timestamptz not null default now()
);
create index audit_log_ws_at on audit_log(workspace_id, at desc);

create table user_preferences (
  user_id bigint not null references users(id) on delete cascade,
  workspace_id bigint not null references workspaces(id) on delete cascade,
  key text not null,
  value jsonb not null,
  primary key (user_id, workspace_id, key)
);

create table field_definitions (
  id bigint generated always as identity primary key,
  workspace_id bigint not null references workspaces(id) on delete cascade,
  key text not null,
  label text not null,
  type text not null check (type in ('text','number','date','boolean','single_select','multi_select')),
  options jsonb not null default '[]',
  created_at timestamptz not null default now(),
  unique (workspace_id, key)
);

create table contacts (
  id bigint generated always as identity primary key,
  workspace_id bigint not null references workspaces(id) on delete cascade,
  email text,
  phone_e164 text,
  phone_raw text,
  first_name text not null default '',
  last_name text not null default '',
  fields jsonb not null default '{}',
  email_status text not null default 'subscribed'
    check (email_status in ('subscribed','unsubscribed','bounced','complained','invalid')),
  whatsapp_status text not null default 'unknown' check (whatsapp_status in ('opted_in','opted_out','unknown')),
  sms_status text not null default 'unknown' check (sms_status in ('opted_in','opted_out','unknown')),
  protected boolean not null default false,
  source text not null default 'manual',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  erased_at timestamptz
);
create unique index contacts_ws_email on contacts(workspace_id, email) where deleted_at is null and email is not null;
create unique index contacts_ws_phone on contacts(workspace_id, phone_e164) where deleted_at is null and phone_e164 is not null;
create index contacts_ws_id on contacts(workspace_id, id) where deleted_at is null;
create index contacts_ws_email_prefix on contacts(workspace_id, email text_pattern_ops) where deleted_at is null;
create index contacts_ws_phone_prefix on contacts(workspace_id, phone_e164 text_pattern_ops) where deleted_at is null;
create index contacts_ws_first_prefix on contacts(workspace_id, lower(first_name) text_pattern_ops) where deleted_at is null;
create index contacts_ws_last_prefix on contacts(workspace_id, lower(last_name) text_pattern_ops) where deleted_at is null;
create index contacts_ws_deleted on contacts(workspace_id, deleted_at) where deleted_at is not null;

create table consents (
  id bigint generated always as identity primary key,
  workspace_id bigint not null references workspaces(id) on delete cascade,
  contact_id bigint not null references contacts(id) on delete cascade,
  channel text not null check (channel in ('email','whatsapp','sms')),
  status text not null,
  source text not null,
  reason text,
  ip text,
  wording text,
  actor text,
  at timestamptz not null default now()
);
create index consents_contact on consents(workspace_id, contact_id, at desc);

create table groups (
  id bigint generated always as identity primary key,
  workspace_id bigint not null references workspaces(id) on delete cascade,
  name text not null,
  description text not null default '',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz
);
create unique index groups_ws_name on groups(workspace_id, lower(name)) where deleted_at is null;

create table group_members (
  workspace_id bigint not null references workspaces(id) on delete cascade,
  group_id bigint not null references groups(id) on delete cascade,
  contact_id bigint not null references contacts(id) on delete cascade,
  added_at timestamptz not null default now(),
  primary key (group_id, contact_id)
);
create index group_members_contact on group_members(contact_id);

create table segments (
  id bigint generated always as identity primary key,
  workspace_id bigint not null references workspaces(id) on delete cascade,
  name text not null,
  filter jsonb not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz
);
create unique index segments_ws_name on segments(workspace_id, lower(name)) where deleted_at is null;

create table suppressions (
  id bigint generated always as identity primary key,
  workspace_id bigint not null references workspaces(id) on delete cascade,
  channel text not null check (channel in ('email','whatsapp','sms')),
  value text not null,
  reason text not null default '',
  source text not null default 'manual',
  created_at timestamptz not null default now(),
  unique (workspace_id, channel, value)
);

create table blocked_domains (
  workspace_id bigint not null references workspaces(id) on delete cascade,
  domain text not null,
  created_at timestamptz not null default now(),
  primary key (workspace_id, domain)
);

create table files (
  id bigint generated always as identity primary key,
  workspace_id bigint not null references workspaces(id) on delete cascade,
  purpose text not null,
  name text not null,
  content_type text not null default 'application/octet-stream',
  size_bytes bigint not null default 0,
  complete boolean not null default false,
  created_at timestamptz not null default now()
);
create table file_chunks (
  file_id bigint not null references files(id) on delete cascade,
  seq int not null,
  data bytea not null,
  primary key (file_id, seq)
);

create table imports (
  id bigint generated always as identity primary key,
  workspace_id bigint not null references workspaces(id) on delete cascade,
  file_id bigint references files(id) on delete set null,
  file_name text not null,
  format text not null,
  status text not null default 'draft'
    check (status in ('draft','queued','running','done','failed','cancelled')),
  options jsonb not null default '{}',
  total_records bigint,
  processed_records bigint not null default 0,
  committed_record bigint not null default 0,
  created_count bigint not null default 0,
  updated_count bigint not null default 0,
  added_to_group_count bigint not null default 0,
  duplicates_in_file bigint not null default 0,
  invalid_count bigint not null default 0,
  conflict_count bigint not null default 0,
  error text,
  created_by text,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz
);
create index imports_ws on imports(workspace_id, id desc);

create table import_issues (
  id bigint generated always as identity primary key,
  workspace_id bigint not null references workspaces(id) on delete cascade,
  import_id bigint not null references imports(id) on delete cascade,
  kind text not null check (kind in ('invalid','conflict')),
  record bigint not null,
  line bigint not null,
  column_name text,
  reason text not null,
  raw jsonb not null default '[]',
  email_contact_id bigint,
  phone_contact_id bigint,
  resolved_at timestamptz,
  resolution text,
  unique (import_id, kind, record)
);
create index import_issues_import on import_issues(import_id, kind, line);

create table exports (
  id bigint generated always as identity primary key,
  workspace_id bigint not null references workspaces(id) on delete cascade,
  kind text not null,
  format text not null check (format in ('csv','xlsx')),
  params jsonb not null default '{}',
  status text not null default 'queued' check (status in ('queued','running','done','failed')),
  file_id bigint references files(id) on delete set null,
  row_count bigint not null default 0,
  error text,
  created_by text,
  created_at timestamptz not null default now(),
  finished_at timestamptz
);

create table jobs (
  id bigint generated always as identity primary key,
  workspace_id bigint references workspaces(id) on delete cascade,
  kind text not null,
  payload jsonb not null default '{}',
  unique_key text,
  status text not null default 'queued' check (status in ('queued','running','done','failed')),
  run_at timestamptz not null default now(),
  attempts int not null default 0,
  max_attempts int not null default 5,
  locked_by text,
  locked_until timestamptz,
  last_error text,
  created_at timestamptz not null default now(),
  finished_at timestamptz
);
create index jobs_ready on jobs(run_at) where status = 'queued';
create index jobs_running on jobs(locked_until) where status = 'running';
create unique index jobs_unique_active on jobs(kind, unique_key) where unique_key is not null and status in ('queued','running');
`;
