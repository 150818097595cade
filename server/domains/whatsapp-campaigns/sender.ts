/**
 * The WhatsApp ChannelSender: one per campaign per worker process.
 *  reserve  — refuses while the number is halted (and pauses the campaign); otherwise a lane for the batch;
 *  render   — consent at send time, the template per recipient, then tier admission (limits/tier.ts): recipients
 *             beyond the messaging limit come back 'deferred' (reason messaging_limit) before anything is marked
 *             sending, with next_attempt_at when the window allows (capped by the recheck interval);
 *  send     — throughput slots of the number's send schedule (limits/throughput.ts), one POST per recipient at
 *             its slot time (the next slots awaited while earlier requests are in flight), every answer mapped through errors-map.ts. An ambiguous send is 'unknown', never resent.
 */
import type { AppContext } from '../../app/context.js';
import type { ChannelSender, Lane, Rendered, Reservation, SendItem, SendResult } from '../channels/channel.js';
import { waErrorInfo } from '../channels/whatsapp/errors-map.js';
import { NumberClock } from '../channels/whatsapp/limits/clock.js';
import { limiterOptions } from '../channels/whatsapp/limits/options.js';
import { ThroughputPacer, throttleNumber } from '../channels/whatsapp/limits/throughput.js';
import { admitRecipients, tierLimit } from '../channels/whatsapp/limits/tier.js';
import { getWhatsappHalt, type ConnectionRow } from '../whatsapp/index.js';
import { optOutFromMeta, suppressUnreachable } from './async-failures.js';
import type { TemplateBuilder } from './content.js';
import type { GraphPoster, PostOutcome } from './http-send.js';
import { haltNumber, pauseWaCampaign } from './pause.js';

export interface WaPayload {
  waId: string;
  body: Record<string, unknown>;
}

export interface WaSenderOptions {
  campaignId: number;
  workspaceId: number;
  conn: ConnectionRow;
  category: string;
  requiresOptIn: boolean;
  build: TemplateBuilder;
  poster: GraphPoster;
}

const digits = (s: string) => s.replace(/\D/g, '');

export class WhatsappSender implements ChannelSender<WaPayload> {
  readonly concurrency: number;
  readonly maxBatch: number;
  readonly #clock: NumberClock;
  #conn: ConnectionRow;
  #connCheckedAt = Date.now();
  #halt = { halted: false, reason: null as string | null, at: 0 };
  #stopped = false;
  #throttleWindow = { at: 0, attempted: 0, throttled: 0 };
  readonly #pacer: ThroughputPacer;

  constructor(
    private readonly ctx: AppContext,
    private readonly o: WaSenderOptions,
  ) {
    this.#conn = o.conn;
    this.#clock = new NumberClock(ctx, o.conn);
    this.#pacer = new ThroughputPacer(ctx.db, o.conn.id, () => this.#conn.messages_per_second);
    const mps = o.conn.messages_per_second;
    // Enough requests in flight to fill the number's rate at a few ms per request, without hoarding 'sending' rows.
    this.concurrency = Math.max(2, Math.min(16, Math.ceil(mps / 60)));
    this.maxBatch = Math.max(5, Math.min(25, Math.ceil(mps / 40)));
  }

