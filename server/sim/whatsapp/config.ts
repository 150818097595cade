/**
 * Simulator configuration: what a user can set at start (CLI flags / createWhatsappSimulator opts)
 * and later at runtime (`POST /_sim/config`). Facts marked [U] in the reference are defaults here,
 * never hard-coded elsewhere.
 */

/** A business phone number hosted by the simulator. */
export interface SimNumber {
  phoneNumberId: string;
  displayPhoneNumber: string;
  wabaId: string;
  verifiedName?: string;
  /** Overrides the global webhook URL for this number's WABA. */
  webhookUrl?: string;
}

/** Messaging-limit tier: unique business-initiated recipients per rolling 24 h. */
export type SimTier = 250 | 2000 | 10000 | 100000 | 'unlimited';

/** How an error reaches the caller: in the HTTP answer or as a `failed` status webhook. */
export type ErrorMode = 'sync' | 'async';

/** Everything tunable, fully resolved. */
export interface SimConfig {
  host: string;
  port: number;
  accessToken: string;
  appSecret: string;
  webhookUrl: string | null;
  verifyToken: string;
  numbers: SimNumber[];
  seed: number;
  /** Latencies (ms of simulator time) from acceptance to sent, sent to delivered, delivered to read. */
  latencies: { sentMs: number; deliveredMs: number; readMs: number; jitterMs: number };
  /** Probability that a delivered message is also delivered/read (1 = always). */
  deliveredProbability: number;
  readProbability: number;
  review: { delayMs: number; autoApprove: boolean; createsPerHour: number };
  limits: {
    /** Messages per second per number (Meta default 80, upgraded 1000). 0 disables. */
    mps: number;
    tier: SimTier;
    /** Error for exceeding the tier: Meta documents none, BSPs report 131048-like behaviour [U]. */
    tierErrorCode: number;
    tierErrorMode: ErrorMode;
    /** Pair rate limit as a token bucket: `burst` messages, refilled one per `perSeconds` [U]. */
    pairRate: { burst: number; perSeconds: number } | false;
    /** Enforce the 24-hour customer-service window for free-form messages. */
    enforceWindow: boolean;
    windowHours: number;
    windowErrorMode: ErrorMode;
    /** HTTP status used for 130429 (Meta's table says 400, one BSP mirror 429). */
    throughputHttpStatus: 400 | 429;
  };
  failures: {
    /** wa_id → error code (or {code, mode}) applied to every message to that recipient. */
    byRecipient: Record<string, number | { code: number; mode?: ErrorMode }>;
    /** Probability that any accepted message fails with one of `codes`. */
    probability: number;
    codes: number[];
  };
  /** When set, every send is refused with this code (e.g. 131031 locked, 368 blocked, 131042 billing). */
  accountHaltCode: number | null;
  webhooks: {
    batchMax: number;
    maxRetries: number;
    retryBaseMs: number;
    timeoutMs: number;
    concurrency: number;
    /** Probability (or true = always) that a webhook POST is delivered twice. */
    duplicate: boolean | number;
    /** Probability (or true = always) that a message's `delivered` arrives before its `sent`. */
    outOfOrder: boolean | number;
    /** Escape `/` as `\/` in emitted JSON like some Meta payloads [U]. Non-ASCII is always escaped. */
    escapeSlashes: boolean;
    includeConversation: boolean;
  };
  /** wa_id canonicalisation quirks (reference §7): explicit map plus country rules [U]. */
  waIds: { map: Record<string, string>; brazilDropNinthDigit: boolean; mexicoAddOne: boolean };
  maxStoredMessages: number;
}

/** Partial configuration accepted from users (nested objects may be partial too). */
export type SimOptions = Partial<Omit<SimConfig, 'latencies' | 'review' | 'limits' | 'failures' | 'webhooks' | 'waIds'>> & {
  latencies?: Partial<SimConfig['latencies']>;
  review?: Partial<SimConfig['review']>;
  limits?: Partial<SimConfig['limits']>;
  failures?: Partial<SimConfig['failures']>;
  webhooks?: Partial<SimConfig['webhooks']>;
  waIds?: Partial<SimConfig['waIds']>;
};

