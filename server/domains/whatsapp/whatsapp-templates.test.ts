import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectNumber, startWaHarness, TOKEN, waitFor, type WaHarness } from './test-support.js';

let h: WaHarness;
beforeAll(async () => {
  h = await startWaHarness({
    numbers: [
      { phoneNumberId: '106540352242922', displayPhoneNumber: '15550783881', wabaId: '102290129340398' },
      { phoneNumberId: '206540352242922', displayPhoneNumber: '15550783882', wabaId: '202290129340398' },
    ],
  });
});
afterAll(async () => h?.close());

const goodTemplate = (name: string) => ({
  name,
  language: 'en_US',
  category: 'UTILITY',
  components: [
    { type: 'BODY', text: 'Hello {{1}}, your order {{2}} ships today.', example: { body_text: [['Dana', '#4821']] } },
    { type: 'FOOTER', text: 'Clarion shop' },
  ],
});

describe('connections', () => {
  it('stores the token encrypted, never returns it, and the test passes against the simulator', async () => {
    const ws = await h.t.workspace();
    const conn = await connectNumber(h, ws.key);
    const got = await h.t.api('GET', `/api/v1/whatsapp/numbers/${conn.id}`, { key: ws.key });
    expect(got.body.data).toMatchObject({ hasToken: true, hasAppSecret: true, sandbox: true });
    expect(JSON.stringify(got.body)).not.toContain(TOKEN);
    const row = await h.t.ctx.db.selectFrom('wa_connections').select('access_token_enc').where('id', '=', conn.id).executeTakeFirstOrThrow();
    expect(row.access_token_enc).not.toContain(TOKEN);
    const test = await h.t.api('POST', `/api/v1/whatsapp/numbers/${conn.id}/test`, { key: ws.key });
    expect(test.status).toBe(200);
    expect(test.body.data.ok).toBe(true);
    expect(test.body.data.number.tier).toBe('250');
    await h.t.api('DELETE', `/api/v1/whatsapp/numbers/${conn.id}`, { key: ws.key });
  });

  it('says plainly when the token is rejected, the phone number id is wrong, or the URL is unreachable', async () => {
    const ws = await h.t.workspace();
    const conn = await connectNumber(h, ws.key, 0, { accessToken: 'not-the-token' });
    const bad = await h.t.api('POST', `/api/v1/whatsapp/numbers/${conn.id}/test`, { key: ws.key });
    expect(bad.body.data.ok).toBe(false);
    expect(bad.body.data.checks.find((c: { check: string }) => c.check === 'token').message).toMatch(/access token was rejected \(190\)/);

    await h.t.api('PATCH', `/api/v1/whatsapp/numbers/${conn.id}`, { key: ws.key, body: { accessToken: TOKEN, phoneNumberId: '999999999' } });
    const wrongId = await h.t.api('POST', `/api/v1/whatsapp/numbers/${conn.id}/test`, { key: ws.key });
    expect(wrongId.body.data.checks.find((c: { check: string }) => c.check === 'phone_number').message).toMatch(/phone number id "999999999" was not found/);

    await h.t.api('PATCH', `/api/v1/whatsapp/numbers/${conn.id}`, { key: ws.key, body: { graphBaseUrl: 'http://127.0.0.1:9' } });
    const down = await h.t.api('POST', `/api/v1/whatsapp/numbers/${conn.id}/test`, { key: ws.key });
    expect(down.body.data.checks[0]).toMatchObject({ check: 'reachable', ok: false });
    expect(down.body.data.checks[0].message).toMatch(/Could not reach http:\/\/127\.0\.0\.1:9/);
    await h.t.api('DELETE', `/api/v1/whatsapp/numbers/${conn.id}`, { key: ws.key });
  });
});

