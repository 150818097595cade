/**
 * Delivers webhooks to the configured receiver like Meta does: JSON with every non-ASCII
 * character escaped as \uXXXX, signed with `X-Hub-Signature-256: sha256=HMAC(app secret, exact bytes)`,
 * retried with exponential backoff on non-2xx or network errors (bounded), optionally duplicated.
 * Statuses produced in the same tick are batched into one POST per number (Meta batches too),
 * and sending runs with bounded concurrency off the request path so acceptance stays cheap.
 */
import { createHmac } from 'node:crypto';
import type { StatusEvent, WebhookChange, WebhookEnvelope } from '../../domains/channels/whatsapp/wa-types.js';
import type { SimConfig, SimNumber } from './config.js';
import type { SeededRng } from './rng.js';
import type { SimScheduler } from './scheduler.js';

/** One logged webhook POST (kept in a bounded ring for `GET /_sim/webhooks`). */
export interface WebhookLogEntry {
  id: number;
  field: string;
  url: string | null;
  state: 'pending' | 'delivered' | 'retrying' | 'dropped' | 'no-url';
  attempts: number;
  lastHttpStatus: number | null;
  lastError: string | null;
  duplicate: boolean;
  body: string;
}

interface Job {
  entry: WebhookLogEntry;
  signature: string;
}

