import { afterEach, describe, expect, it } from 'vitest';
import { createWhatsappSimulator, type WhatsappSimulator } from './simulator.js';
import { simClient } from './test-support.js';
import type { SimOptions } from './config.js';

const PHONE = '106540352242922';
let sim: WhatsappSimulator;
let api: ReturnType<typeof simClient>;

async function start(opts: SimOptions) {
  sim = await createWhatsappSimulator(opts);
  api = simClient(sim.url);
  await api.control('/templates', { name: 'promo', language: 'he', category: 'MARKETING', components: [{ type: 'BODY', text: 'מבצע חדש בחנות!' }] });
}
afterEach(async () => {
  await sim.close();
});
const template = (to: string) => api.post(`/v24.0/${PHONE}/messages`, { messaging_product: 'whatsapp', to, type: 'template', template: { name: 'promo', language: { code: 'he' } } });
const recipient = (i: number) => `97250${String(i).padStart(7, '0')}`;

describe('limits', () => {
  it('tier 250: refuses the 251st unique recipient in 24 h and allows it after the clock moves 24 h', async () => {
    await start({ limits: { tier: 250, mps: 0 } });
    for (let i = 0; i < 250; i++) expect((await template(recipient(i))).status).toBe(200);
    expect((await template(recipient(0))).status).toBe(200); // an already-counted recipient is not new
    const over = await template(recipient(250));
    expect(over.status).toBe(400);
    expect(over.body.error.code).toBe(131048);
    expect((await api.control('/stats')).body.tier).toMatchObject({ limit: 250, uniqueRecipients24h: 250, remaining: 0 });
    await api.control('/clock', { advanceSeconds: 24 * 3600 + 1 });
    expect((await template(recipient(250))).status).toBe(200);
  });

  it('does not count recipients inside their service window toward the tier', async () => {
    await start({ limits: { tier: 250, mps: 0 } });
    await api.control('/limits', { tier: 250 });
    for (let i = 0; i < 250; i++) await template(recipient(i));
    await api.control('/inbound', { from: recipient(900), text: 'hi' });
    expect((await template(recipient(900))).status).toBe(200);
  });

  it('throughput: bursting over the per-second limit answers 130429, and no 1-second window exceeds it', async () => {
    await start({ limits: { mps: 5, tier: 'unlimited' } });
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => template(recipient(i))));
    const refused = results.filter((r) => r.status !== 200);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0].body.error).toMatchObject({ code: 130429, message: '(#130429) Rate limit hit' });
    const stats = (await api.control('/stats')).body;
    expect(stats.max1sCount).toBeLessThanOrEqual(5);
    expect(stats.rejectedByCode['130429']).toBe(refused.length);
    expect(stats.accepted).toBe(60 - refused.length);
  });

  it('pair rate limit: too many messages to one user answers 131056 while other users are unaffected', async () => {
    await start({ limits: { mps: 0, tier: 'unlimited', pairRate: { burst: 3, perSeconds: 6 } } });
    for (let i = 0; i < 3; i++) expect((await template(recipient(1))).status).toBe(200);
    expect((await template(recipient(1))).body.error.code).toBe(131056);
    expect((await template(recipient(2))).status).toBe(200);
    await api.control('/clock', { advanceSeconds: 6 });
    expect((await template(recipient(1))).status).toBe(200);
  });

  it('reports the number info with quality, tier and throughput, and updates them on quality events', async () => {
    await start({ limits: { tier: 2000, mps: 80 } });
    expect((await api.get(`/v24.0/${PHONE}`)).body).toMatchObject({ quality_rating: 'GREEN', messaging_limit_tier: 'TIER_2K', throughput: { level: 'STANDARD' } });
    const ev = await api.control('/events/phone-quality', { tier: 10000, quality: 'YELLOW', mps: 1000 });
    expect(ev.body.value).toMatchObject({ event: 'UPGRADE', current_limit: 'TIER_10K', old_limit: 'TIER_2K' });
    expect((await api.get(`/v24.0/${PHONE}`)).body).toMatchObject({ quality_rating: 'YELLOW', messaging_limit_tier: 'TIER_10K', throughput: { level: 'HIGH' } });
  });

  it('halts all sends after an account restriction event', async () => {
    await start({});
    await api.control('/events/account', { event: 'ACCOUNT_RESTRICTION', restriction_info: [{ restriction_type: 'RESTRICTED_BIZ_INITIATED_MESSAGING' }] });
    expect((await template(recipient(1))).body.error.code).toBe(131031);
    await api.control('/config', { accountHaltCode: null });
    expect((await template(recipient(1))).status).toBe(200);
  });
});
