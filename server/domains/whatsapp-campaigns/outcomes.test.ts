/**
 * A 1,000-contact WhatsApp campaign through the shared pipeline against the simulator over loopback, with 5 %
 * seeded asynchronous failures of mixed codes and a few synchronous refusals: every outcome lands exactly where the
 * error table says (counts taken from the simulator's own record of what it did).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DeliveryLoop } from '../deliveries/pipeline.js';
import { startWaHarness, waitFor, type WaHarness } from '../whatsapp/test-support.js';
import { outcomeCounts, setupWa, startWaCampaign, waIdOf } from './test-support.js';

const N = 1000;
let h: WaHarness;
let loop: DeliveryLoop | null = null;

beforeAll(async () => {
  h = await startWaHarness({
    seed: 7,
    limits: { mps: 300, tier: 'unlimited', pairRate: false },
    failures: { probability: 0.05, codes: [131026, 131050, 130472, 131049], byRecipient: { [waIdOf(11)]: 131009, [waIdOf(22)]: 131009, [waIdOf(33)]: 131021 } },
  });
});
afterAll(async () => {
  await loop?.stop();
  await h?.close();
});

describe('WhatsApp campaign outcomes', () => {
  it('1,000 recipients with 5% injected failures end with exactly the expected counts per outcome', { timeout: 180_000 }, async () => {
    const s = await setupWa(h, N, { tier: 'unlimited', mps: 300 });
    // Two contacts that must be skipped with a reason: one opted out, one without consent for a marketing template.
    await sql`update contacts set whatsapp_status = 'opted_out' where id = ${s.contactIds[900]}`.execute(h.t.ctx.db);
    await sql`update contacts set whatsapp_status = 'unknown' where id = ${s.contactIds[901]}`.execute(h.t.ctx.db);
    const campaignId = await startWaCampaign(h, s);
    loop = new DeliveryLoop(h.t.ctx, 'wa-test', { pollMs: 100 }).start();

    // The simulator's truth: which messages it accepted and which it failed asynchronously, with what code.
    const simMessages = async () => (await h.simApi.control('/messages?limit=10000')).body.data as { waId: string; errorCode: number | null; state: string }[];
    await waitFor(async () => {
      const c = await outcomeCounts(h, campaignId);
      const pending = (c.byStatus.queued ?? 0) + (c.byStatus.claimed ?? 0) + (c.byStatus.sending ?? 0);
      return pending === 0 && (await simMessages()).length >= N - 2 - 3;
    }, 120_000);

    const msgs = await simMessages();
    const asyncCodes: Record<number, number> = {};
    for (const m of msgs) if (m.errorCode) asyncCodes[m.errorCode] = (asyncCodes[m.errorCode] ?? 0) + 1;
    const injected = Object.values(asyncCodes).reduce((a, b) => a + b, 0);
    // 5 % of the ~995 accepted messages, from a seeded generator: the same run every time.
    expect(injected).toBeGreaterThan(25);
    expect(injected).toBeLessThan(80);
    const delivered = msgs.length - injected;

    // Webhooks are applied asynchronously: wait until every failure and every delivery has arrived.
    await waitFor(async () => {
      const c = await outcomeCounts(h, campaignId);
      const { rows } = await sql<{ n: string }>`select count(*) as n from deliveries where campaign_id = ${campaignId} and delivered_at is not null`.execute(h.t.ctx.db);
      return (c.failedByCode['131026'] ?? 0) === (asyncCodes[131026] ?? 0) && (c.byReason['skipped:meta_experiment'] ?? 0) === (asyncCodes[130472] ?? 0) &&
        (c.byReason['deferred:meta_user_limit'] ?? 0) === (asyncCodes[131049] ?? 0) && (c.failedByCode['131050'] ?? 0) === (asyncCodes[131050] ?? 0) &&
        Number(rows[0].n) === delivered;
    }, 60_000);

    const c = await outcomeCounts(h, campaignId);
    expect(c.byStatus.sent).toBe(delivered);
    expect(c.failedByCode).toEqual({
      '131009': 2,
      '131021': 1,
      ...(asyncCodes[131026] ? { '131026': asyncCodes[131026] } : {}),
      ...(asyncCodes[131050] ? { '131050': asyncCodes[131050] } : {}),
    });
    expect(c.byReason['skipped:opted_out']).toBe(1);
    expect(c.byReason['skipped:no_consent']).toBe(1);
    expect(c.byReason['skipped:meta_experiment'] ?? 0).toBe(asyncCodes[130472] ?? 0);
    // 131049: waits at least 24 h, once.
    expect(c.byReason['deferred:meta_user_limit'] ?? 0).toBe(asyncCodes[131049] ?? 0);
    const waits = await sql<{ h: number }>`select extract(epoch from (next_attempt_at - now())) / 3600 as h from deliveries
      where campaign_id = ${campaignId} and status = 'deferred'`.execute(h.t.ctx.db);
    for (const w of waits.rows) expect(Number(w.h)).toBeGreaterThan(23.9);
    expect(c.byStatus.unknown ?? 0).toBe(0);
    expect(msgs.length).toBe(N - 2 - 3); // every eligible recipient got exactly one accepted message (3 refused synchronously)…
    const perRecipient = new Map<string, number>();
    for (const m of msgs) perRecipient.set(m.waId, (perRecipient.get(m.waId) ?? 0) + 1);
    expect(Math.max(...perRecipient.values())).toBe(1); // …and nobody got two

    // Side effects: 131026 → unreachable suppression; 131050 → WhatsApp opt-out from Meta.
    const sup = await sql<{ n: string }>`select count(*) as n from suppressions where workspace_id = ${s.ws.id} and channel = 'whatsapp' and source = 'meta_131026'`.execute(h.t.ctx.db);
    expect(Number(sup.rows[0].n)).toBe(asyncCodes[131026] ?? 0);
    const opted = await sql<{ n: string }>`select count(*) as n from contacts where workspace_id = ${s.ws.id} and whatsapp_status = 'opted_out'`.execute(h.t.ctx.db);
    expect(Number(opted.rows[0].n)).toBe(1 + (asyncCodes[131050] ?? 0));

    // A recipient taps the quick reply and another writes back: the report counts the click and both replies.
    await h.simApi.control('/inbound', { from: waIdOf(5), button: { text: 'Stop promotions', payload: `clarion:c${campaignId}:d1:b0` } });
    await h.simApi.control('/inbound', { from: waIdOf(6), text: 'Thanks!' });
    const report = await waitFor(async () => {
      const r = await h.t.api('GET', `/api/v1/whatsapp/campaigns/${campaignId}/report`, { key: s.ws.key });
      return r.body.data?.replied === 2 ? r.body.data : null;
    }, 30_000);
    expect(report.buttonClicks.total).toBe(1);
    expect(report.sent).toBe(delivered);
    expect(report.delivered).toBe(delivered);
    const f131009 = report.failedByCode.find((f: { code: string }) => f.code === '131009');
    expect(f131009.count).toBe(2);
    expect(f131009.explanation.en).toMatch(/not valid/);
    expect(f131009.explanation.he.length).toBeGreaterThan(5);
    expect(report.skippedByReason.find((x: { reason: string }) => x.reason === 'no_consent').count).toBe(1);
    expect(report.cost.billableMessages).toBe(delivered);
    expect(report.cost.estimate).toBeCloseTo(delivered * 0.025, 6);
  });
});
