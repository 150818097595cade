/**
 * Kysely table types for the foundation tables. Channel domains add their own table interfaces in
 * their `*.tables.ts` and merge them into `Database` here.
 */
import type { ColumnType, Generated } from 'kysely';
import type { InvitationsTable, LoginThrottleTable } from '../domains/auth/auth.tables.js';
import type { FormsTables } from '../domains/forms/forms.tables.js';
import type { WebhooksTables } from '../domains/webhooks/webhooks.tables.js';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T = unknown> = ColumnType<T, string | T | undefined, string | T>;
type Id = Generated<number>;

export type Role = 'owner' | 'manager' | 'editor' | 'viewer';
export type EmailStatus = 'subscribed' | 'unsubscribed' | 'bounced' | 'complained' | 'invalid';
export type OptStatus = 'opted_in' | 'opted_out' | 'unknown';
export type Channel = 'email' | 'whatsapp' | 'sms';
export type FieldType = 'text' | 'number' | 'date' | 'boolean' | 'single_select' | 'multi_select';

export interface InstanceSettingsTable { key: string; value: string }
export interface WorkspacesTable {
  id: Id; slug: string; name: string; default_country: Generated<string>; timezone: Generated<string>;
  locale: Generated<string>; settings: Json<Record<string, unknown>>; created_at: DefaultTimestamp;
}
export interface UsersTable {
  id: Id; email: string; name: Generated<string>; password_hash: string; locale: Generated<string>;
  sessions_valid_after: DefaultTimestamp; must_change_password: Generated<boolean>; created_at: DefaultTimestamp;
}
export interface MembershipsTable { workspace_id: number; user_id: number; role: Role; created_at: DefaultTimestamp }
export interface SessionsTable {
  id_hash: string; user_id: number; workspace_id: number | null; csrf_token: string; ip: string | null;
  user_agent: string | null; created_at: DefaultTimestamp; last_seen_at: DefaultTimestamp; expires_at: Timestamp;
}
export interface PasswordResetsTable {
  token_hash: string; user_id: number; created_at: DefaultTimestamp; expires_at: Timestamp; used_at: NullableTimestamp;
}
export interface ApiKeysTable {
  id: Id; workspace_id: number; name: string; prefix: string; key_hash: string; role: Role; created_by: number | null;
  created_at: DefaultTimestamp; last_used_at: NullableTimestamp; revoked_at: NullableTimestamp;
}
export interface AuditLogTable {
  id: Id; workspace_id: number | null; actor_type: 'user' | 'api_key' | 'system'; actor_id: number | null;
  actor_label: Generated<string>; action: string; entity_type: string; entity_id: string | null;
  details: Json<Record<string, unknown>>; ip: string | null; at: DefaultTimestamp;
}
export interface UserPreferencesTable { user_id: number; workspace_id: number; key: string; value: Json }
export interface FieldDefinitionsTable {
  id: Id; workspace_id: number; key: string; label: string; type: FieldType; options: Json<string[]>;
  created_at: DefaultTimestamp;
}
export interface ContactsTable {
  id: Id; workspace_id: number; email: string | null; phone_e164: string | null; phone_raw: string | null;
  first_name: Generated<string>; last_name: Generated<string>; fields: Json<Record<string, unknown>>;
  email_status: Generated<EmailStatus>; whatsapp_status: Generated<OptStatus>; sms_status: Generated<OptStatus>;
  protected: Generated<boolean>; source: Generated<string>;
  created_at: DefaultTimestamp; updated_at: DefaultTimestamp; deleted_at: NullableTimestamp; erased_at: NullableTimestamp;
  /** The consent record shared by the contacts one import created (migration 0012); null otherwise. */
  consent_id: Generated<number | null>;
}
export interface ConsentsTable {
  /** contact_id is null for the record an import shares among the contacts it created (import_id set). */
  id: Id; workspace_id: number; contact_id: number | null; import_id: Generated<number | null>; channel: Channel; status: string; source: string;
  reason: string | null; ip: string | null; wording: string | null; actor: string | null; at: DefaultTimestamp;
}
export interface GroupsTable {
  id: Id; workspace_id: number; name: string; description: Generated<string>; created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp; deleted_at: NullableTimestamp;
}
export interface GroupMembersTable { workspace_id: number; group_id: number; contact_id: number; added_at: DefaultTimestamp }
export interface SegmentsTable {
  id: Id; workspace_id: number; name: string; filter: Json; created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp; deleted_at: NullableTimestamp;
}
export interface SuppressionsTable {
  id: Id; workspace_id: number; channel: Channel; value: string; reason: Generated<string>; source: Generated<string>;
  created_at: DefaultTimestamp;
}
export interface BlockedDomainsTable { workspace_id: number; domain: string; created_at: DefaultTimestamp }
export interface FilesTable {
  id: Id; workspace_id: number; purpose: string; name: string; content_type: Generated<string>;
  size_bytes: Generated<number>; complete: Generated<boolean>; created_at: DefaultTimestamp;
}
export interface FileChunksTable { file_id: number; seq: number; data: Buffer | Uint8Array }
export interface ImportsTable {
  id: Id; workspace_id: number; file_id: number | null; file_name: string; format: string;
  status: Generated<'draft' | 'queued' | 'running' | 'done' | 'failed' | 'cancelled'>; options: Json<Record<string, unknown>>;
  total_records: number | null; processed_records: Generated<number>; committed_record: Generated<number>;
  created_count: Generated<number>; updated_count: Generated<number>; added_to_group_count: Generated<number>;
  duplicates_in_file: Generated<number>; invalid_count: Generated<number>; conflict_count: Generated<number>;
  error: string | null; created_by: string | null; created_at: DefaultTimestamp; started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
}
export interface ImportIssuesTable {
  id: Id; workspace_id: number; import_id: number; kind: 'invalid' | 'conflict'; record: number; line: number;
  column_name: string | null; reason: string; raw: Json<string[]>; email_contact_id: number | null;
  phone_contact_id: number | null; resolved_at: NullableTimestamp; resolution: string | null;
  reason_code: string | null; reason_params: Json<Record<string, unknown>> | null;
}
export interface ImportMergesTable {
  workspace_id: number; import_id: number; line: number; into_line: number;
}
export interface ExportsTable {
  id: Id; workspace_id: number; kind: string; format: 'csv' | 'xlsx'; params: Json<Record<string, unknown>>;
  status: Generated<'queued' | 'running' | 'done' | 'failed'>; file_id: number | null; row_count: Generated<number>;
  error: string | null; created_by: string | null; created_at: DefaultTimestamp; finished_at: NullableTimestamp;
}
export interface JobsTable {
  id: Id; workspace_id: number | null; kind: string; payload: Json<Record<string, unknown>>; unique_key: string | null;
  status: Generated<'queued' | 'running' | 'done' | 'failed'>; run_at: DefaultTimestamp; attempts: Generated<number>;
  max_attempts: Generated<number>; locked_by: string | null; locked_until: NullableTimestamp; last_error: string | null;
  created_at: DefaultTimestamp; finished_at: NullableTimestamp;
}

