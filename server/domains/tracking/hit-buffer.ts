/**
 * Group commit for tracking hits: opens and clicks arrive in bursts (a newsletter lands in thousands of inboxes
 * at once, and scanners fetch every link), so hits are buffered for a moment and written in one transaction of a
 * few set-based statements instead of one INSERT + UPDATE per request.
 *
 * Nothing is lost: a failed write puts the batch back (bounded), and close() — called when the HTTP server
 * shuts down — waits for the write in flight and writes what is left.
 */
import type { Logger } from '../../lib/logger.js';
import type { HitRow } from './tracking.repo.js';

export interface HitBufferOptions {
  /** Write after this long even when the batch is small. Default 200 ms. */
  flushMs?: number;
  /** Write at once when this many hits are waiting. Default 500. */
  maxBatch?: number;
  /** Hits kept while the database is unreachable; beyond this the oldest are dropped and logged. Default 100,000. */
  maxPending?: number;
}

/** Buffers hits and writes them with `write` (one call per batch, never two at once). */
export class HitBuffer {
  #pending: HitRow[] = [];
  #timer: NodeJS.Timeout | null = null;
  #writing: Promise<void> | null = null;
  #closed = false;
  readonly #flushMs: number;
  readonly #maxBatch: number;
  readonly #maxPending: number;

  constructor(
    private readonly write: (rows: HitRow[]) => Promise<void>,
    private readonly log: Logger,
    opts: HitBufferOptions = {},
  ) {
    this.#flushMs = opts.flushMs ?? 200;
    this.#maxBatch = opts.maxBatch ?? 500;
    this.#maxPending = opts.maxPending ?? 100_000;
  }

  /** Queues one hit. After close() the hit is written directly (late requests during shutdown). */
  add(hit: HitRow): void {
    this.#pending.push(hit);
    if (this.#pending.length > this.#maxPending) {
      const dropped = this.#pending.splice(0, this.#pending.length - this.#maxPending);
      this.log.error('tracking buffer overflow: dropped hits', { dropped: dropped.length });
    }
    if (this.#pending.length >= this.#maxBatch || this.#closed) void this.flush();
    else this.#timer ??= setTimeout(() => void this.flush(), this.#flushMs);
  }

  /** Number of hits not yet written. */
  get pending(): number {
    return this.#pending.length;
  }

  /** Writes everything queued so far (waits for a write in flight first). */
  async flush(): Promise<void> {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    while (this.#writing) await this.#writing.catch(() => undefined);
    if (!this.#pending.length) return;
    const batch = this.#pending.splice(0, this.#pending.length);
    this.#writing = this.write(batch)
      .catch((err) => {
        // Put the batch back in front and try again shortly.
        this.#pending.unshift(...batch);
        this.log.warn('tracking hits not written yet; will retry', { count: batch.length, error: (err as Error).message });
        if (!this.#closed) this.#timer ??= setTimeout(() => void this.flush(), Math.max(1000, this.#flushMs));
        throw err;
      })
      .finally(() => {
        this.#writing = null;
      });
    await this.#writing.catch(() => undefined);
    if (this.#pending.length && !this.#timer && !this.#closed) this.#timer = setTimeout(() => void this.flush(), this.#flushMs);
  }

  /** Stops the timer and writes everything left; retries a few times before giving up (and logging). */
  async close(): Promise<void> {
    this.#closed = true;
    for (let attempt = 0; attempt < 5; attempt++) {
      await this.flush();
      if (!this.#pending.length) return;
      await new Promise((r) => setTimeout(r, 200 * (attempt + 1)));
    }
    if (this.#pending.length) this.log.error('tracking hits lost at shutdown: the database did not accept them', { count: this.#pending.length });
  }
}
