/**
 * Delivery of queued webhook events: claim due rows (FOR UPDATE SKIP LOCKED, under a lease: a worker killed mid-
 * delivery leaves its row to be re-claimed when the lease ends), sign per Standard Webhooks 1.0 with the
 * `standardwebhooks` package, POST through the outbound policy (no redirects, 15 s), log the attempt, then
 * succeed, retry on the ladder with jitter, or give up. 410 Gone disables the endpoint at once; 5 days of
 * unbroken failures disable it, raise one workspace alert and email the owners.
 */
import { Webhook } from 'standardwebhooks';
import type { AppContext } from '../../app/context.js';
import { englishText } from '../../lib/messages/index.js';
import { isOutboundFailed, isOutboundRefused, outboundFetch } from '../../lib/outbound/index.js';
import { sendSystemMail } from '../system-mail/index.js';
import { raiseAlert } from '../whatsapp/alerts/alerts.js';
import { DELIVERY_TIMEOUT_MS, DISABLE_AFTER_MS, RETRY_LADDER_S } from './events.js';
import * as repo from './webhooks.repo.js';
import { signingSecrets } from './webhooks.service.js';

export interface DeliverOptions {
  /** The clock (tests drive the retry ladder with it). */
  now?: Date;
  limit?: number;
  leaseMs?: number;
  /** 0..1 multiplier source for the ±10 % jitter of retry delays (tests pass () => 0.5 for none). */
  random?: () => number;
}

/** Signs `body` with every secret; the header is their `v1,<sig>` values joined by spaces, as the spec says. */
export function signatureHeader(secrets: string[], id: string, ts: Date, body: string): string {
  return secrets.map((s) => new Webhook(s).sign(id, ts, body)).join(' ');
}

export function retryDelayMs(attempt: number, random: () => number = Math.random): number | null {
  if (attempt >= RETRY_LADDER_S.length) return null;
  const base = RETRY_LADDER_S[attempt] * 1000;
  return Math.round(base * (0.9 + 0.2 * random()));
}

/** Delivers up to `limit` due deliveries; answers how many were attempted. */
export async function deliverDue(ctx: AppContext, opts: DeliverOptions = {}): Promise<number> {
  const now = opts.now ?? new Date();
  const claimed = await repo.claimDue(ctx.db, now, opts.leaseMs ?? DELIVERY_TIMEOUT_MS + 15_000, opts.limit ?? 50);
  await Promise.all(claimed.map((d) => deliverOne(ctx, d, now, opts.random ?? Math.random)));
  return claimed.length;
}

async function deliverOne(ctx: AppContext, d: repo.DeliveryRow, now: Date, random: () => number) {
  const ep = await repo.getEndpoint(ctx.db, d.workspace_id, d.endpoint_id);
  if (!ep || !ep.enabled) {
    await repo.finishDelivery(ctx.db, d.id, { status: 'failed', last_status: null, last_error: 'endpoint_disabled', now });
    return;
  }
  const body = JSON.stringify(d.payload);
  const ts = now;
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'Clarion-Webhooks/1.0',
    'webhook-id': d.event_id,
    'webhook-timestamp': String(Math.floor(ts.getTime() / 1000)),
    'webhook-signature': signatureHeader(signingSecrets(ctx, ep, now), d.event_id, ts, body),
  };
  const started = performance.now();
  let status: number | null = null;
  let excerpt = '';
  let error: string | null = null;
  try {
    const res = await outboundFetch(ctx.outbound, ep.url, { method: 'POST', headers, body, timeoutMs: DELIVERY_TIMEOUT_MS, followRedirects: false, maxBytes: 4096, truncate: true, field: 'url' });
    status = res.status;
    excerpt = res.body.subarray(0, 1000).toString('utf8');
  } catch (err) {
    error = isOutboundRefused(err) ? `refused:${err.reason}` : isOutboundFailed(err) ? `failed:${err.reason}` : 'failed:network';
  }
  const duration = Math.round(performance.now() - started);
  await repo.insertAttempt(ctx.db, { delivery_id: d.id, attempt: d.attempts, status_code: status, response_excerpt: excerpt, error, duration_ms: duration, created_at: now });
  ctx.metrics.inc('clarion_webhook_attempts_total', 'Outbound webhook delivery attempts', { outcome: status !== null && status >= 200 && status < 300 ? 'ok' : 'failed' });
  if (status !== null && status >= 200 && status < 300) {
    await repo.finishDelivery(ctx.db, d.id, { status: 'succeeded', last_status: status, last_error: null, now });
    await repo.clearFailing(ctx.db, ep.id);
    return;
  }
  if (status === 410) {
    await repo.finishDelivery(ctx.db, d.id, { status: 'failed', last_status: status, last_error: 'gone', now });
    await disableEndpoint(ctx, ep, 'gone', now);
    return;
  }
  const delay = retryDelayMs(d.attempts, random);
  await repo.finishDelivery(ctx.db, d.id, delay === null
    ? { status: 'failed', last_status: status, last_error: error ?? `http_${status}`, now }
    : { status: 'pending', next_attempt_at: new Date(now.getTime() + delay), last_status: status, last_error: error ?? `http_${status}`, now });
  const since = await repo.markFailing(ctx.db, ep.id, now);
  if (now.getTime() - since.getTime() >= DISABLE_AFTER_MS) await disableEndpoint(ctx, ep, 'failing', now);
  else if (delay !== null && !(await repo.isEnabled(ctx.db, ep.id))) await repo.failPendingOf(ctx.db, ep.id, now); // disabled meanwhile
}

async function disableEndpoint(ctx: AppContext, ep: repo.EndpointRow, reason: 'gone' | 'failing', now: Date) {
  const updated = await ctx.db.updateTable('webhook_endpoints').set({ enabled: false, disabled_reason: reason, updated_at: now }).where('id', '=', ep.id).where('enabled', '=', true).executeTakeFirst();
  await repo.failPendingOf(ctx.db, ep.id, now);
  if (Number(updated.numUpdatedRows) === 0) return; // another worker disabled it first: one alert per incident
  const code = reason === 'gone' ? 'webhooks.disabled_gone' : 'webhooks.disabled_failing';
  const params = { url: ep.url, days: DISABLE_AFTER_MS / 86_400_000 };
  await raiseAlert(ctx.db, ep.workspace_id, {
    kind: 'webhook_endpoint_disabled',
    severity: 'critical',
    title: englishText('webhooks.alert_disabled_title'),
    message: englishText(code, params),
    entityType: 'webhook_endpoint',
    entityId: ep.id,
    data: { messageCode: code, params, reason },
  });
  for (const to of await repo.ownerEmails(ctx.db, ep.workspace_id)) {
    await sendSystemMail(ctx, { to, subject: englishText('webhooks.alert_disabled_title'), text: englishText(code, params), workspaceId: ep.workspace_id });
  }
}
