/**
 * A number's messages/second, shared by every worker process: the pipeline's database token bucket
 * (deliveries/rate-limit.ts, one row per number in rate_buckets) tuned for the Cloud API, which counts accepted
 * messages in any sliding 1-second window and answers 130429 above the limit. So the bucket refills at 96 % of
 * the limit and holds at most 2.5 % of it (25 tokens at 1,000/s): tokens are handed out in small slices right before
 * the HTTP requests, and a 1-second window sees at most 0.96·L + 0.025·L plus send-time jitter — under L. The burst
 * must still cover the gap between two asks of a busy process (25 ms at 1,000/s) or tokens overflow and are lost.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../../db/schema.js';
import { acquireTokens, refundTokens, slowDown, type Grant } from '../../../deliveries/rate-limit.js';

type Db = Kysely<Database>;

/** Fraction of the limit the bucket refills at. */
export const WA_PACE = 0.96;
/** Largest burst, in seconds of the limit. */
export const WA_BURST_SECONDS = 0.025;

const TUNE = { pace: WA_PACE, burstSeconds: WA_BURST_SECONDS };

/** The bucket key of a number. */
export const throughputKey = (connectionId: number) => `wa:mps:${connectionId}`;

/** Takes up to `want` send tokens of the number (granted 0 → waitMs until one is due). */
export function takeThroughput(db: Db, connectionId: number, mps: number, want: number): Promise<Grant> {
  return acquireTokens(db, throughputKey(connectionId), mps, want, TUNE);
}

/** Returns tokens a slice did not use. */
export function refundThroughput(db: Db, connectionId: number, mps: number, n: number): Promise<void> {
  return refundTokens(db, throughputKey(connectionId), mps, n, TUNE);
}

/** After a 130429: halve the number's rate for 30 s (all processes), then recover gradually. */
export function throttleNumber(db: Db, connectionId: number, mps: number): Promise<void> {
  return slowDown(db, throughputKey(connectionId), mps);
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * One per number per process: the only caller of the database bucket for that number here. Send tasks queue for
 * tokens; a single loop asks the bucket (one statement at a time, so tasks don't queue on the bucket's row lock)
 * and hands each grant out first-come first-served. The bucket stays the authority across processes; this only
 * stops a process from hammering it.
 */
export class ThroughputPacer {
  #waiters: { want: number; resolve: (n: number) => void }[] = [];
  #running = false;
  #closed = false;

  constructor(
    private readonly db: Db,
    private readonly connectionId: number,
    private readonly mps: () => number,
  ) {}

  /** Resolves with 1..want tokens (0 once closed). */
  take(want: number): Promise<number> {
    if (this.#closed) return Promise.resolve(0);
    return new Promise((resolve) => {
      this.#waiters.push({ want, resolve });
      if (!this.#running) void this.#loop();
    });
  }

  async #loop() {
    this.#running = true;
    try {
      while (this.#waiters.length && !this.#closed) {
        const want = this.#waiters.reduce((n, w) => n + w.want, 0);
        let g: Grant;
        try {
          g = await takeThroughput(this.db, this.connectionId, this.mps(), want);
        } catch {
          g = { granted: 0, waitMs: 200 };
        }
        let left = g.granted;
        while (left > 0 && this.#waiters.length) {
          const w = this.#waiters.shift()!;
          const n = Math.min(w.want, left);
          left -= n;
          w.resolve(n); // a partial grant: the task sends these and asks again for the rest
        }
        if (left > 0) await refundThroughput(this.db, this.connectionId, this.mps(), left).catch(() => undefined);
        if (g.granted === 0) await sleep(Math.min(Math.max(2, g.waitMs), 250));
      }
    } finally {
      this.#running = false;
    }
  }

  /** Releases every waiter with 0 tokens (campaign stopping). */
  close(): void {
    this.#closed = true;
    for (const w of this.#waiters.splice(0)) w.resolve(0);
  }
}
