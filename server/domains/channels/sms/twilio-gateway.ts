/**
 * Twilio-compatible gateway client: form-encoded `POST {base}/2010-04-01/Accounts/{Sid}/Messages.json` with Basic
 * auth through the instance's outbound policy. Works against Twilio and against `clarion sim sms`. Twilio error
 * codes are mapped to retry classes: 21610 is opt-out evidence (reference §0.4), invalid numbers are permanent,
 * 20429 and 5xx are retried, and a timeout after the request left is `unknown` (it may have been sent).
 */
import { isOutboundFailed, isOutboundRefused, outboundFetch, type OutboundPolicy } from '../../../lib/outbound/index.js';
import type { SmsGateway, SmsSendOutcome, SmsSendRequest } from './gateway.js';

export const TWILIO_BASE_URL = 'https://api.twilio.com';

export interface TwilioGatewayConfig {
  /** https://api.twilio.com or the simulator's URL. */
  baseUrl: string;
  accountSid: string;
  authToken: string;
  outbound: OutboundPolicy;
  timeoutMs?: number;
}

/** Twilio REST error codes that mean "this recipient, permanently". */
const PERMANENT_RECIPIENT = new Set([21211, 21214, 21217, 21407, 21408, 21612, 21614, 21266]);
/** Codes that mean "our configuration": permanent for every recipient until fixed. */
const PERMANENT_SENDER = new Set([20003, 21212, 21603, 21606, 21602, 21617, 21609, 30002]);

export class TwilioGateway implements SmsGateway {
  readonly kind = 'twilio';
  private readonly base: string;

  constructor(private readonly cfg: TwilioGatewayConfig) {
    this.base = cfg.baseUrl.replace(/\/+$/, '');
  }

  async send(req: SmsSendRequest): Promise<SmsSendOutcome> {
    const form = new URLSearchParams({ To: req.to, From: req.from, Body: req.body });
    if (req.statusCallbackUrl) form.set('StatusCallback', req.statusCallbackUrl);
    const url = `${this.base}/2010-04-01/Accounts/${encodeURIComponent(this.cfg.accountSid)}/Messages.json`;
    let status: number;
    let text: string;
    try {
      const res = await outboundFetch(this.cfg.outbound, url, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${this.cfg.accountSid}:${this.cfg.authToken}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: form.toString(),
        timeoutMs: this.cfg.timeoutMs ?? 15_000,
        maxBytes: 1024 * 1024,
        followRedirects: false,
      });
      status = res.status;
      text = res.body.toString('utf8');
    } catch (err) {
      if (isOutboundRefused(err)) return { status: 'failed', retryable: false, code: 'sms.gateway_refused', reason: err.message };
      if (isOutboundFailed(err) && err.reason === 'timeout') return { status: 'unknown', reason: 'The SMS gateway did not answer in time; the message may have been sent.' };
      return { status: 'failed', retryable: true, code: 'sms.gateway_unreachable', reason: (err as Error).message };
    }
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      json = {};
    }
    if (status >= 200 && status < 300 && typeof json.sid === 'string') {
      const segments = Number(json.num_segments);
      return { status: 'sent', providerMessageId: json.sid, segments: Number.isFinite(segments) && segments > 0 ? segments : undefined };
    }
    return mapTwilioError(status, json);
  }
}

/** Maps a Twilio error answer to a send outcome. */
export function mapTwilioError(httpStatus: number, body: Record<string, unknown>): SmsSendOutcome {
  const code = typeof body.code === 'number' ? body.code : Number(body.code) || 0;
  const reason = typeof body.message === 'string' ? body.message : `HTTP ${httpStatus}`;
  const c = `twilio.${code || httpStatus}`;
  if (code === 21610) return { status: 'failed', retryable: false, code: c, reason, optOutEvidence: true };
  if (PERMANENT_RECIPIENT.has(code)) return { status: 'failed', retryable: false, code: c, reason };
  if (PERMANENT_SENDER.has(code) || httpStatus === 401 || httpStatus === 403) return { status: 'failed', retryable: false, code: c, reason };
  if (code === 20429 || httpStatus === 429) return { status: 'failed', retryable: true, code: c, reason, retryAfterMs: 1000 };
  if (httpStatus >= 500) return { status: 'failed', retryable: true, code: c, reason };
  return { status: 'failed', retryable: false, code: c, reason };
}
