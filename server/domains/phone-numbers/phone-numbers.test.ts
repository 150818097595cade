/** POST /api/v1/phone-numbers/validate over real HTTP: 500 numbers, Israeli national format, 131026 reachability. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/app.js';

let t: TestApp;
beforeAll(async () => (t = await startTestApp()), 60_000);
afterAll(async () => t?.close());

describe('phone-number validation', () => {
  it('validates 500 numbers with a default country, types and national formats; marks a 131026 number unreachable', async () => {
    const ws = await t.workspace();
    const c = await t.ctx.db.insertInto('contacts').values({ workspace_id: ws.id, phone_e164: '+972502345678' } as never).returning('id').executeTakeFirstOrThrow();
    await t.ctx.db.insertInto('deliveries').values({ workspace_id: ws.id, contact_id: c.id, channel: 'whatsapp', address: '+972502345678', status: 'failed', error_code: '131026' } as never).execute();
    const numbers = ['0502345678', '+972 3-123-4567', 'not a number', ...Array.from({ length: 497 }, (_, i) => `05${String(20000000 + i).padStart(8, '0')}`)];
    const r = await t.api('POST', '/api/v1/phone-numbers/validate', { key: ws.key, body: { numbers, defaultCountry: 'IL' } });
    expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
    const d = r.body.data as Record<string, unknown>[];
    expect(d).toHaveLength(500);
    expect(d[0]).toMatchObject({ input: '0502345678', e164: '+972502345678', valid: true, type: 'mobile', country: 'IL', national: '050-234-5678', whatsapp: 'unreachable' });
    expect(d[1]).toMatchObject({ e164: '+97231234567', valid: true, type: 'fixed_line', whatsapp: 'unknown' });
    expect(d[2]).toMatchObject({ valid: false, e164: null });
    const big = await t.api('POST', '/api/v1/phone-numbers/validate', { key: ws.key, body: { numbers: Array.from({ length: 501 }, () => '1') } });
    expect(big.status).toBe(400);
  });
});
