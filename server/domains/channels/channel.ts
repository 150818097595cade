/**
 * The channel adapter interface: what email, WhatsApp and SMS each provide so that ONE pipeline (audience build,
 * claiming with leases, rate limits, crash safety, result writing, progress) serves them all.
 *
 * The pipeline (server/domains/deliveries/pipeline.ts) drives an adapter like this:
 *
 *   audience build:  adapter.audienceRules(ctx, campaign) → SQL pieces used inside ONE INSERT … SELECT
 *   per campaign, per worker process, once:  sender = await adapter.prepare(ctx, campaign)
 *   loop:  claim a batch of deliveries (FOR UPDATE SKIP LOCKED, lease)
 *          lane  = await sender.reserve(n)          ← route + rate-limit tokens (through the database)
 *          items = await sender.render(batch.slice(0, lane.granted)) ← CPU, no provider I/O
 *          mark those deliveries 'sending'          ← durable: from here a crash means 'unknown', never a resend
 *          results = await sender.send(lane, items) ← one SendResult per item, values not exceptions
 *          batched UPDATE of the results
 *   sender.close() when the campaign stops or finishes here.
 *
 * A WhatsApp adapter plugs in by implementing ChannelAdapter for channel 'whatsapp' (audienceRules: phone present,
 * opted in for marketing templates, not suppressed; reserve: the number's messages/second bucket via
 * acquireTokens() plus its messaging-limit tier — return `{ granted: 0, deferUntil }` … or report `deferred`
 * results per recipient; send: POST /messages per item) and calling registerChannel(adapter) from its index.ts.
 * See docs/campaigns.md § "Writing a channel adapter" for a worked example.
 */
import type { RawBuilder } from 'kysely';
import type { AppContext } from '../../app/context.js';
import type { Channel } from '../../db/schema.js';

/** The campaign as a sender sees it (the content frozen when it was sent). */
export interface CampaignForSend {
  id: number;
  workspaceId: number;
  channel: Channel;
  name: string;
  /** Content frozen at send time (channel-specific shape; for email see campaigns/content.ts). */
  content: Record<string, unknown>;
  /** Settings (channel-specific: sender identity, servers, UTM, tracking…). */
  settings: Record<string, unknown>;
}

/** A contact's columns the pipeline loads with each claimed delivery. */
export interface ContactForSend {
  id: number;
  email: string | null;
  phone: string | null;
  firstName: string;
  lastName: string;
  fields: Record<string, unknown>;
  emailStatus: string;
  whatsappStatus: string;
  smsStatus: string;
  /** True when the contact was deleted after the audience was built. */
  deleted: boolean;
}

/** One claimed delivery, with its contact. */
export interface SendItem {
  deliveryId: number;
  campaignId: number;
  workspaceId: number;
  /** The address fixed at audience build (email or E.164 phone). */
  address: string;
  /** 1 for the first attempt (the pipeline counts before calling render). */
  attempt: number;
  /** Time since the first hand-over to the provider (0 before it): temporary failures are retried within a period. */
  retryAgeMs?: number;
  /** True when the address is on the workspace's suppression list now (checked when claimed). */
  suppressed: boolean;
  contact: ContactForSend;
}

/** Bounce details of a synchronous permanent failure (e.g. SMTP 5xx). */
export interface BounceInfo {
  class: 'hard' | 'soft';
  /** Enhanced status code, e.g. 5.1.1. */
  status: string | null;
  diagnostic: string;
  /** Sender-side problem (5.7.x policy): never blame the address. */
  policyBlock: boolean;
  /** The classifier's reason code (docs/bounces.md), e.g. `mailbox_unknown`. */
  reason?: string;
}

/**
 * The outcome of one delivery attempt (dittofeed-style values, never exceptions):
 * - sent: the provider accepted it;
 * - skipped: not sent on purpose (e.g. unsubscribed since the build);
 * - failed: retryable failures are retried with backoff until the attempt limit, then become failed;
 * - unknown: it may or may not have gone out (never resent automatically);
 * - deferred: try again at `until` without counting an attempt as failed (limits, windows).
 */
