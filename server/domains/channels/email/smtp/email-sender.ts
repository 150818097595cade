/**
 * The email ChannelSender: renders each recipient from the campaign's compiled template, builds and DKIM-signs the
 * message (signing on libuv's thread pool), and sends it through pooled SMTP connections spread over the campaign's
 * servers by weight. Per-server messages/second limits are database token buckets (shared by every process);
 * 4xx answers slow the server down; 5xx answers are bounces of that delivery.
 */
import { isOutboundRefused } from '../../../../lib/outbound/index.js';
import type { AppContext } from '../../../../app/context.js';
import { canonicalStatus, classifyFailure, extractEnhancedStatus, makeVerpAddress } from '../bounces/index.js';
import { createMessageBuilder, type MessageBuilder } from '../mime/index.js';
import type { CompiledEmail, RenderContext } from '../../../templates/render/index.js';
import { renderEmailForSend, TemplateRenderError } from '../../../templates/render/index.js';
import { makeMessageId, makeVerpToken, signToken } from '../../../tracking/tokens.js';
import { acquireTokens, refundTokens, slowDown } from '../../../deliveries/rate-limit.js';
import { suppressHardBounces } from '../../../bounces/index.js';
import type { CampaignForSend, ChannelSender, Lane, Rendered, Reservation, SendItem, SendResult } from '../../channel.js';
import { SmtpConnectionError, type SmtpEndpoint } from './smtp-connection.js';
import { SmtpPool } from './smtp-pool.js';

export interface ServerSpec {
  id: number;
  weight: number;
  messagesPerSecond: number | null;
  maxConnections: number;
  endpoint: SmtpEndpoint;
}

export interface EmailSenderOptions {
  campaign: CampaignForSend;
  compiled: CompiledEmail;
  workspaceName: string;
  from: { name: string; address: string };
  replyTo: string | null;
  dkim: { domainName: string; keySelector: string; privateKeyPem: string } | null;
  messageIdDomain: string;
  bounceDomain: string;
  /** RFC 2919 List-Id, e.g. `"Acme" <acme.news.example.com>`: receivers group and filter a list's mail by it. */
  listId?: string;
  trackOpens: boolean;
  servers: ServerSpec[];
}

export interface EmailPayload {
  raw: Buffer;
  from: string;
  to: string;
  messageId: string;
}

interface Route {
  spec: ServerSpec;
  pool: SmtpPool;
  key: string;
  /** Local hint from the last refusal: don't ask the bucket again before this time. */
  notBefore: number;
}

/** Statuses of a contact that mean "do not send" at send time (the audience build checked them earlier). */
const STOP_STATUSES = new Set(['unsubscribed', 'complained', 'bounced', 'invalid']);

export class EmailSender implements ChannelSender<EmailPayload> {
  readonly concurrency: number;
  readonly maxBatch = 50;
  readonly claimSize: number;
  #routes = new Map<number, Route>();
  #builder: MessageBuilder;
  #base: string;

  constructor(
    private readonly ctx: AppContext,
    private readonly o: EmailSenderOptions,
  ) {
    for (const s of o.servers) {
      this.#routes.set(s.id, { spec: s, pool: new SmtpPool({ ...s.endpoint, maxConnections: s.maxConnections }), key: `smtp:${s.id}`, notBefore: 0 });
    }
    this.concurrency = o.servers.reduce((n, s) => n + s.maxConnections, 0);
    // About two seconds of work when every server is limited; otherwise large batches (fewer claims).
    const limited = o.servers.every((s) => s.messagesPerSecond !== null);
    const perSecond = o.servers.reduce((n, s) => n + (s.messagesPerSecond ?? 0), 0);
    this.claimSize = limited ? Math.max(10, Math.min(500, Math.ceil(perSecond * 2))) : 500;
    this.#builder = createMessageBuilder(o.dkim ? { dkim: o.dkim } : {});
    this.#base = ctx.config.publicUrl.replace(/\/+$/, '');

  }

