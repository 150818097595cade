/**
 * Applies WhatsApp message statuses (sent / delivered / read / failed) to campaign deliveries and inbox
 * messages, set-based, idempotently and order-tolerantly:
 *
 *  - idempotent: a (wamid, status) pair is applied once — `wa_status_seen` has it as primary key, so replays
 *    and Meta's at-least-once duplicates are dropped before anything is counted or an event is written;
 *  - order-tolerant: timestamps only ever fill in (`coalesce`), so a late `delivered` never downgrades `read`;
 *    `read` implies `delivered` (Meta may send read without delivered);
 *  - failed is terminal unless a delivered/read for the same message proves otherwise (then the delivery goes
 *    back to `sent` with its error cleared; the `failed` event stays in the log). A `failed` arriving after
 *    delivered/read is recorded as an event but does not change the delivery;
 *  - a status whose wamid is not known yet (the sender has not stored the provider id yet — statuses can beat
 *    the sender's own bookkeeping) is parked in `wa_status_pending` and retried for an hour.
 *
 * Deliveries keep WhatsApp "read" in `opened_at` (the channel-agnostic "opened" column) and failures in
 * error_code (Meta's code) + reason (Meta's title).
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../../db/schema.js';

/** One status from a webhook, already attributed to a verified connection. */
export interface WhatsappStatusInput {
  workspaceId: number;
  connectionId: number;
  wamid: string;
  status: 'sent' | 'delivered' | 'read' | 'failed' | string;
  at: Date;
  errorCode?: number | null;
  errorTitle?: string | null;
  /** What else Meta said: pricing, conversation, callback data, error details (stored in wa_status_details). */
  details?: StatusDetails;
}

/** The pricing / conversation / error objects of a status. */
export interface StatusDetails {
  recipientId?: string | null;
  pricingCategory?: string | null;
  pricingModel?: string | null;
  pricingType?: string | null;
  billable?: boolean | null;
  conversationId?: string | null;
  conversationOrigin?: string | null;
  conversationExpiresAt?: Date | null;
  callbackData?: string | null;
  errorDetails?: string | null;
}

/** A new failure applied to a campaign delivery (for the campaign adapter's error mapping). */
export interface DeliveryFailure {
  workspaceId: number;
  campaignId: number;
  deliveryId: number;
  contactId: number;
  code: number | null;
  title: string | null;
}

/** Called inside the same transaction with the failures just applied (registered by the campaign adapter). */
export type FailureHook = (trx: Kysely<Database>, failures: DeliveryFailure[]) => Promise<void>;
const failureHooks: FailureHook[] = [];

/** Lets the campaign adapter react to asynchronous failures (e.g. 131026 → unreachable, 131050 → opt-out). */
export function onWhatsappDeliveryFailures(hook: FailureHook): void {
  failureHooks.push(hook);
}

export interface ApplyResult {
  /** Statuses applied now (new (wamid, status) pairs that matched a delivery or an inbox message). */
  applied: number;
  duplicates: number;
  /** Parked because no delivery/message carries the wamid yet. */
  pending: number;
  deliveriesUpdated: number;
  messagesUpdated: number;
}

const CHUNK = 1000;
const KNOWN = new Set(['sent', 'delivered', 'read', 'failed', 'played']);

function values(rows: RawBuilder<unknown>[]) {
  return sql.join(rows, sql`, `);
}

/**
 * Applies a batch of statuses. Run inside a transaction (the webhook processor does). Chunked so that no
 * statement carries more than ~1,000 rows.
 */
export async function applyWhatsappStatuses(db: Kysely<Database>, statuses: WhatsappStatusInput[]): Promise<ApplyResult> {
  const total: ApplyResult = { applied: 0, duplicates: 0, pending: 0, deliveriesUpdated: 0, messagesUpdated: 0 };
  // Same (wamid, status) twice in one batch counts once.
  const unique = new Map<string, WhatsappStatusInput>();
  for (const s of statuses) {
    if (!KNOWN.has(s.status) || !s.wamid) continue;
    const k = `${s.wamid}\u0000${s.status}`;
    if (!unique.has(k)) unique.set(k, s);
    else total.duplicates++;
  }
  const list = [...unique.values()];
  for (let i = 0; i < list.length; i += CHUNK) {
    const r = await applyChunk(db, list.slice(i, i + CHUNK));
    total.applied += r.applied;
    total.duplicates += r.duplicates;
    total.pending += r.pending;
    total.deliveriesUpdated += r.deliveriesUpdated;
    total.messagesUpdated += r.messagesUpdated;
  }
  return total;
}

