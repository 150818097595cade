/**
 * The delivery pipeline every worker process runs (a WorkerLoop): for each campaign in 'sending', claim deliveries
 * in batches under a lease, and run `sender.concurrency` send tasks that each reserve a lane (route + rate tokens),
 * render, durably mark 'sending', send, and write the results in one UPDATE. Channel-agnostic: the channel's
 * adapter (channels/channel.ts) does everything provider-specific.
 *
 * Crash safety: only rows marked 'sending' can have reached the provider; the mark is written right before the
 * hand-over, per sub-batch. After a crash, lease recovery re-queues 'claimed' rows and turns 'sending' rows into
 * 'unknown' — so a recipient gets at most one message, and exactly one unless their delivery is 'unknown'.
 */
import type { AppContext } from '../../app/context.js';
import type { Channel } from '../../db/schema.js';
import { channelAdapter, type ChannelSender, type SendItem, type SendResult } from '../channels/channel.js';
import '../channels/adapters.js';
import { setChannelStatus } from '../contacts/index.js';
import { isTransientDbError } from '../../db/database.js';
import * as repo from './deliveries.repo.js';

export interface PipelineOptions {
  /** Lease of claimed/sending rows; heartbeats extend it every leaseMs/4. Default 20 s. */
  leaseMs?: number;
  /** Deliveries claimed per batch. Default 500. */
  claimSize?: number;
  /** Idle poll interval. Default 500 ms. */
  pollMs?: number;
  /** Optional cap on attempts (tests); by default only the retry period limits retries. */
  maxAttempts?: number;
  /** First retry delay; doubles per attempt up to retryMaxDelayMs. Default 60 s. */
  retryBaseMs?: number;
  /** Longest delay between two attempts. Default 1 h. */
  retryMaxDelayMs?: number;
  /**
   * How long after the first hand-over temporary failures (4xx, refused or broken connections) are retried before
   * they become final, as mail servers do. Default: config.retryHours (48 h).
   */
  retryPeriodMs?: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Growing pause after consecutive failures (the database restarting, a broken connection): 250 ms doubling to 5 s. */
class Backoff {
  #failures = 0;
  ok() {
    this.#failures = 0;
  }
  /** Records a failure; returns how long to wait and whether this is the first of a streak (log it once). */
  fail(): { waitMs: number; first: boolean } {
    this.#failures++;
    return { waitMs: Math.min(5000, 250 * 2 ** (this.#failures - 1)), first: this.#failures === 1 };
  }
}

class Killed extends Error {}

/** One campaign being sent by this process. */
class CampaignRun {
  queue: SendItem[] = [];
  stopped = false;
  #claiming: Promise<void> | null = null;
  #claimError: unknown = null;
  #tasks: Promise<void>[] = [];
  #idleSince = 0;
  sender: ChannelSender | null = null;

  constructor(
    readonly loop: DeliveryLoop,
    readonly campaign: Awaited<ReturnType<typeof repo.sendingCampaigns>>[number],
  ) {}

  async start() {
    const { ctx } = this.loop;
    const c = this.campaign;
    try {
      this.sender = await channelAdapter(c.channel as Channel).prepare(ctx, {
        id: c.id,
        workspaceId: c.workspace_id,
        channel: c.channel as Channel,
        name: c.name,
        content: (c.frozen ?? {}) as Record<string, unknown>,
        settings: c.settings ?? {},
      });
    } catch (err) {
      this.stopped = true;
      if (this.loop.killed) return;
      // The database going away is not a set-up problem: the main loop starts this campaign again once it is back.
      if (isTransientDbError(err)) return void ctx.log.warn('campaign set-up interrupted by a database error; will retry', { campaignId: c.id, error: (err as Error).message });
      ctx.log.warn('campaign cannot be sent; pausing it', { campaignId: c.id, error: (err as Error).message });
      await repo.pauseForSetupProblem(ctx.db, c.id, (err as Error).message).catch(() => undefined);
      return;
    }
    if (this.stopped) return void this.sender.close();
    for (let i = 0; i < Math.max(1, this.sender.concurrency); i++) this.#tasks.push(this.#task());
  }

  /** Takes up to n items, claiming a new batch when the local queue runs low. */
  async #take(n: number): Promise<SendItem[]> {
    if (this.queue.length < n && !this.stopped) {
      // A claim ahead of need must never reject unobserved (an unhandled rejection ends the process): its error is
      // kept and thrown to the task that waits on the next claim, which backs off.
      this.#claiming ??= this.#claim()
        .catch((err: unknown) => void (this.#claimError = err))
        .finally(() => (this.#claiming = null));
      if (!this.queue.length) await this.#claiming;
      const err = this.#claimError;
      if (err && !this.queue.length) {
        this.#claimError = null;
        throw err;
      }
    }
    return this.queue.splice(0, n);
  }

  async #claim() {
    const { ctx, opts, workerId } = this.loop;
    const size = Math.min(opts.claimSize, this.sender?.claimSize ?? opts.claimSize);
    const items = await repo.claimDeliveries(ctx.db, this.campaign.id, workerId, size, opts.leaseMs);
    if (this.stopped || this.loop.killed) {
      if (!this.loop.killed) await repo.releaseClaimed(ctx.db, workerId, items.map((i) => i.deliveryId));
      return;
    }
    for (const i of items) this.loop.held.add(i.deliveryId);
    this.queue.push(...items);
    if (!items.length && Date.now() - this.#idleSince > 1000) {
      this.#idleSince = Date.now();
      await repo.finishIfDone(ctx.db, this.campaign.id);
    }
  }

  async #task() {
    const { opts } = this.loop;
    const sender = this.sender!;
    const backoff = new Backoff();
    while (!this.stopped && !this.loop.killed) {
      // Items taken but not yet handed to #sendLane go back to the queue if anything below throws.
      let items: SendItem[] = [];
      try {
        items = await this.#take(sender.maxBatch);
        if (!items.length) {
          await sleep(opts.pollMs);
          continue;
        }
        const res = await sender.reserve(items.length);
        if (!res.lane) {
          this.queue.unshift(...items.splice(0));
          await sleep(Math.min(res.waitMs, 1000));
          continue;
        }
        const lane = res.lane;
        if (lane.granted < items.length) this.queue.unshift(...items.splice(lane.granted));
        const batch = items.splice(0);
        await this.#sendLane(sender, lane, batch);
        backoff.ok();
      } catch (err) {
        if (items.length) this.queue.unshift(...items);
        if (err instanceof Killed || this.loop.killed) return;
        const b = backoff.fail();
        if (b.first) this.loop.ctx.log.warn('delivery task error; backing off', { campaignId: this.campaign.id, error: (err as Error).message });
        await sleep(b.waitMs);
      }
    }
  }

  async #sendLane(sender: ChannelSender, lane: { routeId: number | null; granted: number }, items: SendItem[]) {
    const { ctx, workerId, opts } = this.loop;
    let sent = 0;
    try {
      const rendered = await sender.render(items);
      const decided: { item: SendItem; result: SendResult; attempted: boolean }[] = [];
      const ready: { item: SendItem; payload: unknown }[] = [];
      for (const r of rendered) {
        if ('payload' in r) ready.push(r);
        else decided.push({ item: r.item, result: r.result, attempted: false });
      }
      this.loop.check();
      const owned = await repo.withRetry(() => repo.markSending(ctx.db, ready.map((r) => r.item.deliveryId), workerId, lane.routeId, opts.leaseMs, this.campaign.id), opts.leaseMs / 2);
      const go = ready.filter((r) => owned.has(r.item.deliveryId));
      sent = go.length;
      this.loop.check();
      const results = go.length ? await sender.send(lane, go) : [];
      go.forEach((g, i) => decided.push({ item: g.item, result: results[i] ?? { status: 'unknown', reason: 'no result from the channel' }, attempted: true }));
      this.loop.check();
      await this.loop.write(this.campaign.channel, decided);
    } finally {
      // Written or not, these rows are no longer ours to renew: unwritten ones expire into recovery.
      for (const i of items) this.loop.held.delete(i.deliveryId);
      sender.release(lane, Math.max(0, lane.granted - sent));
    }
  }

  /** Stops sending: in-flight lanes finish and write; queued local items go back to the database queue. */
  async stop() {
    this.stopped = true;
    await Promise.allSettled(this.#tasks);
    await this.#claiming?.catch(() => undefined);
    const left = this.queue.splice(0).map((i) => i.deliveryId);
    for (const id of left) this.loop.held.delete(id);
    if (!this.loop.killed) await repo.releaseClaimed(this.loop.ctx.db, this.loop.workerId, left).catch(() => undefined);
    if (this.loop.killed) this.sender?.destroy?.();
    else await this.sender?.close();
  }
}

/** The per-process sending loop. */
export class DeliveryLoop {
  readonly opts: Required<PipelineOptions>;
  killed = false;
  /** Deliveries this process is working on (claimed in a queue, or being sent): the heartbeat renews only these. */
  readonly held = new Set<number>();
  #stopping = false;
  #runs = new Map<number, CampaignRun>();
  #main: Promise<void> | null = null;
  #lastBeat = 0;
  #lastReclaim = 0;

  constructor(
    readonly ctx: AppContext,
    readonly workerId: string,
    opts: PipelineOptions = {},
  ) {
    this.opts = {
      leaseMs: 20_000,
      claimSize: 500,
      pollMs: 500,
      maxAttempts: Number.POSITIVE_INFINITY,
      retryBaseMs: 60_000,
      retryMaxDelayMs: 3_600_000,
      retryPeriodMs: (ctx.config.retryHours ?? 48) * 3_600_000,
      ...opts,
    };
  }

  start() {
    this.#main = this.#loop();
    return this;
  }

  check() {
    if (this.killed) throw new Killed('killed');
  }

  async #loop() {
    const backoff = new Backoff();
    while (!this.#stopping && !this.killed) {
      let waitMs = Math.min(1000, this.opts.pollMs * 2);
      try {
        const now = Date.now();
        if (now - this.#lastReclaim > Math.min(5000, this.opts.leaseMs / 2)) {
          this.#lastReclaim = now;
          await repo.reclaimExpired(this.ctx.db);
        }
        if (now - this.#lastBeat > this.opts.leaseMs / 4) {
          this.#lastBeat = now;
          await repo.heartbeat(this.ctx.db, this.workerId, [...this.held], this.opts.leaseMs);
        }
        const active = await repo.sendingCampaigns(this.ctx.db);
        this.check();
        const ids = new Set(active.map((c) => c.id));
        for (const c of active) {
          if (!this.#runs.has(c.id)) {
            const run = new CampaignRun(this, c);
            this.#runs.set(c.id, run);
            void run.start();
          }
        }
        for (const [id, run] of this.#runs) {
          if (!ids.has(id) || run.stopped) {
            this.#runs.delete(id);
            void run.stop();
          }
        }
        backoff.ok();
      } catch (err) {
        if (this.killed) return;
        const b = backoff.fail();
        if (b.first) this.ctx.log.warn('delivery loop error; backing off until the database answers', { error: (err as Error).message });
        waitMs = Math.max(waitMs, b.waitMs);
      }
      await sleep(waitMs);
    }
  }

  /** Turns channel results into one batched UPDATE, events, and contact status changes (hard bounces). */
  async write(channel: string, decided: { item: SendItem; result: SendResult; attempted: boolean }[]) {
    if (!decided.length) return;
    const rows: repo.ResultRow[] = [];
    const events: Parameters<typeof repo.insertEvents>[1] = [];
    const hardBounced = new Map<number, number[]>();
    const now = Date.now();
    for (const { item, result: r, attempted } of decided) {
      const ev = (type: string, data: Record<string, unknown>) =>
        events.push({ workspaceId: item.workspaceId, campaignId: item.campaignId, deliveryId: item.deliveryId, contactId: item.contact.id, channel, type, data });
      const base = { id: item.deliveryId, reason: null, errorCode: null, providerMessageId: null, nextAttemptAt: null, bounceClass: null, attemptDelta: 0 };
      if (r.status === 'sent') rows.push({ ...base, status: 'sent', providerMessageId: r.providerMessageId });
      else if (r.status === 'skipped') rows.push({ ...base, status: 'skipped', reason: r.reason });
      else if (r.status === 'unknown') {
        rows.push({ ...base, status: 'unknown', reason: r.reason });
        ev('unknown', { reason: r.reason });
      } else if (r.status === 'deferred') {
        rows.push({ ...base, status: 'deferred', reason: r.reason, nextAttemptAt: r.until, attemptDelta: attempted ? -1 : 0 });
      } else if (r.retryable && this.#retryDelay(item, r.retryAfterMs) !== null) {
        const delay = this.#retryDelay(item, r.retryAfterMs)!;
        rows.push({ ...base, status: 'deferred', reason: `Retrying after: ${r.reason}`, errorCode: r.code, nextAttemptAt: new Date(now + delay) });
        ev('deferred', { code: r.code, reason: r.reason, attempt: item.attempt });
      } else {
        const reason = r.retryable ? `Gave up after ${item.attempt} attempts: ${r.reason}` : r.reason;
        rows.push({ ...base, status: 'failed', reason, errorCode: r.code, bounceClass: r.bounce?.class ?? null });
        if (r.bounce) {
          ev('bounce', { class: r.bounce.class, status: r.bounce.status, diagnostic: r.bounce.diagnostic, policyBlock: r.bounce.policyBlock, reason: r.bounce.reason ?? null, source: 'smtp' });
          if (r.bounce.class === 'hard' && !r.bounce.policyBlock && channel === 'email') {
            const list = hardBounced.get(item.workspaceId) ?? [];
            list.push(item.contact.id);
            hardBounced.set(item.workspaceId, list);
          }
        } else ev('failed', { code: r.code, reason });
      }
    }
    this.check();
    await repo.withRetry(() => repo.writeResults(this.ctx.db, this.workerId, rows));
    await repo.withRetry(() => repo.insertEvents(this.ctx.db, events));
    for (const [ws, ids] of hardBounced) {
      await setChannelStatus(this.ctx.db, ws, ids, 'email', 'bounced', { source: 'bounce', reason: 'SMTP permanent failure at send time', actor: 'system' });
    }
  }

  /**
   * The wait before the next attempt of a temporary failure: growing (base × 2^(attempt−1), capped), or what the
   * provider asked for. Null once the next attempt would fall outside the retry period (or past maxAttempts).
   */
  #retryDelay(item: SendItem, retryAfterMs?: number): number | null {
    const o = this.opts;
    if (item.attempt >= o.maxAttempts) return null;
    const delay = retryAfterMs ?? Math.min(o.retryMaxDelayMs, o.retryBaseMs * 2 ** Math.min(30, item.attempt - 1));
    return (item.retryAgeMs ?? 0) + delay <= o.retryPeriodMs ? delay : null;
  }

  /** Graceful stop: finish in-flight sends, write their results, give unsent claims back. */
  async stop() {
    this.#stopping = true;
    await this.#main;
    await Promise.allSettled([...this.#runs.values()].map((r) => r.stop()));
    this.#runs.clear();
    await repo.releaseClaimed(this.ctx.db, this.workerId).catch(() => undefined);
  }

  /** Test hook simulating SIGKILL: stops every database write and drops provider sockets at once. */
  kill() {
    this.killed = true;
    for (const run of this.#runs.values()) {
      run.stopped = true;
      run.sender?.destroy?.();
    }
  }
}

/** Starts the sending loop of this worker process. */
export function startDeliveryLoop(ctx: AppContext, workerId: string, opts: PipelineOptions = {}): DeliveryLoop {
  return new DeliveryLoop(ctx, workerId, opts).start();
}
