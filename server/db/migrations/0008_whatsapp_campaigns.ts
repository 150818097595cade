/**
 * WhatsApp campaigns within Meta's limits:
 *  - wa_tier_usage: the unique recipients of business-initiated templates per number, with the last time each was
 *    counted; "unique recipients in the rolling 24 h" = rows with last_at inside the window (on the number's clock);
 *  - wa_send_limits: one lock row per number, so tier admission is serialised across every worker process;
 *  - wa_campaign_settings: the workspace's WhatsApp campaign policy (does a utility template need opt-in?) and the
 *    editable per-message price list used by the cost estimate.
 */
export const name = '0008_whatsapp_campaigns';

export const up = /* sql */ `
create table wa_tier_usage (
  connection_id bigint not null references wa_connections(id) on delete cascade,
  wa_id text not null,
  last_at timestamptz not null,
  primary key (connection_id, wa_id)
);
create index wa_tier_usage_window on wa_tier_usage(connection_id, last_at);

create table wa_send_limits (
  connection_id bigint primary key references wa_connections(id) on delete cascade,
  admitted_total bigint not null default 0,
  deferred_total bigint not null default 0,
  updated_at timestamptz not null default now()
);

create table wa_campaign_settings (
  workspace_id bigint primary key references workspaces(id) on delete cascade,
  utility_requires_opt_in boolean not null default false,
  currency text not null default 'USD',
  rates jsonb not null default '{}',
  updated_at timestamptz not null default now()
);
`;
