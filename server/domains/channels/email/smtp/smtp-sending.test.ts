/**
 * The email sender against a real loopback SMTP server that answers chosen codes per recipient: 4xx is retried with
 * back-off and slows the server down; 5xx is a bounce of that delivery classified reason-first like a DSN (hard →
 * the contact is marked bounced and the address suppressed; 5.2.2 mailbox full is soft and counts toward the
 * soft-bounce rule; a 5.7.x policy block is not blamed on the address); every message carries VERP, List-Unsubscribe(+Post), Feedback-ID,
 * a Message-ID derived from its delivery, and a DKIM signature that mailauth verifies and that covers both
 * List-Unsubscribe headers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate } from 'mailauth';
import { dkimTxtValue } from '../dkim/index.js';
import { parseVerpAddress } from '../bounces/index.js';
import { systemActor } from '../../../audit/index.js';
import { createCampaign, runBuild, sendCampaign } from '../../../campaigns/campaigns.service.js';
import { campaignStatus, deliveryRows, seedGroup, setupSending, SIMPLE_MJML, waitFor } from '../../../campaigns/test-fixtures.js';
import { DeliveryLoop } from '../../../deliveries/pipeline.js';
import { verifyMessageId, verifyToken, verifyVerpToken } from '../../../tracking/tokens.js';
import { startTestApp, type TestApp } from '../../../../test/app.js';
import { startTestSmtpServer, type TestSmtpServer } from './test-smtp-server.js';

let t: TestApp;
let smtp: TestSmtpServer;
let loop: DeliveryLoop;

const D = 'codes.test';
beforeAll(async () => {
  t = await startTestApp();
  smtp = await startTestSmtpServer({
    keepRaw: true,
    rcptCodes: { [`user1@${D}`]: [451, 451], [`user2@${D}`]: 550, [`user3@${D}`]: [421], [`user4@${D}`]: 554, [`user5@${D}`]: [450, 450, 450, 450, 450, 450], [`user6@${D}`]: 552 },
  });
  loop = new DeliveryLoop(t.ctx, 'smtp-test', { leaseMs: 5000, retryBaseMs: 100, maxAttempts: 4 }).start();
});
afterAll(async () => {
  await loop?.stop();
  await smtp?.close();
  await t?.close();
});

describe('email sending over SMTP', () => {
  it('retries 4xx with back-off and slows the server, records 5xx as bounces, signs every message', { timeout: 120_000 }, async () => {
    // An https instance: List-Unsubscribe carries its https URL and the RFC 8058 one-click header.
    t.ctx.config.publicUrl = 'https://clarion.example.test';
    const ws = await t.workspace();
    const setup = await setupSending(t.ctx, ws.id, smtp.port, { mps: 200, maxConnections: 2, bits: 2048 });
    const g = await seedGroup(t.ctx, ws.id, 8, { domain: D });
    const actor = systemActor('test');
    const c = await createCampaign(t.ctx, ws.id, actor, {
      name: 'Codes',
      content: { format: 'mjml', source: SIMPLE_MJML, subject: 'Hi {{ contact.first_name }}' },
      audience: { include: { groups: [g.groupId] } },
    });
    await sendCampaign(t.ctx, ws.id, c.id, actor);
    await runBuild(t.ctx, c.id);
    await waitFor(async () => (await campaignStatus(t.ctx, c.id)) === 'done', 'campaign done', 100_000);

    const rows = await deliveryRows(t.ctx, c.id);
    const by = (i: number) => rows.find((r) => r.address === `user${i}@${D}`)!;
    expect(by(1)).toMatchObject({ status: 'sent', attempts: 3 }); // two 451s, then accepted
    expect(by(2)).toMatchObject({ status: 'failed', bounce_class: 'hard', error_code: 'smtp_550' });
    expect(by(3)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(by(4)).toMatchObject({ status: 'failed', bounce_class: 'soft', error_code: 'smtp_554' }); // 5.7.1 policy
    expect(by(5).status).toBe('failed');
    expect(by(5).reason).toMatch(/^Gave up after 4 attempts: 450/);
    expect(by(6)).toMatchObject({ status: 'failed', bounce_class: 'soft', error_code: 'smtp_552' }); // 5.2.2 mailbox full: soft
    for (const i of [7, 8]) expect(by(i)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(smtp.attempts.get(`user5@${D}`)).toBe(4);

    const contact = (id: number) => t.ctx.db.selectFrom('contacts').select('email_status').where('id', '=', id).executeTakeFirstOrThrow();
    expect((await contact(by(2).contact_id)).email_status).toBe('bounced');
    expect((await contact(by(4).contact_id)).email_status).toBe('subscribed'); // a policy block is the sender's problem
    expect((await contact(by(6).contact_id)).email_status).toBe('subscribed'); // a full mailbox is not a dead address
    // The hard 550 5.1.1 is on the suppression list exactly as a hard DSN puts it there; soft ones are not.
    const sup = await t.ctx.db.selectFrom('suppressions').select(['value', 'source', 'reason']).where('workspace_id', '=', ws.id).where('channel', '=', 'email').execute();
    expect(sup).toEqual([{ value: `user2@${D}`, source: 'bounce', reason: 'Hard bounce 5.1.1' }]);
    const events = await t.ctx.db.selectFrom('events').select(['type', 'delivery_id', 'data']).where('campaign_id', '=', c.id).execute();
    expect(events.filter((e) => e.type === 'bounce').map((e) => e.delivery_id).sort()).toEqual([by(2).id, by(4).id, by(6).id].sort());
    // The soft mailbox-full bounce counts toward the soft-bounce rule; the policy block does not.
    const bounceData = (id: number) => events.find((e) => e.type === 'bounce' && e.delivery_id === id)!.data as Record<string, unknown>;
    expect(bounceData(by(6).id)).toMatchObject({ class: 'soft', policyBlock: false });
    expect(bounceData(by(4).id)).toMatchObject({ class: 'soft', policyBlock: true, reason: 'spam_detected' });
    // Send-time bounce events store the classifier's reason like DSN events do.
    expect(bounceData(by(2).id)).toMatchObject({ class: 'hard', reason: 'user_unknown' });
    expect(bounceData(by(6).id)).toMatchObject({ reason: 'mailbox_full' });
    expect(events.filter((e) => e.type === 'deferred').length).toBeGreaterThanOrEqual(2 + 1 + 3);
    // Back-pressure: the 4xx answers lowered the server's rate factor in the shared bucket.
    const bucket = await t.ctx.db.selectFrom('rate_buckets').selectAll().where('key', '=', `smtp:${setup.serverId}`).executeTakeFirstOrThrow();
    expect(bucket.factor).toBeLessThan(1);

    // Headers and DKIM, checked on what the SMTP server actually received.
    const resolver = async (name: string, rrtype: string): Promise<string[][]> => {
      if (rrtype === 'TXT' && name === `s1._domainkey.${setup.domain}`) return [[dkimTxtValue(setup.publicKeyPem)]];
      throw Object.assign(new Error(`no ${rrtype} for ${name}`), { code: 'ENOTFOUND' });
    };
    const received = smtp.received.filter((r) => r.to.endsWith(`@${D}`));
    expect(received).toHaveLength(4);
    for (const r of received) {
      const raw = r.raw.toString('latin1');
      const head = raw.split('\r\n\r\n')[0];
      const delivery = rows.find((d) => d.address === r.to)!;
      expect(verifyMessageId(t.ctx.keys.signingKey, r.messageId!)).toEqual({ deliveryId: delivery.id, campaignId: c.id });
      expect(delivery.provider_message_id).toBe(r.messageId);
      const verp = parseVerpAddress(r.from);
      expect(verp && verifyVerpToken(t.ctx.keys.signingKey, verp)).toEqual({ deliveryId: delivery.id, campaignId: c.id });
      const lu = /List-Unsubscribe: <https:\/\/clarion\.example\.test\/u\/([^>]+)>,\r\n <mailto:unsubscribe\+([^@]+)@/.exec(head);
      expect(lu).not.toBeNull();
      expect(verifyToken(t.ctx.keys.signingKey, 'u', lu![1])).toEqual({ deliveryId: delivery.id, linkIndex: null });
      expect(head).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
      expect(head).toMatch(new RegExp(`Feedback-ID: ${c.id}:${ws.id}:email:clarion`));
      const auth = await authenticate(r.raw, {
        ip: '192.0.2.10', helo: 'mta.news.example.test', sender: r.from, mta: 'mx.receiver.test', resolver, disableArc: true, disableBimi: true,
      } as Parameters<typeof authenticate>[1]);
      const dkim = auth.dkim.results[0];
      expect(dkim.status.result).toBe('pass');
      const signed = String((dkim as { signingHeaders?: { keys?: string } }).signingHeaders?.keys ?? '').toLowerCase().split(':').map((s) => s.trim());
      expect(signed).toEqual(expect.arrayContaining(['list-unsubscribe', 'list-unsubscribe-post', 'from', 'subject', 'message-id']));
      // Oversigned (RFC 6376 §8.15): each of these is listed once more than it occurs, so an added copy breaks it.
      const hList = /DKIM-Signature:[^]*?\bh=([^;]+);/.exec(head)![1].replace(/\s+/g, '').toLowerCase().split(':');
      for (const n of ['from', 'subject', 'list-unsubscribe', 'list-unsubscribe-post']) expect(hList.filter((x) => x === n)).toHaveLength(2);
      for (const extra of ['From: "Bank" <ceo@attacker.test>', 'Subject: Changed', 'List-Unsubscribe: <https://attacker.test/u>']) {
        const forged = Buffer.from(`${extra}\r\n${raw}`, 'latin1');
        const bad = await authenticate(forged, {
          ip: '192.0.2.10', helo: 'mta.news.example.test', sender: r.from, mta: 'mx.receiver.test', resolver, disableArc: true, disableBimi: true,
        } as Parameters<typeof authenticate>[1]);
        expect(bad.dkim.results[0].status.result).not.toBe('pass');
      }
    }
  });
});
