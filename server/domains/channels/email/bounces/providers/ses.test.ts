import { execFileSync } from 'node:child_process';
import { createSign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebhookError } from './common.js';
import { handleSesWebhook } from './ses.js';
import { isValidSigningCertUrl, snsStringToSign, verifySnsSignature, type SnsMessage } from './sns-signature.js';

const CERT_URL = 'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-9c6465fa7f48f5cacd23014631ec1136.pem';
const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:clarion-ses-events';
let dir = '';
let keyPem = '';
let certPem = '';
let otherKeyPem = '';
const fetched: string[] = [];
const fetchCertificate = async (url: string) => {
  fetched.push(url);
  return certPem;
};

beforeAll(() => {
  // A real RSA key and self-signed certificate, as SNS would serve at SigningCertURL.
  dir = mkdtempSync(join(tmpdir(), 'clarion-sns-'));
  for (const name of ['sns', 'other']) {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, `${name}.key`), '-out', join(dir, `${name}.crt`), '-days', '2', '-subj', '/CN=sns.amazonaws.com'], { stdio: 'ignore' });
  }
  keyPem = readFileSync(join(dir, 'sns.key'), 'utf8');
  certPem = readFileSync(join(dir, 'sns.crt'), 'utf8');
  otherKeyPem = readFileSync(join(dir, 'other.key'), 'utf8');
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function signed(fields: Omit<SnsMessage, 'Signature' | 'SignatureVersion' | 'SigningCertURL'>, version: '1' | '2' = '1', key = keyPem): SnsMessage {
  const m: SnsMessage = { ...fields, SignatureVersion: version, SigningCertURL: CERT_URL, Signature: '' };
  const s = createSign(version === '1' ? 'RSA-SHA1' : 'RSA-SHA256');
  s.update(snsStringToSign(m));
  return { ...m, Signature: s.sign(key, 'base64') };
}

