/**
 * Campaigns and their delivery machinery, shared by every channel (email, WhatsApp, SMS):
 *  - templates + template_versions: email templates (MJML/HTML source, GrapesJS project) with every save kept;
 *  - campaigns: state machine, editable content plus the copy frozen at send time, audience, schedule;
 *  - deliveries: one row per recipient (UNIQUE(campaign_id, contact_id)); skipped recipients are rows too, with the
 *    reason. `claimed` (leased, not yet handed to the provider) and `sending` (handed over: may have been accepted)
 *    are separate states so a crashed worker's claimed rows are re-queued and its sending rows become `unknown`;
 *  - events: append-only log of what happened to deliveries (bounces, opens, clicks, unsubscribes, complaints…).
 */
export const name = '0005_campaigns';

export const up = /* sql */ `
create table templates (
  id bigint generated always as identity primary key,
  workspace_id bigint not null references workspaces(id) on delete cascade,
  channel text not null default 'email' check (channel in ('email','whatsapp','sms')),
  name text not null,
  format text not null default 'mjml' check (format in ('mjml','html')),
  source text not null default '',
  project jsonb,
  subject text not null default '',
  preheader text not null default '',
  text_override text,
  dir text not null default 'ltr' check (dir in ('ltr','rtl')),
  version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz
);
create index templates_ws on templates(workspace_id, id desc) where deleted_at is null;

create table template_versions (
  id bigint generated always as identity primary key,
  workspace_id bigint not null references workspaces(id) on delete cascade,
  template_id bigint not null references templates(id) on delete cascade,
  version int not null,
  name text not null,
  format text not null,
  source text not null,
  project jsonb,
  subject text not null,
  preheader text not null,
  text_override text,
  dir text not null,
  created_by text,
  created_at timestamptz not null default now(),
  unique (template_id, version)
);

create table campaigns (
  id bigint generated always as identity primary key,
  workspace_id bigint not null references workspaces(id) on delete cascade,
  channel text not null default 'email' check (channel in ('email','whatsapp','sms')),
  name text not null,
  status text not null default 'draft'
    check (status in ('draft','scheduled','building','sending','paused','done','cancelled','failed')),
  kind text not null default 'regular' check (kind in ('regular','resend','non_openers')),
  parent_campaign_id bigint references campaigns(id) on delete set null,
  template_id bigint references templates(id) on delete set null,
  content jsonb not null default '{}',
  frozen jsonb,
  settings jsonb not null default '{}',
  audience jsonb not null default '{"include":{"groups":[],"segments":[]},"exclude":{"groups":[],"segments":[]}}',
  scheduled_at timestamptz,
  timezone text,
  pause_reason text,
  error text,
  audience_total bigint not null default 0,
  skipped_total bigint not null default 0,
  created_by text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  deleted_at timestamptz
);
create index campaigns_ws on campaigns(workspace_id, id desc) where deleted_at is null;
create index campaigns_active on campaigns(status) where status in ('sending','scheduled','building');
create index campaigns_parent on campaigns(parent_campaign_id) where parent_campaign_id is not null;

create table deliveries (
  id bigint generated always as identity primary key,
  workspace_id bigint not null references workspaces(id) on delete cascade,
  campaign_id bigint not null references campaigns(id) on delete cascade,
  contact_id bigint not null,
  channel text not null,
  address text,
  status text not null default 'queued'
    check (status in ('queued','claimed','sending','sent','failed','skipped','unknown','deferred','cancelled')),
  reason text,
  error_code text,
  attempts int not null default 0,
  next_attempt_at timestamptz not null default now(),
  lease_owner text,
  lease_until timestamptz,
  route_id bigint,
  provider_message_id text,
  bounce_class text,
  sent_at timestamptz,
  delivered_at timestamptz,
  opened_at timestamptz,
  clicked_at timestamptz,
  bounced_at timestamptz,
  complained_at timestamptz,
  unsubscribed_at timestamptz,
  finished_at timestamptz,
  created_at timestamptz not null default now(),
  unique (campaign_id, contact_id)
);
create index deliveries_claim on deliveries(campaign_id, next_attempt_at, id) where status in ('queued','deferred');
create index deliveries_leased on deliveries(lease_until) where status in ('claimed','sending');
create index deliveries_campaign_status on deliveries(campaign_id, status);
create index deliveries_contact on deliveries(workspace_id, contact_id, id desc);
create index deliveries_sent_at on deliveries(campaign_id, sent_at) where sent_at is not null;

create table events (
  id bigint generated always as identity primary key,
  workspace_id bigint not null references workspaces(id) on delete cascade,
  campaign_id bigint,
  delivery_id bigint,
  contact_id bigint,
  channel text not null default 'email',
  type text not null,
  at timestamptz not null default now(),
  data jsonb not null default '{}'
);
create index events_campaign on events(campaign_id, type, at) where campaign_id is not null;
create index events_contact on events(workspace_id, contact_id, type, at) where contact_id is not null;
create index events_delivery on events(delivery_id) where delivery_id is not null;
create index events_ws_at on events(workspace_id, at);
`;
