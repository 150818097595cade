/**
 * Unsubscribe over real HTTP: the page in English and Hebrew (RTL) changes nothing on GET; RFC 8058 one-click
 * POSTs (urlencoded and multipart) unsubscribe at once with 200 and no redirect; the form records the reason;
 * protected contacts are not unsubscribed by a forwarded copy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/app.js';
import { eventsOf, seedSentCampaign, urlsOf } from './test-support.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

const status = async (id: number) => (await t.ctx.db.selectFrom('contacts').select('email_status').where('id', '=', id).executeTakeFirstOrThrow()).email_status;
const consents = (id: number) => t.ctx.db.selectFrom('consents').selectAll().where('contact_id', '=', id).where('channel', '=', 'email').orderBy('id').execute();

describe('unsubscribe page', () => {
  it('shows the reasons in English, switches to Hebrew right-to-left, and a GET changes nothing', async () => {
    const ws = await t.workspace();
    const { deliveries } = await seedSentCampaign(t.ctx, ws.id, ['reader@example.test']);
    const u = urlsOf(t.ctx, deliveries[0].id);
    const en = await fetch(t.url + u.unsubscribe);
    expect(en.status).toBe(200);
    const html = await en.text();
    expect(html).toContain('<html lang="en" dir="ltr">');
    for (const s of ['The content is not relevant to me', "I don&#39;t want to receive more emails", 'I never signed up for this', 'Too many emails', 'The emails are spam', 'Other', 'reader@example.test']) expect(html).toContain(s);
    expect(html).toContain(`href="${u.unsubscribe}?lang=he"`);
    const he = await (await fetch(t.url + u.unsubscribe + '?lang=he')).text();
    expect(he).toContain('<html lang="he" dir="rtl">');
    expect(he).toContain('מעולם לא נרשמתי');
    expect(await status(deliveries[0].contactId)).toBe('subscribed');
  });

  it('uses the workspace locale by default (Hebrew → RTL)', async () => {
    const ws = await t.workspace();
    await t.ctx.db.updateTable('workspaces').set({ locale: 'he' }).where('id', '=', ws.id).execute();
    const { deliveries } = await seedSentCampaign(t.ctx, ws.id, ['hebrew@example.test']);
    const html = await (await fetch(t.url + urlsOf(t.ctx, deliveries[0].id).unsubscribe)).text();
    expect(html).toContain('dir="rtl"');
    expect(html).toContain('English');
  });

  it('unsubscribes on submit and records source self, the reason, an event and the delivery time', async () => {
    const ws = await t.workspace();
    const { campaignId, deliveries } = await seedSentCampaign(t.ctx, ws.id, ['form@example.test']);
    const u = urlsOf(t.ctx, deliveries[0].id);
    const r = await fetch(t.url + u.unsubscribe, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'confirm=1&lang=he&reason=too_many&other=' });
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('dir="rtl"');
    expect(await status(deliveries[0].contactId)).toBe('unsubscribed');
    const [c] = (await consents(deliveries[0].contactId)).filter((x) => x.status === 'unsubscribed');
    expect(c).toMatchObject({ source: 'self', reason: 'too_many', wording: 'unsubscribe page' });
    const [ev] = await eventsOf(t.ctx, campaignId, 'unsubscribe');
    expect(ev.data).toMatchObject({ source: 'self', method: 'page', reason: 'too_many' });
    const d = await t.ctx.db.selectFrom('deliveries').select('unsubscribed_at').where('id', '=', deliveries[0].id).executeTakeFirstOrThrow();
    expect(d.unsubscribed_at).toBeInstanceOf(Date);
    // Again: already unsubscribed, nothing more recorded.
    const again = await fetch(t.url + u.unsubscribe, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'confirm=1&reason=spam' });
    expect(await again.text()).toContain('already unsubscribed');
    expect(await eventsOf(t.ctx, campaignId, 'unsubscribe')).toHaveLength(1);
    const other = await seedSentCampaign(t.ctx, ws.id, ['free@example.test']);
    await fetch(t.url + urlsOf(t.ctx, other.deliveries[0].id).unsubscribe, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'confirm=1&reason=other&other=' + encodeURIComponent('Moving abroad') });
    expect((await consents(other.deliveries[0].contactId)).at(-1)).toMatchObject({ source: 'self', reason: 'other: Moving abroad' });
  });

  it('refuses a bare POST that is neither the form nor a one-click request', async () => {
    const ws = await t.workspace();
    const { deliveries } = await seedSentCampaign(t.ctx, ws.id, ['bare@example.test']);
    const r = await fetch(t.url + urlsOf(t.ctx, deliveries[0].id).unsubscribe, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'hello=1' });
    expect(r.status).toBe(400);
    expect(await status(deliveries[0].contactId)).toBe('subscribed');
  });
});

describe('RFC 8058 one-click', () => {
  it('unsubscribes at once with 200 and no redirect (urlencoded and multipart bodies)', async () => {
    const ws = await t.workspace();
    const { campaignId, deliveries } = await seedSentCampaign(t.ctx, ws.id, ['one@example.test', 'multi@example.test']);
    const r = await fetch(t.url + urlsOf(t.ctx, deliveries[0].id).unsubscribe, {
      method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click',
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('location')).toBeNull();
    expect(await status(deliveries[0].contactId)).toBe('unsubscribed');
    expect((await consents(deliveries[0].contactId)).at(-1)).toMatchObject({ status: 'unsubscribed', source: 'self', wording: 'List-Unsubscribe one-click' });

    const form = new FormData();
    form.append('List-Unsubscribe', 'One-Click');
    const m = await fetch(t.url + urlsOf(t.ctx, deliveries[1].id).unsubscribe, { method: 'POST', redirect: 'manual', body: form });
    expect(m.status).toBe(200);
    expect(await status(deliveries[1].contactId)).toBe('unsubscribed');
    const evs = await eventsOf(t.ctx, campaignId, 'unsubscribe');
    expect(evs.map((e) => (e.data as { method: string }).method)).toEqual(['one_click', 'one_click']);
    const rep = (await t.api('GET', `/api/v1/campaigns/${campaignId}/report`, { key: ws.key })).body.data;
    expect(rep.funnel.unsubscribed).toBe(2);
  });

  it('leaves a protected contact subscribed, says so, and logs the attempt', async () => {
    const ws = await t.workspace();
    const { campaignId, deliveries } = await seedSentCampaign(t.ctx, ws.id, ['staff@example.test'], { protectedEmails: ['staff@example.test'] });
    const u = urlsOf(t.ctx, deliveries[0].id);
    const r = await fetch(t.url + u.unsubscribe, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('protected');
    const page = await fetch(t.url + u.unsubscribe, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'confirm=1&reason=spam' });
    expect(await page.text()).toContain('protected address');
    expect(await status(deliveries[0].contactId)).toBe('subscribed');
    expect(await eventsOf(t.ctx, campaignId, 'unsubscribe')).toHaveLength(0);
    expect(await eventsOf(t.ctx, campaignId, 'unsubscribe_blocked')).toHaveLength(2);
  });
});
