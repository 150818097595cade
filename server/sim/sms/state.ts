/**
 * The simulated account's messages and how they move: accepted as `queued`, dequeued per sender at the configured
 * segments per second (a full queue fails with 30001), then `sent` and `delivered` (or `undelivered` / `failed`
 * with a Twilio error code). Twilio sends no callback for the initial status; every later one goes to the
 * message's StatusCallback. Statuses only move forward.
 */
import { randomBytes } from 'node:crypto';
import { countSegments } from '../../domains/channels/sms/segments.js';
import type { CallbackSender } from './callbacks.js';
import type { SmsSimConfig } from './config.js';
import { DELIVERY_ERRORS } from './errors.js';

export type SimStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'undelivered' | 'failed' | 'received';

export interface SimMessage {
  sid: string;
  direction: 'outbound-api' | 'outbound-reply' | 'inbound';
  from: string;
  to: string;
  body: string;
  numSegments: number;
  encoding: 'GSM-7' | 'UCS-2';
  status: SimStatus;
  errorCode: number | null;
  errorMessage: string | null;
  statusCallback: string | null;
  dateCreated: Date;
  dateSent: Date | null;
  dateUpdated: Date;
}

export interface SimStats {
  accepted: number;
  rejected: number;
  segments: number;
  delivered: number;
  undelivered: number;
  failed: number;
  inbound: number;
  callbacksOk: number;
  callbacksFailed: number;
}

const ORDER: Record<SimStatus, number> = { received: 0, queued: 0, sending: 1, sent: 2, delivered: 3, undelivered: 3, failed: 3 };

export function newSid(prefix: 'SM' | 'MM'): string {
  return prefix + randomBytes(16).toString('hex');
}

export class SimState {
  readonly messages = new Map<string, SimMessage>();
  /** Opted-out pairs `sender|recipient` (Twilio blocks per sender number). */
  readonly optedOut = new Set<string>();
  readonly stats: SimStats = { accepted: 0, rejected: 0, segments: 0, delivered: 0, undelivered: 0, failed: 0, inbound: 0, callbacksOk: 0, callbacksFailed: 0 };
  private readonly nextFreeAt = new Map<string, number>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly config: () => SmsSimConfig, private readonly callbacks: CallbackSender) {}

  /** Records an accepted outbound message and schedules its progress. */
  accept(m: Omit<SimMessage, 'sid' | 'numSegments' | 'encoding' | 'status' | 'errorCode' | 'errorMessage' | 'dateCreated' | 'dateSent' | 'dateUpdated'>): SimMessage {
    const seg = countSegments(m.body);
    const now = new Date();
    const msg: SimMessage = { ...m, sid: newSid('SM'), numSegments: Math.max(1, seg.segments), encoding: seg.encoding, status: 'queued', errorCode: null, errorMessage: null, dateCreated: now, dateSent: null, dateUpdated: now };
    this.messages.set(msg.sid, msg);
    this.stats.accepted += 1;
    this.stats.segments += msg.numSegments;
    const cfg = this.config();
    const nowMs = Date.now();
    const startAt = Math.max(nowMs, this.nextFreeAt.get(msg.from) ?? 0);
    if (startAt - nowMs > cfg.maxQueueMs) {
      this.later(0, () => this.finish(msg, 30001));
      return msg;
    }
    const perSegment = cfg.segmentsPerSecond > 0 ? 1000 / cfg.segmentsPerSecond : 0;
    this.nextFreeAt.set(msg.from, startAt + perSegment * msg.numSegments);
    this.later(startAt - nowMs + cfg.latencies.sentMs, () => {
      this.move(msg, 'sent');
      msg.dateSent = new Date();
      const code = cfg.failures[msg.to];
      this.later(cfg.latencies.deliveredMs, () => (code ? this.finish(msg, code) : this.move(msg, 'delivered')));
    });
    return msg;
  }

  /** Records an inbound message (no progress: it is `received`). */
  receive(from: string, to: string, body: string): SimMessage {
    const seg = countSegments(body);
    const now = new Date();
    const msg: SimMessage = { sid: newSid('SM'), direction: 'inbound', from, to, body, numSegments: Math.max(1, seg.segments), encoding: seg.encoding, status: 'received', errorCode: null, errorMessage: null, statusCallback: null, dateCreated: now, dateSent: now, dateUpdated: now };
    this.messages.set(msg.sid, msg);
    this.stats.inbound += 1;
    return msg;
  }

  private finish(msg: SimMessage, code: number): void {
    const err = DELIVERY_ERRORS[code] ?? { status: 'undelivered' as const, message: 'Unknown error' };
    msg.errorCode = code;
    msg.errorMessage = err.message;
    this.move(msg, err.status);
  }

  private move(msg: SimMessage, status: SimStatus): void {
    if (ORDER[status] <= ORDER[msg.status]) return;
    msg.status = status;
    msg.dateUpdated = new Date();
    if (status === 'delivered') this.stats.delivered += 1;
    if (status === 'undelivered') this.stats.undelivered += 1;
    if (status === 'failed') this.stats.failed += 1;
    if (!msg.statusCallback) return;
    const cfg = this.config();
    const params: Record<string, string> = {
      AccountSid: cfg.accountSid,
      ApiVersion: '2010-04-01',
      From: msg.from,
      To: msg.to,
      MessageSid: msg.sid,
      SmsSid: msg.sid,
      MessageStatus: status,
      SmsStatus: status,
      NumSegments: String(msg.numSegments),
    };
    if (msg.errorCode) params.ErrorCode = String(msg.errorCode);
    if (status === 'delivered' || status === 'undelivered') params.RawDlrDoneDate = rawDlrDate(msg.dateUpdated);
    void this.callbacks.post('status', msg.statusCallback, params).then((body) => {
      if (body === null) this.stats.callbacksFailed += 1;
      else this.stats.callbacksOk += 1;
    });
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, Math.max(0, ms));
    this.timers.add(t);
  }

  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}

/** `YYMMDDhhmm` as carriers report it (UTC here). */
function rawDlrDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCFullYear() % 100)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}`;
}

/** The Message resource JSON Twilio answers. */
export function messageResource(m: SimMessage, accountSid: string): Record<string, unknown> {
  const uri = `/2010-04-01/Accounts/${accountSid}/Messages/${m.sid}.json`;
  return {
    sid: m.sid,
    account_sid: accountSid,
    api_version: '2010-04-01',
    body: m.body,
    date_created: m.dateCreated.toUTCString().replace('GMT', '+0000'),
    date_sent: m.dateSent ? m.dateSent.toUTCString().replace('GMT', '+0000') : null,
    date_updated: m.dateUpdated.toUTCString().replace('GMT', '+0000'),
    direction: m.direction,
    error_code: m.errorCode,
    error_message: m.errorMessage,
    from: m.from,
    to: m.to,
    messaging_service_sid: null,
    num_media: '0',
    num_segments: String(m.numSegments),
    price: null,
    price_unit: 'USD',
    status: m.status,
    subresource_uris: { media: uri.replace('.json', '/Media.json') },
    uri,
  };
}
