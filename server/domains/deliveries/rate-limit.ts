/**
 * Rate limits that hold across every worker process: one token-bucket row per route (SMTP server, phone number) in
 * `rate_buckets`, refilled from the database clock and debited atomically by a single UPDATE, so two processes can
 * never both spend the same token.
 *
 * Pacing and headroom: a limit of L messages/second refills at L × PACE tokens/s and holds at most
 * max(1, L × BURST_SECONDS) tokens. A receiver counting per 1-second window then sees at most
 * burst + pace·L·(1 + jitter) — under L for up to ~100 ms of send-time jitter (GC pauses, a busy core).
 * Back-pressure: a 4xx "slow down" halves the bucket's factor (down to 5 %) for 30 s; afterwards the factor
 * recovers by 10 % of the limit per second (AIMD). An unlimited route that pushes back is blocked for a short while.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

type Db = Kysely<Database>;

/** Fraction of the configured limit the bucket refills at. */
export const PACE = 0.85;
/** Largest burst, in seconds of the limit. */
export const BURST_SECONDS = 0.05;

export interface Grant {
  granted: number;
  /** When nothing was granted: how long until a token is due. */
  waitMs: number;
}

/**
 * Takes up to `want` tokens from the bucket `key` whose limit is `perSecond` (null = unlimited, only blocks apply).
 * Creates the bucket on first use.
 */
/** Per-route pacing override (a channel whose provider counts strictly may pace closer to its limit in finer slices). */
export interface BucketTune {
  pace?: number;
  burstSeconds?: number;
}

export async function acquireTokens(db: Db, key: string, perSecond: number | null, want: number, tune: BucketTune = {}): Promise<Grant> {
  if (want <= 0) return { granted: 0, waitMs: 0 };
  if (perSecond === null) {
    const row = await sql<{ wait_ms: number }>`
      select greatest(0, extract(epoch from (blocked_until - clock_timestamp())) * 1000)::float8 as wait_ms
      from rate_buckets where key = ${key} and blocked_until > clock_timestamp()`.execute(db);
    const wait = row.rows[0]?.wait_ms ?? 0;
    return wait > 0 ? { granted: 0, waitMs: Math.ceil(wait) } : { granted: want, waitMs: 0 };
  }
  const rate = perSecond * (tune.pace ?? PACE);
  const cap = Math.max(1, perSecond * (tune.burstSeconds ?? BURST_SECONDS));
  await sql`insert into rate_buckets (key, tokens) values (${key}, ${cap}) on conflict (key) do nothing`.execute(db);
  // One statement: lock the row, refill by elapsed time × effective rate, grant floor(available) up to want.
  const { rows } = await sql<{ granted: number; avail: number; eff: number; wait_block: number }>`
    with cur as (
      select key, t as now_ts,
        case when slowed_until is null or slowed_until > t then factor
             else least(1, factor + 0.1 * greatest(0, extract(epoch from (t - updated_at)))) end as f,
        tokens, updated_at, blocked_until
      from rate_buckets, clock_timestamp() t where key = ${key} for update
    ), calc as (
      select key, now_ts, f, blocked_until,
        least(${cap}::float8, tokens + greatest(0, extract(epoch from (now_ts - updated_at))) * ${rate}::float8 * f) as avail
      from cur
    ), g as (
      select *, case when blocked_until > now_ts then 0 else least(${want}::int, floor(avail)::int) end as grant_n from calc
    )
    update rate_buckets b set tokens = g.avail - g.grant_n, updated_at = g.now_ts, factor = g.f
    from g where b.key = g.key
    returning g.grant_n as granted, g.avail::float8 as avail, (${rate}::float8 * g.f)::float8 as eff,
      greatest(0, extract(epoch from (g.blocked_until - g.now_ts)) * 1000)::float8 as wait_block`.execute(db);
  const r = rows[0];
  if (!r) return { granted: 0, waitMs: 50 };
  if (r.granted > 0) return { granted: r.granted, waitMs: 0 };
  const needed = Math.max(0, 1 - r.avail);
  return { granted: 0, waitMs: Math.max(5, Math.ceil(Math.max(r.wait_block ?? 0, (needed / Math.max(r.eff, 0.001)) * 1000))) };
}

/** Gives unused tokens back (a lane granted more than it could send), never above the burst. */
export async function refundTokens(db: Db, key: string, perSecond: number | null, n: number, tune: BucketTune = {}): Promise<void> {
  if (perSecond === null || n <= 0) return;
  const cap = Math.max(1, perSecond * (tune.burstSeconds ?? BURST_SECONDS));
  await sql`update rate_buckets set tokens = least(${cap}::float8, tokens + ${n}) where key = ${key}`.execute(db);
}

/**
 * Back-pressure after a "slow down" answer (SMTP 421/450/451/454, HTTP 429): halve the rate for 30 s (limited
 * routes) or block an unlimited route for `blockMs`. Idempotent enough: several workers reporting at once only
 * halve a few times, never below 5 %.
 */
export async function slowDown(db: Db, key: string, perSecond: number | null, blockMs = 2000): Promise<void> {
  if (perSecond === null) {
    await sql`insert into rate_buckets (key, tokens, blocked_until) values (${key}, 0, clock_timestamp() + make_interval(secs => ${blockMs / 1000}))
      on conflict (key) do update set blocked_until = greatest(rate_buckets.blocked_until, excluded.blocked_until)`.execute(db);
    return;
  }
  await sql`insert into rate_buckets (key, tokens, factor, slowed_until) values (${key}, 0, 0.5, clock_timestamp() + interval '30 seconds')
    on conflict (key) do update set
      factor = greatest(0.05, rate_buckets.factor * 0.5),
      tokens = least(rate_buckets.tokens, 0),
      slowed_until = clock_timestamp() + interval '30 seconds'`.execute(db);
}
