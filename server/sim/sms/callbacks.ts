/**
 * Sends the simulator's webhooks the way Twilio does: form-encoded POST, `X-Twilio-Signature` over the URL and
 * the sorted parameters (signed with the account's auth token), retried on a non-2xx answer or a network error.
 * Returns the receiver's body (TwiML for inbound messages). Every attempt is logged for `GET /_sim/webhooks`.
 */
import { twilioSignature, type FormParams } from '../../domains/channels/sms/twilio-signature.js';
import type { SmsSimConfig } from './config.js';

export interface WebhookLogEntry {
  kind: 'status' | 'inbound';
  url: string;
  params: Record<string, string>;
  attempt: number;
  httpStatus: number | null;
  error: string | null;
  at: string;
}

export class CallbackSender {
  readonly log: WebhookLogEntry[] = [];
  private readonly aborts = new Set<AbortController>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly config: () => SmsSimConfig) {}

  /** POSTs `params` to `url`; resolves with the body of the first 2xx answer, or null after the last attempt. */
  async post(kind: WebhookLogEntry['kind'], url: string, params: Record<string, string>): Promise<string | null> {
    const { attempts, backoffMs, timeoutMs } = this.config().callbacks;
    for (let attempt = 1; attempt <= Math.max(1, attempts) && !this.closed; attempt++) {
      const entry: WebhookLogEntry = { kind, url, params, attempt, httpStatus: null, error: null, at: new Date().toISOString() };
      this.log.push(entry);
      const ac = new AbortController();
      this.aborts.add(ac);
      const timer = setTimeout(() => ac.abort(), timeoutMs);
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
            'x-twilio-signature': twilioSignature(this.config().authToken, url, params as FormParams),
            'user-agent': 'TwilioProxy/1.1',
            'i-twilio-idempotency-token': `${params.MessageSid ?? ''}-${params.MessageStatus ?? 'inbound'}`,
          },
          body: new URLSearchParams(params).toString(),
          signal: ac.signal,
        });
        entry.httpStatus = res.status;
        const text = await res.text();
        if (res.ok) return text;
      } catch (err) {
        entry.error = (err as Error).message;
      } finally {
        clearTimeout(timer);
        this.aborts.delete(ac);
      }
      if (attempt < attempts) await this.sleep(backoffMs * 2 ** (attempt - 1));
    }
    return null;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }

  close(): void {
    this.closed = true;
    for (const ac of this.aborts) ac.abort();
    for (const t of this.timers) clearTimeout(t);
  }
}