// Campaigns, deliveries, events, templates (0005) and sending set-up (0006).
export type CampaignStatus = 'draft' | 'scheduled' | 'building' | 'sending' | 'paused' | 'done' | 'cancelled' | 'failed';
export type DeliveryStatus = 'queued' | 'claimed' | 'sending' | 'sent' | 'failed' | 'skipped' | 'unknown' | 'deferred' | 'cancelled';
export interface TemplatesTable {
  id: Id; workspace_id: number; channel: Generated<Channel>; name: string; format: Generated<'mjml' | 'html'>; source: Generated<string>;
  project: Json<unknown> | null; subject: Generated<string>; preheader: Generated<string>; text_override: string | null;
  dir: Generated<'ltr' | 'rtl'>; version: Generated<number>; created_at: DefaultTimestamp; updated_at: DefaultTimestamp; deleted_at: NullableTimestamp;
}
export interface TemplateVersionsTable {
  id: Id; workspace_id: number; template_id: number; version: number; name: string; format: string; source: string;
  project: Json<unknown> | null; subject: string; preheader: string; text_override: string | null; dir: string;
  created_by: string | null; created_at: DefaultTimestamp;
}
export interface CampaignsTable {
  id: Id; workspace_id: number; channel: Generated<Channel>; name: string; status: Generated<CampaignStatus>;
  kind: Generated<'regular' | 'resend' | 'non_openers'>; parent_campaign_id: number | null; template_id: number | null;
  content: Json<Record<string, unknown>>; frozen: Json<Record<string, unknown>> | null; settings: Json<Record<string, unknown>>;
  audience: Json<Record<string, unknown>>; scheduled_at: NullableTimestamp; timezone: string | null; pause_reason: string | null;
  error: string | null; audience_total: Generated<number>; skipped_total: Generated<number>; created_by: string | null;
  created_at: DefaultTimestamp; updated_at: DefaultTimestamp; started_at: NullableTimestamp; finished_at: NullableTimestamp;
  deleted_at: NullableTimestamp;
}
export interface DeliveriesTable {
  id: Id; workspace_id: number; campaign_id: number; contact_id: number; channel: string; address: string | null;
  status: Generated<DeliveryStatus>; reason: string | null; error_code: string | null; attempts: Generated<number>;
  next_attempt_at: DefaultTimestamp; lease_owner: string | null; lease_until: NullableTimestamp; route_id: number | null;
  provider_message_id: string | null; bounce_class: string | null; sent_at: NullableTimestamp; delivered_at: NullableTimestamp;
  opened_at: NullableTimestamp; clicked_at: NullableTimestamp; bounced_at: NullableTimestamp; complained_at: NullableTimestamp;
  unsubscribed_at: NullableTimestamp; finished_at: NullableTimestamp; created_at: DefaultTimestamp;
  /** First hand-over to a provider (0100): the retry period of temporary failures runs from here. */
  first_attempt_at: NullableTimestamp;
}
export interface EventsTable {
  id: Id; workspace_id: number; campaign_id: number | null; delivery_id: number | null; contact_id: number | null;
  channel: Generated<string>; type: string; at: DefaultTimestamp; data: Json<Record<string, unknown>>;
}
export interface SmtpServersTable {
  id: Id; workspace_id: number; name: string; host: string; port: Generated<number>; tls_mode: Generated<'none' | 'starttls' | 'tls'>;
  username: string | null; password_enc: string | null; max_connections: Generated<number>; messages_per_second: number | null;
  weight: Generated<number>; enabled: Generated<boolean>; created_at: DefaultTimestamp; updated_at: DefaultTimestamp;
}
export interface SendingDomainsTable {
  id: Id; workspace_id: number; domain: string; dkim_selector: string; dkim_private_key_enc: string; dkim_public_key: string;
  created_at: DefaultTimestamp;
}
export interface SenderIdentitiesTable {
  id: Id; workspace_id: number; from_name: string; from_address: string; reply_to: string | null; is_default: Generated<boolean>;
  created_at: DefaultTimestamp;
}
export interface EmailSettingsTable {
  workspace_id: number; bounce_domain: string | null; bounce_rule_count: Generated<number>; bounce_rule_days: Generated<number>;
  individual_tracking: Generated<boolean>; updated_at: DefaultTimestamp;
}
export interface RateBucketsTable {
  key: string; tokens: number; updated_at: DefaultTimestamp; factor: Generated<number>; slowed_until: NullableTimestamp;
  blocked_until: NullableTimestamp;
}