async function applyChunk(db: Kysely<Database>, list: WhatsappStatusInput[]): Promise<ApplyResult> {
  const v = list.map(
    (s) =>
      sql`(${s.workspaceId}::bigint, ${s.connectionId}::bigint, ${s.wamid}::text, ${s.status}::text, ${s.at.toISOString()}::timestamptz, ${s.errorCode ?? null}::int, ${s.errorTitle ?? null}::text)`,
  );
  // Which of them name a message we know (a campaign delivery or an inbox message)?
  const known = await sql<{ wamid: string }>`
    select distinct v.wamid from (values ${values(v)}) v(ws, conn, wamid, status, at, code, title)
    where exists (select 1 from deliveries d where d.provider_message_id = v.wamid and d.workspace_id = v.ws)
       or exists (select 1 from wa_messages m where m.wamid = v.wamid and m.workspace_id = v.ws)`.execute(db);
  const knownSet = new Set(known.rows.map((r) => r.wamid));
  const unknown = list.filter((s) => !knownSet.has(s.wamid));
  if (unknown.length) {
    await sql`insert into wa_status_pending (workspace_id, connection_id, wamid, status, at, error_code, error_title, details)
      select * from (values ${values(unknown.map((s) => sql`(${s.workspaceId}::bigint, ${s.connectionId}::bigint, ${s.wamid}::text, ${s.status}::text, ${s.at.toISOString()}::timestamptz, ${s.errorCode ?? null}::int, ${s.errorTitle ?? null}::text, ${s.details ? JSON.stringify(s.details) : null}::jsonb)`))}) v
      on conflict do nothing`.execute(db);
  }
  const matched = list.filter((s) => knownSet.has(s.wamid));
  const result: ApplyResult = { applied: 0, duplicates: 0, pending: unknown.length, deliveriesUpdated: 0, messagesUpdated: 0 };
  if (!matched.length) return result;

  // Claim each (wamid, status) once, forever: the rows that come back are the fresh ones.
  const fresh = await sql<{ wamid: string; status: string }>`
    insert into wa_status_seen (workspace_id, wamid, status, at)
    select ws, wamid, status, at from (values ${values(matched.map((s) => sql`(${s.workspaceId}::bigint, ${s.wamid}::text, ${s.status}::text, ${s.at.toISOString()}::timestamptz)`))}) v(ws, wamid, status, at)
    on conflict do nothing
    returning wamid, status`.execute(db);
  const freshKeys = new Set(fresh.rows.map((r) => `${r.wamid}\u0000${r.status}`));
  const todo = matched.filter((s) => freshKeys.has(`${s.wamid}\u0000${s.status}`));
  result.duplicates = matched.length - todo.length;
  result.applied = todo.length;
  if (!todo.length) return result;
  await storeStatusDetails(db, todo);

  // One row per message with whatever this batch says about it.
  const agg = new Map<string, { ws: number; wamid: string; sent: Date | null; delivered: Date | null; read: Date | null; failed: Date | null; code: number | null; title: string | null }>();
  for (const s of todo) {
    const k = `${s.workspaceId}:${s.wamid}`;
    const a = agg.get(k) ?? { ws: s.workspaceId, wamid: s.wamid, sent: null, delivered: null, read: null, failed: null, code: null, title: null };
    if (s.status === 'sent') a.sent = s.at;
    if (s.status === 'delivered') a.delivered = s.at;
    if (s.status === 'read') a.read = s.at;
    if (s.status === 'failed') Object.assign(a, { failed: s.at, code: s.errorCode ?? null, title: s.errorTitle ?? null });
    if (s.status === 'played') a.read = a.read ?? s.at; // a played voice note was listened to: it was read
    agg.set(k, a);
  }
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  const av = values(
    [...agg.values()].map(
      (a) => sql`(${a.ws}::bigint, ${a.wamid}::text, ${iso(a.sent)}::timestamptz, ${iso(a.delivered)}::timestamptz, ${iso(a.read)}::timestamptz, ${iso(a.failed)}::timestamptz, ${a.code}::int, ${a.title}::text)`,
    ),
  );
  const proven = sql`(v.delivered_at is not null or v.read_at is not null)`;
  const becomesFailed = sql`(v.failed_at is not null and d.delivered_at is null and d.opened_at is null and not ${proven} and d.status in ('sent','sending','unknown','claimed'))`;
  const upd = await sql`
    update deliveries d set
      status = case
        when ${becomesFailed} then 'failed'
        when ${proven} and d.status in ('failed','sending','unknown','claimed') then 'sent'
        when v.sent_at is not null and d.status in ('sending','unknown','claimed') then 'sent'
        else d.status end,
      error_code = case when ${becomesFailed} then v.error_code::text when ${proven} and d.status = 'failed' then null else d.error_code end,
      reason = case when ${becomesFailed} then v.error_title when ${proven} and d.status = 'failed' then null else d.reason end,
      sent_at = coalesce(d.sent_at, v.sent_at, v.delivered_at, v.read_at),
      delivered_at = coalesce(d.delivered_at, v.delivered_at, v.read_at),
      opened_at = coalesce(d.opened_at, v.read_at),
      finished_at = coalesce(d.finished_at, v.failed_at, v.sent_at, v.delivered_at, v.read_at)
    from (values ${av}) v(ws, wamid, sent_at, delivered_at, read_at, failed_at, error_code, error_title)
    where d.provider_message_id = v.wamid and d.workspace_id = v.ws`.execute(db);
  result.deliveriesUpdated = Number(upd.numAffectedRows ?? 0);

  const msg = await sql`
    update wa_messages m set
      sent_at = coalesce(m.sent_at, v.sent_at, v.delivered_at, v.read_at),
      delivered_at = coalesce(m.delivered_at, v.delivered_at, v.read_at),
      read_at = coalesce(m.read_at, v.read_at),
      failed_at = coalesce(m.failed_at, v.failed_at),
      error_code = coalesce(v.error_code, m.error_code),
      error_title = coalesce(v.error_title, m.error_title),
      status = case
        when m.read_at is not null or v.read_at is not null then 'read'
        when m.delivered_at is not null or v.delivered_at is not null then 'delivered'
        when v.failed_at is not null or m.status = 'failed' then 'failed'
        when m.sent_at is not null or v.sent_at is not null then 'sent'
        else m.status end
    from (values ${av}) v(ws, wamid, sent_at, delivered_at, read_at, failed_at, error_code, error_title)
    where m.wamid = v.wamid and m.workspace_id = v.ws and m.direction = 'out'`.execute(db);
  result.messagesUpdated = Number(msg.numAffectedRows ?? 0);

  // The event log: one row per fresh status that belongs to a campaign delivery.
  const ev = await sql<{ workspace_id: number; campaign_id: number; delivery_id: number; contact_id: number; type: string; code: number | null; title: string | null }>`
    insert into events (workspace_id, campaign_id, delivery_id, contact_id, channel, type, at, data)
    select d.workspace_id, d.campaign_id, d.id, d.contact_id, 'whatsapp', v.status, v.at,
           jsonb_strip_nulls(jsonb_build_object('wamid', v.wamid, 'code', v.code, 'title', v.title))
    from (values ${values(todo.map((s) => sql`(${s.workspaceId}::bigint, ${s.wamid}::text, ${s.status}::text, ${s.at.toISOString()}::timestamptz, ${s.errorCode ?? null}::int, ${s.errorTitle ?? null}::text)`))}) v(ws, wamid, status, at, code, title)
    join deliveries d on d.provider_message_id = v.wamid and d.workspace_id = v.ws
    returning workspace_id, campaign_id, delivery_id, contact_id, type, (data->>'code')::int as code, data->>'title' as title`.execute(db);
  const failures = ev.rows
    .filter((r) => r.type === 'failed')
    .map((r) => ({ workspaceId: r.workspace_id, campaignId: r.campaign_id, deliveryId: r.delivery_id, contactId: r.contact_id, code: r.code, title: r.title }));
  if (failures.length) for (const hook of failureHooks) await hook(db, failures);
  return result;
}