  async reserve(want: number): Promise<Reservation> {
    const tried = new Set<number>();
    for (;;) {
      const now = Date.now();
      const open = [...this.#routes.values()].filter((r) => !tried.has(r.spec.id) && r.pool.free > 0 && r.notBefore <= now);
      if (!open.length) {
        const waits = [...this.#routes.values()].map((r) => (r.pool.free > 0 ? Math.max(5, r.notBefore - now) : 10));
        return { lane: null, waitMs: Math.min(...waits), reason: 'rate limit or connections busy' };
      }
      // Weighted random choice spreads a campaign over its servers in proportion to their weights.
      let pick = Math.random() * open.reduce((n, r) => n + r.spec.weight, 0);
      const route = open.find((r) => (pick -= r.spec.weight) < 0) ?? open[open.length - 1];
      tried.add(route.spec.id);
      route.pool.tryTakeSlot();
      let g;
      try {
        g = await acquireTokens(this.ctx.db, route.key, route.spec.messagesPerSecond, Math.min(want, this.maxBatch));
      } catch (err) {
        route.pool.releaseSlot();
        throw err;
      }
      if (g.granted > 0) return { lane: { routeId: route.spec.id, granted: g.granted } };
      route.pool.releaseSlot();
      route.notBefore = Date.now() + g.waitMs;
    }
  }

  release(lane: Lane, unused: number): void {
    const route = this.#routes.get(lane.routeId ?? -1);
    if (!route) return;
    route.pool.releaseSlot();
    if (unused > 0) void refundTokens(this.ctx.db, route.key, route.spec.messagesPerSecond, unused).catch(() => undefined);
  }

  #context(item: SendItem): RenderContext {
    const key = this.ctx.keys.signingKey;
    const id = item.deliveryId;
    const base = this.#base;
    const c = item.contact;
    return {
      contact: { email: item.address, first_name: c.firstName, last_name: c.lastName, phone: c.phone, fields: c.fields },
      campaign: { name: this.o.campaign.name },
      workspace: { name: this.o.workspaceName },
      urls: {
        unsubscribe: `${base}/u/${signToken(key, 'u', id)}`,
        viewInBrowser: `${base}/t/v/${signToken(key, 'v', id)}`,
        openPixel: this.o.trackOpens ? `${base}/t/o/${signToken(key, 'o', id)}` : null,
        click: (i) => `${base}/t/c/${signToken(key, 'c', id, i)}`,
      },
    };
  }

  async render(items: SendItem[]): Promise<Rendered<EmailPayload>[]> {
    const key = this.ctx.keys.signingKey;
    const campaignId = this.o.campaign.id;
    return Promise.all(
      items.map(async (item): Promise<Rendered<EmailPayload>> => {
        const c = item.contact;
        if (c.deleted) return { item, result: { status: 'skipped', reason: 'deleted' } };
        if (STOP_STATUSES.has(c.emailStatus)) return { item, result: { status: 'skipped', reason: c.emailStatus } };
        if (item.suppressed) return { item, result: { status: 'skipped', reason: 'suppressed' } };
        try {
          const r = renderEmailForSend(this.o.compiled, this.#context(item));
          const messageId = makeMessageId(key, item.deliveryId, campaignId, this.o.messageIdDomain);
          const utoken = signToken(key, 'u', item.deliveryId);
          const built = await this.#builder.buildAsync({
            messageId,
            from: this.o.from,
            replyTo: this.o.replyTo ?? undefined,
            to: item.address,
            subject: r.subject,
            html: r.html,
            text: r.text,
            returnPath: makeVerpAddress(makeVerpToken(key, item.deliveryId, campaignId), this.o.bounceDomain),
            listUnsubscribeUrl: `${this.#base}/u/${utoken}`,
            listUnsubscribeMailto: `mailto:unsubscribe+${utoken}@${this.o.bounceDomain}?subject=unsubscribe`,
            feedbackId: `${campaignId}:${this.o.campaign.workspaceId}:email:clarion`,
            listId: this.o.listId,
          });
          return { item, payload: { raw: built.raw, from: built.envelope.from, to: item.address, messageId } };
        } catch (err) {
          const reason = err instanceof TemplateRenderError ? err.message : `Could not build the message: ${(err as Error).message}`;
          return { item, result: { status: 'failed', retryable: false, code: 'render_failed', reason: reason.slice(0, 500) } };
        }
      }),
    );
  }

