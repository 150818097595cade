/**
 * Pause is immediate: once pauseCampaign returns, the SMTP peer receives nothing beyond the deliveries that were
 * already handed over (marked 'sending' or finished) at that moment — released rows are not claimed again and no
 * new sub-batch is marked. Resuming then sends the rest, each recipient exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { systemActor } from '../audit/index.js';
import { createCampaign, pauseCampaign, resumeCampaign, runBuild, sendCampaign } from '../campaigns/campaigns.service.js';
import { campaignStatus, deliveryRows, seedGroup, setupSending, SIMPLE_MJML, waitFor } from '../campaigns/test-fixtures.js';
import { startTestSmtpServer, type TestSmtpServer } from '../channels/email/smtp/test-smtp-server.js';
import { startTestApp, type TestApp } from '../../test/app.js';
import { DeliveryLoop } from './pipeline.js';

const N = 600;
let t: TestApp;
let smtp: TestSmtpServer;
const loops: DeliveryLoop[] = [];

beforeAll(async () => {
  t = await startTestApp();
  smtp = await startTestSmtpServer({ dataDelayMs: 2 });
});
afterAll(async () => {
  for (const l of loops) await l.stop();
  await smtp?.close();
  await t?.close();
});

const handedOver = async (campaignId: number) => {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from deliveries
    where campaign_id = ${campaignId} and status in ('sending','sent','unknown','failed')`.execute(t.ctx.db);
  return rows[0].n;
};

describe('pause', () => {
  it('after pause returns nothing beyond what was handed to the provider goes out; resume sends the rest once', { timeout: 120_000 }, async () => {
    const ws = await t.workspace();
    const { groupId } = await seedGroup(t.ctx, ws.id, N);
    await setupSending(t.ctx, ws.id, smtp.port, { mps: null, maxConnections: 4 });
    const actor = systemActor('test');
    const c = await createCampaign(t.ctx, ws.id, actor, {
      name: 'Pause test',
      content: { format: 'mjml', source: SIMPLE_MJML, subject: 'Hi {{ contact.first_name }}' },
      audience: { include: { groups: [groupId] } },
    });
    await sendCampaign(t.ctx, ws.id, c.id, actor);
    await runBuild(t.ctx, c.id);
    // Two loops in this process, as two workers would be: both hold claims when the pause comes.
    loops.push(new DeliveryLoop(t.ctx, 'pause-a', { leaseMs: 5000 }).start(), new DeliveryLoop(t.ctx, 'pause-b', { leaseMs: 5000 }).start());
    await waitFor(async () => smtp.received.length >= 40, 'some messages to go out', 60_000, 5);

    await pauseCampaign(t.ctx, ws.id, c.id, actor);
    const handed = await handedOver(c.id);
    expect(handed).toBeLessThan(N);

    // Let the lanes that were on the wire finish, and give the loops time to (wrongly) claim again.
    await waitFor(async () => {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from deliveries where campaign_id = ${c.id} and status in ('sending','claimed')`.execute(t.ctx.db);
      return rows[0].n === 0;
    }, 'in-flight sends to finish');
    await new Promise((r) => setTimeout(r, 1500));
    const afterPause = smtp.received.length;
    expect(afterPause).toBeLessThanOrEqual(handed);
    expect(await handedOver(c.id)).toBe(handed);
    expect(await campaignStatus(t.ctx, c.id)).toBe('paused');

    await resumeCampaign(t.ctx, ws.id, c.id, actor);
    await waitFor(async () => (await campaignStatus(t.ctx, c.id)) === 'done', 'the campaign to finish after resume', 100_000, 200);
    const rows = await deliveryRows(t.ctx, c.id);
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    const per = new Map<string, number>();
    for (const r of smtp.received) per.set(r.to, (per.get(r.to) ?? 0) + 1);
    expect(per.size).toBe(N);
    expect([...per.values()].every((n) => n === 1)).toBe(true);
  });
});
