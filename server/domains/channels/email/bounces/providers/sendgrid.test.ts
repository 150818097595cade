import { createSign, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { handleSendgridWebhook, SENDGRID_SIGNATURE_HEADER, SENDGRID_TIMESTAMP_HEADER } from './sendgrid.js';

// A real P-256 key pair; SendGrid shows the public key as base64 DER (SPKI).
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const publicKeyB64 = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');

const events = [
  { email: 'nosuchuser@example.test', timestamp: 1795238897, 'smtp-id': '<d42.c7@clarion.test>', event: 'bounce', category: ['spring-sale'], sg_event_id: 'sg-ev-bounce-1', sg_message_id: '14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0', reason: '550 5.1.1 The email account that you tried to reach does not exist.', status: '5.1.1', type: 'bounce', bounce_classification: 'Invalid Address', clarion_token: 'd42.c7.abc123' },
  { email: 'blocked@example.test', timestamp: 1795238898, event: 'bounce', sg_event_id: 'sg-ev-blocked-2', sg_message_id: 'm2', reason: '550 5.7.1 Service unavailable; client host blocked using zen.spamhaus.org', status: '5.7.1', type: 'blocked', bounce_classification: 'Reputation' },
  { email: 'slow@example.test', timestamp: 1795238899, event: 'deferred', sg_event_id: 'sg-ev-deferred-3', sg_message_id: 'm3', response: '451 4.7.1 Greylisted, try again later', attempt: '2' },
  { email: 'carol@yahoo.test', timestamp: 1795238900, event: 'spamreport', sg_event_id: 'sg-ev-spam-4', sg_message_id: 'm4', clarion_token: 'd44.c9' },
  { email: 'leaver@example.test', timestamp: 1795238901, event: 'unsubscribe', sg_event_id: 'sg-ev-unsub-5', sg_message_id: 'm5' },
  { email: 'ok@example.test', timestamp: 1795238902, event: 'delivered', sg_event_id: 'sg-ev-deliv-6', sg_message_id: 'm6', response: '250 2.0.0 OK' },
  { email: 'old@example.test', timestamp: 1795238903, event: 'dropped', sg_event_id: 'sg-ev-drop-7', sg_message_id: 'm7', reason: 'Bounced Address' },
  { email: 'reader@example.test', timestamp: 1795238904, event: 'open', sg_event_id: 'sg-ev-open-8', sg_message_id: 'm8', sg_machine_open: false, useragent: 'Mozilla/5.0', ip: '198.51.100.7' },
];

function signedRequest(body: string, ts = String(Math.floor(Date.now() / 1000)), key = privateKey) {
  const s = createSign('SHA256');
  s.update(ts + body);
  return { headers: { [SENDGRID_SIGNATURE_HEADER.toLowerCase()]: s.sign(key, 'base64'), [SENDGRID_TIMESTAMP_HEADER.toLowerCase()]: ts, 'content-type': 'application/json' }, rawBody: Buffer.from(body) };
}

describe('SendGrid Event Webhook', () => {
  it('verifies the ECDSA signature over timestamp + raw body and normalises each event', () => {
    const out = handleSendgridWebhook(signedRequest(JSON.stringify(events)), { publicKey: publicKeyB64 });
    expect(out.map((e) => [e.kind, e.class, e.recipient])).toEqual([
      ['bounce', 'hard', 'nosuchuser@example.test'],
      ['bounce', 'soft', 'blocked@example.test'],
      ['delay', null, 'slow@example.test'],
      ['complaint', null, 'carol@yahoo.test'],
      ['unsubscribe', null, 'leaver@example.test'],
      ['delivered', null, 'ok@example.test'],
      ['bounce', 'hard', 'old@example.test'],
      ['unknown', null, 'reader@example.test'],
    ]);
    expect(out[0]).toEqual({
      provider: 'sendgrid',
      providerEventId: 'sg-ev-bounce-1',
      kind: 'bounce',
      class: 'hard',
      status: '5.1.1',
      recipient: 'nosuchuser@example.test',
      messageId: 'd42.c7@clarion.test',
      providerMessageId: '14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0',
      verpToken: 'd42.c7.abc123',
      diagnostic: '550 5.1.1 The email account that you tried to reach does not exist.',
      at: new Date(1795238897 * 1000).toISOString(),
      providerType: 'bounce/bounce',
    });
    expect(out[1].policyBlock).toBe(true);
    expect(out[2].status).toBe('4.7.1');
    expect(out[3].verpToken).toBe('d44.c9');
  });

  it('accepts the key in PEM form too', () => {
    const pem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
    expect(handleSendgridWebhook(signedRequest('[]'), { publicKey: pem })).toEqual([]);
  });

  it('refuses a modified body, a foreign key, a missing signature and a stale timestamp', () => {
    const good = signedRequest(JSON.stringify(events));
    const tampered = { ...good, rawBody: Buffer.from(JSON.stringify(events).replace('"spamreport"', '"delivered"')) };
    expect(() => handleSendgridWebhook(tampered, { publicKey: publicKeyB64 })).toThrowError(expect.objectContaining({ code: 'bad_signature', status: 401 }));
    const other = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
    expect(() => handleSendgridWebhook(signedRequest('[]', undefined, other), { publicKey: publicKeyB64 })).toThrowError(expect.objectContaining({ code: 'bad_signature' }));
    expect(() => handleSendgridWebhook({ headers: {}, rawBody: '[]' }, { publicKey: publicKeyB64 })).toThrowError(expect.objectContaining({ code: 'bad_signature' }));
    const old = signedRequest('[]', String(Math.floor(Date.now() / 1000) - 3600));
    expect(() => handleSendgridWebhook(old, { publicKey: publicKeyB64 })).toThrowError(expect.objectContaining({ code: 'stale_timestamp' }));
    expect(handleSendgridWebhook(old, { publicKey: publicKeyB64, maxAgeSeconds: 7200 })).toEqual([]);
  });

  it('refuses a correctly signed body that is not an event array', () => {
    expect(() => handleSendgridWebhook(signedRequest('{"event":"bounce"}'), { publicKey: publicKeyB64 })).toThrowError(expect.objectContaining({ code: 'bad_payload', status: 400 }));
  });
});
