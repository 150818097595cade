/**
 * Crash safety for WhatsApp: a worker killed mid-campaign (a real `./clarion worker` process SIGKILLed on
 * PostgreSQL; an abandoned in-process loop on PGlite), then another one, leaves no recipient with two messages —
 * counted by the simulator (GET /_sim/messages) — and every delivery that might have gone out without an answer
 * is 'unknown', never resent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { shareKeysWithWorkers, spawnWorker } from '../campaigns/test-fixtures.js';
import { DeliveryLoop } from '../deliveries/pipeline.js';
import { testDbVariant } from '../../test/db.js';
import { startWaHarness, waitFor, type WaHarness } from '../whatsapp/test-support.js';
import { outcomeCounts, setupWa, startWaCampaign } from './test-support.js';

const N = 600;
let h: WaHarness;
const children: ChildProcess[] = [];

beforeAll(async () => {
  h = await startWaHarness({ limits: { mps: 100, tier: 'unlimited', pairRate: false } });
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await h?.close();
});

const simMessages = async () => (await h.simApi.control('/messages?limit=10000')).body.data as { waId: string }[];

describe('WhatsApp crash safety', () => {
  it('a worker killed mid-campaign leaves no recipient with two messages; ambiguous sends are unknown', { timeout: 300_000 }, async () => {
    const postgres = testDbVariant() === 'postgres';
    const secret = shareKeysWithWorkers(h.t.ctx);
    const s = await setupWa(h, N, { tier: 'unlimited', mps: 100 });
    const campaignId = await startWaCampaign(h, s, 'Crash test');
    let second: DeliveryLoop | null = null;
    if (postgres) {
      const first = spawnWorker(h.t.db.url!, secret);
      children.push(first);
      await waitFor(async () => (await simMessages()).length >= 120, 120_000);
      first.kill('SIGKILL');
      await new Promise((r) => first.once('exit', r));
      expect((await simMessages()).length).toBeLessThan(N);
      children.push(spawnWorker(h.t.db.url!, secret));
    } else {
      const first = new DeliveryLoop(h.t.ctx, 'wa-a', { leaseMs: 3000, pollMs: 100 }).start();
      await waitFor(async () => (await simMessages()).length >= 120, 120_000);
      first.kill();
      expect((await simMessages()).length).toBeLessThan(N);
      second = new DeliveryLoop(h.t.ctx, 'wa-b', { leaseMs: 3000, pollMs: 100 }).start();
    }
    await waitFor(async () => (await h.t.ctx.db.selectFrom('campaigns').select('status').where('id', '=', campaignId).executeTakeFirstOrThrow()).status === 'done', 240_000);
    await second?.stop();

    const msgs = await simMessages();
    const per = new Map<string, number>();
    for (const m of msgs) per.set(m.waId, (per.get(m.waId) ?? 0) + 1);
    expect(Math.max(...per.values())).toBe(1);
    const rows = await h.t.ctx.db.selectFrom('deliveries').select(['address', 'status']).where('campaign_id', '=', campaignId).execute();
    expect(rows).toHaveLength(N);
    let unknown = 0;
    for (const d of rows) {
      const got = per.get(d.address!.slice(1)) ?? 0;
      expect(['sent', 'unknown']).toContain(d.status);
      if (d.status === 'unknown') unknown++;
      else expect(got, `${d.address} ${d.status}`).toBe(1);
    }
    const c = await outcomeCounts(h, campaignId);
    expect(c.byStatus.sent + unknown).toBe(N);
    // Only what the killed worker had handed over can be unknown (its in-flight batches), never its whole claim.
    expect(unknown).toBeLessThanOrEqual(16 * 25);
  });
});
