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
import { handleEcho, handleInbound } from '../inbox/inbound.js';
import { downloadPendingMedia } from '../inbox/media-download.js';
import { flushQueuedOutbound } from '../inbox/outbound.js';
import { collect, type InboxRow, type LogWork } from './collect.js';
import { applyPreferences } from './preferences.js';
import { applyWhatsappStatuses, retryPendingStatuses } from './statuses.js';
import { applyWabaChange } from './waba-events.js';

async function writeLog(trx: Kysely<Database>, log: LogWork[]) {
  if (!log.length) return;
  await trx
    .insertInto('wa_webhook_changes')
    .values(log.map((l) => ({ workspace_id: l.workspaceId, connection_id: l.connectionId, inbox_id: l.inboxId, field: l.field, event: l.event, outcome: l.outcome, detail: l.detail?.slice(0, 1000) ?? null, value: JSON.stringify(l.value ?? {}) })))
    .execute();
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
  for (const e of work.echoes) await handleEcho(trx, e);
  if (work.statuses.length) await applyWhatsappStatuses(trx, work.statuses);
  if (work.preferences.length) await applyPreferences(trx, work.preferences);
  for (const w of work.waba) {
    const r = await applyWabaChange(trx, w.field, w.value, w.conns, w.time);
    const seen = new Set<number>();
    for (const c of w.conns) {
      if (seen.has(c.workspace_id)) continue;
      seen.add(c.workspace_id);
      work.log.push({ workspaceId: c.workspace_id, connectionId: c.id, inboxId: w.inboxId, field: w.field, event: r.event, outcome: r.outcome, detail: r.detail, value: w.value });
    }
  }
  await writeLog(trx, work.log);
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
  if (handled) await downloadPendingMedia(ctx);
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
  await downloadPendingMedia(ctx);
  return total;
}
