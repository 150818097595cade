/**
 * The webhook processor: claims unprocessed `wa_webhook_inbox` rows in batches (FOR UPDATE SKIP LOCKED, so
 * any number of workers share the work), attributes every change to a connection whose app secret verified
 * the POST (a webhook signed for workspace B can never touch workspace A), and applies statuses set-based,
 * inbound messages, and WABA-level events — all in one transaction with marking the rows processed. A batch
 * that fails is retried row by row so one bad payload cannot block the others (it is marked with its error).
 */
import { sql, type Kysely } from 'kysely';
import type { AppContext } from '../../../app/context.js';
import type { Database } from '../../../db/schema.js';
import { handleInbound, type InboundItem } from '../inbox/inbound.js';
import { flushQueuedOutbound } from '../inbox/outbound.js';
import { applyWhatsappStatuses, retryPendingStatuses, type WhatsappStatusInput } from './statuses.js';
import { applyWabaChange, type WabaConn } from './waba-events.js';

interface InboxRow {
  id: number;
  connection_ids: number[];
  body: string;
}

interface Conn extends WabaConn {
  phone_number_id: string;
}

type Entry = { id?: unknown; changes?: { field?: string; value?: Record<string, unknown> }[] };

/** Parses rows into work, keeping only what a verifying connection may touch. */
function collect(rows: InboxRow[], conns: Map<number, Conn>) {
  const statuses: WhatsappStatusInput[] = [];
  const inbound: InboundItem[] = [];
  const waba: { field: string; value: Record<string, unknown>; conns: Conn[] }[] = [];
  for (const row of rows) {
    let body: { entry?: Entry[] };
    try {
      body = JSON.parse(row.body) as { entry?: Entry[] };
    } catch {
      continue;
    }
    const allowed = row.connection_ids.map((id) => conns.get(Number(id))).filter((c): c is Conn => !!c);
    for (const entry of body.entry ?? []) {
      for (const change of entry.changes ?? []) {
        const value = change.value ?? {};
        if (change.field === 'messages') {
          const phoneId = String((value.metadata as { phone_number_id?: unknown } | undefined)?.phone_number_id ?? '');
          const conn = allowed.find((c) => c.phone_number_id === phoneId);
          if (!conn) continue;
          for (const s of (value.statuses ?? []) as Record<string, unknown>[]) {
            const err = ((s.errors ?? []) as { code?: number; title?: string; message?: string }[])[0];
            statuses.push({
              workspaceId: conn.workspace_id,
              connectionId: conn.id,
              wamid: String(s.id ?? ''),
              status: String(s.status ?? ''),
              at: new Date(Number(s.timestamp) * 1000 || Date.now()),
              errorCode: err?.code ?? null,
              errorTitle: err ? String(err.title ?? err.message ?? '') : null,
            });
          }
          const profiles = new Map<string, string>();
          for (const c of (value.contacts ?? []) as { wa_id?: string; profile?: { name?: string } }[]) if (c.wa_id) profiles.set(c.wa_id, c.profile?.name ?? '');
          for (const m of (value.messages ?? []) as Record<string, unknown>[]) {
            const from = typeof m.from === 'string' ? m.from : null;
            if (!from) continue; // username-only senders (BSUID) are not supported yet
            inbound.push({ workspaceId: conn.workspace_id, connectionId: conn.id, waId: from, profileName: profiles.get(from) ?? null, message: m });
          }
        } else if (change.field) {
          const wabaId = String(entry.id ?? '');
          waba.push({ field: change.field, value, conns: allowed.filter((c) => c.waba_id === wabaId) });
        }
      }
    }
  }
  return { statuses, inbound, waba };
}

async function processRows(trx: Kysely<Database>, rows: InboxRow[]): Promise<boolean> {
  const ids = [...new Set(rows.flatMap((r) => r.connection_ids.map(Number)))];
  const connRows = ids.length
    ? await trx.selectFrom('wa_connections').select(['id', 'workspace_id', 'waba_id', 'phone_number_id', 'display_number']).where('id', 'in', ids).where('deleted_at', 'is', null).execute()
    : [];
  const conns = new Map(connRows.map((c) => [c.id, c]));
  const work = collect(rows, conns);
  let queued = false;
  // Inbound first: a reply's status may be in the same batch as the message that caused it.
  for (const item of work.inbound) queued = (await handleInbound(trx, item)) || queued;
  if (work.statuses.length) await applyWhatsappStatuses(trx, work.statuses);
  for (const w of work.waba) await applyWabaChange(trx, w.field, w.value, w.conns);
  await trx.updateTable('wa_webhook_inbox').set({ processed_at: new Date() }).where('id', 'in', rows.map((r) => r.id)).execute();
  return queued;
}

async function claim(trx: Kysely<Database>, limit: number, onlyId?: number) {
  const r = await sql<InboxRow>`
    select id, connection_ids, body from wa_webhook_inbox
    where processed_at is null ${onlyId ? sql`and id = ${onlyId}` : sql``}
    order by id limit ${limit} for update skip locked`.execute(trx);
  return r.rows;
}

/** Processes up to `limit` stored webhooks. Returns how many rows were handled. */
export async function processWebhookInbox(ctx: AppContext, limit = 200): Promise<number> {
  let handled = 0;
  let queued = false;
  let failedIds: number[] = [];
  try {
    await ctx.db.transaction().execute(async (trx) => {
      const rows = await claim(trx, limit);
      handled = rows.length;
      if (rows.length) queued = await processRows(trx, rows);
    });
  } catch (err) {
    ctx.log.warn('whatsapp webhook batch failed; retrying row by row', { err: (err as Error).message });
    const r = await sql<{ id: number }>`select id from wa_webhook_inbox where processed_at is null order by id limit ${limit}`.execute(ctx.db);
    failedIds = r.rows.map((x) => x.id);
    handled = 0;
  }
  for (const id of failedIds) {
    try {
      await ctx.db.transaction().execute(async (trx) => {
        const rows = await claim(trx, 1, id);
        if (rows.length) queued = (await processRows(trx, rows)) || queued;
      });
    } catch (err) {
      await ctx.db.updateTable('wa_webhook_inbox').set({ processed_at: new Date(), error: String((err as Error).message).slice(0, 1000) }).where('id', '=', id).execute();
      ctx.log.warn('whatsapp webhook could not be processed', { inboxId: id, err: (err as Error).message });
    }
    handled++;
  }
  if (queued) await flushQueuedOutbound(ctx);
  return handled;
}

/** Runs every part of webhook handling that is due: inbox rows, parked statuses, queued replies. */
export async function processWhatsappOnce(ctx: AppContext): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await processWebhookInbox(ctx);
    total += n;
    if (n === 0) break;
  }
  await ctx.db.transaction().execute((trx) => retryPendingStatuses(trx));
  await flushQueuedOutbound(ctx);
  return total;
}
