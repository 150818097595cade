/**
 * The simulator's shared context handed to every route module: configuration (mutable at
 * runtime), clock, scheduler, seeded RNG, webhook dispatcher, stats and state.
 */
import { applyOptions, defaultConfig, type SimConfig, type SimNumber, type SimOptions } from './config.js';
import { SimClock } from './clock.js';
import { PairLimiter, ThroughputLimiter } from './limits.js';
import { SeededRng } from './rng.js';
import { SimScheduler } from './scheduler.js';
import { SimState } from './state.js';
import { SimStats } from './stats.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';

export class SimContext {
  config: SimConfig;
  readonly initial: SimConfig;
  readonly clock = new SimClock();
  readonly scheduler: SimScheduler;
  rng: SeededRng;
  state: SimState;
  stats = new SimStats();
  readonly webhooks: WebhookDispatcher;
  private numbersById = new Map<string, SimNumber>();

  constructor(opts?: SimOptions) {
    this.config = applyOptions(defaultConfig(), opts);
    this.initial = this.config;
    this.scheduler = new SimScheduler(this.clock);
    this.rng = new SeededRng(this.config.seed);
    this.state = new SimState(this.config.limits.windowHours * 3600_000);
    this.webhooks = new WebhookDispatcher(() => this.config, this.scheduler, { chance: (p: number) => this.rng.chance(p) } as SeededRng);
    this.indexNumbers();
    // Jumping the clock backwards would leave future timestamps in the throughput rings.
    this.clock.onChange(() => this.state.throughput.clear());
  }

  /** The number with this phone-number-id, if hosted here. */
  number(phoneNumberId: string): SimNumber | undefined {
    return this.numbersById.get(phoneNumberId);
  }

  /** First number of a WABA (where WABA-level webhooks are addressed). */
  numberForWaba(wabaId: string): SimNumber | undefined {
    return this.config.numbers.find((n) => n.wabaId === wabaId);
  }

  /** True when some number belongs to this WABA. */
  hasWaba(wabaId: string): boolean {
    return this.config.numbers.some((n) => n.wabaId === wabaId);
  }

  /** The per-number sliding 1-second limiter, rebuilt when `mps` changes. */
  throughput(phoneNumberId: string): ThroughputLimiter {
    let l = this.state.throughput.get(phoneNumberId);
    if (!l || l.limit !== this.config.limits.mps) {
      l = new ThroughputLimiter(this.config.limits.mps);
      this.state.throughput.set(phoneNumberId, l);
    }
    return l;
  }

  /** The pair limiter, or null when disabled. */
  pair(): PairLimiter | null {
    const cfg = this.config.limits.pairRate;
    if (!cfg) return null;
    if (!this.state.pair) this.state.pair = new PairLimiter(cfg.burst, cfg.perSeconds);
    return this.state.pair;
  }

  /** WhatsApp's canonical id for what a business typed in `to` (reference §7). */
  canonicalWaId(input: string): string {
    const digits = input.replace(/[^0-9]/g, '');
    const w = this.config.waIds;
    if (w.map[digits]) return w.map[digits];
    if (w.brazilDropNinthDigit && /^55[1-9][0-9]9[0-9]{8}$/.test(digits)) return digits.slice(0, 4) + digits.slice(5);
    if (w.mexicoAddOne && /^52[0-9]{10}$/.test(digits)) return `521${digits.slice(2)}`;
    return digits;
  }

  /** Applies a runtime configuration change (`POST /_sim/config`). */
  update(opts: SimOptions): void {
    const next = applyOptions(this.config, opts);
    if (opts.seed !== undefined) this.rng = new SeededRng(next.seed);
    if (opts.limits?.pairRate !== undefined) this.state.pair = null;
    this.config = next;
    this.indexNumbers();
  }

  /** Forgets all messages, templates, media, limits and stats; optionally restores the start config. */
  reset(restoreConfig: boolean): void {
    if (restoreConfig) this.config = this.initial;
    this.scheduler.clear();
    this.webhooks.reset();
    this.clock.reset();
    this.rng = new SeededRng(this.config.seed);
    this.state = new SimState(this.config.limits.windowHours * 3600_000);
    this.stats = new SimStats();
    this.indexNumbers();
  }

  /** Window length in ms. */
  get windowMs(): number {
    return this.config.limits.windowHours * 3600_000;
  }

  private indexNumbers(): void {
    this.numbersById = new Map(this.config.numbers.map((n) => [n.phoneNumberId, n]));
  }
}