/** Defaults: one number, Meta's published limits, fast but visible status progression. */
export function defaultConfig(): SimConfig {
  return {
    host: '127.0.0.1',
    port: 0,
    accessToken: 'sim-token',
    appSecret: 'sim-app-secret',
    webhookUrl: null,
    verifyToken: 'sim-verify-token',
    numbers: [{ phoneNumberId: '106540352242922', displayPhoneNumber: '15550783881', wabaId: '102290129340398', verifiedName: 'Clarion Sandbox' }],
    seed: 42,
    latencies: { sentMs: 50, deliveredMs: 200, readMs: 1000, jitterMs: 0 },
    deliveredProbability: 1,
    readProbability: 1,
    review: { delayMs: 2000, autoApprove: true, createsPerHour: 100 },
    limits: {
      mps: 80,
      tier: 250,
      tierErrorCode: 131048,
      tierErrorMode: 'sync',
      pairRate: { burst: 45, perSeconds: 6 },
      enforceWindow: true,
      windowHours: 24,
      windowErrorMode: 'async',
      throughputHttpStatus: 400,
    },
    failures: { byRecipient: {}, probability: 0, codes: [131026, 131049, 130472, 131050, 131047] },
    accountHaltCode: null,
    webhooks: { batchMax: 50, maxRetries: 5, retryBaseMs: 500, timeoutMs: 10_000, concurrency: 8, duplicate: false, outOfOrder: false, escapeSlashes: false, includeConversation: true },
    waIds: { map: {}, brazilDropNinthDigit: false, mexicoAddOne: false },
    maxStoredMessages: 200_000,
  };
}

const NESTED = ['latencies', 'review', 'limits', 'failures', 'webhooks', 'waIds'] as const;

/** Applies a partial configuration on top of `base` (one level of nesting merged, arrays replaced). */
export function applyOptions(base: SimConfig, opts: SimOptions | undefined): SimConfig {
  const out: SimConfig = { ...base };
  if (!opts) return out;
  for (const [k, v] of Object.entries(opts)) {
    if (v === undefined) continue;
    if ((NESTED as readonly string[]).includes(k) && v && typeof v === 'object' && !Array.isArray(v)) {
      (out as unknown as Record<string, unknown>)[k] = { ...(base as unknown as Record<string, Record<string, unknown>>)[k], ...v };
    } else {
      (out as unknown as Record<string, unknown>)[k] = v;
    }
  }
  if (!out.numbers.length) throw new Error('the simulator needs at least one phone number');
  return out;
}

/** Resolves a tier to a number of recipients (Infinity for unlimited). */
export function tierLimit(tier: SimTier): number {
  return tier === 'unlimited' ? Infinity : tier;
}

/** Meta's label for a tier (`TIER_250`, `TIER_2K`, … `TIER_UNLIMITED`). */
export function tierLabel(tier: SimTier): string {
  switch (tier) {
    case 250: return 'TIER_250';
    case 2000: return 'TIER_2K';
    case 10000: return 'TIER_10K';
    case 100000: return 'TIER_100K';
    default: return 'TIER_UNLIMITED';
  }
}

/** Parses `250`, `2000`, `2K`, `TIER_10K`, `unlimited`… into a tier. */
export function parseTier(value: unknown): SimTier {
  const s = String(value).toUpperCase().replace('TIER_', '');
  const map: Record<string, SimTier> = { '250': 250, '2000': 2000, '2K': 2000, '10000': 10000, '10K': 10000, '100000': 100000, '100K': 100000, UNLIMITED: 'unlimited' };
  const tier = map[s];
  if (tier === undefined) throw new Error(`unknown tier "${String(value)}" (use 250, 2000, 10000, 100000 or unlimited)`);
  return tier;
}
