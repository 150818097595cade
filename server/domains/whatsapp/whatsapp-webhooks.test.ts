import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_SECRET, connectNumber, postWebhook, startWaHarness, statusPayload, waitFor, type WaHarness } from './test-support.js';

let h: WaHarness;
const A = { phoneNumberId: '106540352242922', displayPhoneNumber: '15550783881', wabaId: '102290129340398' };
const B = { phoneNumberId: '206540352242922', displayPhoneNumber: '15550783882', wabaId: '202290129340398' };
let wsA: { id: number; key: string };
let wsB: { id: number; key: string };
let campaignId: number;
let contactId: number;

beforeAll(async () => {
  h = await startWaHarness({ numbers: [A, B] });
  wsA = await h.t.workspace();
  wsB = await h.t.workspace();
  await connectNumber(h, wsA.key, 0);
  await connectNumber(h, wsB.key, 1, { appSecret: 'secret-of-b' });
  const c = await h.t.ctx.db.insertInto('contacts').values({ workspace_id: wsA.id, phone_e164: '+972501234567', fields: '{}' }).returning('id').executeTakeFirstOrThrow();
  contactId = c.id;
  const camp = await h.t.ctx.db.insertInto('campaigns').values({ workspace_id: wsA.id, channel: 'whatsapp', name: 'wa test', content: '{}', settings: '{}', audience: '{}' }).returning('id').executeTakeFirstOrThrow();
  campaignId = camp.id;
});
afterAll(async () => h?.close());

