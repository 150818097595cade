/**
 * Campaign contracts over the real HTTP API and a real loopback SMTP server: the audience build (dedupe across
 * groups, excludes, every skip reason recorded), the state machine (409 on editing a sent campaign, pause/resume/
 * cancel), resend only to the not-yet-reached, non-openers follow-up, progress, tenant isolation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../test/app.js';
import { startTestSmtpServer, type TestSmtpServer } from '../channels/email/smtp/test-smtp-server.js';
import { DeliveryLoop } from '../deliveries/pipeline.js';
import { runBuild, startDueCampaigns } from './campaigns.service.js';
import { addToGroup, campaignStatus, deliveryRows, seedGroup, setupSending, SIMPLE_MJML, waitFor } from './test-fixtures.js';

let t: TestApp;
let smtp: TestSmtpServer;
let loop: DeliveryLoop | null = null;

beforeAll(async () => {
  t = await startTestApp();
  smtp = await startTestSmtpServer();
});
afterAll(async () => {
  await loop?.stop();
  await smtp?.close();
  await t?.close();
});

const content = { format: 'mjml', source: SIMPLE_MJML, subject: 'Hello {{ contact.first_name }}' };

async function sendAndFinish(key: string, id: number) {
  const r = await t.api('POST', `/api/v1/campaigns/${id}/send`, { key });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  expect(r.body.data.status).toBe('building');
  await runBuild(t.ctx, id);
  loop ??= new DeliveryLoop(t.ctx, 'test-worker', { leaseMs: 5000 }).start();
  await waitFor(async () => (await campaignStatus(t.ctx, id)) === 'done', 'campaign done');
}

describe('campaigns', () => {
  it('builds the audience once per contact, honours excludes and records why each skipped contact got nothing', async () => {
    const ws = await t.workspace();
    await setupSending(t.ctx, ws.id, smtp.port);
    const a = await seedGroup(t.ctx, ws.id, 12, { domain: 'aud.test' });
    const b = await seedGroup(t.ctx, ws.id, 3, { domain: 'aud.test', offset: 100 });
    await addToGroup(t.ctx, ws.id, b.groupId, a.ids.slice(0, 5)); // 5 contacts in both groups
    const ex = await seedGroup(t.ctx, ws.id, 0);
    await addToGroup(t.ctx, ws.id, ex.groupId, [a.ids[11]]); // excluded
    const [unsub, compl, bounced, invalid, supp, blocked, bouncedOut] = a.ids;
    const setStatus = (id: number, s: string) => sql`update contacts set email_status = ${s} where id = ${id}`.execute(t.ctx.db);
    await setStatus(unsub, 'unsubscribed');
    await setStatus(compl, 'complained');
    await setStatus(bounced, 'bounced');
    await setStatus(invalid, 'invalid');
    await sql`insert into suppressions (workspace_id, channel, value) select ${ws.id}, 'email', email from contacts where id = ${supp}`.execute(t.ctx.db);
    await sql`update contacts set email = 'someone@blocked.test' where id = ${blocked}`.execute(t.ctx.db);
    await sql`insert into blocked_domains (workspace_id, domain) values (${ws.id}, 'blocked.test')`.execute(t.ctx.db);
    await sql`insert into events (workspace_id, contact_id, type, at) select ${ws.id}, ${bouncedOut}, 'bounce', now() - interval '1 day' from generate_series(1,3)`.execute(t.ctx.db);
    const noEmail = await t.ctx.db.insertInto('contacts').values({ workspace_id: ws.id, phone_e164: '+972501234567' }).returning('id').executeTakeFirstOrThrow();
    await addToGroup(t.ctx, ws.id, b.groupId, [noEmail.id]);

    const created = await t.api('POST', '/api/v1/campaigns', {
      key: ws.key,
      body: { name: 'Audience', content, audience: { include: { groups: [a.groupId, b.groupId] }, exclude: { groups: [ex.groupId] } } },
    });
    expect(created.status).toBe(201);
    const id = created.body.data.id;
    const count = await t.api('GET', `/api/v1/campaigns/${id}/audience-count`, { key: ws.key });
    expect(count.body.data).toEqual({
      total: 15,
      eligible: 7,
      skipped: { unsubscribed: 1, complained: 1, bounced: 1, invalid: 1, suppressed: 1, blocked_domain: 1, bounced_out: 1, no_email: 1 },
    });
    await sendAndFinish(ws.key, id);
    const rows = await deliveryRows(t.ctx, id);
    expect(rows).toHaveLength(15); // 12 + 3 + the phone-only contact - 1 excluded, each once
    expect(rows.filter((r) => r.status === 'sent')).toHaveLength(7);
    const reasons = Object.fromEntries(rows.filter((r) => r.status === 'skipped').map((r) => [r.contact_id, r.reason]));
    expect(reasons).toEqual({
      [unsub]: 'unsubscribed', [compl]: 'complained', [bounced]: 'bounced', [invalid]: 'invalid', [supp]: 'suppressed',
      [blocked]: 'blocked_domain', [bouncedOut]: 'bounced_out', [noEmail.id]: 'no_email',
    });
    expect(rows.some((r) => r.contact_id === a.ids[11])).toBe(false);
    const progress = await t.api('GET', `/api/v1/campaigns/${id}/progress`, { key: ws.key });
    expect(progress.body.data).toMatchObject({ status: 'done', total: 15, sent: 7, skipped: 8, queued: 0, failed: 0, unknown: 0, etaSeconds: 0 });
  });

  it('refuses to edit a sent campaign (409), copies it, and resends only to contacts not reached yet', async () => {
    const ws = await t.workspace();
    await setupSending(t.ctx, ws.id, smtp.port);
    const g = await seedGroup(t.ctx, ws.id, 5, { domain: 'resend.test' });
    const c = (await t.api('POST', '/api/v1/campaigns', { key: ws.key, body: { name: 'R', content, audience: { include: { groups: [g.groupId] } } } })).body.data;
    await sendAndFinish(ws.key, c.id);
    const edit = await t.api('PATCH', `/api/v1/campaigns/${c.id}`, { key: ws.key, body: { name: 'changed' } });
    expect(edit.status).toBe(409);
    const copy = await t.api('POST', `/api/v1/campaigns/${c.id}/copy`, { key: ws.key });
    expect(copy.body.data).toMatchObject({ status: 'draft', name: 'Copy of R', content: { subject: content.subject } });

    const more = await seedGroup(t.ctx, ws.id, 3, { domain: 'resend.test', offset: 50 });
    await addToGroup(t.ctx, ws.id, g.groupId, more.ids);
    const before = smtp.received.filter((r) => r.to.endsWith('@resend.test')).length;
    const resend = await t.api('POST', `/api/v1/campaigns/${c.id}/resend`, { key: ws.key });
    expect(resend.body.data).toMatchObject({ kind: 'resend', parentCampaignId: c.id, status: 'building' });
    await runBuild(t.ctx, resend.body.data.id);
    await waitFor(async () => (await campaignStatus(t.ctx, resend.body.data.id)) === 'done', 'resend done');
    const rows = await deliveryRows(t.ctx, resend.body.data.id);
    expect(rows.map((r) => r.contact_id).sort()).toEqual([...more.ids].sort());
    expect(smtp.received.filter((r) => r.to.endsWith('@resend.test')).length - before).toBe(3);
  });

  it('pauses, resumes and cancels; a cancelled campaign sends nothing more', async () => {
    const ws = await t.workspace();
    await setupSending(t.ctx, ws.id, smtp.port, { mps: 5, maxConnections: 1 });
    const g = await seedGroup(t.ctx, ws.id, 40, { domain: 'pause.test' });
    const c = (await t.api('POST', '/api/v1/campaigns', { key: ws.key, body: { name: 'P', content, audience: { include: { groups: [g.groupId] } } } })).body.data;
    await t.api('POST', `/api/v1/campaigns/${c.id}/send`, { key: ws.key });
    await runBuild(t.ctx, c.id);
    loop ??= new DeliveryLoop(t.ctx, 'test-worker', { leaseMs: 5000 }).start();
    const got = () => smtp.received.filter((r) => r.to.endsWith('@pause.test')).length;
    await waitFor(async () => got() >= 2, 'first messages');
    expect((await t.api('POST', `/api/v1/campaigns/${c.id}/pause`, { key: ws.key })).body.data.status).toBe('paused');
    expect((await t.api('POST', `/api/v1/campaigns/${c.id}/pause`, { key: ws.key })).status).toBe(409);
    // Once in-flight sends settle, nothing is claimed or sending.
    await waitFor(async () => {
      const rows = await deliveryRows(t.ctx, c.id);
      return !rows.some((r) => r.status === 'claimed' || r.status === 'sending');
    }, 'in-flight sends to settle');
    const atPause = got();
    expect(atPause).toBeLessThan(40);
    expect((await t.api('POST', `/api/v1/campaigns/${c.id}/resume`, { key: ws.key })).body.data.status).toBe('sending');
    await waitFor(async () => got() > atPause, 'sending to continue');
    expect((await t.api('POST', `/api/v1/campaigns/${c.id}/cancel`, { key: ws.key })).body.data.status).toBe('cancelled');
    await waitFor(async () => !(await deliveryRows(t.ctx, c.id)).some((r) => ['claimed', 'sending'].includes(r.status)), 'cancel to settle');
    const rows = await deliveryRows(t.ctx, c.id);
    const sent = rows.filter((r) => r.status === 'sent').length;
    expect(sent).toBe(got());
    expect(rows.filter((r) => r.status === 'cancelled').length).toBe(40 - sent);
    expect((await t.api('POST', `/api/v1/campaigns/${c.id}/resume`, { key: ws.key })).status).toBe(409);
  });

  it('creates a non-openers follow-up for sent deliveries without an open', async () => {
    const ws = await t.workspace();
    await setupSending(t.ctx, ws.id, smtp.port);
    const g = await seedGroup(t.ctx, ws.id, 4, { domain: 'open.test' });
    const c = (await t.api('POST', '/api/v1/campaigns', { key: ws.key, body: { name: 'O', content, audience: { include: { groups: [g.groupId] } } } })).body.data;
    await sendAndFinish(ws.key, c.id);
    await sql`update deliveries set opened_at = now() where campaign_id = ${c.id} and contact_id = any(${g.ids.slice(0, 2)}::bigint[])`.execute(t.ctx.db);
    const f = await t.api('POST', `/api/v1/campaigns/${c.id}/non-openers`, { key: ws.key });
    expect(f.body.data).toMatchObject({ kind: 'non_openers', status: 'draft', parentCampaignId: c.id });
    const count = await t.api('GET', `/api/v1/campaigns/${f.body.data.id}/audience-count`, { key: ws.key });
    expect(count.body.data).toMatchObject({ total: 2, eligible: 2 });
  });

  it('schedules at a local time in a time zone and starts when due', async () => {
    const ws = await t.workspace();
    await setupSending(t.ctx, ws.id, smtp.port);
    const g = await seedGroup(t.ctx, ws.id, 2, { domain: 'sched.test' });
    const c = (await t.api('POST', '/api/v1/campaigns', { key: ws.key, body: { name: 'S', content, audience: { include: { groups: [g.groupId] } } } })).body.data;
    const year = new Date().getUTCFullYear() + 1;
    // 09:00 in Jerusalem on 1 January is 07:00 UTC (winter, UTC+2); on 1 July it is 06:00 UTC (summer, UTC+3).
    const r = await t.api('POST', `/api/v1/campaigns/${c.id}/schedule`, { key: ws.key, body: { at: `${year}-07-01T09:00`, timezone: 'Asia/Jerusalem' } });
    expect(r.body.data).toMatchObject({ status: 'scheduled', scheduledAt: `${year}-07-01T06:00:00.000Z`, timezone: 'Asia/Jerusalem' });
    const w = await t.api('POST', `/api/v1/campaigns/${c.id}/schedule`, { key: ws.key, body: { at: `${year}-01-01T09:00`, timezone: 'Asia/Jerusalem' } });
    expect(w.body.data.scheduledAt).toBe(`${year}-01-01T07:00:00.000Z`);
    expect((await t.api('POST', `/api/v1/campaigns/${c.id}/schedule`, { key: ws.key, body: { at: '2001-01-01T09:00', timezone: 'UTC' } })).status).toBe(400);
    expect((await t.api('POST', `/api/v1/campaigns/${c.id}/schedule`, { key: ws.key, body: { at: `${year}-01-01T09:00`, timezone: 'Mars/Base' } })).status).toBe(400);
    expect(await startDueCampaigns(t.ctx)).toBe(0);
    await sql`update campaigns set scheduled_at = now() - interval '1 second' where id = ${c.id}`.execute(t.ctx.db);
    expect(await startDueCampaigns(t.ctx)).toBe(1);
    expect(await campaignStatus(t.ctx, c.id)).toBe('building');
    const job = await t.ctx.db.selectFrom('jobs').select(['kind', 'payload']).where('unique_key', '=', `campaign:${c.id}`).executeTakeFirstOrThrow();
    expect(job).toMatchObject({ kind: 'campaign.build', payload: { campaignId: c.id } });
  });

  it('keeps campaigns of other workspaces invisible (404)', async () => {
    const a = await t.workspace();
    const b = await t.workspace();
    const c = (await t.api('POST', '/api/v1/campaigns', { key: a.key, body: { name: 'mine', content } })).body.data;
    for (const [m, p] of [['GET', ''], ['PATCH', ''], ['GET', '/progress'], ['GET', '/audience-count'], ['POST', '/send'], ['POST', '/copy'], ['DELETE', '']] as const) {
      const r = await t.api(m, `/api/v1/campaigns/${c.id}${p}`, { key: b.key, body: m === 'PATCH' ? { name: 'x' } : undefined });
      expect(r.status, `${m} ${p}`).toBe(404);
    }
    const list = await t.api('GET', '/api/v1/campaigns', { key: b.key });
    expect(list.body.data).toEqual([]);
  });
});