  async send(lane: Lane, items: { item: SendItem; payload: EmailPayload }[]): Promise<SendResult[]> {
    const route = this.#routes.get(lane.routeId ?? -1);
    if (!route) return items.map(() => ({ status: 'failed', retryable: true, code: 'no_route', reason: 'The SMTP server was removed.' }));
    let conn;
    try {
      conn = await route.pool.connection();
    } catch (err) {
      // The server's host is (now) an internal address: a setting to fix, not a fault to retry.
      if (isOutboundRefused(err)) return items.map(() => ({ status: 'failed', retryable: false, code: 'outbound_refused', reason: err.message.slice(0, 500) }));
      route.notBefore = Date.now() + 5000;
      await slowDown(this.ctx.db, route.key, null, 5000).catch(() => undefined);
      const reason = (err as Error).message.slice(0, 500);
      return items.map(() => ({ status: 'failed', retryable: true, code: 'connect_failed', reason }));
    }
    const results: SendResult[] = [];
    const hardBounced: { address: string; status: string | null }[] = [];
    let throttled = false;
    try {
      for (let i = 0; i < items.length; i++) {
        const { payload } = items[i];
        let reply;
        try {
          reply = await conn.send(payload.from, payload.to, payload.raw);
        } catch (err) {
          const e = err as SmtpConnectionError;
          results.push(
            e.afterData
              ? { status: 'unknown', reason: 'The connection broke after the message was handed over; it may have been delivered.' }
              : { status: 'failed', retryable: true, code: 'connection_lost', reason: e.message.slice(0, 500) },
          );
          // The rest of the batch was never attempted: try again shortly, without counting an attempt.
          for (let j = i + 1; j < items.length; j++) results.push({ status: 'deferred', until: new Date(Date.now() + 1000), reason: 'connection_lost' });
          break;
        }
        if (reply.code >= 200 && reply.code < 300) {
          results.push({ status: 'sent', providerMessageId: payload.messageId });
        } else if (reply.code >= 400 && reply.code < 500) {
          throttled = true;
          results.push({ status: 'failed', retryable: true, code: `smtp_${reply.code}`, reason: `${reply.code} ${reply.text}`.slice(0, 500) });
          if (reply.code === 421) {
            for (let j = i + 1; j < items.length; j++) results.push({ status: 'deferred', until: new Date(Date.now() + 2000), reason: 'server_throttled' });
            break;
          }
        } else if (reply.stage === 'mail') {
          // The server refused our envelope sender: a set-up problem, not the recipient's fault.
          results.push({ status: 'failed', retryable: true, code: `smtp_${reply.code}_sender`, reason: `${reply.code} ${reply.text}`.slice(0, 500) });
        } else {
          // The same reason-first classifier as DSNs: a 5xx for a full mailbox or a spam block is soft.
          const text = `${reply.code} ${reply.text}`;
          const status = extractEnhancedStatus(reply.text);
          const cls = classifyFailure(status, text);
          if (cls.class === 'hard' && !cls.policyBlock) hardBounced.push({ address: payload.to, status: status ?? canonicalStatus(cls.reason, '5') });
          results.push({
            status: 'failed',
            retryable: false,
            code: `smtp_${reply.code}`,
            reason: text.slice(0, 500),
            bounce: { class: cls.class, status, diagnostic: text.slice(0, 500), policyBlock: cls.policyBlock, reason: cls.reason },
          });
        }
      }
    } finally {
      route.pool.giveBack(conn);
    }
    if (hardBounced.length) {
      // A hard answer at send time suppresses the address exactly as a hard DSN does (the pipeline marks the contact).
      await suppressHardBounces(this.ctx, this.o.campaign.workspaceId, hardBounced).catch((err) =>
        this.ctx.log.warn('could not add hard-bounced addresses to the suppression list', { error: (err as Error).message }),
      );
    }
    if (throttled) {
      route.notBefore = Date.now() + 1000;
      await slowDown(this.ctx.db, route.key, route.spec.messagesPerSecond).catch(() => undefined);
    }
    return results;
  }

  async close(): Promise<void> {
    await Promise.all([...this.#routes.values()].map((r) => r.pool.close()));
  }

  /** Drops every SMTP socket at once (crash simulation). */
  destroy(): void {
    for (const r of this.#routes.values()) r.pool.destroy();
  }
}
