/**
 * Crash safety: a worker killed mid-campaign (SIGKILL on PostgreSQL; an abandoned in-process worker on PGlite),
 * then another one started, leaves every recipient with at most one message, and every recipient whose delivery is
 * not 'unknown' with exactly one — counted by Message-ID on a real SMTP server on loopback.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { systemActor } from '../audit/index.js';
import { createCampaign, runBuild, sendCampaign } from '../campaigns/campaigns.service.js';
import { campaignStatus, deliveryRows, seedGroup, setupSending, shareKeysWithWorkers, SIMPLE_MJML, spawnWorker, waitFor } from '../campaigns/test-fixtures.js';
import { startTestSmtpServer, type TestSmtpServer } from '../channels/email/smtp/test-smtp-server.js';
import { startTestApp, type TestApp } from '../../test/app.js';
import { testDbVariant } from '../../test/db.js';
import { DeliveryLoop } from './pipeline.js';

const N = 300;
let t: TestApp;
let smtp: TestSmtpServer;
const children: ChildProcess[] = [];

beforeAll(async () => {
  t = await startTestApp();
  smtp = await startTestSmtpServer({ dataDelayMs: 15 });
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await smtp?.close();
  await t?.close();
});

function assertAtMostOnce(rows: Awaited<ReturnType<typeof deliveryRows>>) {
  const perRecipient = new Map<string, number>();
  const ids = new Set<string>();
  for (const r of smtp.received) {
    perRecipient.set(r.to, (perRecipient.get(r.to) ?? 0) + 1);
    expect(r.messageId).toBeTruthy();
    ids.add(r.messageId!);
  }
  expect(ids.size).toBe(smtp.received.length); // every message has its own Message-ID
  expect(rows).toHaveLength(N);
  let unknown = 0;
  for (const d of rows) {
    const got = perRecipient.get(d.address!) ?? 0;
    expect(got).toBeLessThanOrEqual(1);
    expect(['sent', 'unknown']).toContain(d.status);
    if (d.status === 'unknown') unknown++;
    else expect(got, `${d.address} (${d.status})`).toBe(1);
  }
  return unknown;
}

describe('crash safety', () => {
  it('a worker killed mid-campaign and a fresh one leave every recipient with at most one message', { timeout: 240_000 }, async () => {
    const postgres = testDbVariant() === 'postgres';
    const secret = shareKeysWithWorkers(t.ctx);
    const ws = await t.workspace();
    const { groupId } = await seedGroup(t.ctx, ws.id, N);
    await setupSending(t.ctx, ws.id, smtp.port, { mps: 100, maxConnections: 4 });
    const actor = systemActor('test');
    const c = await createCampaign(t.ctx, ws.id, actor, {
      name: 'Crash test',
      content: { format: 'mjml', source: SIMPLE_MJML, subject: 'Hi {{ contact.first_name }}' },
      audience: { include: { groups: [groupId] } },
    });
    await sendCampaign(t.ctx, ws.id, c.id, actor);

    if (postgres) {
      const first = spawnWorker(t.db.url!, secret);
      children.push(first);
      await waitFor(async () => smtp.received.length >= 80, 'the first worker to send some messages');
      first.kill('SIGKILL');
      await new Promise((r) => first.once('exit', r));
      const atKill = smtp.received.length;
      expect(atKill).toBeLessThan(N);
      children.push(spawnWorker(t.db.url!, secret));
    } else {
      await runBuild(t.ctx, c.id);
      const first = new DeliveryLoop(t.ctx, 'worker-a', { leaseMs: 3000 }).start();
      await waitFor(async () => smtp.received.length >= 80, 'the first worker to send some messages');
      first.kill();
      expect(smtp.received.length).toBeLessThan(N);
      const second = new DeliveryLoop(t.ctx, 'worker-b', { leaseMs: 3000 }).start();
      await waitFor(async () => (await campaignStatus(t.ctx, c.id)) === 'done', 'the campaign to finish', 200_000, 300);
      await second.stop();
    }
    await waitFor(async () => (await campaignStatus(t.ctx, c.id)) === 'done', 'the campaign to finish', 200_000, 300);
    const rows = await deliveryRows(t.ctx, c.id);
    const unknown = assertAtMostOnce(rows);
    // Every unknown outcome, including those made by lease recovery, has its event (reports count them).
    const unknownEvents = await t.ctx.db.selectFrom('events').select('delivery_id').where('campaign_id', '=', c.id).where('type', '=', 'unknown').execute();
    expect(new Set(unknownEvents.map((e) => e.delivery_id)).size).toBe(unknown);
    // Only the in-flight sub-batches of the killed worker can be unknown, never the whole claim.
    expect(unknown).toBeLessThanOrEqual(4 * 50);
    expect(rows.filter((r) => r.status === 'sent').length).toBeGreaterThan(N - 4 * 50 - 1);
  });
});
