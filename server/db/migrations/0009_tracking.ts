/**
 * Tracking, bounce intake and reports:
 *  - campaign_links: the link table of a sent campaign (index → destination). Click tokens carry only the index,
 *    so the redirect target always comes from here, never from the URL. `clicks` is a running counter of every
 *    click (people, scanners and anonymous ones) so the per-link table needs no scan of the events.
 *  - tracking_settings: per-workspace knobs of machine-open / scanner-click detection.
 *  - email_webhook_endpoints: per-workspace ESP webhook configuration (secrets encrypted), one per provider, found
 *    by an unguessable endpoint key in the URL.
 *  - provider_events_seen: idempotency of ESP webhooks (providers retry and duplicate).
 *  - indexes for the reports (30-day dashboard totals, per-contact engagement).
 */
export const name = '0009_tracking';

export const up = /* sql */ `
create table campaign_links (
  workspace_id bigint not null references workspaces(id) on delete cascade,
  campaign_id bigint not null references campaigns(id) on delete cascade,
  link_index int not null,
  url text not null,
  clicks bigint not null default 0,
  primary key (campaign_id, link_index)
);

create table tracking_settings (
  workspace_id bigint primary key references workspaces(id) on delete cascade,
  scanner_click_seconds double precision not null default 2 check (scanner_click_seconds >= 0 and scanner_click_seconds <= 3600),
  machine_open_seconds double precision not null default 2 check (machine_open_seconds >= 0 and machine_open_seconds <= 3600),
  exclude_machine boolean not null default true,
  updated_at timestamptz not null default now()
);

create table email_webhook_endpoints (
  id bigint generated always as identity primary key,
  workspace_id bigint not null references workspaces(id) on delete cascade,
  provider text not null check (provider in ('ses','sendgrid','mailgun','postmark')),
  endpoint_key text not null unique,
  config_enc text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (workspace_id, provider)
);

create table provider_events_seen (
  provider text not null,
  event_id text not null,
  at timestamptz not null default now(),
  primary key (provider, event_id)
);
create index provider_events_seen_at on provider_events_seen(at);

create index deliveries_ws_sent on deliveries(workspace_id, sent_at) where sent_at is not null;
create index events_ws_type_at on events(workspace_id, type, at);
`;