export type SendResult =
  | { status: 'sent'; providerMessageId: string }
  | { status: 'skipped'; reason: string }
  | { status: 'failed'; retryable: boolean; code: string; reason: string; retryAfterMs?: number; bounce?: BounceInfo }
  | { status: 'unknown'; reason: string }
  | { status: 'deferred'; until: Date; reason: string };

/** A route (SMTP server, phone number…) checked out by reserve(): the items sent through it and how many. */
export interface Lane {
  /** Stable id of the route, stored in deliveries.route_id (e.g. the SMTP server id). */
  routeId: number | null;
  /** How many items may be sent through this lane now (≥ 1). */
  granted: number;
}

/** What reserve() answers: a lane, or how long to wait before asking again. */
export type Reservation = { lane: Lane } | { lane: null; waitMs: number; reason: string };

/** Item after render(): either ready for send() or already decided (e.g. render error, skipped). */
export type Rendered<P> = { item: SendItem; payload: P } | { item: SendItem; result: SendResult };

/** A prepared sender: one per campaign per worker process. */
export interface ChannelSender<P = unknown> {
  /** How many sends may run at once in this process (e.g. the sum of SMTP maxConnections). */
  readonly concurrency: number;
  /** Largest number of items per send() call. */
  readonly maxBatch: number;
  /**
   * Deliveries to claim at once (optional): a rate-limited channel claims only a few seconds of work so several
   * processes share a campaign instead of one process holding it all.
   */
  readonly claimSize?: number;
  /** Claims a route and up to `want` rate-limit tokens. Must not block for long: answer waitMs instead. */
  reserve(want: number): Promise<Reservation>;
  /** Gives back a lane's unused tokens and its slot (call exactly once per lane after send, or instead of it). */
  release(lane: Lane, unused: number): void;
  /** Per-recipient preparation (CPU, no provider I/O); the pipeline marks the payload-bearing items 'sending' afterwards. */
  render(items: SendItem[]): Promise<Rendered<P>[]>;
  /** Hands the items to the provider. One result per item, in order. Must not throw for per-item problems. */
  send(lane: Lane, items: { item: SendItem; payload: P }[]): Promise<SendResult[]>;
  close(): Promise<void>;
  /** Drops provider connections at once without goodbyes (hard stop, crash simulation in tests). */
  destroy?(): void;
}

/**
 * The SQL a channel contributes to the audience build, over `contacts c` of one workspace:
 * `joins` (extra LEFT JOINs, may be empty), `skipReason` (text expression: NULL when eligible, else the reason —
 * unsubscribed, complained, bounced, invalid, suppressed, blocked_domain, bounced_out, no_email, no_consent, …),
 * and `address` (the recipient's address expression).
 */
export interface AudienceRules {
  joins: RawBuilder<unknown>;
  skipReason: RawBuilder<string | null>;
  address: RawBuilder<string | null>;
}

export interface ChannelAdapter {
  channel: Channel;
  audienceRules(ctx: AppContext, workspaceId: number, campaign: CampaignForSend): Promise<AudienceRules>;
  prepare(ctx: AppContext, campaign: CampaignForSend): Promise<ChannelSender>;
  /**
   * Checks a campaign can be sent before it leaves draft (content compiles, sender and routes exist). Returns the
   * problems in plain language; an empty list means ready.
   */
  validateForSend(ctx: AppContext, campaign: CampaignForSend): Promise<string[]>;
}

const registry = new Map<Channel, ChannelAdapter>();

/** Registers a channel's adapter (call once at module load from the channel's index/adapter file). */
export function registerChannel(adapter: ChannelAdapter): void {
  registry.set(adapter.channel, adapter);
}

/** The adapter of a channel; throws when the channel has none (a campaign of a channel not built yet). */
export function channelAdapter(channel: Channel): ChannelAdapter {
  const a = registry.get(channel);
  if (!a) throw new Error(`No adapter is registered for the ${channel} channel.`);
  return a;
}

/** True when the channel can send (used by the API to refuse campaigns of channels not installed). */
export function hasChannel(channel: Channel): boolean {
  return registry.has(channel);
}