// WhatsApp channel (0007): numbers, templates, webhook inbox, status de-duplication, inbox, alerts.
export interface WaConnectionsTable {
  id: Id; workspace_id: number; name: Generated<string>; waba_id: string; phone_number_id: string; display_number: Generated<string>;
  verified_name: string | null; access_token_enc: string; token_hint: Generated<string>; app_secret_enc: string; verify_token: string;
  graph_base_url: Generated<string>; api_version: Generated<string>; sandbox: Generated<boolean>; messages_per_second: Generated<number>;
  tier: Generated<string>; quality_rating: Generated<string>; account_status: Generated<string>; halted_at: NullableTimestamp;
  halt_reason: string | null; clock_offset_ms: Generated<number>; last_tested_at: NullableTimestamp; last_test_ok: boolean | null;
  created_at: DefaultTimestamp; updated_at: DefaultTimestamp; deleted_at: NullableTimestamp;
  restrictions: Json<unknown[]>; pricing_tier: Json<Record<string, unknown>> | null;
}
export interface WaTemplatesTable {
  id: Id; workspace_id: number; connection_id: number; name: string; language: string; category: string;
  parameter_format: Generated<'positional' | 'named'>; components: Json<unknown[]>; status: Generated<string>;
  rejection_reason: string | null; rejection_detail: string | null; quality_rating: Generated<string>; meta_template_id: string | null;
  submitted_at: NullableTimestamp; status_changed_at: NullableTimestamp; created_at: DefaultTimestamp; updated_at: DefaultTimestamp;
  deleted_at: NullableTimestamp;
  previous_category: string | null; category_changed_at: NullableTimestamp; pending_category: string | null;
  pending_category_at: NullableTimestamp; previous_quality_rating: string | null;
}
export interface WaWebhookInboxTable {
  id: Id; received_at: DefaultTimestamp; connection_ids: number[]; body: string; processed_at: NullableTimestamp; error: string | null;
}
export interface WaStatusSeenTable { wamid: string; status: string; workspace_id: number; at: DefaultTimestamp }
export interface WaStatusPendingTable {
  wamid: string; status: string; workspace_id: number; connection_id: number; at: Timestamp; error_code: number | null;
  error_title: string | null; first_seen_at: DefaultTimestamp; details: Json<Record<string, unknown>> | null;
}
export interface WaConversationsTable {
  id: Id; workspace_id: number; connection_id: number; contact_id: number | null; wa_id: string; profile_name: Generated<string>;
  last_message_at: NullableTimestamp; last_message_preview: Generated<string>; last_inbound_at: NullableTimestamp;
  window_expires_at: NullableTimestamp; unread_count: Generated<number>; message_count: Generated<number>;
  assignee_user_id: number | null; labels: Generated<string[]>; created_at: DefaultTimestamp; updated_at: DefaultTimestamp;
  user_id: string | null; username: string | null;
}
export interface WaMessagesTable {
  id: Id; workspace_id: number; conversation_id: number; direction: 'in' | 'out'; wamid: string | null; type: string;
  text: Generated<string>; payload: Json<Record<string, unknown>>; status: string; error_code: number | null; error_title: string | null;
  template_id: number | null; sent_by_user_id: number | null; sent_by: string | null; automated: string | null;
  created_at: DefaultTimestamp; sent_at: NullableTimestamp; delivered_at: NullableTimestamp; read_at: NullableTimestamp;
  failed_at: NullableTimestamp;
  shown: Generated<boolean>; context_wamid: string | null; forwarded: string | null; reaction_emoji: string | null;
  reacted_at: NullableTimestamp; edited_at: NullableTimestamp; revoked_at: NullableTimestamp; media_status: string | null;
  media_file_id: number | null; media_error: string | null; played_at: NullableTimestamp;
}
// WhatsApp webhook fields (0035): the change log and Meta's per-message pricing/conversation/error details.
export interface WaWebhookChangesTable {
  id: Id; workspace_id: number; connection_id: number | null; inbox_id: number | null; field: string; event: string | null;
  outcome: string; detail: string | null; value: Json<unknown>; created_at: DefaultTimestamp;
}
export interface WaStatusDetailsTable {
  workspace_id: number; wamid: string; recipient_id: string | null; pricing_category: string | null; pricing_model: string | null;
  pricing_type: string | null; billable: boolean | null; conversation_id: string | null; conversation_origin: string | null;
  conversation_expires_at: NullableTimestamp; callback_data: string | null; error_code: number | null; error_title: string | null;
  error_details: string | null; failed_at: NullableTimestamp; played_at: NullableTimestamp; updated_at: DefaultTimestamp;
}
export interface WaAutoRepliesTable {
  id: Id; workspace_id: number; connection_id: number | null; keyword: string; match_mode: Generated<'exact' | 'contains'>;
  reply_text: string | null; template_id: number | null; template_variables: Json<string[]>; group_id: number | null;
  enabled: Generated<boolean>; created_at: DefaultTimestamp; updated_at: DefaultTimestamp;
}
export interface WaSettingsTable { workspace_id: number; history_cap: Generated<number>; opt_out_reply: Generated<string>; updated_at: DefaultTimestamp }
export interface WorkspaceAlertsTable {
  id: Id; workspace_id: number; kind: string; severity: Generated<'info' | 'warning' | 'critical'>; title: string; message: string;
  entity_type: string | null; entity_id: string | null; data: Json<Record<string, unknown>>; created_at: DefaultTimestamp;
  resolved_at: NullableTimestamp;
}

