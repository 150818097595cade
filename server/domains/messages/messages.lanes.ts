/**
 * The messages lanes every worker process runs (a WorkerLoop), next to the campaign delivery loop:
 *  - the URGENT lane claims only `urgent` messages and has its own send tasks: however busy the shared lane or
 *    a 100,000-recipient campaign (a different loop) is, an urgent message waits only for the channel's limit;
 *  - the SHARED lane claims every priority, `high` before `normal` before `low` (ORDER BY priority desc).
 * Limits are the channels' own, held in the database and shared with campaigns (WhatsApp send schedule and tier,
 * SMTP server buckets): the lanes reserve capacity of this process, never extra provider capacity.
 * Crash safety is the campaigns' (deliveries.repo.ts): claimed → sending (durable mark right before the hand-over)
 * → result; lease recovery re-queues claimed rows and turns sending rows into 'unknown'.
 */
import type { AppContext } from '../../app/context.js';
import type { SendItem, SendResult } from '../channels/channel.js';
import { DeliveryLoop, markSending } from '../deliveries/index.js';
import type { WorkerLoop } from '../../workers/types.js';
import { claimMessages, insertMessageEvents, type ClaimedMessage } from './messages.repo.js';
import { SenderCache } from './senders.js';
import { onMessagesQueued } from './wake.js';
import { releaseClaimed } from '../deliveries/deliveries.repo.js';

export interface LaneOptions {
  name: 'urgent' | 'shared';
  minRank: number;
  /** Concurrent claim-and-send tasks of this lane in this process. */
  tasks: number;
  claimSize: number;
  pollMs: number;
  leaseMs: number;
}

const sleep = (ms: number, wake?: { fn: (() => void) | null }) =>
  new Promise<void>((r) => {
    const t = setTimeout(r, ms);
    if (wake) wake.fn = () => (clearTimeout(t), r());
  });

class Lane {
  readonly owner: string;
  readonly writer: DeliveryLoop;
  readonly senders: SenderCache;
  #stopped = false;
  #killed = false;
  #tasks: Promise<void>[] = [];
  #wakers: { fn: (() => void) | null }[] = [];
  #off: () => void;

  constructor(
    readonly ctx: AppContext,
    workerId: string,
    readonly o: LaneOptions,
  ) {
    this.owner = `${workerId}:msg-${o.name}`;
    // The campaign loop's result writer (batched UPDATE, retries with backoff, events, hard bounces), not started.
    this.writer = new DeliveryLoop(ctx, this.owner, { leaseMs: o.leaseMs });
    this.senders = new SenderCache(ctx);
    this.#off = onMessagesQueued(() => this.#wakers.forEach((w) => w.fn?.()));
  }

  start() {
    for (let i = 0; i < this.o.tasks; i++) {
      const w = { fn: null as (() => void) | null };
      this.#wakers.push(w);
      this.#tasks.push(this.#task(w));
    }
    return this;
  }

