/**
 * In-memory state of the simulated Cloud API (it simulates an external system, so nothing is
 * persisted): sent and received messages, templates, media, and the limiters' memory.
 */
import type { CreateTemplateRequest, TemplateStatus } from '../../domains/channels/whatsapp/wa-types.js';
import type { TemplateViolation } from '../../domains/channels/whatsapp/template-rules.js';
import { PairLimiter, ServiceWindows, ThroughputLimiter, TierTracker } from './limits.js';

/** Delivery states in the order a message moves through them. */
export type OutboundState = 'accepted' | 'sent' | 'delivered' | 'read' | 'failed';

/** A message a business sent through the simulator. */
export interface SentMessage {
  id: string;
  phoneNumberId: string;
  to: string;
  waId: string;
  type: string;
  payload: Record<string, unknown>;
  acceptedAt: number;
  state: OutboundState;
  history: { status: string; at: number }[];
  errorCode: number | null;
  template: { id: string; name: string; language: string; category: string } | null;
  pricingCategory: string;
  pricingType: 'regular' | 'free_customer_service';
  businessInitiated: boolean;
}

/** A message a (simulated) user sent to a business number. */
export interface InboundMessage {
  id: string;
  phoneNumberId: string;
  from: string;
  type: string;
  message: Record<string, unknown>;
  receivedAt: number;
}

/** A message template as the simulator stores it. */
export interface SimTemplate {
  id: string;
  wabaId: string;
  name: string;
  language: string;
  category: string;
  parameterFormat: 'POSITIONAL' | 'NAMED';
  components: CreateTemplateRequest['components'];
  status: TemplateStatus;
  rejectedReason: string;
  violations: TemplateViolation[];
  qualityScore: 'GREEN' | 'YELLOW' | 'RED' | 'UNKNOWN';
  pauseCount: number;
  createdAt: number;
}

/** Uploaded (or injected inbound) media. */
export interface SimMedia {
  id: string;
  phoneNumberId: string;
  mimeType: string;
  bytes: Buffer;
  sha256: string;
  filename: string | null;
  createdAt: number;
}

/** All mutable simulator memory; `new SimState()` is a full reset. */
export class SimState {
  readonly messages = new Map<string, SentMessage>();
  readonly inbound: InboundMessage[] = [];
  readonly inboundById = new Map<string, InboundMessage>();
  readonly templates = new Map<string, SimTemplate>();
  readonly media = new Map<string, SimMedia>();
  readonly windows = new ServiceWindows();
  readonly tier: TierTracker;
  readonly throughput = new Map<string, ThroughputLimiter>();
  pair: PairLimiter | null = null;
  readonly conversations = new Map<string, { id: string; expiresAt: number }>();
  readonly lastOutboundTo = new Map<string, string>();
  readonly templateCreates = new Map<string, number[]>();
  readonly numberQuality = new Map<string, 'GREEN' | 'YELLOW' | 'RED'>();

  constructor(windowMs = 24 * 3600_000) {
    this.tier = new TierTracker(windowMs);
  }

  /** Stores a sent message, forgetting the oldest ones beyond `max` (Map keeps insertion order). */
  addMessage(msg: SentMessage, max: number): void {
    this.messages.set(msg.id, msg);
    this.lastOutboundTo.set(`${msg.phoneNumberId}:${msg.waId}`, msg.id);
    while (this.messages.size > max) this.messages.delete(this.messages.keys().next().value!);
  }

  /** Stores an inbound message (bounded like outbound). */
  addInbound(msg: InboundMessage, max: number): void {
    this.inbound.push(msg);
    this.inboundById.set(msg.id, msg);
    if (this.inbound.length > max) this.inboundById.delete(this.inbound.shift()!.id);
  }

  /** Approved-or-not template by (WABA, name, language), ignoring deleted ones. */
  findTemplate(wabaId: string, name: string, language: string): SimTemplate | undefined {
    for (const t of this.templates.values()) if (t.wabaId === wabaId && t.name === name && t.language === language && t.status !== 'DELETED') return t;
    return undefined;
  }
}