// WhatsApp campaigns (0008): tier usage per number, per-number admission lock, campaign policy and price list.
export interface WaTierUsageTable { connection_id: number; wa_id: string; last_at: Timestamp }
export interface WaSendLimitsTable { connection_id: number; admitted_total: Generated<number>; deferred_total: Generated<number>; updated_at: DefaultTimestamp }
export interface WaCampaignSettingsTable {
  workspace_id: number; utility_requires_opt_in: Generated<boolean>; currency: Generated<string>; rates: Json<Record<string, number>>; updated_at: DefaultTimestamp;
}

// Tracking, bounce intake, reports (0009).
export interface CampaignLinksTable { workspace_id: number; campaign_id: number; link_index: number; url: string; clicks: Generated<number> }
export interface TrackingSettingsTable {
  workspace_id: number; scanner_click_seconds: Generated<number>; machine_open_seconds: Generated<number>; exclude_machine: Generated<boolean>;
  updated_at: DefaultTimestamp;
}
export interface EmailWebhookEndpointsTable {
  id: Id; workspace_id: number; provider: string; endpoint_key: string; config_enc: string; created_at: DefaultTimestamp; updated_at: DefaultTimestamp;
}
export interface ProviderEventsSeenTable { provider: string; event_id: string; at: DefaultTimestamp }
export interface FoundationTables {
  instance_settings: InstanceSettingsTable;
  workspaces: WorkspacesTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  password_resets: PasswordResetsTable;
  api_keys: ApiKeysTable;
  audit_log: AuditLogTable;
  user_preferences: UserPreferencesTable;
  field_definitions: FieldDefinitionsTable;
  contacts: ContactsTable;
  consents: ConsentsTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  segments: SegmentsTable;
  suppressions: SuppressionsTable;
  blocked_domains: BlockedDomainsTable;
  files: FilesTable;
  file_chunks: FileChunksTable;
  imports: ImportsTable;
  import_issues: ImportIssuesTable;
  import_merges: ImportMergesTable;
  exports: ExportsTable;
  jobs: JobsTable;
  templates: TemplatesTable;
  template_versions: TemplateVersionsTable;
  campaigns: CampaignsTable;
  deliveries: DeliveriesTable;
  events: EventsTable;
  smtp_servers: SmtpServersTable;
  sending_domains: SendingDomainsTable;
  sender_identities: SenderIdentitiesTable;
  email_settings: EmailSettingsTable;
  rate_buckets: RateBucketsTable;
  wa_connections: WaConnectionsTable;
  wa_templates: WaTemplatesTable;
  wa_webhook_inbox: WaWebhookInboxTable;
  wa_status_seen: WaStatusSeenTable;
  wa_status_pending: WaStatusPendingTable;
  wa_conversations: WaConversationsTable;
  wa_messages: WaMessagesTable;
  wa_webhook_changes: WaWebhookChangesTable;
  wa_status_details: WaStatusDetailsTable;
  wa_auto_replies: WaAutoRepliesTable;
  wa_settings: WaSettingsTable;
  workspace_alerts: WorkspaceAlertsTable;
  wa_tier_usage: WaTierUsageTable;
  wa_send_limits: WaSendLimitsTable;
  wa_campaign_settings: WaCampaignSettingsTable;
  campaign_links: CampaignLinksTable;
  tracking_settings: TrackingSettingsTable;
  email_webhook_endpoints: EmailWebhookEndpointsTable;
  provider_events_seen: ProviderEventsSeenTable;
  // seca (issue 10): invitations and login throttling
  invitations: InvitationsTable;
  login_throttle: LoginThrottleTable;
  // Developer platform (api, 0060–0069): transactional messages, idempotency, webhooks, alerts, rate limits.
  outbound_messages: OutboundMessagesTable;
  api_idempotency: ApiIdempotencyTable;
}

// Developer platform (api, 0060–0069). deliveries also gained message_id and priority (raw SQL in domains/messages).
export interface OutboundMessagesTable {
  id: Id; workspace_id: number; channel: Channel; kind: Generated<'transactional' | 'marketing'>;
  priority: Generated<'low' | 'normal' | 'high' | 'urgent'>; contact_id: number | null; address: string | null;
  content: Json<Record<string, unknown>>; metadata: Json<Record<string, unknown>>; send_at: NullableTimestamp;
  source: Generated<string>; source_ref: string | null; actor: Generated<string>; created_at: DefaultTimestamp;
}
export interface ApiIdempotencyTable {
  workspace_id: number; key: string; request_hash: string; state: Generated<'in_flight' | 'done'>;
  response_status: number | null; response: Json<unknown> | null; created_at: DefaultTimestamp;
}

/** The whole database as Kysely sees it. */
export type Database = FoundationTables & FormsTables & WebhooksTables;
