/**
 * Sending set-up per workspace: SMTP servers (secrets encrypted), sender identities, sending domains (DKIM private
 * key encrypted), email settings (VERP bounce domain, the "X bounces in Y days" rule, tracking privacy), and the
 * rate buckets every worker process shares so a limit holds however many processes send.
 */
export const name = '0006_sending';

export const up = /* sql */ `
create table smtp_servers (
  id bigint generated always as identity primary key,
  workspace_id bigint not null references workspaces(id) on delete cascade,
  name text not null,
  host text not null,
  port int not null default 587,
  tls_mode text not null default 'starttls' check (tls_mode in ('none','starttls','tls')),
  username text,
  password_enc text,
  max_connections int not null default 5 check (max_connections between 1 and 100),
  messages_per_second double precision check (messages_per_second is null or messages_per_second > 0),
  weight int not null default 1 check (weight between 1 and 1000),
  enabled boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index smtp_servers_ws on smtp_servers(workspace_id, id);

create table sending_domains (
  id bigint generated always as identity primary key,
  workspace_id bigint not null references workspaces(id) on delete cascade,
  domain text not null,
  dkim_selector text not null,
  dkim_private_key_enc text not null,
  dkim_public_key text not null,
  created_at timestamptz not null default now(),
  unique (workspace_id, domain)
);

create table sender_identities (
  id bigint generated always as identity primary key,
  workspace_id bigint not null references workspaces(id) on delete cascade,
  from_name text not null,
  from_address text not null,
  reply_to text,
  is_default boolean not null default false,
  created_at timestamptz not null default now()
);
create index sender_identities_ws on sender_identities(workspace_id, id);

create table email_settings (
  workspace_id bigint primary key references workspaces(id) on delete cascade,
  bounce_domain text,
  bounce_rule_count int not null default 3 check (bounce_rule_count between 1 and 100),
  bounce_rule_days int not null default 60 check (bounce_rule_days between 1 and 3650),
  individual_tracking boolean not null default true,
  updated_at timestamptz not null default now()
);

create table rate_buckets (
  key text primary key,
  tokens double precision not null,
  updated_at timestamptz not null default clock_timestamp(),
  factor double precision not null default 1,
  slowed_until timestamptz,
  blocked_until timestamptz
);
`;
