/** Daily counters per form, page and pop-up: views, unique visitors, submissions, confirmations, rejected spam. */
import { sql, type Kysely } from 'kysely';
import { createHash } from 'node:crypto';
import type { Database } from '../../db/schema.js';

type Db = Kysely<Database>;
export type AssetKind = 'form' | 'page' | 'popup';
type Counter = 'views' | 'submissions' | 'confirmations' | 'rejected';

const today = (now = new Date()) => now.toISOString().slice(0, 10);
const dayKey = (d: unknown) => (d instanceof Date ? d.toISOString() : String(d)).slice(0, 10);

export async function bump(db: Db, ws: number, kind: AssetKind, assetId: number, counter: Counter, by = 1, now = new Date()) {
  await db
    .insertInto('asset_stats_daily')
    .values({ workspace_id: ws, kind, asset_id: assetId, day: today(now), [counter]: by })
    .onConflict((oc) => oc.columns(['kind', 'asset_id', 'day']).doUpdateSet({ [counter]: sql`asset_stats_daily.${sql.ref(counter)} + ${by}` }))
    .execute();
}

/**
 * Counts a view, and a unique visitor when this (IP, user agent) has not been seen on the asset today. The visitor
 * is a hash salted with the day and the instance key, so no cookie is set and the raw IP is not stored.
 */
export async function recordView(db: Db, key: Buffer, ws: number, kind: AssetKind, assetId: number, ip: string, ua: string, now = new Date()) {
  const day = today(now);
  const visitor = createHash('sha256').update(key).update(day).update(ip).update('\0').update(ua).digest('base64url').slice(0, 22);
  const seen = await db
    .insertInto('asset_visitors')
    .values({ kind, asset_id: assetId, day, visitor })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  const unique = Number(seen.numInsertedOrUpdatedRows ?? 0) > 0 ? 1 : 0;
  await db
    .insertInto('asset_stats_daily')
    .values({ workspace_id: ws, kind, asset_id: assetId, day, views: 1, uniques: unique })
    .onConflict((oc) => oc.columns(['kind', 'asset_id', 'day']).doUpdateSet({ views: sql`asset_stats_daily.views + 1`, uniques: sql`asset_stats_daily.uniques + ${unique}` }))
    .execute();
}

export async function dailyStats(db: Db, ws: number, kind: AssetKind, assetId: number, from: string, to: string) {
  return db
    .selectFrom('asset_stats_daily')
    .select(['day', 'views', 'uniques', 'submissions', 'confirmations', 'rejected'])
    .where('workspace_id', '=', ws)
    .where('kind', '=', kind)
    .where('asset_id', '=', assetId)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .orderBy('day')
    .execute();
}

/** Submissions by UTM source and by referring host within the period (forms only: they store both). */
export async function sources(db: Db, ws: number, formId: number, from: string, to: string) {
  const base = db
    .selectFrom('form_submissions')
    .where('workspace_id', '=', ws)
    .where('form_id', '=', formId)
    .where('submitted_at', '>=', new Date(from + 'T00:00:00Z'))
    .where('submitted_at', '<', new Date(new Date(to + 'T00:00:00Z').getTime() + 86400_000));
  const utm = await base
    .select([sql<string>`coalesce(utm->>'utm_source', '(none)')`.as('source'), sql<string>`count(*)`.as('n')])
    .groupBy(sql`coalesce(utm->>'utm_source', '(none)')`)
    .orderBy(sql`count(*)`, 'desc')
    .limit(20)
    .execute();
  const ref = await base
    .select([sql<string>`coalesce(substring(referrer from '^https?://([^/:?#]+)'), '(direct)')`.as('source'), sql<string>`count(*)`.as('n')])
    .groupBy(sql`coalesce(substring(referrer from '^https?://([^/:?#]+)'), '(direct)')`)
    .orderBy(sql`count(*)`, 'desc')
    .limit(20)
    .execute();
  return { utm: utm.map((r) => ({ source: r.source, submissions: Number(r.n) })), referrers: ref.map((r) => ({ source: r.source, submissions: Number(r.n) })) };
}

/** A visitor id: a hash salted with the day and the instance key (no cookie, no stored IP). */
export function visitorId(key: Buffer, day: string, ip: string, ua: string) {
  return createHash('sha256').update(key).update(day).update(ip).update('\0').update(ua).digest('base64url').slice(0, 22);
}

/**
 * Buffers page and pop-up views in memory and writes them every `everyMs` (or at 1,000 buffered), so serving a
 * page costs no database write. Unique visitors are counted by the rows `asset_visitors` accepts.
 */
export class ViewCounter {
  private buf: { ws: number; kind: AssetKind; id: number; day: string; visitor: string }[] = [];
  private timer: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private db: Db, private key: Buffer, everyMs = 2000) {
    this.timer = setInterval(() => void this.flush(), everyMs);
    this.timer.unref();
  }

  add(ws: number, kind: AssetKind, id: number, ip: string, ua: string, now = new Date()) {
    const day = today(now);
    this.buf.push({ ws, kind, id, day, visitor: visitorId(this.key, day, ip, ua) });
    if (this.buf.length >= 1000) void this.flush();
  }

  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.write()).catch(() => undefined);
    return this.flushing;
  }

  private async write() {
    const rows = this.buf;
    if (!rows.length) return;
    this.buf = [];
    const seen = new Map<string, (typeof rows)[number]>();
    for (const r of rows) seen.set(`${r.kind}|${r.id}|${r.day}|${r.visitor}`, r);
    const fresh = await this.db
      .insertInto('asset_visitors')
      .values([...seen.values()].map((r) => ({ kind: r.kind, asset_id: r.id, day: r.day, visitor: r.visitor })))
      .onConflict((oc) => oc.doNothing())
      .returning(['kind', 'asset_id', 'day'])
      .execute();
    const agg = new Map<string, { ws: number; kind: AssetKind; id: number; day: string; views: number; uniques: number }>();
    for (const r of rows) {
      const k = `${r.kind}|${r.id}|${r.day}`;
      const a = agg.get(k) ?? { ws: r.ws, kind: r.kind, id: r.id, day: r.day, views: 0, uniques: 0 };
      a.views++;
      agg.set(k, a);
    }
    for (const f of fresh) {
      const a = agg.get(`${f.kind}|${f.asset_id}|${dayKey(f.day)}`);
      if (a) a.uniques++;
    }
    for (const a of agg.values()) {
      await this.db
        .insertInto('asset_stats_daily')
        .values({ workspace_id: a.ws, kind: a.kind, asset_id: a.id, day: a.day, views: a.views, uniques: a.uniques })
        .onConflict((oc) => oc.columns(['kind', 'asset_id', 'day']).doUpdateSet({ views: sql`asset_stats_daily.views + ${a.views}`, uniques: sql`asset_stats_daily.uniques + ${a.uniques}` }))
        .execute();
    }
  }

  async close() {
    clearInterval(this.timer);
    await this.flush();
  }
}
