/**
 * Every process survives an abrupt PostgreSQL restart (`pg_ctl stop -m immediate`) and carries on by itself once
 * the database is back: two `clarion worker` processes and this test's own process keep running, and the campaign
 * that was "sending" finishes with every recipient getting at most one message (counted at a loopback SMTP server).
 *
 * The test starts its own PostgreSQL (server/test/pg-cluster.ts) so it can kill it; it runs once, in the pglite
 * project (the postgres project would only repeat it). Without PostgreSQL binaries it is skipped, loudly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { systemActor } from '../audit/index.js';
import { createCampaign, sendCampaign } from '../campaigns/campaigns.service.js';
import { campaignStatus, deliveryRows, seedGroup, setupSending, shareKeysWithWorkers, SIMPLE_MJML, spawnWorker, waitFor } from '../campaigns/test-fixtures.js';
import { startTestSmtpServer, type TestSmtpServer } from '../channels/email/smtp/test-smtp-server.js';
import { startTestApp, type TestApp } from '../../test/app.js';
import { findPgBinaries, startPgCluster, type PgCluster } from '../../test/pg-cluster.js';
import { testDbVariant } from '../../test/db.js';

const N = 400;
const found = findPgBinaries();
const skip = testDbVariant() === 'postgres' || !found.bin;
if (!found.bin) console.warn(`\n!! db-restart.test.ts SKIPPED: cannot start a private PostgreSQL (${'reason' in found ? found.reason : ''}).\n`);

let cluster: PgCluster | null = null;
let t: TestApp;
let smtp: TestSmtpServer;
const children: ChildProcess[] = [];
const saved = { db: process.env.CLARION_TEST_DB, url: process.env.CLARION_TEST_PG_URL };

beforeAll(async () => {
  if (skip) return;
  cluster = startPgCluster(found.bin!);
  process.env.CLARION_TEST_DB = 'postgres';
  process.env.CLARION_TEST_PG_URL = cluster.adminUrl;
  t = await startTestApp();
  smtp = await startTestSmtpServer({ dataDelayMs: 5 });
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await smtp?.close();
  await t?.close().catch(() => undefined);
  cluster?.destroy();
  process.env.CLARION_TEST_DB = saved.db;
  if (saved.url === undefined) delete process.env.CLARION_TEST_PG_URL;
  else process.env.CLARION_TEST_PG_URL = saved.url;
});

describe('database restart', () => {
  it.skipIf(skip)('two workers survive pg_ctl stop -m immediate and finish the campaign without a duplicate', { timeout: 180_000 }, async () => {
    const secret = shareKeysWithWorkers(t.ctx);
    const ws = await t.workspace();
    const { groupId } = await seedGroup(t.ctx, ws.id, N);
    await setupSending(t.ctx, ws.id, smtp.port, { mps: 80, maxConnections: 4 });
    const actor = systemActor('test');
    const c = await createCampaign(t.ctx, ws.id, actor, {
      name: 'Restart test',
      content: { format: 'mjml', source: SIMPLE_MJML, subject: 'Hi {{ contact.first_name }}' },
      audience: { include: { groups: [groupId] } },
    });
    const workers = [spawnWorker(t.db.url!, secret), spawnWorker(t.db.url!, secret)];
    children.push(...workers);
    await sendCampaign(t.ctx, ws.id, c.id, actor);
    await waitFor(async () => smtp.received.length >= 60, 'the workers to send some messages');

    cluster!.stop('immediate');
    const atStop = smtp.received.length;
    await new Promise((r) => setTimeout(r, 2000));
    for (const w of workers) expect(w.exitCode, 'a worker died while the database was down').toBeNull();
    cluster!.start();

    await waitFor(async () => (await campaignStatus(t.ctx, c.id).catch(() => 'unreachable')) === 'done', 'the campaign to finish after the restart', 150_000, 300);
    for (const w of workers) expect(w.exitCode, 'a worker died after the restart').toBeNull();
    expect(atStop).toBeLessThan(N);

    const rows = await deliveryRows(t.ctx, c.id);
    expect(rows).toHaveLength(N);
    const perRecipient = new Map<string, number>();
    for (const r of smtp.received) perRecipient.set(r.to, (perRecipient.get(r.to) ?? 0) + 1);
    let unknown = 0;
    for (const d of rows) {
      const got = perRecipient.get(d.address!) ?? 0;
      expect(got, d.address!).toBeLessThanOrEqual(1);
      expect(['sent', 'unknown']).toContain(d.status);
      if (d.status === 'unknown') unknown++;
      else expect(got, `${d.address} (${d.status})`).toBe(1);
    }
    // Only what was on the wire when the database died can be unknown (a few sub-batches), never the campaign.
    expect(unknown).toBeLessThanOrEqual(2 * 4 * 50);
    expect(rows.filter((r) => r.status === 'sent').length).toBeGreaterThan(N / 2);
  });
});
