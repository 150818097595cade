/**
 * An SMTP outage of more than an hour loses no recipient: connection-refused attempts are retried with growing
 * delays over the retry period (48 h by default), not given up after a few minutes. The clock is controlled: the
 * test moves time forward by shifting the campaign's stored times (next attempt, first attempt, the route's block)
 * into the past, which is what the database clock passing would do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { systemActor } from '../audit/index.js';
import { createCampaign, runBuild, sendCampaign } from '../campaigns/campaigns.service.js';
import { campaignStatus, deliveryRows, seedGroup, setupSending, SIMPLE_MJML, waitFor } from '../campaigns/test-fixtures.js';
import { startTestSmtpServer, type TestSmtpServer } from '../channels/email/smtp/test-smtp-server.js';
import { startTestApp, type TestApp } from '../../test/app.js';
import { DeliveryLoop } from './pipeline.js';

const N = 20;
const HOUR = 3_600_000;
let t: TestApp;
let smtp: TestSmtpServer | null = null;
let loop: DeliveryLoop;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await loop?.stop();
  await smtp?.close();
  await t?.close();
});

describe('SMTP outage', () => {
  it('an hour with the SMTP server down loses no recipient; all are sent once it is back', { timeout: 120_000 }, async () => {
    // Find a free port, then leave it closed: every connection is refused.
    const probe = await startTestSmtpServer();
    const port = probe.port;
    await probe.close();
    const ws = await t.workspace();
    const { groupId } = await seedGroup(t.ctx, ws.id, N);
    await setupSending(t.ctx, ws.id, port, { mps: null, maxConnections: 1 });
    const actor = systemActor('test');
    const c = await createCampaign(t.ctx, ws.id, actor, {
      name: 'Outage',
      content: { format: 'mjml', source: SIMPLE_MJML, subject: 'Hi' },
      audience: { include: { groups: [groupId] } },
    });
    await sendCampaign(t.ctx, ws.id, c.id, actor);
    await runBuild(t.ctx, c.id);
    // Delays of 10, 20, 40 min: three waits cover 70 simulated minutes (the old policy gave up after ~15).
    loop = new DeliveryLoop(t.ctx, 'outage', { leaseMs: 5000, retryBaseMs: 10 * 60_000 }).start();

    const advance = async (ms: number) => {
      const s = ms / 1000;
      await sql`update deliveries set next_attempt_at = next_attempt_at - make_interval(secs => ${s}),
          first_attempt_at = first_attempt_at - make_interval(secs => ${s}) where campaign_id = ${c.id}`.execute(t.ctx.db);
      await sql`update rate_buckets set blocked_until = blocked_until - make_interval(secs => ${s}) where blocked_until is not null`.execute(t.ctx.db);
    };
    const allWaiting = (attempts: number) =>
      waitFor(async () => {
        const { rows } = await sql<{ n: number }>`select count(*)::int as n from deliveries
          where campaign_id = ${c.id} and status = 'deferred' and attempts = ${attempts}`.execute(t.ctx.db);
        return rows[0].n === N;
      }, `every delivery waiting after attempt ${attempts}`, 60_000, 100);

    let simulated = 0;
    let attempts = 1;
    for (;;) {
      await allWaiting(attempts);
      expect((await deliveryRows(t.ctx, c.id)).some((r) => r.status === 'failed')).toBe(false);
      if (simulated >= HOUR) break;
      const { rows } = await sql<{ ms: number }>`select greatest(0, extract(epoch from min(next_attempt_at) - now()) * 1000)::float8 as ms
        from deliveries where campaign_id = ${c.id}`.execute(t.ctx.db);
      const wait = Number(rows[0].ms) + 1000;
      await advance(wait);
      simulated += wait;
      attempts++;
    }
    expect(simulated).toBeGreaterThanOrEqual(HOUR);

    // The server comes back on the same address; the next due attempt goes through.
    smtp = await startTestSmtpServer({ port });
    const { rows } = await sql<{ ms: number }>`select greatest(0, extract(epoch from min(next_attempt_at) - now()) * 1000)::float8 as ms
      from deliveries where campaign_id = ${c.id}`.execute(t.ctx.db);
    await advance(Number(rows[0].ms) + 1000);
    await waitFor(async () => (await campaignStatus(t.ctx, c.id)) === 'done', 'the campaign to finish', 60_000, 200);
    const done = await deliveryRows(t.ctx, c.id);
    expect(done.every((r) => r.status === 'sent')).toBe(true);
    expect(done.every((r) => r.attempts === attempts + 1)).toBe(true);
    expect(new Set(smtp.received.map((r) => r.to)).size).toBe(N);
    expect(smtp.received).toHaveLength(N);
  });
});