let n = 0;
async function delivery(ws = wsA.id) {
  const wamid = `wamid.TEST${++n}`;
  const cid = ws === wsA.id ? contactId : (await h.t.ctx.db.insertInto('contacts').values({ workspace_id: ws, phone_e164: `+97250000${1000 + n}`, fields: '{}' }).returning('id').executeTakeFirstOrThrow()).id;
  const camp = ws === wsA.id ? campaignId : (await h.t.ctx.db.insertInto('campaigns').values({ workspace_id: ws, channel: 'whatsapp', name: 'b', content: '{}', settings: '{}', audience: '{}' }).returning('id').executeTakeFirstOrThrow()).id;
  if (ws === wsA.id) await h.t.ctx.db.deleteFrom('deliveries').where('campaign_id', '=', camp).where('contact_id', '=', cid).execute();
  const d = await h.t.ctx.db
    .insertInto('deliveries')
    .values({ workspace_id: ws, campaign_id: camp, contact_id: cid, channel: 'whatsapp', address: '+972501234567', status: 'sent', provider_message_id: wamid, sent_at: new Date() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: d.id, wamid };
}
const getDelivery = (id: number) => h.t.ctx.db.selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const eventsOf = (id: number) => h.t.ctx.db.selectFrom('events').select(['type']).where('delivery_id', '=', id).orderBy('id').execute();
const inboxCount = async () => Number((await sql<{ n: number }>`select count(*)::int as n from wa_webhook_inbox`.execute(h.t.ctx.db)).rows[0].n);
const drained = () => waitFor(async () => Number((await sql<{ n: number }>`select count(*)::int as n from wa_webhook_inbox where processed_at is null`.execute(h.t.ctx.db)).rows[0].n) === 0);

describe('webhook endpoint', () => {
  it('answers the subscription handshake only for a known verify token', async () => {
    const conn = (await h.t.api('GET', '/api/v1/whatsapp/numbers', { key: wsA.key })).body.data[0];
    const ok = await fetch(`${h.t.url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${conn.verifyToken}&hub.challenge=12345`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('12345');
    expect((await fetch(`${h.t.url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1`)).status).toBe(403);
    const viaSim = await h.simApi.control('/webhooks/verify', {});
    expect(JSON.stringify(viaSim.body)).toMatch(/200|ok/i);
  });

  it('refuses a bad or missing signature with 401 and stores nothing', async () => {
    const d = await delivery();
    const before = await inboxCount();
    const payload = statusPayload(A.wabaId, A.phoneNumberId, [{ id: d.wamid, status: 'delivered' }]);
    expect((await postWebhook(h.t.url, payload, 'wrong-secret')).status).toBe(401);
    expect((await postWebhook(h.t.url, payload, undefined)).status).toBe(401);
    // B's secret cannot sign for A's number.
    expect((await postWebhook(h.t.url, payload, 'secret-of-b')).status).toBe(401);
    expect(await inboxCount()).toBe(before);
    expect((await getDelivery(d.id)).delivered_at).toBeNull();
  });

  it('counts a replayed or duplicated status once', async () => {
    const d = await delivery();
    const payload = statusPayload(A.wabaId, A.phoneNumberId, [{ id: d.wamid, status: 'delivered' }, { id: d.wamid, status: 'delivered' }]);
    for (let i = 0; i < 3; i++) expect((await postWebhook(h.t.url, payload, APP_SECRET)).status).toBe(200);
    await drained();
    expect((await eventsOf(d.id)).map((e) => e.type)).toEqual(['delivered']);
    expect((await getDelivery(d.id)).delivered_at).not.toBeNull();
  });

  it('never downgrades: read then a late delivered stays read; failed is undone by a later delivered', async () => {
    const d = await delivery();
    await postWebhook(h.t.url, statusPayload(A.wabaId, A.phoneNumberId, [{ id: d.wamid, status: 'read', timestamp: 1_800_000_100 }]), APP_SECRET);
    await drained();
    await postWebhook(h.t.url, statusPayload(A.wabaId, A.phoneNumberId, [{ id: d.wamid, status: 'delivered', timestamp: 1_800_000_050 }]), APP_SECRET);
    await drained();
    const row = await getDelivery(d.id);
    expect(row.opened_at?.getTime()).toBe(1_800_000_100_000);
    expect(row.delivered_at?.getTime()).toBe(1_800_000_100_000); // read implied delivered; the late one does not move it
    expect(row.status).toBe('sent');

    const f = await delivery();
    await postWebhook(h.t.url, statusPayload(A.wabaId, A.phoneNumberId, [{ id: f.wamid, status: 'failed', code: 131026 }]), APP_SECRET);
    await drained();
    expect(await getDelivery(f.id)).toMatchObject({ status: 'failed', error_code: '131026' });
    await postWebhook(h.t.url, statusPayload(A.wabaId, A.phoneNumberId, [{ id: f.wamid, status: 'delivered' }]), APP_SECRET);
    await drained();
    expect(await getDelivery(f.id)).toMatchObject({ status: 'sent', error_code: null });
  });

  it('applies a status that arrives before the sender recorded the wamid, once it is known', async () => {
    const wamid = 'wamid.EARLY1';
    await postWebhook(h.t.url, statusPayload(A.wabaId, A.phoneNumberId, [{ id: wamid, status: 'delivered' }]), APP_SECRET);
    await drained();
    const d = await h.t.ctx.db
      .insertInto('deliveries')
      .values({ workspace_id: wsA.id, campaign_id: campaignId, contact_id: (await h.t.ctx.db.insertInto('contacts').values({ workspace_id: wsA.id, phone_e164: '+972509999999', fields: '{}' }).returning('id').executeTakeFirstOrThrow()).id, channel: 'whatsapp', status: 'sent', provider_message_id: wamid })
      .returning('id')
      .executeTakeFirstOrThrow();
    await waitFor(async () => (await getDelivery(d.id)).delivered_at);
    expect((await eventsOf(d.id)).map((e) => e.type)).toEqual(['delivered']);
  });

  it('a webhook for B’s number lands in B only', async () => {
    const dA = await delivery();
    const dB = await delivery(wsB.id);
    // B's payload names A's wamid: signed by B, attributed to B, so A's delivery is untouched.
    await postWebhook(h.t.url, statusPayload(B.wabaId, B.phoneNumberId, [{ id: dA.wamid, status: 'read' }, { id: dB.wamid, status: 'read' }]), 'secret-of-b');
    await drained();
    await waitFor(async () => (await getDelivery(dB.id)).opened_at);
    expect((await getDelivery(dA.id)).opened_at).toBeNull();
  });

  it('account restriction halts the number and raises an alert; tier updates from phone quality events', async () => {
    await h.simApi.control('/events/phone-quality', { phoneNumberId: A.phoneNumberId, tier: 2000 });
    await h.simApi.control('/events/account', { phoneNumberId: A.phoneNumberId, event: 'ACCOUNT_RESTRICTION', restriction_info: [{ restriction_type: 'RESTRICTED_BIZ_INITIATED_MESSAGING' }] });
    const conn = await waitFor(async () => {
      const c = (await h.t.api('GET', '/api/v1/whatsapp/numbers', { key: wsA.key })).body.data[0];
      return c.haltedAt && c.tier === '2000' ? c : null;
    });
    expect(conn.accountStatus).toBe('restricted');
    const alerts = await h.t.api('GET', '/api/v1/alerts?open=true', { key: wsA.key });
    expect(alerts.body.data[0]).toMatchObject({ kind: 'whatsapp_number_halted', severity: 'critical' });
    expect((await h.t.api('GET', '/api/v1/alerts', { key: wsB.key })).body.data).toEqual([]);
    expect((await h.t.api('POST', `/api/v1/whatsapp/numbers/${conn.id}/resume`, { key: wsA.key })).status).toBe(204);
    await h.simApi.raw('POST', '/_sim/config', { accountHaltCode: null }, false);
  });
});
