/**
 * Per-identity request budget (API key, session or, before authentication, client IP): a fixed window
 * per minute kept in this process. With several API processes each enforces the limit on its own share;
 * that is the usual trade-off for a limiter whose job is to stop runaway clients, not to meter billing.
 */
export class RateLimiter {
  #windows = new Map<string, { start: number; count: number }>();
  constructor(private readonly perMinute: number) {}

  /** Returns 0 when allowed, or the seconds to wait. */
  hit(key: string, now = Date.now()): number {
    let w = this.#windows.get(key);
    if (!w || now - w.start >= 60_000) {
      if (this.#windows.size > 50_000) this.#windows.clear();
      this.#windows.set(key, (w = { start: now, count: 0 }));
    }
    w.count++;
    return w.count > this.perMinute ? Math.ceil((w.start + 60_000 - now) / 1000) : 0;
  }
}
