/**
 * Stores verified webhook POSTs in `wa_webhook_inbox` with group commit: requests that arrive while an INSERT
 * is in flight are written together by the next one (one multi-row INSERT), and each request is answered only
 * after its row is committed. Under load this turns thousands of tiny INSERTs per second into a few dozen,
 * without ever acknowledging a webhook that is not stored.
 */
import { EventEmitter } from 'node:events';
import type { AppContext } from '../../../app/context.js';

interface Pending {
  connectionIds: number[];
  body: string;
  resolve: () => void;
  reject: (err: unknown) => void;
}

const MAX_ROWS = 500;
const MAX_IN_FLIGHT = 2;

/** Emits 'stored' after rows are committed, so an in-process processor can start at once. */
export const inboxSignal = new EventEmitter();
inboxSignal.setMaxListeners(100);

class InboxWriter {
  private queue: Pending[] = [];
  private inFlight = 0;
  constructor(private readonly ctx: AppContext) {}

  write(connectionIds: number[], body: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ connectionIds, body, resolve, reject });
      this.pump();
    });
  }

  private pump() {
    while (this.inFlight < MAX_IN_FLIGHT && this.queue.length) {
      const batch = this.queue.splice(0, MAX_ROWS);
      this.inFlight++;
      void this.flush(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async flush(batch: Pending[]) {
    try {
      await this.ctx.db
        .insertInto('wa_webhook_inbox')
        .values(batch.map((p) => ({ connection_ids: p.connectionIds, body: p.body })))
        .execute();
      for (const p of batch) p.resolve();
      inboxSignal.emit('stored');
    } catch (err) {
      for (const p of batch) p.reject(err);
    }
  }
}

const writers = new WeakMap<AppContext, InboxWriter>();

/** Stores one verified webhook body; resolves once it is committed. */
export function storeWebhook(ctx: AppContext, connectionIds: number[], body: string): Promise<void> {
  let w = writers.get(ctx);
  if (!w) writers.set(ctx, (w = new InboxWriter(ctx)));
  return w.write(connectionIds, body);
}