describe('templates', () => {
  let ws: { id: number; key: string };
  let connId: number;
  beforeAll(async () => {
    ws = await h.t.workspace();
    connId = (await connectNumber(h, ws.key)).id;
  });

  it('validates inline, refuses to submit a rule-breaking template with every violation, and edits drafts only', async () => {
    const broken = { name: 'Bad Name', language: 'en_US', category: 'MARKETING', components: [{ type: 'BODY', text: '{{1}} hi {{3}}' }, { type: 'FOOTER', text: 'x {{1}}' }] };
    const v = await h.t.api('POST', '/api/v1/whatsapp/templates/validate', { key: ws.key, body: broken });
    expect(v.body.data.ok).toBe(false);
    const parts = v.body.data.violations.map((x: { component: string }) => x.component);
    expect(parts).toEqual(expect.arrayContaining(['NAME', 'BODY', 'FOOTER']));

    const draft = await h.t.api('POST', '/api/v1/whatsapp/templates', { key: ws.key, body: { connectionId: connId, ...broken } });
    expect(draft.status).toBe(201);
    expect(draft.body.data.status).toBe('DRAFT');
    const submit = await h.t.api('POST', `/api/v1/whatsapp/templates/${draft.body.data.id}/submit`, { key: ws.key });
    expect(submit.status).toBe(400);
    expect(submit.body.error.code).toBe('template_invalid');
    expect(submit.body.error.details.violations.length).toBe(v.body.data.violations.length);
    const onSim = await h.simApi.control('/templates');
    expect(onSim.body.data.find((t: { name: string }) => t.name === 'Bad Name')).toBeUndefined();
  });

  it('submits a good template (PENDING), and the review webhook makes it APPROVED; approved ones are copied, not edited', async () => {
    const draft = await h.t.api('POST', '/api/v1/whatsapp/templates', { key: ws.key, body: { connectionId: connId, ...goodTemplate('order_shipped') } });
    const id = draft.body.data.id;
    const sub = await h.t.api('POST', `/api/v1/whatsapp/templates/${id}/submit`, { key: ws.key });
    expect(sub.status).toBe(200);
    expect(sub.body.data.status).toBe('PENDING');
    expect(sub.body.data.metaTemplateId).toMatch(/^\d+$/);
    await h.simApi.control('/clock', { advanceSeconds: 3601 });
    const approved = await waitFor(async () => {
      const r = await h.t.api('GET', `/api/v1/whatsapp/templates/${id}`, { key: ws.key });
      return r.body.data.status === 'APPROVED' ? r.body.data : null;
    });
    expect(approved.editable).toBe(false);
    const edit = await h.t.api('PATCH', `/api/v1/whatsapp/templates/${id}`, { key: ws.key, body: { category: 'MARKETING' } });
    expect(edit.status).toBe(409);
    expect(edit.body.error.message).toMatch(/copy/i);
    const copy = await h.t.api('POST', `/api/v1/whatsapp/templates/${id}/copy`, { key: ws.key, body: {} });
    expect(copy.status).toBe(201);
    expect(copy.body.data).toMatchObject({ name: 'order_shipped_v2', status: 'DRAFT', editable: true });
  });

  it('a template rejected by review shows REJECTED with the reason', async () => {
    // Passes our local checks but the simulator's review is forced to reject it.
    const draft = await h.t.api('POST', '/api/v1/whatsapp/templates', { key: ws.key, body: { connectionId: connId, ...goodTemplate('promo_rejected') } });
    await h.t.api('POST', `/api/v1/whatsapp/templates/${draft.body.data.id}/submit`, { key: ws.key });
    await h.simApi.control('/templates/status', { name: 'promo_rejected', status: 'REJECTED', reason: 'PROMOTIONAL' });
    const rejected = await waitFor(async () => {
      const r = await h.t.api('GET', `/api/v1/whatsapp/templates/${draft.body.data.id}`, { key: ws.key });
      return r.body.data.status === 'REJECTED' ? r.body.data : null;
    });
    expect(rejected.rejectionReason).toBe('PROMOTIONAL');
  });

  it('sync imports templates that were created directly on the WhatsApp account', async () => {
    await h.simApi.control('/templates', { ...goodTemplate('made_elsewhere'), language: 'he', components: [{ type: 'BODY', text: 'שלום {{1}}, ההזמנה בדרך.', example: { body_text: [['דנה']] } }] });
    const sync = await h.t.api('POST', `/api/v1/whatsapp/numbers/${connId}/templates/sync`, { key: ws.key });
    expect(sync.status).toBe(200);
    expect(sync.body.data.inserted).toBeGreaterThanOrEqual(1);
    const list = await h.t.api('GET', `/api/v1/whatsapp/templates?connectionId=${connId}`, { key: ws.key });
    const imported = list.body.data.find((t: { name: string }) => t.name === 'made_elsewhere');
    expect(imported).toMatchObject({ status: 'APPROVED', language: 'he', category: 'UTILITY' });
    const again = await h.t.api('POST', `/api/v1/whatsapp/numbers/${connId}/templates/sync`, { key: ws.key });
    expect(again.body.data.inserted).toBe(0);
  });

  it('keeps tenants apart: another workspace sees none of these numbers or templates', async () => {
    const other = await h.t.workspace();
    expect((await h.t.api('GET', '/api/v1/whatsapp/numbers', { key: other.key })).body.data).toEqual([]);
    expect((await h.t.api('GET', '/api/v1/whatsapp/templates', { key: other.key })).body.data).toEqual([]);
    expect((await h.t.api('GET', `/api/v1/whatsapp/numbers/${connId}`, { key: other.key })).status).toBe(404);
    const mine = await h.t.api('GET', '/api/v1/whatsapp/templates', { key: ws.key });
    expect((await h.t.api('GET', `/api/v1/whatsapp/templates/${mine.body.data[0].id}`, { key: other.key })).status).toBe(404);
    // The same phone number cannot be connected twice.
    const num = h.sim.config.numbers[0];
    const dup = await h.t.api('POST', '/api/v1/whatsapp/numbers', { key: other.key, body: { wabaId: num.wabaId, phoneNumberId: num.phoneNumberId, accessToken: 'x', appSecret: 'y' } });
    expect(dup.status).toBe(409);
  });
});
