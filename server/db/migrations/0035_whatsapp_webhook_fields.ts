/**
 * WhatsApp webhooks, field by field (issue 11 §2): what Meta says is kept, not only what drives a status.
 *  - `wa_webhook_changes`: every WABA-level change and every part of a `messages` change that is not a message or
 *    a status (calls, value-level errors, unknown keys), with what Clarion did with it (`outcome`) and the raw
 *    value. Nothing a verified webhook carried is dropped silently; the raw value is there to read.
 *  - `wa_status_details`: per sent message, the pricing and conversation objects (category, billable, pricing
 *    model/type, conversation id/origin/expiry), the callback data, the error (code, title, details) of a
 *    `failed`, and when it was played (voice). A `failed` after `delivered` keeps both facts here.
 *  - `wa_messages`: reply-to context, forwarded flag, reactions on the message they react to, edits and revokes
 *    (the bubble changes), media download state and the stored file, annotation rows (`shown` false).
 *  - `wa_conversations`: identities without a phone number (business-scoped user id, username).
 *  - `wa_templates`: the category history (previous category, an announced future category and when).
 *  - `wa_connections`: restrictions with their expiry and the volume pricing tier Meta announced.
 */
export const name = '0035_whatsapp_webhook_fields';

export const up = /* sql */ `
create table wa_webhook_changes (
  id bigserial primary key,
  workspace_id bigint not null references workspaces(id) on delete cascade,
  connection_id bigint,
  inbox_id bigint,
  field text not null,
  event text,
  outcome text not null,
  detail text,
  value jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now()
);
create index wa_webhook_changes_ws on wa_webhook_changes(workspace_id, id desc);
create index wa_webhook_changes_inbox on wa_webhook_changes(inbox_id);

create table wa_status_details (
  workspace_id bigint not null,
  wamid text not null,
  recipient_id text,
  pricing_category text,
  pricing_model text,
  pricing_type text,
  billable boolean,
  conversation_id text,
  conversation_origin text,
  conversation_expires_at timestamptz,
  callback_data text,
  error_code int,
  error_title text,
  error_details text,
  failed_at timestamptz,
  played_at timestamptz,
  updated_at timestamptz not null default now(),
  primary key (workspace_id, wamid)
);

alter table wa_messages add column shown boolean not null default true;
alter table wa_messages add column context_wamid text;
alter table wa_messages add column forwarded text;
alter table wa_messages add column reaction_emoji text;
alter table wa_messages add column reacted_at timestamptz;
alter table wa_messages add column edited_at timestamptz;
alter table wa_messages add column revoked_at timestamptz;
alter table wa_messages add column media_status text;
alter table wa_messages add column media_file_id bigint;
alter table wa_messages add column media_error text;
alter table wa_messages add column played_at timestamptz;
create index wa_messages_media_todo on wa_messages(id) where media_status = 'pending';

alter table wa_conversations add column user_id text;
alter table wa_conversations add column username text;

alter table wa_templates add column previous_category text;
alter table wa_templates add column category_changed_at timestamptz;
alter table wa_templates add column pending_category text;
alter table wa_templates add column pending_category_at timestamptz;
alter table wa_templates add column previous_quality_rating text;

alter table wa_status_pending add column details jsonb;

alter table wa_connections add column restrictions jsonb not null default '[]'::jsonb;
alter table wa_connections add column pricing_tier jsonb;
`;
