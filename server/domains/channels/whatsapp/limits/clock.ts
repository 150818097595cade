/**
 * The clock the WhatsApp limits run on. Meta's rolling 24-hour messaging limit is counted on Meta's clock; for a
 * sandbox number that is the simulator's controllable clock (advance it 24 h and the window moves here too), for a
 * real number the system clock. Tests may inject any clock with setWhatsappLimiterClock().
 *
 * Throughput (messages/second) always runs on real elapsed time in the database: a clock offset changes "when",
 * never "how fast".
 */
import type { AppContext } from '../../../../app/context.js';
import { connectionNow, type ConnectionRow } from '../../../whatsapp/index.js';

/** Epoch milliseconds. */
export type Clock = () => number;

let injected: Clock | null = null;

/** Replaces the limiter's notion of "now" for every number (null = back to the numbers' own clocks). */
export function setWhatsappLimiterClock(clock: Clock | null): void {
  injected = clock;
}

/** How often a sandbox number's clock offset is re-read from the simulator. */
const REFRESH_MS = 1000;

/** "Now" for one number: the injected clock, else the simulator's clock (sandbox), else real time. */
export class NumberClock {
  #offset: number;
  #checkedAt = 0;
  #refreshing: Promise<void> | null = null;

  constructor(
    private readonly ctx: AppContext,
    private readonly conn: ConnectionRow,
  ) {
    this.#offset = conn.sandbox ? Number(conn.clock_offset_ms) : 0;
  }

  /** Current time on this number's clock (epoch ms); refreshes the sandbox offset at most once a second. */
  async now(): Promise<number> {
    if (injected) return injected();
    if (!this.conn.sandbox) return Date.now();
    if (Date.now() - this.#checkedAt > REFRESH_MS) {
      this.#refreshing ??= connectionNow(this.ctx, this.conn)
        .then((t) => {
          this.#offset = t - Date.now();
          this.#checkedAt = Date.now();
        })
        .catch(() => undefined)
        .finally(() => (this.#refreshing = null));
      await this.#refreshing;
    }
    return Date.now() + this.#offset;
  }

  /** Converts an instant on this number's clock to real time (what deliveries.next_attempt_at is compared with). */
  toReal(clockMs: number, clockNow: number): Date {
    return new Date(Date.now() + Math.max(0, clockMs - clockNow));
  }
}
