/**
 * SMS gateway simulator configuration (Twilio-compatible): set at start (CLI flags / createSmsSimulator options)
 * and at runtime (`POST /_sim/config`).
 */

/** A sender the simulated account owns: a long code (two-way) or an alphanumeric sender ID (one-way). */
export interface SimSender {
  /** E.164 number (`+972…`) or an alphanumeric ID (≤ 11 characters). */
  address: string;
  /** Where inbound messages to this number are POSTed (Twilio's "A message comes in" URL). */
  smsUrl?: string;
}

export interface SmsSimConfig {
  host: string;
  port: number;
  accountSid: string;
  authToken: string;
  senders: SimSender[];
  /** Default inbound webhook for numbers without their own smsUrl. */
  inboundUrl: string | null;
  /** Segments per second a sender dequeues (Twilio long code ≈ 1 MPS; 0 = unlimited). */
  segmentsPerSecond: number;
  /** Longest wait in the sender's queue before the message fails with 30001 (Twilio: 4 h; here in ms). */
  maxQueueMs: number;
  /** Concurrent API requests answered before 20429. */
  maxConcurrentRequests: number;
  /** From dequeue to `sent`, and from `sent` to the handset receipt. */
  latencies: { sentMs: number; deliveredMs: number };
  /** Country calling codes the account may send to (empty = all), e.g. ['972', '1']. */
  allowedCountryCodes: string[];
  /** Recipient (E.164) → delivery error code applied to every message to it. */
  failures: Record<string, number>;
  /** Callback delivery: attempts and backoff (ms) when the receiver does not answer 2xx. */
  callbacks: { attempts: number; backoffMs: number; timeoutMs: number };
  /** Gateway-level opt-out keyword handling (Twilio Advanced Opt-Out defaults). */
  optOut: { enabled: boolean; stop: string[]; start: string[]; help: string[] };
}

export type SmsSimOptions = Partial<Omit<SmsSimConfig, 'latencies' | 'callbacks' | 'optOut'>> & {
  latencies?: Partial<SmsSimConfig['latencies']>;
  callbacks?: Partial<SmsSimConfig['callbacks']>;
  optOut?: Partial<SmsSimConfig['optOut']>;
};

/** The defaults: a sandbox account with one Israeli long code and one alphanumeric sender. */
export function defaultSmsConfig(): SmsSimConfig {
  return {
    host: '127.0.0.1',
    port: 0,
    accountSid: 'AC00000000000000000000000000000001',
    authToken: 'sim-auth-token',
    senders: [{ address: '+972535550100' }, { address: 'Clarion' }],
    inboundUrl: null,
    segmentsPerSecond: 10,
    maxQueueMs: 4 * 3600_000,
    maxConcurrentRequests: 100,
    latencies: { sentMs: 20, deliveredMs: 50 },
    allowedCountryCodes: [],
    failures: {},
    callbacks: { attempts: 3, backoffMs: 200, timeoutMs: 15_000 },
    optOut: {
      enabled: true,
      stop: ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPTOUT', 'REVOKE'],
      start: ['START', 'UNSTOP', 'YES'],
      help: ['HELP', 'INFO'],
    },
  };
}

/** Resolves options over a base configuration (nested objects merged). */
export function resolveSmsConfig(opts: SmsSimOptions, base: SmsSimConfig = defaultSmsConfig()): SmsSimConfig {
  return {
    ...base,
    ...opts,
    latencies: { ...base.latencies, ...opts.latencies },
    callbacks: { ...base.callbacks, ...opts.callbacks },
    optOut: { ...base.optOut, ...opts.optOut },
    failures: { ...base.failures, ...opts.failures },
  } as SmsSimConfig;
}
