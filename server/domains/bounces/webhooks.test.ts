/**
 * ESP webhooks over real HTTP, one per provider, signed the way each provider signs (real keys, no mocks of our
 * code): SendGrid ECDSA, Mailgun HMAC, Postmark basic auth, SES/SNS RSA signature with a certificate served by the
 * fetcher hook (the network is closed). Also: secrets are per workspace, and a token of workspace B's delivery
 * sent to workspace A's endpoint changes nothing.
 */
import { execFileSync } from 'node:child_process';
import { createHmac, createSign, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/app.js';
import { snsStringToSign, type SnsMessage } from '../channels/email/bounces/providers/sns-signature.js';
import { eventsOf, seedSentCampaign, verpOf } from '../tracking/test-support.js';
import { setSesCertificateFetcher } from './index.js';

let t: TestApp;
let dir = '';
beforeAll(async () => {
  t = await startTestApp();
  dir = mkdtempSync(join(tmpdir(), 'clarion-sns-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-days', '2', '-subj', '/CN=sns.amazonaws.com'], { stdio: 'ignore' });
  const cert = readFileSync(join(dir, 'c.pem'), 'utf8');
  setSesCertificateFetcher(async () => cert);
}, 60_000);
afterAll(async () => {
  setSesCertificateFetcher(undefined);
  rmSync(dir, { recursive: true, force: true });
  await t?.close();
});

const status = async (contactId: number) => (await t.ctx.db.selectFrom('contacts').select('email_status').where('id', '=', contactId).executeTakeFirstOrThrow()).email_status;
const bounceClass = async (id: number) => (await t.ctx.db.selectFrom('deliveries').select('bounce_class').where('id', '=', id).executeTakeFirstOrThrow()).bounce_class;

async function configure(key: string, provider: string, config: Record<string, unknown>): Promise<string> {
  const r = await t.api('PUT', `/api/v1/settings/email/webhooks/${provider}`, { key, body: { config } });
  expect(r.status).toBe(200);
  expect(JSON.stringify(r.body)).not.toContain(String(Object.values(config)[0]).slice(0, 12)); // secrets never come back
  return new URL(r.body.data.url).pathname;
}

const post = (path: string, body: string | Buffer, headers: Record<string, string>) => fetch(t.url + path, { method: 'POST', headers, body });

describe('provider webhooks', () => {
  it('SendGrid: verifies the ECDSA signature and applies a hard bounce to the delivery its token names', async () => {
    const ws = await t.workspace();
    const { campaignId, deliveries } = await seedSentCampaign(t.ctx, ws.id, ['sg@example.test']);
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const path = await configure(ws.key, 'sendgrid', { publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64') });
    const body = JSON.stringify([{ email: 'sg@example.test', timestamp: Math.floor(Date.now() / 1000), event: 'bounce', sg_event_id: 'ev-1', sg_message_id: 'm1', reason: '550 5.1.1 no such user', status: '5.1.1', type: 'bounce', bounce_classification: 'Invalid Address', clarion_token: verpOf(t.ctx, deliveries[0].id, campaignId) }]);
    const ts = String(Math.floor(Date.now() / 1000));
    const sign = (b: string) => createSign('SHA256').update(ts + b).sign(privateKey, 'base64');
    const bad = await post(path, body, { 'content-type': 'application/json', 'x-twilio-email-event-webhook-signature': sign('[]'), 'x-twilio-email-event-webhook-timestamp': ts });
    expect(bad.status).toBe(401);
    expect(await bounceClass(deliveries[0].id)).toBeNull();
    const ok = await post(path, body, { 'content-type': 'application/json', 'x-twilio-email-event-webhook-signature': sign(body), 'x-twilio-email-event-webhook-timestamp': ts });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { data: unknown }).data).toEqual({ received: 1, applied: 1 });
    expect(await bounceClass(deliveries[0].id)).toBe('hard');
    expect(await status(deliveries[0].contactId)).toBe('bounced');
    // SendGrid retries: the same event id is applied once.
    const again = await post(path, body, { 'content-type': 'application/json', 'x-twilio-email-event-webhook-signature': sign(body), 'x-twilio-email-event-webhook-timestamp': ts });
    expect(((await again.json()) as { data: unknown }).data).toEqual({ received: 1, applied: 0 });
    expect(await eventsOf(t.ctx, campaignId, 'bounce')).toHaveLength(1);
  });

  it('Mailgun: verifies the HMAC, applies a permanent 5.2.2 (mailbox full) as a soft bounce, and refuses a replayed token', async () => {
    const ws = await t.workspace();
    const { campaignId, deliveries } = await seedSentCampaign(t.ctx, ws.id, ['mg@example.test']);
    const signingKey = 'key-' + randomBytes(16).toString('hex');
    const path = await configure(ws.key, 'mailgun', { signingKey });
    const ts = String(Math.floor(Date.now() / 1000));
    const token = randomBytes(25).toString('hex');
    const body = JSON.stringify({
      signature: { timestamp: ts, token, signature: createHmac('sha256', signingKey).update(ts + token).digest('hex') },
      'event-data': { id: 'x1', timestamp: Date.now() / 1000, event: 'failed', severity: 'permanent', reason: 'bounce', recipient: 'mg@example.test', 'delivery-status': { code: 552, 'enhanced-code': '5.2.2', message: '5.2.2 Mailbox full' }, 'user-variables': { clarion_token: verpOf(t.ctx, deliveries[0].id, campaignId) } },
    });
    const r = await post(path, body, { 'content-type': 'application/json' });
    expect(r.status).toBe(200);
    expect(await bounceClass(deliveries[0].id)).toBe('soft');
    expect(await status(deliveries[0].contactId)).toBe('subscribed');
    expect((await post(path, body, { 'content-type': 'application/json' })).status).toBe(401);
  });

  it('Postmark: checks basic auth and turns a SpamComplaint into complained', async () => {
    const ws = await t.workspace();
    const { campaignId, deliveries } = await seedSentCampaign(t.ctx, ws.id, ['pm@example.test']);
    const path = await configure(ws.key, 'postmark', { username: 'clarion', password: 'pm-' + randomBytes(8).toString('hex') });
    const creds = (await t.ctx.db.selectFrom('email_webhook_endpoints').select('config_enc').where('workspace_id', '=', ws.id).executeTakeFirstOrThrow()).config_enc;
    expect(creds).not.toContain('clarion'); // stored encrypted
    const body = JSON.stringify({ RecordType: 'SpamComplaint', ID: 42, Type: 'SpamComplaint', TypeCode: 512, MessageID: 'pm-1', Email: 'pm@example.test', BouncedAt: new Date().toISOString(), Metadata: { clarion_token: verpOf(t.ctx, deliveries[0].id, campaignId) } });
    expect((await post(path, body, { 'content-type': 'application/json', authorization: 'Basic ' + Buffer.from('clarion:wrong').toString('base64') })).status).toBe(401);
    const cfg = await t.api('GET', '/api/v1/settings/email/webhooks', { key: ws.key });
    expect(cfg.body.data.map((e: { provider: string }) => e.provider)).toEqual(['postmark']);
    const row = await t.ctx.db.selectFrom('email_webhook_endpoints').select('config_enc').where('workspace_id', '=', ws.id).executeTakeFirstOrThrow();
    const { decryptSecret } = await import('../../lib/crypto.js');
    const { password } = JSON.parse(decryptSecret(t.ctx.keys.encryptionKey, row.config_enc)) as { password: string };
    const ok = await post(path, body, { 'content-type': 'application/json', authorization: 'Basic ' + Buffer.from(`clarion:${password}`).toString('base64') });
    expect(ok.status).toBe(200);
    expect(await status(deliveries[0].contactId)).toBe('complained');
    expect(await eventsOf(t.ctx, campaignId, 'complaint')).toHaveLength(1);
  });

  it('SES via SNS: verifies the signature and applies a permanent bounce (key-less URL, matched by the allowed topic)', async () => {
    const ws = await t.workspace();
    const { campaignId, deliveries } = await seedSentCampaign(t.ctx, ws.id, ['ses@example.test']);
    const topic = `arn:aws:sns:eu-west-1:123456789012:clarion-${ws.id}`;
    await configure(ws.key, 'ses', { allowedTopicArns: [topic] });
    const message = {
      notificationType: 'Bounce',
      bounce: { feedbackId: `fb-${ws.id}`, bounceType: 'Permanent', bounceSubType: 'General', bouncedRecipients: [{ emailAddress: 'ses@example.test', action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' }], timestamp: new Date().toISOString() },
      mail: { timestamp: new Date().toISOString(), messageId: 'ses-1', destination: ['ses@example.test'], headers: [{ name: 'X-Clarion-Token', value: verpOf(t.ctx, deliveries[0].id, campaignId) }] },
    };
    const m: SnsMessage = { Type: 'Notification', MessageId: `sns-${ws.id}`, TopicArn: topic, Message: JSON.stringify(message), Timestamp: new Date().toISOString(), SignatureVersion: '1', SigningCertURL: 'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-9c6465fa7f48f5cacd23014631ec1136.pem', Signature: '' };
    m.Signature = createSign('RSA-SHA1').update(snsStringToSign(m)).sign(readFileSync(join(dir, 'k.pem'), 'utf8'), 'base64');
    const r = await post('/webhooks/email/ses', JSON.stringify(m), { 'content-type': 'text/plain; charset=UTF-8', 'x-amz-sns-message-type': 'Notification' });
    expect(r.status).toBe(200);
    expect(await bounceClass(deliveries[0].id)).toBe('hard');
    expect(await status(deliveries[0].contactId)).toBe('bounced');
    const tampered = { ...m, Message: m.Message.replace('Permanent', 'Transient') };
    expect((await post('/webhooks/email/ses', JSON.stringify(tampered), { 'content-type': 'text/plain' })).status).toBe(401);
  });

  it("never lets one workspace's webhook touch another workspace's delivery", async () => {
    const a = await t.workspace();
    const b = await t.workspace();
    const mine = await seedSentCampaign(t.ctx, b.id, ['b-person@example.test']);
    const signingKey = 'key-' + randomBytes(16).toString('hex');
    const path = await configure(a.key, 'mailgun', { signingKey });
    const ts = String(Math.floor(Date.now() / 1000));
    const token = randomBytes(25).toString('hex');
    const body = JSON.stringify({
      signature: { timestamp: ts, token, signature: createHmac('sha256', signingKey).update(ts + token).digest('hex') },
      'event-data': { event: 'failed', severity: 'permanent', recipient: 'b-person@example.test', 'delivery-status': { code: 550, 'enhanced-code': '5.1.1', message: 'no such user' }, 'user-variables': { clarion_token: verpOf(t.ctx, mine.deliveries[0].id, mine.campaignId) } },
    });
    const r = await post(path, body, { 'content-type': 'application/json' });
    expect(r.status).toBe(200);
    expect(((await r.json()) as { data: unknown }).data).toEqual({ received: 1, applied: 0 });
    expect(await bounceClass(mine.deliveries[0].id)).toBeNull();
    expect(await status(mine.deliveries[0].contactId)).toBe('subscribed');
    // B cannot see or change A's webhook settings either.
    expect((await t.api('GET', '/api/v1/settings/email/webhooks', { key: b.key })).body.data).toEqual([]);
    expect((await t.api('DELETE', '/api/v1/settings/email/webhooks/mailgun', { key: b.key })).status).toBe(404);
  });
});
