/**
 * A number's messages/second, shared by every worker process. The Cloud API counts accepted messages in any
 * sliding 1-second window and answers 130429 above the limit, so a token bucket with a burst either overshoots
 * (big burst) or loses capacity whenever a busy process asks a little late (small burst: tokens overflow).
 *
 * Instead the number has a send *schedule* (GCRA, one row in rate_buckets under `wa:slots:<id>`; the `tokens`
 * column holds the schedule's end — its "theoretical arrival time" — as epoch seconds): one statement hands a
 * process the next n evenly spaced send times, at PACE of the limit, and moves the end forward. Processes reserve
 * a little ahead (LOOKAHEAD_MS), so capacity is never lost while they are between two asks, and the database is
 * touched a few dozen times per second, not per message. Each process sends at its slot times; a slot it could
 * not use within MAX_LATE_MS is dropped rather than sent late, because late sends bunch up: the receiver's
 * 1-second window then sees at most PACE·L·(1 + MAX_LATE) + 1 — under L.
 * Back-pressure (repeated 130429) halves the pace for 30 s, then it recovers by 10 % of the limit per second.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../../db/schema.js';
import type { Grant } from '../../../deliveries/rate-limit.js';

type Db = Kysely<Database>;

/** Fraction of the limit the schedule runs at. */
export const WA_PACE = 0.975;
/** How far ahead of now a process may hold slots. */
export const LOOKAHEAD_MS = 250;
/** Largest slice one ask takes, in ms of the schedule. */
export const SLICE_MS = 60;
/** A slot not sent within this long after its time is dropped (sending it would bunch up with later slots). */
export const MAX_LATE_MS = 20;

/** Smallest pause between two hand-outs. */
const DISPATCH_MS = 4;

/** The schedule key of a number. */
export const throughputKey = (connectionId: number) => `wa:slots:${connectionId}`;

/** Send times granted by one ask: `granted` slots, the first `startInMs` after the database's now, `intervalMs` apart. */
export interface SlotGrant {
  granted: number;
  startInMs: number;
  intervalMs: number;
  /** When nothing was granted: how long until the schedule has room again. */
  waitMs: number;
  /** The database's clock when it answered (epoch ms). */
  dbNowMs: number;
}

