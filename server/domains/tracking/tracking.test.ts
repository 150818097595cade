/**
 * Tracking over real HTTP: forged tokens are 404s, clicks redirect only to the campaign's stored links (with the
 * campaign's UTM parameters), per-link counts, machine opens and scanner clicks kept out of unique counts, the
 * privacy switch, the hit buffer's flush on close.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/app.js';
import { HitBuffer } from './hit-buffer.js';
import { writeHits } from './tracking.repo.js';
import { honeypotUrl } from './tracking.service.js';
import { signToken } from './tokens.js';
import { eventsOf, eventually, seedSentCampaign, urlsOf } from './test-support.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ CLARION_TRUST_PROXY: 'loopback' });
});
afterAll(async () => t?.close());

const get = (path: string, headers: Record<string, string> = {}, method = 'GET') => fetch(t.url + path, { method, headers, redirect: 'manual' });
const MAIL_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Thunderbird/128.0';

describe('tokens', () => {
  it('answers 404 to tampered and unknown tokens on every public endpoint, and never redirects', async () => {
    const ws = await t.workspace();
    const { deliveries } = await seedSentCampaign(t.ctx, ws.id, ['tok@example.test']);
    const u = urlsOf(t.ctx, deliveries[0].id);
    const tamper = (p: string) => p.slice(0, -2) + (p.endsWith('AA') ? 'BB' : 'AA');
    const unknown = urlsOf(t.ctx, 987_654_321);
    for (const p of [tamper(u.open), tamper(u.click(0)), tamper(u.unsubscribe), tamper(u.view), unknown.open, unknown.click(0), unknown.unsubscribe, unknown.view, '/t/c/not-a-token', '/t/o/zz.zz']) {
      const r = await get(p);
      expect(r.status, p).toBe(404);
      expect(r.headers.get('location')).toBeNull();
    }
    const post = await fetch(t.url + tamper(u.unsubscribe), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(post.status).toBe(404);
    // A click token of the wrong kind (an open token in the click path) is refused too.
    expect((await get(`/t/c/${signToken(t.ctx.keys.signingKey, 'o', deliveries[0].id)}`)).status).toBe(404);
    expect(await eventsOf(t.ctx, (await t.ctx.db.selectFrom('deliveries').select('campaign_id').where('id', '=', deliveries[0].id).executeTakeFirstOrThrow()).campaign_id, 'click')).toHaveLength(0);
  });
});

describe('clicks', () => {
  it("redirects to the campaign's stored link (UTM applied at compile time) and 404s an index outside the link table", async () => {
    const ws = await t.workspace();
    const { campaignId, deliveries } = await seedSentCampaign(t.ctx, ws.id, ['a@example.test'], { settings: { utm: { utm_source: 'clarion', utm_campaign: 'spring' } } });
    const u = urlsOf(t.ctx, deliveries[0].id);
    const r0 = await get(u.click(0), { 'user-agent': MAIL_UA });
    expect(r0.status).toBe(302);
    expect(r0.headers.get('location')).toBe('https://www.example.com/a?utm_source=clarion&utm_campaign=spring');
    const r1 = await get(u.click(1), { 'user-agent': MAIL_UA });
    expect(r1.headers.get('location')).toBe('https://www.example.com/b?x=1&utm_source=clarion&utm_campaign=spring');
    expect((await get(u.click(7))).status).toBe(404);
    const links = await t.ctx.db.selectFrom('campaign_links').select(['link_index', 'url']).where('campaign_id', '=', campaignId).orderBy('link_index').execute();
    expect(links.map((l) => l.url)).toEqual(['https://www.example.com/a?utm_source=clarion&utm_campaign=spring', 'https://www.example.com/b?x=1&utm_source=clarion&utm_campaign=spring']);
  });

  it('counts clicks per link (total and unique people) and reports them', async () => {
    const ws = await t.workspace();
    const { campaignId, deliveries } = await seedSentCampaign(t.ctx, ws.id, ['p1@example.test', 'p2@example.test', 'p3@example.test']);
    const [a, b] = deliveries.map((d) => urlsOf(t.ctx, d.id));
    for (const p of [a.click(0), a.click(0), b.click(0), a.click(1)]) expect((await get(p, { 'user-agent': MAIL_UA })).status).toBe(302);
    await eventually(async () => (await eventsOf(t.ctx, campaignId, 'click')).length === 4, 'clicks to be written');
    const rep = await t.api('GET', `/api/v1/campaigns/${campaignId}/report`, { key: ws.key });
    expect(rep.status).toBe(200);
    expect(rep.body.data.links).toEqual([
      { index: 0, url: 'https://www.example.com/a', total: 3, unique: 2, scanner: 0, allClicks: 3 },
      { index: 1, url: 'https://www.example.com/b?x=1', total: 1, unique: 1, scanner: 0, allClicks: 1 },
    ]);
    expect(rep.body.data.funnel.clicked).toEqual({ unique: 2, total: 4, scanner: { total: 0, unique: 0 }, anonymous: 0 });
    // A click proves an open (images may be off).
    expect(rep.body.data.funnel.opened.unique).toBe(2);
  });

  it('flags a click right after delivery, a HEAD request, a scanner user agent and a honeypot burst as scanner clicks, outside the unique rate', async () => {
    const ws = await t.workspace();
    // The window is configurable per workspace; a wide one keeps this test independent of machine speed.
    await t.ctx.db.insertInto('tracking_settings').values({ workspace_id: ws.id, scanner_click_seconds: 120 }).execute();
    const fresh = await seedSentCampaign(t.ctx, ws.id, ['fast@example.test'], { sentSecondsAgo: 0 });
    expect((await get(urlsOf(t.ctx, fresh.deliveries[0].id).click(0), { 'user-agent': MAIL_UA })).status).toBe(302);
    await eventually(async () => (await eventsOf(t.ctx, fresh.campaignId, 'click')).length === 1, 'the click');
    const [ev] = await eventsOf(t.ctx, fresh.campaignId, 'click');
    expect(ev.data).toMatchObject({ bot: true, reason: 'too_fast', link: 0 });
    const rep = (await t.api('GET', `/api/v1/campaigns/${fresh.campaignId}/report`, { key: ws.key })).body.data;
    expect(rep.funnel.clicked).toEqual({ unique: 0, total: 0, scanner: { total: 1, unique: 1 }, anonymous: 0 });
    expect(rep.links[0]).toMatchObject({ total: 0, unique: 0, scanner: 1, allClicks: 1 });

    const old = await seedSentCampaign(t.ctx, ws.id, ['head@example.test', 'ua@example.test', 'pot@example.test'], { sentSecondsAgo: 7200 });
    const [h, ua, pot] = old.deliveries;
    expect((await get(urlsOf(t.ctx, h.id).click(0), { 'user-agent': MAIL_UA }, 'HEAD')).status).toBe(302);
    expect((await get(urlsOf(t.ctx, ua.id).click(0), { 'user-agent': 'Mozilla/5.0 (compatible; Barracuda Sentinel)' })).status).toBe(302);
    const hp = honeypotUrl(t.ctx, pot.id).slice(t.url.length);
    expect((await get(urlsOf(t.ctx, pot.id).click(1), { 'user-agent': MAIL_UA })).status).toBe(302);
    const hpRes = await get(hp, { 'user-agent': MAIL_UA });
    expect(hpRes.status).toBe(200);
    expect(hpRes.headers.get('location')).toBeNull();
    await eventually(async () => (await eventsOf(t.ctx, old.campaignId, 'click')).length === 4, 'four clicks');
    const byDelivery = new Map((await eventsOf(t.ctx, old.campaignId, 'click')).map((e) => [`${e.delivery_id}:${(e.data as { reason?: string }).reason}`, e.data]));
    expect(byDelivery.get(`${h.id}:head`)).toMatchObject({ bot: true });
    expect(byDelivery.get(`${ua.id}:bot_ua`)).toMatchObject({ bot: true });
    expect(byDelivery.get(`${pot.id}:honeypot`)).toMatchObject({ bot: true });
    expect(byDelivery.get(`${pot.id}:honeypot_burst`)).toMatchObject({ bot: true, link: 1 });
    const rep2 = (await t.api('GET', `/api/v1/campaigns/${old.campaignId}/report`, { key: ws.key })).body.data;
    expect(rep2.funnel.clicked.unique).toBe(0);
    expect(rep2.funnel.clicked.scanner.unique).toBe(3);
    const d = await t.ctx.db.selectFrom('deliveries').select(['clicked_at', 'opened_at']).where('id', '=', pot.id).executeTakeFirstOrThrow();
    expect(d).toEqual({ clicked_at: null, opened_at: null });
  });
});

describe('opens', () => {
  it('serves the pixel, counts a person once and flags an Apple MPP prefetch as a machine open', async () => {
    const ws = await t.workspace();
    const { campaignId, deliveries } = await seedSentCampaign(t.ctx, ws.id, ['human@example.test', 'mpp@example.test', 'gmail@example.test']);
    const [human, mpp, gmail] = deliveries.map((d) => urlsOf(t.ctx, d.id));
    const px = await get(human.open, { 'user-agent': MAIL_UA });
    expect(px.status).toBe(200);
    expect(px.headers.get('content-type')).toBe('image/gif');
    expect(px.headers.get('cache-control')).toContain('no-store');
    await get(human.open, { 'user-agent': MAIL_UA });
    await get(mpp.open, { 'user-agent': 'Mozilla/5.0', 'x-forwarded-for': '17.58.101.7' });
    await get(gmail.open, { 'user-agent': 'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)' });
    await eventually(async () => (await eventsOf(t.ctx, campaignId, 'open')).length === 4, 'four opens');
    const opens = await eventsOf(t.ctx, campaignId, 'open');
    expect(opens.find((e) => e.delivery_id === deliveries[1].id)!.data).toMatchObject({ bot: true, reason: 'apple_mpp', ip: '17.58.101.7' });
    expect(opens.find((e) => e.delivery_id === deliveries[2].id)!.data).toMatchObject({ bot: false, proxy: 'google' });
    const rep = (await t.api('GET', `/api/v1/campaigns/${campaignId}/report`, { key: ws.key })).body.data;
    expect(rep.funnel.opened).toEqual({ unique: 2, total: 3, machine: { total: 1, unique: 1 }, anonymous: 0 });
    expect(rep.timeline.reduce((n: number, p: { opens: number }) => n + p.opens, 0)).toBe(3);
    expect(rep.timeline.reduce((n: number, p: { machineOpens: number }) => n + p.machineOpens, 0)).toBe(1);
  });

  it('with individual tracking off, stores anonymous counters only: no delivery, contact, IP or user agent', async () => {
    const ws = await t.workspace();
    await t.ctx.db.insertInto('email_settings').values({ workspace_id: ws.id, individual_tracking: false }).execute();
    const { campaignId, deliveries } = await seedSentCampaign(t.ctx, ws.id, ['private@example.test']);
    const u = urlsOf(t.ctx, deliveries[0].id);
    await get(u.open, { 'user-agent': MAIL_UA });
    expect((await get(u.click(0), { 'user-agent': MAIL_UA })).status).toBe(302);
    await eventually(async () => (await t.ctx.db.selectFrom('events').select('id').where('campaign_id', '=', campaignId).execute()).length === 2, 'two hits');
    const rows = await t.ctx.db.selectFrom('events').selectAll().where('campaign_id', '=', campaignId).execute();
    for (const r of rows) {
      expect(r.delivery_id).toBeNull();
      expect(r.contact_id).toBeNull();
      expect(r.data).not.toHaveProperty('ip');
      expect(r.data).not.toHaveProperty('ua');
    }
    const d = await t.ctx.db.selectFrom('deliveries').select(['opened_at', 'clicked_at']).where('id', '=', deliveries[0].id).executeTakeFirstOrThrow();
    expect(d).toEqual({ opened_at: null, clicked_at: null });
    const rep = (await t.api('GET', `/api/v1/campaigns/${campaignId}/report`, { key: ws.key })).body.data;
    expect(rep.individualTracking).toBe(false);
    expect(rep.funnel.opened).toMatchObject({ unique: 0, total: 1, anonymous: 1 });
    expect(rep.funnel.clicked).toMatchObject({ unique: 0, total: 1, anonymous: 1 });
    expect(rep.links[0]).toMatchObject({ allClicks: 1 });
  });
});

describe('view in browser', () => {
  it("renders the recipient's message without a pixel, with signed click links", async () => {
    const ws = await t.workspace();
    const { deliveries } = await seedSentCampaign(t.ctx, ws.id, ['viewer@example.test']);
    const r = await get(urlsOf(t.ctx, deliveries[0].id).view);
    expect(r.status).toBe(200);
    const html = await r.text();
    expect(html).toContain('Hello Viewer');
    expect(html).toContain(`/t/c/${signToken(t.ctx.keys.signingKey, 'c', deliveries[0].id, 0)}`);
    expect(html).not.toContain('/t/o/');
  });
});

describe('hit buffer', () => {
  it('writes every buffered hit when closed (shutdown loses nothing)', async () => {
    const ws = await t.workspace();
    const { campaignId, deliveries } = await seedSentCampaign(t.ctx, ws.id, ['buf@example.test']);
    const buffer = new HitBuffer((rows) => writeHits(t.ctx.db, rows), t.ctx.log, { flushMs: 60_000, maxBatch: 10_000 });
    for (let i = 0; i < 250; i++) {
      buffer.add({ workspaceId: ws.id, campaignId, deliveryId: deliveries[0].id, contactId: deliveries[0].contactId, type: 'open', at: new Date(), bot: false, linkIndex: null, data: {} });
    }
    expect(buffer.pending).toBe(250);
    await buffer.close();
    expect(buffer.pending).toBe(0);
    expect(await eventsOf(t.ctx, campaignId, 'open')).toHaveLength(250);
  });
});
