/**
 * Two worker processes on PostgreSQL share one campaign: no recipient gets two messages and the SMTP server's
 * messages/second limit holds in every 1-second window of the receiving server's own clock (the limit is enforced
 * through the database, not per process). PostgreSQL only: PGlite is single-process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { systemActor } from '../audit/index.js';
import { createCampaign, sendCampaign } from '../campaigns/campaigns.service.js';
import { campaignStatus, deliveryRows, seedGroup, setupSending, shareKeysWithWorkers, SIMPLE_MJML, spawnWorker, waitFor } from '../campaigns/test-fixtures.js';
import { startTestSmtpServer, type TestSmtpServer } from '../channels/email/smtp/test-smtp-server.js';
import { startTestApp, type TestApp } from '../../test/app.js';
import { testDbVariant } from '../../test/db.js';

const LIMIT = 50;
const N = 400;
let t: TestApp;
let smtp: TestSmtpServer;
const children: ChildProcess[] = [];

beforeAll(async () => {
  t = await startTestApp();
  smtp = await startTestSmtpServer();
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await smtp?.close();
  await t?.close();
});

describe('two workers', () => {
  it.skipIf(testDbVariant() !== 'postgres')('share a campaign without duplicates and hold the server limit across processes', { timeout: 240_000 }, async () => {
    const secret = shareKeysWithWorkers(t.ctx);
    const ws = await t.workspace();
    const { groupId } = await seedGroup(t.ctx, ws.id, N);
    await setupSending(t.ctx, ws.id, smtp.port, { mps: LIMIT, maxConnections: 5 });
    const actor = systemActor('test');
    const c = await createCampaign(t.ctx, ws.id, actor, {
      name: 'Two workers',
      content: { format: 'mjml', source: SIMPLE_MJML, subject: 'Hi {{ contact.first_name }}' },
      audience: { include: { groups: [groupId] } },
    });
    children.push(spawnWorker(t.db.url!, secret), spawnWorker(t.db.url!, secret));
    await sendCampaign(t.ctx, ws.id, c.id, actor);
    await waitFor(async () => (await campaignStatus(t.ctx, c.id)) === 'done', 'the campaign to finish', 200_000, 300);

    const rows = await deliveryRows(t.ctx, c.id);
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    const perRecipient = new Map<string, number>();
    for (const r of smtp.received) perRecipient.set(r.to, (perRecipient.get(r.to) ?? 0) + 1);
    expect(perRecipient.size).toBe(N);
    expect([...perRecipient.values()].every((n) => n === 1)).toBe(true);
    // Both processes took part (the last lease owner of each row names its worker).
    expect(new Set(rows.map((r) => r.lease_owner)).size).toBe(2);
    // Messages per 1-second window, by the SMTP server's clock at MAIL FROM.
    const windows = new Map<number, number>();
    for (const r of smtp.received) windows.set(Math.floor(r.mailAt / 1000), (windows.get(Math.floor(r.mailAt / 1000)) ?? 0) + 1);
    expect(Math.max(...windows.values())).toBeLessThanOrEqual(LIMIT);
  });
});