/** Reserves up to `want` send slots of the number (limit `mps`/s) within the look-ahead. */
export async function reserveSlots(db: Db, connectionId: number, mps: number, want: number): Promise<SlotGrant> {
  const key = throughputKey(connectionId);
  const limit = Math.max(1, mps);
  const rate = limit * WA_PACE;
  const maxN = Math.max(1, Math.floor((rate * SLICE_MS) / 1000));
  if (want <= 0) return { granted: 0, startInMs: 0, intervalMs: 1000 / rate, waitMs: 0, dbNowMs: Date.now() };
  await sql`insert into rate_buckets (key, tokens) values (${key}, 0) on conflict (key) do nothing`.execute(db);
  const { rows } = await sql<{ granted: number; start_in: number; interval_ms: number; wait_ms: number; now_ms: number }>`
    with cur as (
      select key, extract(epoch from t)::float8 as now_s, tokens as tat,
        case when slowed_until is null or slowed_until > t then factor
             else least(1, factor + 0.1 * greatest(0, extract(epoch from (t - updated_at)))) end as f,
        t
      from rate_buckets, clock_timestamp() t where key = ${key} for update
    ), calc as (
      select key, t, now_s, f, greatest(tat, now_s) as start_s, 1.0 / (${rate}::float8 * f) as iv from cur
    ), g as (
      select *, case when start_s - now_s > ${LOOKAHEAD_MS / 1000}::float8 then 0 else least(${want}::int, ${maxN}::int) end as n from calc
    )
    update rate_buckets b set tokens = g.start_s + g.n * g.iv, updated_at = g.t, factor = g.f
    from g where b.key = g.key
    returning g.n as granted, ((g.start_s - g.now_s) * 1000)::float8 as start_in, (g.iv * 1000)::float8 as interval_ms,
      greatest(0, (g.start_s - g.now_s - ${LOOKAHEAD_MS / 1000}::float8) * 1000)::float8 as wait_ms, (g.now_s * 1000)::float8 as now_ms`.execute(db);
  const r = rows[0];
  if (!r) return { granted: 0, startInMs: 0, intervalMs: 1000 / rate, waitMs: 50, dbNowMs: Date.now() };
  return { granted: Number(r.granted), startInMs: Number(r.start_in), intervalMs: Number(r.interval_ms), waitMs: Math.ceil(Number(r.wait_ms)), dbNowMs: Number(r.now_ms) };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * One send token for a single message outside a campaign (test sends): reserves one slot and waits for its time.
 * Granted 0 → waitMs until the schedule has room.
 */
export async function takeThroughput(db: Db, connectionId: number, mps: number, want: number): Promise<Grant> {
  const g = await reserveSlots(db, connectionId, mps, Math.min(1, want));
  if (!g.granted) return { granted: 0, waitMs: Math.max(5, g.waitMs) };
  if (g.startInMs > 0) await sleep(g.startInMs);
  return { granted: 1, waitMs: 0 };
}

/** After repeated 130429: halve the number's pace for 30 s (all processes), then recover gradually. */
export async function throttleNumber(db: Db, connectionId: number, _mps: number): Promise<void> {
  const key = throughputKey(connectionId);
  await sql`insert into rate_buckets (key, tokens, factor, slowed_until) values (${key}, 0, 0.5, clock_timestamp() + interval '30 seconds')
    on conflict (key) do update set factor = greatest(0.05, rate_buckets.factor * 0.5), slowed_until = clock_timestamp() + interval '30 seconds'`.execute(db);
}

/**
 * One per number per process: the only caller of the number's schedule here. Send tasks queue for tokens; a loop
 * reserves slices of slots while there is demand and the local reservation ends less than LOOKAHEAD_MS from now,
 * and a timer hands each slot out at its time, first-come first-served (partial grants: a task sends what it got
 * and asks again). Slots missed by more than MAX_LATE_MS (a stalled event loop) are dropped.
 */
export class ThroughputPacer {
  #waiters: { want: number; resolve: (n: number) => void }[] = [];
  /** Reserved, not yet handed out: slot times (local epoch ms), ascending. */
  #slots: number[] = [];
  #reserving = false;
  #timer: NodeJS.Timeout | null = null;
  #closed = false;
  #samples: { rtt: number; offset: number }[] = [];
  /** Slots dropped for being late (observability, tests). */
  dropped = 0;
  /** …of which while tasks were waiting (the process was too busy to hand them out in time). */
  droppedLagging = 0;

  constructor(
    private readonly db: Db,
    private readonly connectionId: number,
    private readonly mps: () => number,
  ) {}

  /** Resolves with 1..want tokens (0 once closed). Use them at once. */
  take(want: number): Promise<number> {
    if (this.#closed) return Promise.resolve(0);
    return new Promise((resolve) => {
      this.#waiters.push({ want, resolve });
      this.#dispatch();
      void this.#reserve();
    });
  }

  /**
   * Offset of the database clock from ours (db − local), NTP-style: the middle of the round trip of the
   * quickest of the recent asks, so a slow answer (busy database) does not shift this process's slots onto
   * another process's.
   */
  #offset(sentAt: number, gotAt: number, dbNow: number): number {
    const rtt = gotAt - sentAt;
    this.#samples.push({ rtt, offset: dbNow - (sentAt + gotAt) / 2 });
    if (this.#samples.length > 32) this.#samples.shift();
    let best = this.#samples[0];
    for (const x of this.#samples) if (x.rtt < best.rtt) best = x;
    return best.offset;
  }

  #demand(): number {
    let want = 0;
    for (const w of this.#waiters) want += w.want;
    return want - this.#slots.length;
  }

  async #reserve() {
    if (this.#reserving) return;
    this.#reserving = true;
    try {
      while (!this.#closed && this.#demand() > 0) {
        const last = this.#slots.length ? this.#slots[this.#slots.length - 1] : 0;
        if (last - Date.now() > LOOKAHEAD_MS / 2) {
          // Enough held for now; come back when the reservation runs shorter.
          await sleep(Math.max(5, last - Date.now() - LOOKAHEAD_MS / 2));
          continue;
        }
        const sentAt = Date.now();
        let g: SlotGrant;
        try {
          g = await reserveSlots(this.db, this.connectionId, this.mps(), this.#demand());
        } catch {
          g = { granted: 0, startInMs: 0, intervalMs: 1, waitMs: 200, dbNowMs: Date.now() };
        }
        const base = g.dbNowMs - this.#offset(sentAt, Date.now(), g.dbNowMs) + g.startInMs;
        for (let k = 0; k < g.granted; k++) this.#slots.push(base + k * g.intervalMs);
        this.#dispatch();
        if (!g.granted) await sleep(Math.min(Math.max(5, g.waitMs), 250));
      }
    } finally {
      this.#reserving = false;
    }
  }

  /** Hands out every slot that is due, drops stale ones, and arms the timer for the next one. */
  #dispatch() {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    const now = Date.now();
    let stale = 0;
    while (stale < this.#slots.length && this.#slots[stale] < now - MAX_LATE_MS) stale++;
    if (stale) {
      this.#slots.splice(0, stale);
      this.dropped += stale;
      if (this.#waiters.length) this.droppedLagging += stale;
    }
    let due = 0;
    while (due < this.#slots.length && this.#slots[due] <= now) due++;
    while (due > 0 && this.#waiters.length) {
      const w = this.#waiters[0];
      const n = Math.min(w.want, due);
      this.#waiters.shift();
      this.#slots.splice(0, n);
      due -= n;
      w.resolve(n);
    }
    if (this.#slots.length && this.#waiters.length && !this.#closed) {
      // At most one wake-up every few ms (a handful of slots together), not one timer per message.
      this.#timer = setTimeout(() => this.#dispatch(), Math.max(DISPATCH_MS, Math.ceil(this.#slots[0] - Date.now())));
    }
    if (this.#waiters.length && !this.#closed) void this.#reserve();
  }

  /** Releases every waiter with 0 tokens (campaign stopping). */
  close(): void {
    if (process.env.CLARION_WA_PACER_DEBUG) process.stderr.write(`pacer ${this.connectionId}: dropped ${this.dropped} late slots (${this.droppedLagging} while tasks waited)\n`);
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#slots = [];
    for (const w of this.#waiters.splice(0)) w.resolve(0);
  }
}