/**
 * Retries parked statuses whose wamid has become known, and forgets ones older than an hour (messages not
 * sent by Clarion, or whose send was never recorded). Returns how many were applied.
 */
export async function retryPendingStatuses(db: Kysely<Database>): Promise<number> {
  await sql`delete from wa_status_pending where first_seen_at < now() - interval '1 hour'`.execute(db);
  const ready = await sql<{ workspace_id: number; connection_id: number; wamid: string; status: string; at: Date; error_code: number | null; error_title: string | null; details: (StatusDetails & { conversationExpiresAt?: string | null }) | null }>`
    delete from wa_status_pending p
    where exists (select 1 from deliveries d where d.provider_message_id = p.wamid and d.workspace_id = p.workspace_id)
       or exists (select 1 from wa_messages m where m.wamid = p.wamid and m.workspace_id = p.workspace_id)
    returning workspace_id, connection_id, wamid, status, at, error_code, error_title, details`.execute(db);
  if (!ready.rows.length) return 0;
  const r = await applyWhatsappStatuses(
    db,
    ready.rows.map((p) => ({ workspaceId: p.workspace_id, connectionId: p.connection_id, wamid: p.wamid, status: p.status, at: new Date(p.at), errorCode: p.error_code, errorTitle: p.error_title,
      details: p.details ? { ...p.details, conversationExpiresAt: p.details.conversationExpiresAt ? new Date(p.details.conversationExpiresAt) : null } : undefined })),
  );
  return r.applied;
}

