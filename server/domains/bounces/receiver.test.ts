import { fileURLToPath } from 'node:url';
/**
 * The built-in bounce receiver, over real SMTP on loopback: the shared Postfix fixtures with their VERP address
 * replaced by a real delivery's signed token, an ARF complaint, a mailto: unsubscribe, soft bounces reaching the
 * workspace's rule, and forged tokens that must change nothing.
 */
import { readFileSync } from 'node:fs';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/app.js';
import { systemActor } from '../audit/index.js';
import { createCampaign, runBuild, sendCampaign } from '../campaigns/campaigns.service.js';
import { setupSending, SIMPLE_MJML } from '../campaigns/test-fixtures.js';
import type { BounceReceiver } from '../channels/email/bounces/index.js';
import { eventsOf, eventually, seedSentCampaign, urlsOf, verpOf } from '../tracking/test-support.js';
import { startBounceIntake } from './receiver.js';

const DOMAIN = 'bounce.example.test';
// The repo's own copies of the shared Postfix samples, so the test is self-contained.
const FIX = fileURLToPath(new URL('../../test/fixtures/bounces', import.meta.url));
let t: TestApp;
let rx: BounceReceiver;

beforeAll(async () => {
  t = await startTestApp();
  rx = await startBounceIntake(t.ctx, { port: 0, host: '127.0.0.1', domains: [DOMAIN] });
});
afterAll(async () => {
  await rx?.close();
  await t?.close();
});

/** Delivers a raw message to the receiver over SMTP. */
async function deliver(raw: string, to: string, from = '') {
  const tr = nodemailer.createTransport({ host: '127.0.0.1', port: rx.port, secure: false, ignoreTLS: true });
  try {
    await tr.sendMail({ envelope: { from, to: [to] }, raw });
  } finally {
    tr.close();
  }
}

function fixture(name: string, verpLocal: string, token: string) {
  return readFileSync(`${FIX}/${name}`, 'utf8').replaceAll(`bounces+${verpLocal}@example.test`, `bounces+${token}@${DOMAIN}`);
}

const contact = (id: number) => t.ctx.db.selectFrom('contacts').select(['email_status']).where('id', '=', id).executeTakeFirstOrThrow();
const delivery = (id: number) => t.ctx.db.selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

function arf(verpAddress: string, rcpt: string) {
  return [
    'From: FBL <fbl@isp.example>', `To: ${verpAddress}`, 'Subject: FW: complaint', 'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=feedback-report; boundary="b2"', '', '--b2', 'Content-Type: text/plain', '',
    'This is an email abuse report.', '', '--b2', 'Content-Type: message/feedback-report', '', 'Feedback-Type: abuse', 'User-Agent: SomeFBL/1.0',
    'Version: 1', `Original-Mail-From: <${verpAddress}>`, `Original-Rcpt-To: <${rcpt}>`, 'Arrival-Date: Thu, 8 Mar 2026 14:00:00 +0000', '',
    '--b2', 'Content-Type: text/rfc822-headers', '', `Return-Path: <${verpAddress}>`, 'From: Shop <news@example.test>', `To: ${rcpt}`,
    'Subject: Spring sale', '', '--b2--', '',
  ].join('\r\n');
}