  get #mps() {
    return this.#conn.messages_per_second;
  }

  /** Re-reads the number (tier, mps may change through webhooks or edits) every few seconds. */
  async #refreshConn() {
    if (Date.now() - this.#connCheckedAt < 5000) return;
    this.#connCheckedAt = Date.now();
    const row = await this.ctx.db.selectFrom('wa_connections').selectAll().where('id', '=', this.#conn.id).executeTakeFirst();
    if (row) this.#conn = row;
  }

  async reserve(want: number): Promise<Reservation> {
    if (Date.now() - this.#halt.at > 1000) {
      const h = await getWhatsappHalt(this.ctx.db, this.#conn.id);
      this.#halt = { halted: h.halted, reason: h.reason, at: Date.now() };
      if (h.halted) await pauseWaCampaign(this.ctx.db, this.o.campaignId, h.reason ?? 'The WhatsApp number is halted.');
    }
    if (this.#halt.halted) return { lane: null, waitMs: 1000, reason: 'number halted' };
    await this.#refreshConn();
    return { lane: { routeId: this.#conn.id, granted: Math.min(want, this.maxBatch) } };
  }

  release(_lane: Lane, _unused: number): void {
    /* throughput tokens are taken per slice in send(); nothing is held by a lane */
  }

  #skipReason(item: SendItem): string | null {
    const c = item.contact;
    if (c.deleted) return 'deleted';
    if (!item.address) return 'no_phone';
    if (item.suppressed) return 'suppressed';
    if (c.whatsappStatus === 'opted_out') return 'opted_out';
    if (this.o.requiresOptIn && c.whatsappStatus !== 'opted_in') return 'no_consent';
    return null;
  }

  async render(items: SendItem[]): Promise<Rendered<WaPayload>[]> {
    const out: Rendered<WaPayload>[] = [];
    const ready: { item: SendItem; payload: WaPayload }[] = [];
    for (const item of items) {
      const skip = this.#skipReason(item);
      if (skip) {
        out.push({ item, result: { status: 'skipped', reason: skip } });
        continue;
      }
      const template = this.o.build(item.contact, { campaignId: item.campaignId, deliveryId: item.deliveryId });
      const empty = (template.components as { type: string; parameters: { text?: string }[] }[]).some((c) => c.type === 'body' && c.parameters.some((p) => p.text === ''));
      if (empty) {
        out.push({ item, result: { status: 'skipped', reason: 'missing_variable_value' } });
        continue;
      }
      const waId = digits(item.address);
      ready.push({ item, payload: { waId, body: { messaging_product: 'whatsapp', recipient_type: 'individual', to: waId, type: 'template', template, biz_opaque_callback_data: `c${item.campaignId}:d${item.deliveryId}` } } });
    }
    if (!ready.length) return out;
    const now = await this.#clock.now();
    const adm = await admitRecipients(this.ctx.db, this.#conn.id, tierLimit(this.#conn.tier), ready.map((r) => r.payload.waId), now);
    const recheck = now + limiterOptions().recheckMs;
    const until = this.#clock.toReal(Math.min(adm.retryAtMs ?? recheck, recheck), now);
    for (const r of ready) {
      if (adm.admitted.has(r.payload.waId)) out.push(r);
      else out.push({ item: r.item, result: { status: 'deferred', until, reason: 'messaging_limit' } });
    }
    return out;
  }

  async send(_lane: Lane, items: { item: SendItem; payload: WaPayload }[]): Promise<SendResult[]> {
    const results: SendResult[] = new Array(items.length);
    const unreachable: number[] = [];
    const optOut = new Map<number, number[]>();
    let stop: { kind: 'template' | 'halt'; code: number; en: string } | null = null;
    let throttled = 0;
    // Each grant is used at once and the next one is awaited while those requests are in flight: the slots are
    // spread over time, so waiting for answers between slices would leave most of them unused. A 130429 is a
    // definite "not accepted" (safe to resend): a stray one — requests that arrived bunched on a busy machine —
    // goes back into this batch for a later slot (at most twice) instead of a round trip through the queue.
    const todo = items.map((_, k) => k);
    const tries = new Uint8Array(items.length);
    const inFlight = new Set<Promise<void>>();
    let attempts = 0;
    while (todo.length || inFlight.size) {
      if (stop) break;
      if (!todo.length) {
        await Promise.race(inFlight);
        continue;
      }
      const granted = this.#stopped ? 0 : await this.#pacer.take(todo.length);
      if (!granted || stop) break;
      for (const k of todo.splice(0, granted)) {
        const { item, payload } = items[k];
        attempts++;
        const p: Promise<void> = this.o.poster.post(`${this.#conn.phone_number_id}/messages`, payload.body).then((o) => {
          inFlight.delete(p);
          const r = this.#map(o);
          if (r.effect === 'throttled') {
            throttled++;
            if (tries[k]++ < 2 && !this.#stopped) return void todo.push(k);
          }
          results[k] = r.result;
          if (r.effect === 'unreachable') unreachable.push(item.deliveryId);
          if (r.effect === 'opt_out') optOut.set(item.workspaceId, [...(optOut.get(item.workspaceId) ?? []), item.contact.id]);
          if (r.stop && !stop) stop = r.stop;
        });
        inFlight.add(p);
      }
    }
    await Promise.all(inFlight);
    // Never attempted (stopped, paused): back to the queue without counting an attempt.
    for (let k = 0; k < items.length; k++) results[k] ??= { status: 'deferred', until: new Date(Date.now() + 1000), reason: 'not_attempted' };
    await suppressUnreachable(this.ctx.db, unreachable);
    await optOutFromMeta(this.ctx.db, optOut);
    // A stray 130429 is send-time jitter at the edge of the limit (a busy machine delays some requests and they
    // arrive bunched): the item is simply retried. A sizeable share of 130429s over a few seconds means the
    // configured rate is above what Meta allows this number: slow every process down.
    if (this.#noteThrottled(attempts, throttled)) await throttleNumber(this.ctx.db, this.#conn.id, this.#mps).catch(() => undefined);
    const s = stop as { kind: 'template' | 'halt'; code: number; en: string } | null;
    if (s?.kind === 'template') await pauseWaCampaign(this.ctx.db, this.o.campaignId, `WhatsApp error ${s.code}: ${s.en}`);
    if (s?.kind === 'halt') {
      await haltNumber(this.ctx.db, this.o.workspaceId, this.#conn.id, s.code, s.en);
      this.#halt = { halted: true, reason: s.en, at: Date.now() };
    }
    return results;
  }

  /** Counts attempts and 130429s over a rolling ~2 s; true (once per window) when the share says "too fast". */
  #noteThrottled(attempted: number, throttled: number): boolean {
    const now = Date.now();
    if (now - this.#throttleWindow.at > 2000) this.#throttleWindow = { at: now, attempted: 0, throttled: 0 };
    const w = this.#throttleWindow;
    w.attempted += attempted;
    w.throttled += throttled;
    // Judged on a real sample (a quarter of a second's worth of the limit, at least 20 attempts): one bunched
    // batch early in a window must not halve the number's rate for 30 s.
    if (w.throttled >= 3 && w.attempted >= Math.max(20, this.#mps / 4) && w.throttled >= 0.25 * w.attempted) {
      this.#throttleWindow = { at: now, attempted: 0, throttled: 0 };
      return true;
    }
    return false;
  }

  #map(o: PostOutcome): { result: SendResult; effect?: 'unreachable' | 'opt_out' | 'throttled'; stop?: { kind: 'template' | 'halt'; code: number; en: string } } {
    if (o.kind === 'ok') {
      const id = (o.body as { messages?: { id?: string }[] } | null)?.messages?.[0]?.id;
      return id ? { result: { status: 'sent', providerMessageId: id } } : { result: { status: 'unknown', reason: 'Meta answered 200 without a message id.' } };
    }
    if (o.kind === 'not_sent') return { result: { status: 'failed', retryable: true, code: 'network', reason: `Could not reach the Cloud API (${o.reason}).`, retryAfterMs: 5000 } };
    if (o.kind === 'ambiguous') return { result: { status: 'unknown', reason: `The request was sent but no answer came (${o.reason}); it may have been accepted, so it is not resent.` } };
    const err = (o.body as { error?: { code?: number; error_data?: { details?: string } } } | null)?.error;
    if (typeof err?.code !== 'number') {
      return { result: { status: 'unknown', reason: `HTTP ${o.status} without a Graph error body; the message may have been accepted, so it is not resent.` } };
    }
    const code = err.code;
    const info = waErrorInfo(code, o.status);
    const reason = info.en;
    const c = String(code);
    switch (info.action) {
      case 'throttle': {
        const base = (info.retryAfterSec ?? 30) * 1000;
        return { result: { status: 'failed', retryable: true, code: c, reason, retryAfterMs: Math.round(base * (0.75 + Math.random() * 0.5)) }, effect: code === 130429 ? 'throttled' : undefined };
      }
      case 'unreachable':
        return { result: { status: 'failed', retryable: false, code: c, reason }, effect: 'unreachable' };
      case 'opt_out':
        return { result: { status: 'failed', retryable: false, code: c, reason }, effect: 'opt_out' };
      case 'experiment':
        return { result: { status: 'skipped', reason: 'meta_experiment' } };
      case 'user_limit':
        return { result: { status: 'failed', retryable: true, code: c, reason, retryAfterMs: (info.retryAfterSec ?? 86_700) * 1000 } };
      case 'template':
      case 'halt':
        return { result: { status: 'deferred', until: new Date(Date.now() + 1000), reason: `paused: error ${code}` }, stop: { kind: info.action, code, en: info.en } };
      default:
        return { result: { status: 'failed', retryable: false, code: c, reason: err.error_data?.details ? `${reason} (${err.error_data.details})`.slice(0, 500) : reason } };
    }
  }

  async close(): Promise<void> {
    this.#stopped = true;
    this.#pacer.close();
    this.o.poster.close();
  }

  destroy(): void {
    this.#stopped = true;
    this.#pacer.close();
    this.o.poster.close();
  }
}