  async #task(wake: { fn: (() => void) | null }) {
    while (!this.#stopped) {
      try {
        const claimed = await claimMessages(this.ctx.db, this.owner, this.o.minRank, this.o.claimSize, this.o.leaseMs);
        if (this.#killed) return;
        if (!claimed.length) {
          await sleep(this.o.pollMs, wake);
          continue;
        }
        await this.#sendClaimed(claimed);
      } catch (err) {
        if (this.#killed) return;
        this.ctx.log.warn('messages lane error', { lane: this.o.name, error: (err as Error).message });
        await sleep(500);
      }
    }
  }

  async #sendClaimed(claimed: ClaimedMessage[]) {
    const groups = new Map<string, { m: ClaimedMessage; item: SendItem }[]>();
    for (const m of claimed) {
      const r = this.senders.route(m);
      groups.set(r.key, [...(groups.get(r.key) ?? []), { m, item: r.item }]);
    }
    await Promise.all([...groups].map(([key, list]) => this.#sendGroup(key, list)));
    await this.senders.sweep(claimed.map((c) => c.item.deliveryId));
  }

  async #sendGroup(key: string, list: { m: ClaimedMessage; item: SendItem }[]) {
    const channel = list[0].m.channel;
    let sender;
    try {
      sender = await this.senders.get(key, list[0].m);
    } catch (err) {
      // The set-up is gone (number removed, template no longer approved…): a final failure with the reason.
      const reason = (err as Error).message;
      await this.#write(channel, list.map(({ item }) => ({ item, result: { status: 'failed', retryable: false, code: 'setup', reason }, attempted: false })), list);
      return;
    }
    let todo = list.map((l) => l.item);
    while (todo.length && !this.#killed) {
      const res = await sender.reserve(todo.length);
      if (!res.lane) {
        if (this.#stopped) break;
        await sleep(Math.min(res.waitMs, 1000));
        continue;
      }
      const lane = res.lane;
      const batch = todo.slice(0, lane.granted);
      todo = todo.slice(lane.granted);
      let sent = 0;
      try {
        const rendered = await sender.render(batch);
        const decided: { item: SendItem; result: SendResult; attempted: boolean }[] = [];
        const ready: { item: SendItem; payload: unknown }[] = [];
        for (const r of rendered) {
          if ('payload' in r) ready.push(r);
          else decided.push({ item: r.item, result: r.result, attempted: false });
        }
        const owned = await markSending(this.ctx.db, ready.map((r) => r.item.deliveryId), this.owner, lane.routeId, this.o.leaseMs);
        const go = ready.filter((r) => owned.has(r.item.deliveryId));
        sent = go.length;
        if (this.#killed) return;
        const results = go.length ? await sender.send(lane, go) : [];
        if (this.#killed) return;
        go.forEach((g, i) => decided.push({ item: g.item, result: results[i] ?? { status: 'unknown', reason: 'no result from the channel' }, attempted: true }));
        await this.#write(channel, decided, list);
      } finally {
        sender.release(lane, Math.max(0, lane.granted - sent));
      }
    }
    if (todo.length && !this.#killed) await releaseClaimed(this.ctx.db, this.owner, todo.map((i) => i.deliveryId));
  }

  async #write(channel: string, decided: { item: SendItem; result: SendResult; attempted: boolean }[], list: { m: ClaimedMessage }[]) {
    await this.writer.write(channel, decided);
    const msgOf = new Map(list.map((l) => [l.m.item.deliveryId, l.m.messageId]));
    const events = decided
      .filter((d) => d.result.status === 'sent' || d.result.status === 'skipped')
      .map((d) => ({
        workspaceId: d.item.workspaceId,
        deliveryId: d.item.deliveryId,
        contactId: d.item.contact.id,
        channel,
        type: d.result.status === 'sent' ? 'accepted' : 'skipped',
        data: { messageId: msgOf.get(d.item.deliveryId), ...(d.result.status === 'sent' ? { providerMessageId: d.result.providerMessageId } : { reason: (d.result as { reason: string }).reason }) },
      }));
    await insertMessageEvents(this.ctx.db, events);
  }

  async stop() {
    this.#stopped = true;
    this.#off();
    this.#wakers.forEach((w) => w.fn?.());
    await Promise.allSettled(this.#tasks);
    await this.senders.closeAll();
  }

  kill() {
    this.#killed = true;
    this.#stopped = true;
    this.#off();
    this.#wakers.forEach((w) => w.fn?.());
    void this.senders.closeAll(true);
  }
}

/** Default lane set-up: urgent has its own tasks (reserved), the shared lane serves every priority. */
export const DEFAULT_LANES: LaneOptions[] = [
  { name: 'urgent', minRank: 3, tasks: 2, claimSize: 25, pollMs: 100, leaseMs: 20_000 },
  { name: 'shared', minRank: 0, tasks: 2, claimSize: 100, pollMs: 250, leaseMs: 20_000 },
];

export interface MessageLanes {
  stop(): Promise<void>;
  /** Test hook simulating SIGKILL. */
  kill(): void;
}

/** Starts the messages lanes of this process. */
export function startMessageLanes(ctx: AppContext, workerId: string, lanes: LaneOptions[] = DEFAULT_LANES): MessageLanes {
  const running = lanes.map((o) => new Lane(ctx, workerId, o).start());
  return {
    stop: async () => void (await Promise.all(running.map((l) => l.stop()))),
    kill: () => running.forEach((l) => l.kill()),
  };
}

/** The WorkerLoop assembled in server/app/worker-registry.ts. */
export const messagesWorkerLoop: WorkerLoop = {
  name: 'messages',
  start(ctx, workerId) {
    return startMessageLanes(ctx, workerId);
  },
};