describe('built-in bounce receiver', () => {
  it('records a hard bounce from the Postfix fixture on the delivery its VERP token names, bounces and suppresses the contact', async () => {
    const ws = await t.workspace();
    const { campaignId, deliveries } = await seedSentCampaign(t.ctx, ws.id, ['nosuchuser@example.test', 'fine@example.test']);
    const [d] = deliveries;
    const token = verpOf(t.ctx, d.id, campaignId);
    await deliver(fixture('postfix-failed-5_1_1-nosuchuser-example.eml', 'd42.c7', token), `bounces+${token}@${DOMAIN}`);
    const row = await eventually(async () => ((await delivery(d.id)).bounce_class ? delivery(d.id) : null), 'the bounce');
    expect(row.bounce_class).toBe('hard');
    expect(row.bounced_at).toBeInstanceOf(Date);
    expect((await contact(d.contactId)).email_status).toBe('bounced');
    const [ev] = await eventsOf(t.ctx, campaignId, 'bounce');
    expect(ev.data).toMatchObject({ class: 'hard', status: '5.1.1', source: 'smtp_receiver' });
    const sup = await t.ctx.db.selectFrom('suppressions').selectAll().where('workspace_id', '=', ws.id).execute();
    expect(sup.map((s) => [s.value, s.source])).toEqual([['nosuchuser@example.test', 'bounce']]);
    // The same report again (MTAs retry) is not counted twice.
    await deliver(fixture('postfix-failed-5_1_1-nosuchuser-example.eml', 'd42.c7', token), `bounces+${token}@${DOMAIN}`);
    expect(await eventsOf(t.ctx, campaignId, 'bounce')).toHaveLength(1);
    expect((await contact(deliveries[1].contactId)).email_status).toBe('subscribed');
  });

  it('records a delay notice as an event only', async () => {
    const ws = await t.workspace();
    const { campaignId, deliveries } = await seedSentCampaign(t.ctx, ws.id, ['someone@example.test']);
    const token = verpOf(t.ctx, deliveries[0].id, campaignId);
    await deliver(fixture('postfix-delayed-4_4_1-someone-hard.eml', 'd43.c8', token), `bounces+${token}@${DOMAIN}`);
    await eventually(async () => (await eventsOf(t.ctx, campaignId, 'delay')).length === 1, 'the delay event');
    expect(await eventsOf(t.ctx, campaignId, 'bounce')).toHaveLength(0);
    expect((await delivery(deliveries[0].id)).bounce_class).toBeNull();
    expect((await contact(deliveries[0].contactId)).email_status).toBe('subscribed');
  });

  it('ignores a report whose VERP token was not signed by this instance', async () => {
    const ws = await t.workspace();
    const { campaignId, deliveries } = await seedSentCampaign(t.ctx, ws.id, ['forged@example.test']);
    const forged = verpOf(t.ctx, deliveries[0].id, campaignId).slice(0, -3) + 'AAA';
    await deliver(fixture('postfix-failed-5_1_1-nosuchuser-example.eml', 'd42.c7', forged), `bounces+${forged}@${DOMAIN}`);
    expect((await delivery(deliveries[0].id)).bounce_class).toBeNull();
    expect((await contact(deliveries[0].contactId)).email_status).toBe('subscribed');
  });

  it('turns an ARF complaint into complained + suppressed, with source complaint', async () => {
    const ws = await t.workspace();
    const { campaignId, deliveries } = await seedSentCampaign(t.ctx, ws.id, ['angry@example.test']);
    const verp = `bounces+${verpOf(t.ctx, deliveries[0].id, campaignId)}@${DOMAIN}`;
    await deliver(arf(verp, 'angry@example.test'), verp, 'fbl@isp.example');
    await eventually(async () => (await contact(deliveries[0].contactId)).email_status === 'complained', 'the complaint');
    const d = await delivery(deliveries[0].id);
    expect(d.complained_at).toBeInstanceOf(Date);
    expect(d.unsubscribed_at).toBeInstanceOf(Date);
    const cons = await t.ctx.db.selectFrom('consents').selectAll().where('contact_id', '=', deliveries[0].contactId).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(cons).toMatchObject({ status: 'complained', source: 'complaint' });
    const [ev] = await eventsOf(t.ctx, campaignId, 'complaint');
    expect(ev.data).toMatchObject({ feedbackType: 'abuse' });
    const sup = await t.ctx.db.selectFrom('suppressions').select(['value', 'source']).where('workspace_id', '=', ws.id).execute();
    expect(sup).toEqual([{ value: 'angry@example.test', source: 'complaint' }]);
  });

  it('handles a mailto: unsubscribe sent to unsubscribe+<token>@ the bounce domain', async () => {
    const ws = await t.workspace();
    const { campaignId, deliveries } = await seedSentCampaign(t.ctx, ws.id, ['mailto@example.test']);
    const to = `unsubscribe+${urlsOf(t.ctx, deliveries[0].id).unsubscribeToken}@${DOMAIN}`;
    await deliver(['From: mailto@example.test', `To: ${to}`, 'Subject: unsubscribe', '', 'unsubscribe', ''].join('\r\n'), to, 'mailto@example.test');
    await eventually(async () => (await contact(deliveries[0].contactId)).email_status === 'unsubscribed', 'the unsubscribe');
    const [ev] = await eventsOf(t.ctx, campaignId, 'unsubscribe');
    expect(ev.data).toMatchObject({ source: 'self', method: 'mailto' });
  });

  it('counts soft bounces: 3 in 60 days puts the contact out of the next audience (bounced_out)', async () => {
    const ws = await t.workspace();
    const email = 'fullbox@example.test';
    for (let i = 0; i < 3; i++) {
      const { campaignId, deliveries } = await seedSentCampaign(t.ctx, ws.id, [email], { name: `c${i}` });
      const token = verpOf(t.ctx, deliveries[0].id, campaignId);
      const soft = fixture('postfix-failed-5_1_1-nosuchuser-example.eml', 'd42.c7', token)
        .replace('Status: 5.1.1', 'Status: 5.2.2')
        .replace('Diagnostic-Code: X-Postfix; unknown user: "nosuchuser"', 'Diagnostic-Code: smtp; 552 5.2.2 Mailbox full');
      await deliver(soft, `bounces+${token}@${DOMAIN}`);
      const [ev] = await eventsOf(t.ctx, campaignId, 'bounce');
      expect(ev.data).toMatchObject({ class: 'soft', status: '5.2.2' });
      if (i === 2) expect(await eventsOf(t.ctx, campaignId, 'bounced_out')).toHaveLength(1);
    }
    const c = await t.ctx.db.selectFrom('contacts').select(['id', 'email_status']).where('workspace_id', '=', ws.id).where('email', '=', email).executeTakeFirstOrThrow();
    expect(c.email_status).toBe('subscribed'); // soft bounces never change the status; the rule does the rest
    const g = await t.ctx.db.insertInto('groups').values({ workspace_id: ws.id, name: 'all' }).returning('id').executeTakeFirstOrThrow();
    await t.ctx.db.insertInto('group_members').values({ workspace_id: ws.id, group_id: g.id, contact_id: c.id }).execute();
    await setupSending(t.ctx, ws.id, 2525);
    const actor = systemActor('test');
    const next = await createCampaign(t.ctx, ws.id, actor, { name: 'Next', content: { format: 'mjml', source: SIMPLE_MJML, subject: 'Hi' }, audience: { include: { groups: [Number(g.id)], segments: [] }, exclude: { groups: [], segments: [] } } });
    await sendCampaign(t.ctx, ws.id, next.id, actor);
    await runBuild(t.ctx, next.id);
    const rows = await t.ctx.db.selectFrom('deliveries').select(['status', 'reason']).where('campaign_id', '=', next.id).execute();
    expect(rows).toEqual([{ status: 'skipped', reason: 'bounced_out' }]);
  });
  it('policy blocks (5.7.x: the sender was refused, not the address) do not count toward the bounce rule', async () => {
    const ws = await t.workspace();
    const email = 'innocent@example.test';
    for (let i = 0; i < 3; i++) {
      const { campaignId, deliveries } = await seedSentCampaign(t.ctx, ws.id, [email], { name: `p${i}` });
      const token = verpOf(t.ctx, deliveries[0].id, campaignId);
      const blocked = fixture('postfix-failed-5_1_1-nosuchuser-example.eml', 'd42.c7', token)
        .replace('Status: 5.1.1', 'Status: 5.7.1')
        .replace('Diagnostic-Code: X-Postfix; unknown user: "nosuchuser"', 'Diagnostic-Code: smtp; 554 5.7.1 Service unavailable; client host blocked using zen.spamhaus.org');
      await deliver(blocked, `bounces+${token}@${DOMAIN}`);
      const [ev] = await eventsOf(t.ctx, campaignId, 'bounce');
      expect(ev.data).toMatchObject({ policyBlock: true });
    }
    const c = await t.ctx.db.selectFrom('contacts').select(['id']).where('workspace_id', '=', ws.id).where('email', '=', email).executeTakeFirstOrThrow();
    const g = await t.ctx.db.insertInto('groups').values({ workspace_id: ws.id, name: 'all' }).returning('id').executeTakeFirstOrThrow();
    await t.ctx.db.insertInto('group_members').values({ workspace_id: ws.id, group_id: g.id, contact_id: c.id }).execute();
    await setupSending(t.ctx, ws.id, 2525);
    const actor = systemActor('test');
    const next = await createCampaign(t.ctx, ws.id, actor, { name: 'Next', content: { format: 'mjml', source: SIMPLE_MJML, subject: 'Hi' }, audience: { include: { groups: [Number(g.id)], segments: [] }, exclude: { groups: [], segments: [] } } });
    await sendCampaign(t.ctx, ws.id, next.id, actor);
    await runBuild(t.ctx, next.id);
    const rows = await t.ctx.db.selectFrom('deliveries').select(['status', 'reason']).where('campaign_id', '=', next.id).execute();
    expect(rows).toEqual([{ status: 'queued', reason: null }]);
  });
});
