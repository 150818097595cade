/**
 * Forms, landing pages, pop-ups and custom domains (issue 15).
 *  - `forms` hold a schema (`definition`: fields, languages, groups, consent wording) and `settings`; every edit
 *    bumps `version` and snapshots both into `form_versions`, so consent evidence can name the exact version shown.
 *  - Double opt-in submissions wait in `form_pending` (60-day expiry), apart from contacts; only a confirming POST
 *    turns one into a contact. Accepted submissions (direct, or confirmed) are `form_submissions`.
 *  - `form_evidence` is the consent evidence of a contact that came through a form (what was shown, where, when, from
 *    which IP/UA, and the confirming IP); a row in `consents` (source 'form') points at it by reason text.
 *  - `form_rate` (fixed one-minute windows) and `form_pow_used` (ALTCHA replay refusal) live in the database so that
 *    every API process shares them.
 *  - `asset_stats_daily` / `asset_visitors` count views, unique visitors (daily-salted hash, no cookie), submissions,
 *    confirmations and rejected (spam) submissions per form, page and pop-up and day.
 *  - `pages` + `page_versions` (each published version rendered once, `rendered` is served as-is), `popups`,
 *    `custom_domains` (CNAME + TXT verification).
 */
export const name = '0070_forms';

export const up = /* sql */ `
create table forms (
  id bigint generated always as identity primary key,
  workspace_id bigint not null references workspaces(id) on delete cascade,
  public_id text not null unique,
  name text not null,
  version integer not null default 1,
  definition jsonb not null,
  settings jsonb not null default '{}',
  paused boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz
);
create index forms_ws on forms(workspace_id, id);

create table form_versions (
  form_id bigint not null references forms(id) on delete cascade,
  version integer not null,
  workspace_id bigint not null,
  definition jsonb not null,
  settings jsonb not null,
  created_at timestamptz not null default now(),
  primary key (form_id, version)
);

create table form_submissions (
  id bigint generated always as identity primary key,
  workspace_id bigint not null references workspaces(id) on delete cascade,
  form_id bigint not null references forms(id) on delete cascade,
  form_version integer not null,
  contact_id bigint references contacts(id) on delete set null,
  email text,
  phone text,
  "values" jsonb not null,
  lang text not null,
  ip text,
  user_agent text,
  page_url text,
  referrer text,
  utm jsonb not null default '{}',
  double_opt_in boolean not null default false,
  submitted_at timestamptz not null,
  confirmed_at timestamptz,
  confirm_ip text,
  created_at timestamptz not null default now()
);
create index form_submissions_form on form_submissions(form_id, created_at desc);

create table form_pending (
  id bigint generated always as identity primary key,
  workspace_id bigint not null references workspaces(id) on delete cascade,
  form_id bigint not null references forms(id) on delete cascade,
  form_version integer not null,
  email text not null,
  payload jsonb not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  confirmed_at timestamptz
);
create index form_pending_expiry on form_pending(expires_at);

create table form_evidence (
  id bigint generated always as identity primary key,
  workspace_id bigint not null references workspaces(id) on delete cascade,
  contact_id bigint not null references contacts(id) on delete cascade,
  form_id bigint not null,
  form_version integer not null,
  submission_id bigint,
  channel text not null,
  wording text not null,
  ip text,
  user_agent text,
  page_url text,
  double_opt_in boolean not null,
  submitted_at timestamptz not null,
  confirmed_at timestamptz,
  confirm_ip text,
  created_at timestamptz not null default now()
);
create index form_evidence_contact on form_evidence(workspace_id, contact_id);

create table form_rate (
  key text not null,
  window_start bigint not null,
  hits integer not null default 0,
  primary key (key, window_start)
);

create table form_pow_used (
  id text primary key,
  expires_at timestamptz not null
);

create table asset_stats_daily (
  workspace_id bigint not null references workspaces(id) on delete cascade,
  kind text not null check (kind in ('form','page','popup')),
  asset_id bigint not null,
  day date not null,
  views integer not null default 0,
  uniques integer not null default 0,
  submissions integer not null default 0,
  confirmations integer not null default 0,
  rejected integer not null default 0,
  primary key (kind, asset_id, day)
);

create table asset_visitors (
  kind text not null,
  asset_id bigint not null,
  day date not null,
  visitor text not null,
  primary key (kind, asset_id, day, visitor)
);

create table pages (
  id bigint generated always as identity primary key,
  workspace_id bigint not null references workspaces(id) on delete cascade,
  slug text not null,
  name text not null,
  status text not null default 'draft' check (status in ('draft','published','paused')),
  lang text not null default 'en',
  settings jsonb not null default '{}',
  project jsonb,
  html text not null default '',
  css text not null default '',
  version integer not null default 1,
  published_version integer,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz
);
create unique index pages_ws_slug on pages(workspace_id, slug) where deleted_at is null;

create table page_versions (
  page_id bigint not null references pages(id) on delete cascade,
  version integer not null,
  workspace_id bigint not null,
  html text not null,
  css text not null,
  project jsonb,
  settings jsonb not null,
  lang text not null,
  rendered text,
  created_at timestamptz not null default now(),
  primary key (page_id, version)
);

create table popups (
  id bigint generated always as identity primary key,
  workspace_id bigint not null references workspaces(id) on delete cascade,
  name text not null,
  form_id bigint not null references forms(id) on delete cascade,
  active boolean not null default false,
  settings jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz
);
create index popups_ws on popups(workspace_id) where deleted_at is null;

create table custom_domains (
  id bigint generated always as identity primary key,
  workspace_id bigint not null references workspaces(id) on delete cascade,
  host text not null unique,
  token text not null,
  verified boolean not null default false,
  cname_ok boolean not null default false,
  txt_ok boolean not null default false,
  last_checked_at timestamptz,
  verified_at timestamptz,
  last_error text,
  created_at timestamptz not null default now()
);
`;
