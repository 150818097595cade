/**
 * The messaging-limit tier on a controlled clock: with tier 250, only 250 unique recipients get the template in the
 * first 24 hours (the rest wait as 'deferred' with reason messaging_limit and are re-checked without being sent),
 * and after the simulator's clock — which is also the limiter's clock for a sandbox number — moves 24 h on, the
 * rest go out automatically. The simulator itself enforces the tier, so a single extra recipient would show up
 * there as a refusal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { setWhatsappLimiterOptions } from '../channels/whatsapp/limits/options.js';
import { DeliveryLoop } from '../deliveries/pipeline.js';
import { startWaHarness, waitFor, type WaHarness } from '../whatsapp/test-support.js';
import { outcomeCounts, setupWa, startWaCampaign } from './test-support.js';

let h: WaHarness;
let loop: DeliveryLoop | null = null;

beforeAll(async () => {
  setWhatsappLimiterOptions({ recheckMs: 300 });
  h = await startWaHarness({ limits: { mps: 200, tier: 250, pairRate: false } });
});
afterAll(async () => {
  await loop?.stop();
  await h?.close();
  setWhatsappLimiterOptions({ recheckMs: 5 * 60_000 });
});

describe('messaging-limit tier', () => {
  it('tier 250: 250 unique recipients in the first 24 h, the rest after the window moves', { timeout: 240_000 }, async () => {
    const s = await setupWa(h, 300, { tier: '250', mps: 200 });
    const campaignId = await startWaCampaign(h, s, 'Tier test');
    loop = new DeliveryLoop(h.t.ctx, 'wa-tier', { pollMs: 100 }).start();

    await waitFor(async () => {
      const c = await outcomeCounts(h, campaignId);
      return c.byStatus.sent === 250 && c.byReason['deferred:messaging_limit'] === 50;
    }, 120_000);
    // The deferred recipients are looked at again (several times) and refused again — never sent.
    await waitFor(async () => {
      const r = await sql<{ n: string }>`select deferred_total as n from wa_send_limits where connection_id = ${s.connectionId}`.execute(h.t.ctx.db);
      return Number(r.rows[0]?.n ?? 0) >= 200;
    }, 120_000);
    // Now let them rest (re-checked once a minute) so the counts below are stable, then look.
    setWhatsappLimiterOptions({ recheckMs: 60_000 });
    await waitFor(async () => {
      const r = await sql<{ n: string }>`select count(*) as n from deliveries where campaign_id = ${campaignId} and status = 'deferred'
        and reason = 'messaging_limit' and next_attempt_at > now() + interval '20 seconds'`.execute(h.t.ctx.db);
      return Number(r.rows[0].n) === 50;
    }, 60_000);
    let stats = (await h.simApi.control('/stats')).body;
    expect(stats.accepted).toBe(250);
    // Our limiter, not Meta, holds the tier: the simulator never had to refuse a recipient over it (131048).
    // A stray throughput refusal (130429) is allowed: the sender resends it at a later slot, by design.
    expect(stats.rejectedByCode['131048'] ?? 0).toBe(0);
    for (const code of Object.keys(stats.rejectedByCode)) expect(code).toBe('130429');
    const c1 = await outcomeCounts(h, campaignId);
    expect(c1.byStatus.sent).toBe(250);
    expect(c1.byReason['deferred:messaging_limit']).toBe(50);
    const camp = await h.t.ctx.db.selectFrom('campaigns').select('status').where('id', '=', campaignId).executeTakeFirstOrThrow();
    expect(camp.status).toBe('sending');
    // The campaign says why they wait; the number's dashboard shows the tier in use.
    const prog = await h.t.api('GET', `/api/v1/whatsapp/campaigns/${campaignId}/progress`, { key: s.ws.key });
    expect(prog.status).toBe(200);
    expect(prog.body.data.summary).toContain('deferred: messaging limit: 50');
    const dash = await h.t.api('GET', `/api/v1/whatsapp/numbers/${s.connectionId}/dashboard`, { key: s.ws.key });
    expect(dash.body.data).toMatchObject({ tier: '250', tierLimit: 250, uniqueRecipients24h: 250, tierRemaining: 0, deferredForTier: 50, messagesPerSecond: 200 });
    const report = await h.t.api('GET', `/api/v1/whatsapp/campaigns/${campaignId}/report`, { key: s.ws.key });
    expect(report.body.data.deferredByReason).toEqual([{ reason: 'messaging_limit', count: 50, label: { en: 'deferred: messaging limit', he: 'נדחה: מגבלת הודעות' }, tier: '250' }]);

    // A day (and a bit) later on Meta's clock: the first 250 leave the rolling window.
    await h.simApi.control('/clock', { advanceSeconds: 24 * 3600 + 180 });
    // Editing the limits re-checks the waiting recipients at once (instead of at their next recheck).
    setWhatsappLimiterOptions({ recheckMs: 300 });
    await new Promise((r) => setTimeout(r, 1500)); // let the limiter re-read the simulator clock (refreshed each second)
    const put = await h.t.api('PUT', `/api/v1/whatsapp/numbers/${s.connectionId}/limits`, { key: s.ws.key, body: { tier: '250' } });
    expect(put.status).toBe(200);
    await waitFor(async () => (await outcomeCounts(h, campaignId)).byStatus.sent === 300, 120_000);
    stats = (await h.simApi.control('/stats')).body;
    expect(stats.accepted).toBe(300);
    expect(stats.rejectedByCode['131048'] ?? 0).toBe(0);
    for (const code of Object.keys(stats.rejectedByCode)) expect(code).toBe('130429');
    await waitFor(async () => (await h.t.ctx.db.selectFrom('campaigns').select('status').where('id', '=', campaignId).executeTakeFirstOrThrow()).status === 'done', 60_000);
  });
});
