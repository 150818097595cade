import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { handleMailgunWebhook } from './mailgun.js';

const signingKey = 'key-3ax6xnjp29jd6fds4gc373sgvjxteol0';

function signedBody(eventData: Record<string, unknown>, ts = String(Math.floor(Date.now() / 1000)), key = signingKey) {
  const token = randomBytes(25).toString('hex');
  const signature = createHmac('sha256', key).update(ts + token).digest('hex');
  return { headers: { 'content-type': 'application/json' }, rawBody: Buffer.from(JSON.stringify({ signature: { timestamp: ts, token, signature }, 'event-data': eventData })) };
}

const permanent = {
  id: 'G9Bn5sl1TC6nu79C8C0bwg',
  timestamp: 1795238897.123456,
  'log-level': 'error',
  event: 'failed',
  severity: 'permanent',
  reason: 'bounce',
  recipient: 'nosuchuser@example.test',
  'recipient-domain': 'example.test',
  'delivery-status': { 'attempt-no': 1, code: 550, 'enhanced-code': '5.1.1', message: '5.1.1 The email account that you tried to reach does not exist.', description: '', 'mx-host': 'mx.example.test', 'session-seconds': 0.43 },
  message: { headers: { to: 'nosuchuser@example.test', 'message-id': 'd42.c7@clarion.test', from: 'Shop <news@example.test>', subject: 'Spring sale' }, attachments: [], size: 1811 },
  'user-variables': { clarion_token: 'd42.c7.f00d' },
  flags: { 'is-routed': false, 'is-authenticated': true, 'is-system-test': false, 'is-test-mode': false },
  tags: ['spring-sale'],
};

describe('Mailgun webhooks', () => {
  it('verifies the HMAC and maps failed/permanent to a hard bounce', async () => {
    const ev = await handleMailgunWebhook(signedBody(permanent), { signingKey });
    expect(ev).toMatchObject({
      provider: 'mailgun',
      kind: 'bounce',
      class: 'hard',
      status: '5.1.1',
      recipient: 'nosuchuser@example.test',
      messageId: 'd42.c7@clarion.test',
      verpToken: 'd42.c7.f00d',
      diagnostic: '5.1.1 The email account that you tried to reach does not exist.',
      at: new Date(1795238897123.456).toISOString(),
      providerType: 'failed/permanent',
    });
    expect(ev.providerEventId).toMatch(/^[0-9a-f]{50}$/);
  });

  it('keeps mailbox-full soft and policy rejections flagged even when Mailgun says permanent', async () => {
    const full = { ...permanent, 'delivery-status': { code: 552, 'enhanced-code': '5.2.2', message: '5.2.2 Mailbox full' } };
    expect(await handleMailgunWebhook(signedBody(full), { signingKey })).toMatchObject({ kind: 'bounce', class: 'soft', status: '5.2.2' });
    const blocked = { ...permanent, 'delivery-status': { code: 550, message: '5.7.1 Message rejected due to poor sender reputation' } };
    expect(await handleMailgunWebhook(signedBody(blocked), { signingKey })).toMatchObject({ kind: 'bounce', class: 'soft', status: '5.7.1', policyBlock: true });
    const bare = { ...permanent, reason: 'suppress-bounce', 'delivery-status': { message: 'Not delivering to previously bounced address' } };
    expect(await handleMailgunWebhook(signedBody(bare), { signingKey })).toMatchObject({ kind: 'bounce', class: 'hard', status: null });
  });

  it('maps failed/temporary to a delay, complained to a complaint, unsubscribed and delivered', async () => {
    const temp = { ...permanent, severity: 'temporary', reason: 'greylisted', 'delivery-status': { code: 451, 'enhanced-code': '4.7.1', message: '4.7.1 Greylisted', 'retry-seconds': 600 } };
    expect(await handleMailgunWebhook(signedBody(temp), { signingKey })).toMatchObject({ kind: 'delay', class: null, status: '4.7.1' });
    const complained = { id: 'c1', timestamp: 1795238900, event: 'complained', recipient: 'carol@yahoo.test', message: { headers: { 'message-id': 'd44.c9@clarion.test' } } };
    expect(await handleMailgunWebhook(signedBody(complained), { signingKey })).toMatchObject({ kind: 'complaint', recipient: 'carol@yahoo.test', messageId: 'd44.c9@clarion.test' });
    expect(await handleMailgunWebhook(signedBody({ ...complained, event: 'unsubscribed' }), { signingKey })).toMatchObject({ kind: 'unsubscribe' });
    expect(await handleMailgunWebhook(signedBody({ ...complained, event: 'delivered', 'delivery-status': { code: 250, message: 'OK' } }), { signingKey })).toMatchObject({ kind: 'delivered' });
    expect(await handleMailgunWebhook(signedBody({ ...complained, event: 'opened' }), { signingKey })).toMatchObject({ kind: 'unknown', providerType: 'opened' });
  });

  it('refuses a wrong key, a modified signature, a stale timestamp and a replayed token', async () => {
    await expect(handleMailgunWebhook(signedBody(permanent, undefined, 'wrong-key'), { signingKey })).rejects.toMatchObject({ code: 'bad_signature', status: 401 });
    const stale = signedBody(permanent, String(Math.floor(Date.now() / 1000) - 3600));
    await expect(handleMailgunWebhook(stale, { signingKey })).rejects.toMatchObject({ code: 'stale_timestamp' });
    const seen = new Set<string>();
    const isReplay = (t: string) => (seen.has(t) ? true : (seen.add(t), false));
    const once = signedBody(permanent);
    await expect(handleMailgunWebhook(once, { signingKey, isReplay })).resolves.toMatchObject({ kind: 'bounce' });
    await expect(handleMailgunWebhook(once, { signingKey, isReplay })).rejects.toMatchObject({ code: 'replayed' });
    await expect(handleMailgunWebhook({ headers: {}, rawBody: '{"event-data":{}}' }, { signingKey })).rejects.toMatchObject({ code: 'bad_signature' });
  });
});