/**
 * Stores what each fresh status said beyond its name (set-based upsert; later statuses fill in, never erase):
 * the pricing object of a delivered message is what the cost report charges, the error of a failed one is kept
 * even when a delivered/read for the same message says it arrived after all.
 */
async function storeStatusDetails(db: Kysely<Database>, todo: WhatsappStatusInput[]): Promise<void> {
  const byKey = new Map<string, { ws: number; wamid: string; d: StatusDetails; failedAt: Date | null; playedAt: Date | null; code: number | null; title: string | null }>();
  for (const s of todo) {
    const k = `${s.workspaceId}:${s.wamid}`;
    const cur = byKey.get(k) ?? { ws: s.workspaceId, wamid: s.wamid, d: {}, failedAt: null, playedAt: null, code: null, title: null };
    for (const [key, val] of Object.entries(s.details ?? {})) if (val !== null && val !== undefined) (cur.d as Record<string, unknown>)[key] = val;
    if (s.status === 'failed') Object.assign(cur, { failedAt: s.at, code: s.errorCode ?? null, title: s.errorTitle ?? null });
    if (s.status === 'played') cur.playedAt = s.at;
    byKey.set(k, cur);
  }
  const rows = [...byKey.values()];
  const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
  await sql`insert into wa_status_details as t (workspace_id, wamid, recipient_id, pricing_category, pricing_model, pricing_type, billable,
      conversation_id, conversation_origin, conversation_expires_at, callback_data, error_code, error_title, error_details, failed_at, played_at)
    select * from (values ${values(
      rows.map(
        (r) => sql`(${r.ws}::bigint, ${r.wamid}::text, ${r.d.recipientId ?? null}::text, ${r.d.pricingCategory ?? null}::text, ${r.d.pricingModel ?? null}::text,
          ${r.d.pricingType ?? null}::text, ${r.d.billable ?? null}::boolean, ${r.d.conversationId ?? null}::text, ${r.d.conversationOrigin ?? null}::text,
          ${iso(r.d.conversationExpiresAt)}::timestamptz, ${r.d.callbackData ?? null}::text, ${r.code}::int, ${r.title}::text,
          ${r.failedAt ? (r.d.errorDetails ?? null) : null}::text, ${iso(r.failedAt)}::timestamptz, ${iso(r.playedAt)}::timestamptz)`,
      ),
    )}) v
    on conflict (workspace_id, wamid) do update set
      recipient_id = coalesce(excluded.recipient_id, t.recipient_id),
      pricing_category = coalesce(excluded.pricing_category, t.pricing_category),
      pricing_model = coalesce(excluded.pricing_model, t.pricing_model),
      pricing_type = coalesce(excluded.pricing_type, t.pricing_type),
      billable = coalesce(excluded.billable, t.billable),
      conversation_id = coalesce(excluded.conversation_id, t.conversation_id),
      conversation_origin = coalesce(excluded.conversation_origin, t.conversation_origin),
      conversation_expires_at = coalesce(excluded.conversation_expires_at, t.conversation_expires_at),
      callback_data = coalesce(excluded.callback_data, t.callback_data),
      error_code = coalesce(excluded.error_code, t.error_code),
      error_title = coalesce(excluded.error_title, t.error_title),
      error_details = coalesce(excluded.error_details, t.error_details),
      failed_at = coalesce(t.failed_at, excluded.failed_at),
      played_at = coalesce(t.played_at, excluded.played_at),
      updated_at = now()`.execute(db);
}
