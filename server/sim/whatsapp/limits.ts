/**
 * The Cloud API's sending limits, all on the simulator clock:
 * - throughput: at most `mps` messages per number in any 1-second window (sliding, so no
 *   boundary bursts) → 130429;
 * - pair rate: a token bucket per (number, user) → 131056;
 * - messaging-limit tier: unique business-initiated recipients in a rolling 24 h;
 * - the 24-hour customer-service window opened by each inbound user message.
 */

/** Sliding one-second limiter: a ring of the last `limit` acceptance instants. O(1) per call. */
export class ThroughputLimiter {
  private ring: Float64Array;
  private idx = 0;

  constructor(readonly limit: number) {
    this.ring = new Float64Array(Math.max(1, limit)).fill(-Infinity);
  }

  /** Takes a slot at `now` if fewer than `limit` were taken in the last second. */
  tryTake(now: number): boolean {
    if (this.limit <= 0) return true;
    if (now - this.ring[this.idx] < 1000) return false;
    this.ring[this.idx] = now;
    this.idx = (this.idx + 1) % this.ring.length;
    return true;
  }
}

/** Token bucket per (number, recipient). */
export class PairLimiter {
  private buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly burst: number, private readonly perSeconds: number) {}

  /** Takes one token for `key` at `now`; false when the pair is rate limited. */
  tryTake(key: string, now: number): boolean {
    const refillMs = this.perSeconds * 1000;
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size > 500_000) this.sweep(now);
      b = { tokens: this.burst, at: now };
      this.buckets.set(key, b);
    } else if (now > b.at) {
      b.tokens = Math.min(this.burst, b.tokens + (now - b.at) / refillMs);
      b.at = now;
    }
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  /** Forgets buckets that have refilled completely (they behave exactly like new ones). */
  private sweep(now: number): void {
    const full = this.burst * this.perSeconds * 1000;
    for (const [k, b] of this.buckets) if (now - b.at >= full) this.buckets.delete(k);
  }
}

/** Unique business-initiated recipients over a rolling window (24 h). */
export class TierTracker {
  private last = new Map<string, number>();
  private log: { key: string; at: number }[] = [];
  private head = 0;

  constructor(private readonly windowMs = 24 * 3600_000) {}

  /** Recipients counted right now. */
  count(now: number): number {
    this.expire(now);
    return this.last.size;
  }

  /** True if sending to `key` would not push the count over `limit`. */
  allows(key: string, now: number, limit: number): boolean {
    this.expire(now);
    return this.last.has(key) || this.last.size < limit;
  }

  /** Records a business-initiated delivery to `key` at `now` (refreshing its 24 h). */
  record(key: string, now: number): void {
    this.last.set(key, now);
    this.log.push({ key, at: now });
  }

  private expire(now: number): void {
    const cutoff = now - this.windowMs;
    while (this.head < this.log.length && this.log[this.head].at <= cutoff) {
      const e = this.log[this.head++];
      if (this.last.get(e.key) === e.at) this.last.delete(e.key);
    }
    if (this.head > 10_000 && this.head * 2 > this.log.length) {
      this.log = this.log.slice(this.head);
      this.head = 0;
    }
  }
}

/** Last inbound message per (number, user): the customer-service window. */
export class ServiceWindows {
  private lastInbound = new Map<string, number>();

  /** Opens (or refreshes) the window at `now`. */
  open(key: string, now: number): void {
    this.lastInbound.set(key, now);
  }

  /** True while less than `windowMs` has passed since the user's last message. */
  isOpen(key: string, now: number, windowMs: number): boolean {
    const at = this.lastInbound.get(key);
    return at !== undefined && now - at < windowMs && now >= at;
  }

  /** When the window closes (epoch ms), or null if it was never opened. */
  closesAt(key: string, windowMs: number): number | null {
    const at = this.lastInbound.get(key);
    return at === undefined ? null : at + windowMs;
  }
}
