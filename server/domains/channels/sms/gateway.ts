/**
 * The SMS gateway port (reference §0.1): what the SMS channel needs from any gateway (Twilio-compatible first;
 * Vonage and the Israeli JSON gateways plug in behind the same interface). Send outcomes are values, never
 * exceptions, in the pipeline's SendResult shape, and statuses are normalised to
 * queued → sent → delivered | undelivered | failed, which only move forward.
 */
import type { SendResult } from '../channel.js';

export type SmsStatus = 'queued' | 'sent' | 'delivered' | 'undelivered' | 'failed';

/** One message to send. `from` is an E.164 number or an alphanumeric sender ID. */
export interface SmsSendRequest {
  to: string;
  from: string;
  body: string;
  /** Where the gateway reports status changes for this message. */
  statusCallbackUrl?: string;
}

/** A gateway's answer to a send, plus the segments it billed when it says so. */
export type SmsSendOutcome = SendResult & { segments?: number; optOutEvidence?: boolean };

export interface SmsGateway {
  readonly kind: string;
  send(req: SmsSendRequest): Promise<SmsSendOutcome>;
}

const RANK: Record<SmsStatus, number> = { queued: 0, sent: 1, delivered: 2, undelivered: 2, failed: 2 };

/** Normalises a provider status word (Twilio's enum) to ours; null for statuses that change nothing. */
export function normaliseStatus(raw: string): SmsStatus | null {
  switch (raw) {
    case 'accepted': case 'scheduled': case 'queued': case 'sending': return 'queued';
    case 'sent': return 'sent';
    case 'delivered': case 'read': return 'delivered';
    case 'undelivered': case 'partially_delivered': return 'undelivered';
    case 'failed': case 'canceled': return 'failed';
    default: return null;
  }
}

/** True when moving from `current` to `next` is forward (callbacks arrive out of order; never go back). */
export function isForward(current: SmsStatus | null, next: SmsStatus): boolean {
  return current === null || RANK[next] > RANK[current];
}
