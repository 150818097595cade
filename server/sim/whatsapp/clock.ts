/**
 * The simulator's controllable clock: real time plus an offset that tests and demos can move
 * forward (`POST /_sim/clock`). Every window, tier, rate and timestamp decision reads this clock,
 * so "advance 24 h" behaves exactly as if a day had passed.
 */
export class SimClock {
  private offsetMs = 0;
  private readonly listeners = new Set<() => void>();

  /** Current simulated time in epoch milliseconds. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Current simulated time in whole epoch seconds (what webhooks carry). */
  nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  /** Moves the clock forward (or back, with a negative value) by `ms`. */
  advance(ms: number): void {
    this.offsetMs += ms;
    this.emit();
  }

  /** Jumps the clock to an absolute epoch-ms instant. */
  set(epochMs: number): void {
    this.offsetMs = epochMs - Date.now();
    this.emit();
  }

  /** Returns to real time. */
  reset(): void {
    this.offsetMs = 0;
    this.emit();
  }

  /** Offset from real time in ms (positive when the simulator is "in the future"). */
  get offset(): number {
    return this.offsetMs;
  }

  /** Registers a callback run after every jump; returns an unsubscribe function. */
  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private emit(): void {
    for (const fn of this.listeners) fn();
  }
}
