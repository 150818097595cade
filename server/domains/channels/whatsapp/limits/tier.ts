/**
 * The messaging-limit tier: at most N unique recipients of business-initiated templates per rolling 24 hours
 * (reference §5.1). A recipient counts when a template reaches them while their customer-service window is closed;
 * messaging someone already counted in the window is free, and so is anyone whose window is open (they wrote in
 * the last 24 h). Admission is serialised per number by locking its wa_send_limits row, so any number of worker
 * processes together never admit more than the tier. Times are on the number's clock (limits/clock.ts).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../../db/schema.js';

type Db = Kysely<Database>;

export const WINDOW_MS = 24 * 3600_000;
/** Safety margin: a recipient leaves our window a minute after Meta's, so clock skew can't push us over. */
export const WINDOW_MARGIN_MS = 60_000;

/** Unique-recipient limit of a tier value ('250' … 'unlimited' → null). */
export function tierLimit(tier: string | null | undefined): number | null {
  if (!tier || tier === 'unlimited') return null;
  const n = Number(tier);
  return Number.isFinite(n) && n > 0 ? n : 250;
}

export interface Admission {
  /** wa_ids that may be sent now (already counted, window open, or newly admitted). */
  admitted: Set<string>;
  /** wa_ids that must wait; `retryAtMs` (number clock) is when the oldest counted recipient leaves the window. */
  deferred: Set<string>;
  retryAtMs: number | null;
  /** Recipients counted in the window after this admission. */
  used: number;
}

const cutoffOf = (nowMs: number) => new Date(nowMs - WINDOW_MS - WINDOW_MARGIN_MS);

/**
 * Decides which of `waIds` may be sent now under `limit` (null = unlimited: everyone, nothing recorded) and
 * records the newly counted ones, in one transaction holding the number's lock row.
 */
export async function admitRecipients(db: Db, connectionId: number, limit: number | null, waIds: string[], nowMs: number): Promise<Admission> {
  const unique = [...new Set(waIds)];
  if (limit === null || !unique.length) return { admitted: new Set(unique), deferred: new Set(), retryAtMs: null, used: 0 };
  const now = new Date(nowMs);
  const cutoff = cutoffOf(nowMs);
  return db.transaction().execute(async (trx) => {
    await sql`insert into wa_send_limits (connection_id) values (${connectionId}) on conflict do nothing`.execute(trx);
    await sql`select connection_id from wa_send_limits where connection_id = ${connectionId} for update`.execute(trx);
    const counted = await sql<{ wa_id: string }>`select wa_id from wa_tier_usage
      where connection_id = ${connectionId} and wa_id = any(${unique}::text[]) and last_at > ${cutoff}`.execute(trx);
    const open = await sql<{ wa_id: string }>`select wa_id from wa_conversations
      where connection_id = ${connectionId} and wa_id = any(${unique}::text[]) and window_expires_at > ${now}`.execute(trx);
    const openSet = new Set(open.rows.map((r) => r.wa_id));
    const free = new Set([...counted.rows.map((r) => r.wa_id), ...open.rows.map((r) => r.wa_id)]);
    const used0 = Number((await sql<{ n: string }>`select count(*) as n from wa_tier_usage where connection_id = ${connectionId} and last_at > ${cutoff}`.execute(trx)).rows[0].n);
    let room = Math.max(0, limit - used0);
    const admitted = new Set<string>();
    const deferred = new Set<string>();
    const record: string[] = [];
    let added = 0;
    for (const w of unique) {
      if (free.has(w)) {
        admitted.add(w);
        if (!openSet.has(w)) record.push(w); // refresh: their 24 h restart with this send
      } else if (room > 0) {
        room--;
        added++;
        admitted.add(w);
        record.push(w);
      } else deferred.add(w);
    }
    if (record.length) {
      await sql`insert into wa_tier_usage (connection_id, wa_id, last_at)
        select ${connectionId}, unnest(${record}::text[]), ${now}
        on conflict (connection_id, wa_id) do update set last_at = greatest(wa_tier_usage.last_at, excluded.last_at)`.execute(trx);
    }
    let retryAtMs: number | null = null;
    if (deferred.size) {
      const oldest = await sql<{ at: Date }>`select min(last_at) as at from wa_tier_usage where connection_id = ${connectionId} and last_at > ${cutoff}`.execute(trx);
      const at = oldest.rows[0]?.at;
      retryAtMs = at ? new Date(at).getTime() + WINDOW_MS + WINDOW_MARGIN_MS + 1000 : nowMs + 60_000;
    }
    await sql`update wa_send_limits set admitted_total = admitted_total + ${admitted.size}, deferred_total = deferred_total + ${deferred.size},
      updated_at = now() where connection_id = ${connectionId}`.execute(trx);
    return { admitted, deferred, retryAtMs, used: used0 + added };
  });
}

/** Recipients counted against the tier in the window ending at `nowMs` (for the dashboard). */
export async function tierUsage(db: Db, connectionId: number, nowMs: number): Promise<number> {
  const r = await sql<{ n: string }>`select count(*) as n from wa_tier_usage where connection_id = ${connectionId} and last_at > ${cutoffOf(nowMs)}`.execute(db);
  return Number(r.rows[0].n);
}

/**
 * Makes deliveries waiting for the messaging limit of a number due now (after a tier upgrade or an edit): they are
 * re-admitted at once instead of at their planned recheck.
 */
export async function wakeLimitDeferred(db: Db, connectionId: number): Promise<number> {
  const r = await sql`update deliveries d set next_attempt_at = now()
    from campaigns c
    where d.campaign_id = c.id and c.channel = 'whatsapp' and (c.settings->>'connectionId')::bigint = ${connectionId}
      and d.status = 'deferred' and d.reason = 'messaging_limit' and d.next_attempt_at > now()`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