const sesBounce = {
  notificationType: 'Bounce',
  bounce: {
    feedbackId: '0102017f8c6f0a2b-1c9e2f1d-5a4b-4c3d-9e8f-7a6b5c4d3e2f-000000',
    bounceType: 'Permanent',
    bounceSubType: 'General',
    bouncedRecipients: [
      { emailAddress: 'nosuchuser@example.test', action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' },
      { emailAddress: 'also.gone@example.test', action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 <also.gone@example.test>: Recipient address rejected' },
    ],
    timestamp: '2026-11-21T05:28:18.000Z',
    remoteMtaIp: '192.0.2.30',
    reportingMTA: 'dsn; a8-55.smtp-out.amazonses.com',
  },
  mail: {
    timestamp: '2026-11-21T05:28:17.000Z',
    source: 'Shop <news@example.test>',
    sourceArn: 'arn:aws:ses:eu-west-1:123456789012:identity/example.test',
    sourceIp: '203.0.113.25',
    sendingAccountId: '123456789012',
    messageId: '0102017f8c6ef9a1-3b2c1d0e-aaaa-bbbb-cccc-0123456789ab-000000',
    destination: ['nosuchuser@example.test', 'also.gone@example.test'],
    headersTruncated: false,
    headers: [
      { name: 'From', value: 'Shop <news@example.test>' },
      { name: 'To', value: 'nosuchuser@example.test' },
      { name: 'Message-ID', value: '<d42.c7@clarion.test>' },
      { name: 'X-Clarion-Token', value: 'd42.c7.h8a1b2c3' },
    ],
    commonHeaders: { from: ['Shop <news@example.test>'], to: ['nosuchuser@example.test'], messageId: '<d42.c7@clarion.test>', subject: 'Spring sale' },
  },
};

function notification(message: unknown, version: '1' | '2' = '1', subject?: string) {
  return signed({ Type: 'Notification', MessageId: '22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324', TopicArn: TOPIC, ...(subject ? { Subject: subject } : {}), Message: JSON.stringify(message), Timestamp: '2026-11-21T05:28:19.000Z' }, version);
}
function req(body: unknown, type?: string) {
  return { headers: { 'content-type': 'text/plain; charset=UTF-8', ...(type ? { 'x-amz-sns-message-type': type } : {}) }, rawBody: Buffer.from(JSON.stringify(body)) };
}

describe('SES via SNS', () => {
  it('verifies a SignatureVersion 1 notification and normalises a permanent bounce per recipient', async () => {
    const r = await handleSesWebhook(req(notification(sesBounce), 'Notification'), { fetchCertificate, allowedTopicArns: [TOPIC] });
    expect(fetched).toContain(CERT_URL);
    expect(r.type).toBe('events');
    if (r.type !== 'events') return;
    expect(r.events).toHaveLength(2);
    expect(r.events[0]).toEqual({
      provider: 'ses',
      providerEventId: '0102017f8c6f0a2b-1c9e2f1d-5a4b-4c3d-9e8f-7a6b5c4d3e2f-000000:nosuchuser@example.test',
      kind: 'bounce',
      class: 'hard',
      status: '5.1.1',
      recipient: 'nosuchuser@example.test',
      messageId: 'd42.c7@clarion.test',
      providerMessageId: '0102017f8c6ef9a1-3b2c1d0e-aaaa-bbbb-cccc-0123456789ab-000000',
      verpToken: 'd42.c7.h8a1b2c3',
      diagnostic: '550 5.1.1 user unknown',
      at: '2026-11-21T05:28:18.000Z',
      providerType: 'Bounce',
    });
  });

  it('verifies SignatureVersion 2 and maps transient bounces, complaints, deliveries and delays', async () => {
    const transient = { ...sesBounce, bounce: { ...sesBounce.bounce, bounceType: 'Transient', bounceSubType: 'MailboxFull', bouncedRecipients: [{ emailAddress: 'full@example.test', status: '5.2.2', action: 'failed', diagnosticCode: 'smtp; 552 5.2.2 Mailbox full' }] } };
    const r1 = await handleSesWebhook(req(notification(transient, '2')), { fetchCertificate });
    expect(r1.type === 'events' && r1.events[0]).toMatchObject({ kind: 'bounce', class: 'soft', status: '5.2.2', recipient: 'full@example.test' });

    const complaint = {
      notificationType: 'Complaint',
      complaint: { feedbackId: '0102017f-complaint-000000', complaintSubType: null, complainedRecipients: [{ emailAddress: 'carol@yahoo.test' }], timestamp: '2026-11-21T09:12:40.000Z', userAgent: 'Yahoo!-Mail-Feedback/2.0', complaintFeedbackType: 'abuse', arrivalDate: '2026-11-21T09:02:11.000Z' },
      mail: { ...sesBounce.mail, headers: [], tags: { clarion_token: ['d44.c9'] } },
    };
    const r2 = await handleSesWebhook(req(notification(complaint, '2')), { fetchCertificate });
    expect(r2.type === 'events' && r2.events).toEqual([expect.objectContaining({ kind: 'complaint', class: null, recipient: 'carol@yahoo.test', verpToken: 'd44.c9', feedbackType: 'abuse', at: '2026-11-21T09:12:40.000Z', messageId: 'd42.c7@clarion.test' })]);

    const delivery = { notificationType: 'Delivery', mail: sesBounce.mail, delivery: { timestamp: '2026-11-21T05:28:18.500Z', processingTimeMillis: 546, recipients: ['ok@example.test'], smtpResponse: '250 2.6.0 Message received', reportingMTA: 'a8-70.smtp-out.amazonses.com', remoteMtaIp: '192.0.2.40' } };
    const r3 = await handleSesWebhook(req(notification(delivery)), { fetchCertificate });
    expect(r3.type === 'events' && r3.events[0]).toMatchObject({ kind: 'delivered', recipient: 'ok@example.test', status: '2.6.0' });

    const delay = { eventType: 'DeliveryDelay', mail: sesBounce.mail, deliveryDelay: { timestamp: '2026-11-21T06:00:00.000Z', delayType: 'MailboxFull', expirationTime: '2026-11-22T05:28:17.000Z', delayedRecipients: [{ emailAddress: 'slow@example.test', status: '4.2.2', diagnosticCode: 'smtp; 452 4.2.2 Mailbox full' }] } };
    const r4 = await handleSesWebhook(req(notification(delay)), { fetchCertificate });
    expect(r4.type === 'events' && r4.events[0]).toMatchObject({ kind: 'delay', class: null, status: '4.2.2', recipient: 'slow@example.test' });
  });

  it('returns the SubscribeURL of a verified SubscriptionConfirmation', async () => {
    const sub = signed({
      Type: 'SubscriptionConfirmation',
      MessageId: '165545c9-2a5c-472c-8df2-7ff2be2b3b1b',
      Token: '2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92768dd60a747ba6f3beb71854e285d6ad02428b09ceece29417f1f02d609c582afbacc99c583a916b9981dd2728f4ae6fdb82efd087cc3b7849e05798d2d2785c03b0879594eeac82c01f235d0e717736',
      TopicArn: TOPIC,
      Message: `You have chosen to subscribe to the topic ${TOPIC}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`,
      SubscribeURL: `https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${encodeURIComponent(TOPIC)}&Token=2336412f37`,
      Timestamp: '2026-11-21T05:00:00.000Z',
    });
    const r = await handleSesWebhook(req(sub, 'SubscriptionConfirmation'), { fetchCertificate });
    expect(r).toEqual({ type: 'subscription-confirmation', topicArn: TOPIC, subscribeUrl: sub.SubscribeURL });
  });

  it('refuses tampered messages, foreign keys, bad certificate URLs and unexpected topics', async () => {
    const good = notification(sesBounce);
    const tampered = { ...good, Message: good.Message.replace('Permanent', 'Transient') };
    await expect(handleSesWebhook(req(tampered), { fetchCertificate })).rejects.toMatchObject({ code: 'bad_signature', status: 401 });

    const forged = notification(sesBounce);
    const s = createSign('RSA-SHA1');
    s.update(snsStringToSign(forged));
    await expect(handleSesWebhook(req({ ...forged, Signature: s.sign(otherKeyPem, 'base64') }), { fetchCertificate })).rejects.toBeInstanceOf(WebhookError);

    fetched.length = 0;
    for (const url of ['http://sns.eu-west-1.amazonaws.com/SimpleNotificationService-abc.pem', 'https://sns.eu-west-1.amazonaws.com.evil.test/SimpleNotificationService-abc.pem', 'https://evil.test/SimpleNotificationService-abc.pem', 'https://sns.eu-west-1.amazonaws.com/other.pem']) {
      await expect(handleSesWebhook(req({ ...good, SigningCertURL: url }), { fetchCertificate })).rejects.toMatchObject({ code: 'bad_certificate_url' });
    }
    expect(fetched).toEqual([]); // validated before any fetch

    await expect(handleSesWebhook(req(good), { fetchCertificate, allowedTopicArns: ['arn:aws:sns:eu-west-1:123456789012:other'] })).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(handleSesWebhook({ headers: {}, rawBody: 'not json' }, { fetchCertificate })).rejects.toMatchObject({ code: 'bad_payload', status: 400 });
  });

  it('includes Subject in the signed string when the notification has one', async () => {
    const withSubject = notification(sesBounce, '2', 'Amazon SES Email Event Notification');
    await expect(verifySnsSignature(withSubject, fetchCertificate)).resolves.toBeUndefined();
    await expect(verifySnsSignature({ ...withSubject, Subject: 'changed' }, fetchCertificate)).rejects.toMatchObject({ code: 'bad_signature' });
  });

  it('refuses a certificate outside its validity period', async () => {
    const m = notification(sesBounce);
    await expect(verifySnsSignature(m, fetchCertificate, new Date('2000-01-01T00:00:00Z'))).rejects.toMatchObject({ code: 'bad_signature' });
  });

  it('accepts only genuine SNS certificate URLs', () => {
    expect(isValidSigningCertUrl(CERT_URL)).toBe(true);
    expect(isValidSigningCertUrl('https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-3242342098.pem')).toBe(true);
    expect(isValidSigningCertUrl('https://user@sns.eu-west-1.amazonaws.com/SimpleNotificationService-abc.pem')).toBe(false);
    expect(isValidSigningCertUrl('https://sns.eu-west-1.amazonaws.com:8443/SimpleNotificationService-abc.pem')).toBe(false);
  });
});
