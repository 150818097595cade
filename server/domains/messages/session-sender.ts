/**
 * WhatsApp free-form (session) messages — text or media inside the 24-hour window — as a ChannelSender, so the
 * messages lanes drive it like the template sender: the number's shared send schedule (ThroughputPacer, the
 * same slots campaigns take, so messages/second holds across both), one POST per message, answers mapped through
 * errors-map.ts (131026 → the number is suppressed as unreachable, like campaigns).
 */
import type { AppContext } from '../../app/context.js';
import type { ChannelSender, Lane, Rendered, Reservation, SendItem, SendResult } from '../channels/channel.js';
import { waErrorInfo } from '../channels/whatsapp/errors-map.js';
import { ThroughputPacer } from '../channels/whatsapp/limits/throughput.js';
import { suppressUnreachable } from '../whatsapp-campaigns/async-failures.js';
import type { GraphPoster, PostOutcome } from '../whatsapp-campaigns/http-send.js';
import type { ConnectionRow } from '../whatsapp/index.js';

export interface SessionContent {
  text: string | null;
  media: { type: string; url: string; caption?: string; filename?: string } | null;
}

type Payload = Record<string, unknown>;

export class WaSessionSender implements ChannelSender<Payload> {
  readonly concurrency = 4;
  readonly maxBatch = 25;
  readonly #pacer: ThroughputPacer;

  constructor(
    private readonly ctx: AppContext,
    private readonly conn: ConnectionRow,
    private readonly poster: GraphPoster,
    private readonly contentOf: (item: SendItem) => SessionContent,
  ) {
    this.#pacer = new ThroughputPacer(ctx.db, conn.id, () => conn.messages_per_second);
  }

  async reserve(want: number): Promise<Reservation> {
    return { lane: { routeId: this.conn.id, granted: Math.min(want, this.maxBatch) } };
  }

  release(): void {}

  async render(items: SendItem[]): Promise<Rendered<Payload>[]> {
    const waIds = items.map((i) => i.address.replace(/\D/g, ''));
    const open = await this.ctx.db
      .selectFrom('wa_conversations')
      .select('wa_id')
      .where('connection_id', '=', this.conn.id)
      .where('wa_id', 'in', waIds.length ? waIds : [''])
      .where('window_expires_at', '>', new Date())
      .execute();
    const inWindow = new Set(open.map((r) => r.wa_id));
    return items.map((item, k) => {
      const c = item.contact;
      const skip = c.deleted ? 'deleted' : item.suppressed ? 'suppressed' : c.whatsappStatus === 'opted_out' ? 'opted_out' : !inWindow.has(waIds[k]) ? 'window_closed' : null;
      if (skip) return { item, result: { status: 'skipped', reason: skip } };
      const m = this.contentOf(item);
      const body: Payload = { messaging_product: 'whatsapp', recipient_type: 'individual', to: waIds[k], biz_opaque_callback_data: `m:d${item.deliveryId}` };
      if (m.media) {
        body.type = m.media.type;
        body[m.media.type] = { link: m.media.url, ...(m.media.caption ? { caption: m.media.caption } : {}), ...(m.media.filename ? { filename: m.media.filename } : {}) };
      } else {
        body.type = 'text';
        body.text = { body: m.text ?? '', preview_url: /https?:\/\//.test(m.text ?? '') };
      }
      return { item, payload: body };
    });
  }

  async send(_lane: Lane, items: { item: SendItem; payload: Payload }[]): Promise<SendResult[]> {
    const results: SendResult[] = new Array(items.length);
    const unreachable: number[] = [];
    let next = 0;
    const inFlight: Promise<void>[] = [];
    while (next < items.length) {
      const granted = await this.#pacer.take(items.length - next);
      if (!granted) break;
      for (const k of Array.from({ length: granted }, (_, j) => next + j)) {
        inFlight.push(
          this.poster.post(`${this.conn.phone_number_id}/messages`, items[k].payload).then((o) => {
            results[k] = mapOutcome(o);
            if (results[k].status === 'failed' && (results[k] as { code: string }).code === '131026') unreachable.push(items[k].item.deliveryId);
          }),
        );
      }
      next += granted;
    }
    await Promise.all(inFlight);
    for (let k = 0; k < items.length; k++) results[k] ??= { status: 'deferred', until: new Date(Date.now() + 1000), reason: 'not_attempted' };
    await suppressUnreachable(this.ctx.db, unreachable);
    return results;
  }

  async close(): Promise<void> {
    this.#pacer.close();
    this.poster.close();
  }

  destroy(): void {
    this.#pacer.close();
    this.poster.close();
  }
}

/** A Cloud API answer as a SendResult (ambiguous → unknown, never resent). */
export function mapOutcome(o: PostOutcome): SendResult {
  if (o.kind === 'ok') {
    const id = (o.body as { messages?: { id?: string }[] } | null)?.messages?.[0]?.id;
    return id ? { status: 'sent', providerMessageId: id } : { status: 'unknown', reason: 'Meta answered 200 without a message id.' };
  }
  if (o.kind === 'not_sent') return { status: 'failed', retryable: true, code: 'network', reason: `Could not reach the Cloud API (${o.reason}).`, retryAfterMs: 5000 };
  if (o.kind === 'ambiguous') return { status: 'unknown', reason: `No answer (${o.reason}); it may have been accepted, so it is not resent.` };
  const code = (o.body as { error?: { code?: number } } | null)?.error?.code;
  if (typeof code !== 'number') return { status: 'unknown', reason: `HTTP ${o.status} without a Graph error body.` };
  const info = waErrorInfo(code, o.status);
  if (info.action === 'throttle') return { status: 'failed', retryable: true, code: String(code), reason: info.en, retryAfterMs: (info.retryAfterSec ?? 30) * 1000 };
  return { status: 'failed', retryable: false, code: String(code), reason: info.en };
}