/** Serialises like Meta: non-ASCII as lowercase \uXXXX (UTF-16 units), optionally `/` as `\/`. */
export function serializeWebhook(payload: unknown, escapeSlashes = false): string {
  let s = JSON.stringify(payload).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (escapeSlashes) s = s.replace(/\//g, '\\/');
  return s;
}

/** `sha256=<hex>` signature of `body` with `secret`. */
export function signWebhook(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

export class WebhookDispatcher {
  private statusBatches = new Map<string, { number: SimNumber; statuses: StatusEvent[] }>();
  private flushQueued = false;
  private ready: Job[] = [];
  private inFlight = 0;
  private closed = false;
  private nextId = 1;
  private readonly aborts = new Set<AbortController>();
  readonly log: WebhookLogEntry[] = [];
  readonly counters = { envelopes: 0, posts: 0, delivered: 0, failedAttempts: 0, retries: 0, dropped: 0, duplicates: 0 };

  constructor(
    private readonly config: () => SimConfig,
    private readonly scheduler: SimScheduler,
    private readonly rng: SeededRng,
  ) {}

  /** Queues a status for `number`; statuses queued in the same tick go out together. */
  enqueueStatus(number: SimNumber, status: StatusEvent): void {
    let batch = this.statusBatches.get(number.phoneNumberId);
    if (!batch) this.statusBatches.set(number.phoneNumberId, (batch = { number, statuses: [] }));
    batch.statuses.push(status);
    if (batch.statuses.length >= this.config().webhooks.batchMax) this.flushNumber(number.phoneNumberId);
    else if (!this.flushQueued) {
      this.flushQueued = true;
      setImmediate(() => this.flushStatuses());
    }
  }

  /** Sends a `messages`-field change carrying `value` (inbound messages, value-level errors) now. */
  sendMessagesValue(number: SimNumber, value: Record<string, unknown>): void {
    const full = { messaging_product: 'whatsapp', metadata: meta(number), ...value };
    this.sendEnvelope(number, { field: 'messages', value: full }, false);
  }

  /** Sends a WABA-level change (`message_template_status_update`, `account_update`, …) with `entry.time`. */
  sendWabaChange(number: SimNumber, field: string, value: Record<string, unknown>, timeSeconds: number): void {
    this.sendEnvelope(number, { field, value }, true, timeSeconds);
  }

  /** Webhook work not finished yet (queued statuses, ready and in-flight POSTs). */
  get backlog(): number {
    let n = this.ready.length + this.inFlight;
    for (const b of this.statusBatches.values()) n += b.statuses.length;
    return n;
  }

  /** Forgets the log and counters (reset). */
  reset(): void {
    this.statusBatches.clear();
    this.ready = [];
    this.log.length = 0;
    for (const k of Object.keys(this.counters) as (keyof typeof this.counters)[]) this.counters[k] = 0;
  }

  /** Stops sending and aborts in-flight requests. */
  close(): void {
    this.closed = true;
    this.ready = [];
    for (const a of this.aborts) a.abort();
  }

  private flushStatuses(): void {
    this.flushQueued = false;
    for (const id of [...this.statusBatches.keys()]) this.flushNumber(id);
  }

  private flushNumber(phoneNumberId: string): void {
    const batch = this.statusBatches.get(phoneNumberId);
    if (!batch || batch.statuses.length === 0) return;
    this.statusBatches.delete(phoneNumberId);
    this.sendMessagesValue(batch.number, { statuses: batch.statuses });
  }

  private sendEnvelope(number: SimNumber, change: WebhookChange, wabaLevel: boolean, timeSeconds?: number): void {
    if (this.closed) return;
    const cfg = this.config();
    const entry: WebhookEnvelope['entry'][number] = wabaLevel
      ? { id: number.wabaId, time: timeSeconds, changes: [change] }
      : { id: number.wabaId, changes: [change] };
    const body = serializeWebhook({ object: 'whatsapp_business_account', entry: [entry] }, cfg.webhooks.escapeSlashes);
    const url = number.webhookUrl ?? cfg.webhookUrl;
    this.counters.envelopes++;
    const dup = cfg.webhooks.duplicate === true || (typeof cfg.webhooks.duplicate === 'number' && this.rng.chance(cfg.webhooks.duplicate));
    const signature = signWebhook(body, cfg.appSecret);
    for (let copy = 0; copy < (dup ? 2 : 1); copy++) {
      const logEntry: WebhookLogEntry = {
        id: this.nextId++, field: change.field, url, state: url ? 'pending' : 'no-url',
        attempts: 0, lastHttpStatus: null, lastError: null, duplicate: copy === 1, body,
      };
      this.log.push(logEntry);
      if (this.log.length > 2000) this.log.splice(0, this.log.length - 2000);
      if (copy === 1) this.counters.duplicates++;
      if (url) this.ready.push({ entry: logEntry, signature });
    }
    this.pump();
  }

  private pump(): void {
    const limit = Math.max(1, this.config().webhooks.concurrency);
    while (!this.closed && this.inFlight < limit && this.ready.length) {
      const job = this.ready.shift()!;
      this.inFlight++;
      void this.post(job).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async post(job: Job): Promise<void> {
    const cfg = this.config();
    const e = job.entry;
    e.attempts++;
    this.counters.posts++;
    const abort = new AbortController();
    this.aborts.add(abort);
    const timer = setTimeout(() => abort.abort(), cfg.webhooks.timeoutMs);
    try {
      const res = await fetch(e.url!, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': job.signature, 'user-agent': 'facebookexternalua' },
        body: e.body,
        signal: abort.signal,
        redirect: 'manual', // Meta does not follow redirects
      });
      await res.arrayBuffer().catch(() => undefined);
      e.lastHttpStatus = res.status;
      if (res.status >= 200 && res.status < 300) {
        e.state = 'delivered';
        e.lastError = null;
        this.counters.delivered++;
        return;
      }
      e.lastError = `HTTP ${res.status}`;
    } catch (err) {
      e.lastError = (err as Error).name === 'AbortError' ? 'timeout' : (err as Error).message;
    } finally {
      clearTimeout(timer);
      this.aborts.delete(abort);
    }
    if (this.closed) return;
    this.counters.failedAttempts++;
    if (e.attempts > cfg.webhooks.maxRetries) {
      e.state = 'dropped';
      this.counters.dropped++;
      return;
    }
    e.state = 'retrying';
    this.counters.retries++;
    this.scheduler.after(cfg.webhooks.retryBaseMs * 2 ** (e.attempts - 1), () => {
      this.ready.push(job);
      this.pump();
    });
  }
}

function meta(n: SimNumber): { display_phone_number: string; phone_number_id: string } {
  return { display_phone_number: n.displayPhoneNumber, phone_number_id: n.phoneNumberId };
}
