/**
 * Reports over real HTTP against a constructed set of deliveries and events whose every number is known:
 * funnel, skipped reasons, rates, domains, recipients per step, save-as-group, CSV, the contact card's messages,
 * the dashboard, and tenant isolation.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/app.js';
import { seedSentCampaign } from '../tracking/test-support.js';

let t: TestApp;
let ws: { id: number; key: string };
let other: { id: number; key: string };
let campaignId: number;
let ids: number[];
let contactIds: number[];

const emails = [
  'a1@alpha.test', 'a2@alpha.test', 'a3@alpha.test', 'a4@alpha.test', // 0-3
  'b1@beta.test', 'b2@beta.test', 'b3@beta.test', // 4-6
  'c1@gamma.test', 'c2@gamma.test', 'c3@gamma.test', // 7-9
];

beforeAll(async () => {
  t = await startTestApp();
  ws = await t.workspace();
  other = await t.workspace();
  const seeded = await seedSentCampaign(t.ctx, ws.id, emails, { name: 'Spring sale' });
  campaignId = seeded.campaignId;
  ids = seeded.deliveries.map((d) => d.id);
  contactIds = seeded.deliveries.map((d) => d.contactId);
  const upd = (i: number, set: string) => sql.raw(`update deliveries set ${set} where id = ${ids[i]}`).execute(t.ctx.db);
  // 2 skipped (unsubscribed, bounced_out), 1 failed with a hard bounce at send time, 7 sent (one soft-bounced later).
  await upd(8, "status = 'skipped', reason = 'unsubscribed', sent_at = null");
  await upd(9, "status = 'skipped', reason = 'bounced_out', sent_at = null");
  await upd(7, "status = 'failed', reason = '550 5.1.1', sent_at = null, bounce_class = 'hard', bounced_at = now()");
  await upd(6, "bounce_class = 'soft', bounced_at = now()"); // sent, then a soft DSN
  await upd(0, "opened_at = now() - interval '50 minutes', clicked_at = now() - interval '50 minutes'");
  await upd(1, "opened_at = now() - interval '40 minutes'");
  await upd(4, "opened_at = now() - interval '30 minutes', unsubscribed_at = now(), complained_at = now()");
  await t.ctx.db.insertInto('campaign_links').values([
    { workspace_id: ws.id, campaign_id: campaignId, link_index: 0, url: 'https://www.example.com/a', clicks: 3 },
    { workspace_id: ws.id, campaign_id: campaignId, link_index: 1, url: 'https://www.example.com/b?x=1', clicks: 0 },
  ]).execute();
  const ev = (i: number, type: string, data: Record<string, unknown>, minutesAgo: number) => ({
    workspace_id: ws.id, campaign_id: campaignId, delivery_id: ids[i], contact_id: contactIds[i], channel: 'email', type, at: new Date(Date.now() - minutesAgo * 60_000), data: JSON.stringify(data),
  });
  await t.ctx.db.insertInto('events').values([
    ev(0, 'open', { bot: false }, 50), ev(0, 'open', { bot: false }, 45), ev(0, 'click', { bot: false, link: 0 }, 50), ev(0, 'click', { bot: false, link: 0 }, 44),
    ev(1, 'open', { bot: false }, 40), ev(4, 'open', { bot: false }, 30),
    ev(2, 'open', { bot: true, reason: 'apple_mpp' }, 59), ev(3, 'open', { bot: true, reason: 'apple_mpp' }, 59),
    ev(3, 'click', { bot: true, reason: 'too_fast', link: 0 }, 59),
    ev(4, 'unsubscribe', { source: 'self', method: 'one_click' }, 1), ev(4, 'complaint', { feedbackType: 'abuse' }, 1),
  ]).execute();
});
afterAll(async () => t?.close());

describe('campaign report', () => {
  it('matches the constructed deliveries and events exactly', async () => {
    const r = await t.api('GET', `/api/v1/campaigns/${campaignId}/report`, { key: ws.key });
    expect(r.status).toBe(200);
    const f = r.body.data.funnel;
    expect(f).toEqual({
      audience: 10,
      skipped: 2,
      skippedByReason: { unsubscribed: 1, bounced_out: 1 },
      sent: 7,
      failed: 1,
      unknown: 0,
      pending: 0,
      delivered: 6,
      opened: { unique: 3, total: 4, machine: { total: 2, unique: 2 }, anonymous: 0 },
      clicked: { unique: 1, total: 2, scanner: { total: 1, unique: 1 }, anonymous: 0 },
      unsubscribed: 1,
      bounced: { hard: 1, soft: 1, total: 2 },
      complained: 1,
      rates: { open: 0.5, click: 0.1667, clickToOpen: 0.3333, bounce: 0.25, unsubscribe: 0.1667, complaint: 0.1667 },
    });
    expect(r.body.data.campaign).toMatchObject({ id: campaignId, name: 'Spring sale', status: 'done' });
    expect(r.body.data.links).toEqual([
      { index: 0, url: 'https://www.example.com/a', total: 2, unique: 1, scanner: 1, allClicks: 3 },
      { index: 1, url: 'https://www.example.com/b?x=1', total: 0, unique: 0, scanner: 0, allClicks: 0 },
    ]);
    expect(r.body.data.domains).toEqual([
      { domain: 'alpha.test', sent: 4, delivered: 4, opened: 2, clicked: 1, bounced: 0 },
      { domain: 'beta.test', sent: 3, delivered: 2, opened: 1, clicked: 0, bounced: 1 },
      { domain: 'gamma.test', sent: 0, delivered: 0, opened: 0, clicked: 0, bounced: 1 },
    ]);
    const tl = r.body.data.timeline as { opens: number; clicks: number; machineOpens: number; scannerClicks: number }[];
    expect(tl.reduce((n, p) => n + p.opens, 0)).toBe(4);
    expect(tl.reduce((n, p) => n + p.clicks, 0)).toBe(2);
    expect(tl.reduce((n, p) => n + p.machineOpens, 0)).toBe(2);
    expect(tl.reduce((n, p) => n + p.scannerClicks, 0)).toBe(1);
  });

  it('lists the recipients of a step, page by page, and saves them as a group', async () => {
    const p1 = await t.api('GET', `/api/v1/campaigns/${campaignId}/report/contacts?step=delivered&limit=4`, { key: ws.key });
    expect(p1.status).toBe(200);
    expect(p1.body.meta.total).toBe(6);
    expect(p1.body.data.map((x: { email: string }) => x.email)).toEqual(['a1@alpha.test', 'a2@alpha.test', 'a3@alpha.test', 'a4@alpha.test']);
    const p2 = await t.api('GET', `/api/v1/campaigns/${campaignId}/report/contacts?step=delivered&limit=4&cursor=${p1.body.meta.nextCursor}`, { key: ws.key });
    expect(p2.body.data.map((x: { email: string }) => x.email)).toEqual(['b1@beta.test', 'b2@beta.test']);
    expect(p2.body.meta.nextCursor).toBeNull();
    const opened = await t.api('GET', `/api/v1/campaigns/${campaignId}/report/contacts?step=opened`, { key: ws.key });
    expect(opened.body.data.map((x: { email: string }) => x.email)).toEqual(['a1@alpha.test', 'a2@alpha.test', 'b1@beta.test']);
    const skipped = await t.api('GET', `/api/v1/campaigns/${campaignId}/report/contacts?step=skipped`, { key: ws.key });
    expect(skipped.body.data.map((x: { reason: string }) => x.reason)).toEqual(['unsubscribed', 'bounced_out']);

    const g = await t.api('POST', `/api/v1/campaigns/${campaignId}/report/save-as-group`, { key: ws.key, body: { step: 'opened', groupName: 'Spring openers' } });
    expect(g.status).toBe(200);
    expect(g.body.data.added).toBe(3);
    const members = await t.ctx.db.selectFrom('group_members').select('contact_id').where('group_id', '=', g.body.data.groupId).orderBy('contact_id').execute();
    expect(members.map((m) => Number(m.contact_id))).toEqual([contactIds[0], contactIds[1], contactIds[4]].sort((a, b) => a - b));
    const dup = await t.api('POST', `/api/v1/campaigns/${campaignId}/report/save-as-group`, { key: ws.key, body: { step: 'opened', groupName: 'Spring openers' } });
    expect(dup.status).toBe(409);
  });

  it('exports one CSV line per recipient', async () => {
    const res = await fetch(`${t.url}/api/v1/campaigns/${campaignId}/report.csv`, { headers: { authorization: `Bearer ${ws.key}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const lines = (await res.text()).replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines).toHaveLength(11);
    expect(lines[0]).toBe('delivery_id,contact_id,email,first_name,last_name,status,reason,sent_at,opened_at,clicked_at,opens,clicks,bounce,bounced_at,complained_at,unsubscribed_at');
    const a1 = lines.find((l) => l.includes('a1@alpha.test'))!.split(',');
    expect(a1[10]).toBe('2'); // human opens
    expect(a1[11]).toBe('2'); // human clicks
    const c1 = lines.find((l) => l.includes('c1@gamma.test'))!.split(',');
    expect(c1[5]).toBe('failed');
    expect(c1[12]).toBe('hard');
  });
});

describe('contact card and dashboard', () => {
  it("lists every message sent to a contact with what happened to it", async () => {
    const r = await t.api('GET', `/api/v1/contacts/${contactIds[4]}/messages`, { key: ws.key });
    expect(r.status).toBe(200);
    expect(r.body.data).toHaveLength(1);
    const m = r.body.data[0];
    expect(m).toMatchObject({ deliveryId: ids[4], campaignId, campaignName: 'Spring sale', channel: 'email', status: 'sent', address: 'b1@beta.test' });
    expect(m.unsubscribedAt).not.toBeNull();
    expect(m.complainedAt).not.toBeNull();
    expect(m.events.map((e: { type: string }) => e.type)).toEqual(['open', 'unsubscribe', 'complaint']);
  });

  it('shows recent campaigns with rates and 30-day totals', async () => {
    const r = await t.api('GET', '/api/v1/dashboard', { key: ws.key });
    expect(r.status).toBe(200);
    expect(r.body.data.totals).toEqual({ campaigns: 1, sent: 7, delivered: 6, opened: 3, clicked: 1, bounced: 1, unsubscribed: 1, complained: 1 });
    expect(r.body.data.recent).toHaveLength(1);
    expect(r.body.data.recent[0]).toMatchObject({ id: campaignId, audience: 10, sent: 7, delivered: 6, opened: 3, clicked: 1, openRate: 0.5, clickRate: 0.1667 });
  });

  it("does not show one workspace's report, recipients, CSV or contact messages to another", async () => {
    for (const path of [`/api/v1/campaigns/${campaignId}/report`, `/api/v1/campaigns/${campaignId}/report/contacts?step=sent`, `/api/v1/campaigns/${campaignId}/report.csv`, `/api/v1/contacts/${contactIds[0]}/messages`]) {
      expect((await t.api('GET', path, { key: other.key })).status, path).toBe(404);
    }
    expect((await t.api('POST', `/api/v1/campaigns/${campaignId}/report/save-as-group`, { key: other.key, body: { step: 'sent', groupName: 'x' } })).status).toBe(404);
    const d = await t.api('GET', '/api/v1/dashboard', { key: other.key });
    expect(d.body.data).toEqual({ days: 30, totals: { campaigns: 0, sent: 0, delivered: 0, opened: 0, clicked: 0, bounced: 0, unsubscribed: 0, complained: 0 }, recent: [] });
  });
});
