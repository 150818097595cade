import { describe, expect, it } from 'vitest';
import { handlePostmarkWebhook } from './postmark.js';

const basicAuth = { username: 'clarion', password: 'N0t-a-real-secret-9f2c' };
const authHeader = (u: string, p: string) => 'Basic ' + Buffer.from(`${u}:${p}`).toString('base64');

const hardBounce = {
  RecordType: 'Bounce',
  MessageStream: 'broadcast',
  ID: 'BIGID', // replaced by an int64 literal in the raw body, as Postmark sends it
  Type: 'HardBounce',
  TypeCode: 1,
  Name: 'Hard bounce',
  Tag: 'spring-sale',
  MessageID: '883953f4-6105-42a2-a16a-77a8eac79483',
  Metadata: { clarion_token: 'd42.c7.x1', campaign: '7' },
  ServerID: 23,
  Description: 'The server was unable to deliver your message (ex: unknown user, mailbox not found).',
  Details: 'smtp;550 5.1.1 The email account that you tried to reach does not exist.',
  Email: 'nosuchuser@example.test',
  From: 'news@example.test',
  BouncedAt: '2026-11-21T05:28:18Z',
  DumpAvailable: true,
  Inactive: true,
  CanActivate: true,
  Subject: 'Spring sale',
  Content: '',
};

function req(body: unknown, headers: Record<string, string> = { authorization: authHeader(basicAuth.username, basicAuth.password) }) {
  return { headers: { 'content-type': 'application/json', ...headers }, rawBody: JSON.stringify(body).replace('"ID":"BIGID"', '"ID":4323372036854775807') };
}

describe('Postmark webhooks', () => {
  it('checks basic auth and maps a HardBounce', () => {
    expect(handlePostmarkWebhook(req(hardBounce), { basicAuth })).toEqual({
      provider: 'postmark',
      providerEventId: 'Bounce:4323372036854775807',
      kind: 'bounce',
      class: 'hard',
      status: '5.1.1',
      recipient: 'nosuchuser@example.test',
      messageId: '883953f4-6105-42a2-a16a-77a8eac79483',
      providerMessageId: '883953f4-6105-42a2-a16a-77a8eac79483',
      verpToken: 'd42.c7.x1',
      diagnostic: '550 5.1.1 The email account that you tried to reach does not exist.',
      at: '2026-11-21T05:28:18.000Z',
      providerType: 'Bounce/HardBounce',
    });
  });

  it('maps soft bounces, delays, complaints, deliveries and manual unsubscribes', () => {
    const map = (b: Record<string, unknown>) => handlePostmarkWebhook(req({ ...hardBounce, ...b }), { basicAuth });
    expect(map({ Type: 'SoftBounce', TypeCode: 4096, Details: 'smtp;552 5.2.2 Mailbox full' })).toMatchObject({ kind: 'bounce', class: 'soft', status: '5.2.2' });
    expect(map({ Type: 'Transient', TypeCode: 2 })).toMatchObject({ kind: 'delay', class: null });
    expect(map({ Type: 'DMARCPolicy' })).toMatchObject({ kind: 'bounce', class: 'soft', policyBlock: true });
    expect(map({ Type: 'AutoResponder', TypeCode: 64 })).toMatchObject({ kind: 'unknown' });
    expect(map({ RecordType: 'SpamComplaint', Type: 'SpamComplaint', TypeCode: 512 })).toMatchObject({ kind: 'complaint', providerEventId: 'SpamComplaint:4323372036854775807' });
    const delivery = { RecordType: 'Delivery', ServerID: 23, MessageStream: 'broadcast', MessageID: 'abc-1', Recipient: 'ok@example.test', Tag: '', DeliveredAt: '2026-11-21T05:28:19Z', Details: 'Test delivery webhook details', Metadata: {} };
    expect(handlePostmarkWebhook(req(delivery), { basicAuth })).toMatchObject({ kind: 'delivered', recipient: 'ok@example.test', at: '2026-11-21T05:28:19.000Z' });
    const change = { RecordType: 'SubscriptionChange', MessageID: 'abc-2', ServerID: 23, MessageStream: 'broadcast', ChangedAt: '2026-11-21T06:00:00Z', Recipient: 'leaver@example.test', Origin: 'Recipient', SuppressSending: true, SuppressionReason: 'ManualSuppression', Tag: '', Metadata: {} };
    const unsub = handlePostmarkWebhook(req(change), { basicAuth });
    expect(unsub).toMatchObject({ kind: 'unsubscribe', recipient: 'leaver@example.test' });
    expect(handlePostmarkWebhook(req({ ...change, SuppressionReason: 'HardBounce' }), { basicAuth }).kind).toBe('unknown');
  });

  it('refuses wrong or missing credentials and supports a secret header instead', () => {
    expect(() => handlePostmarkWebhook(req(hardBounce, { authorization: authHeader('clarion', 'guess') }), { basicAuth })).toThrowError(expect.objectContaining({ code: 'unauthorized', status: 401 }));
    expect(() => handlePostmarkWebhook(req(hardBounce, {}), { basicAuth })).toThrowError(expect.objectContaining({ code: 'unauthorized' }));
    const secretHeader = { name: 'X-Clarion-Webhook-Secret', value: 's3cr3t-value-123' };
    expect(handlePostmarkWebhook(req(hardBounce, { 'x-clarion-webhook-secret': 's3cr3t-value-123' }), { secretHeader }).kind).toBe('bounce');
    expect(() => handlePostmarkWebhook(req(hardBounce, { 'x-clarion-webhook-secret': 'nope' }), { secretHeader })).toThrowError(expect.objectContaining({ code: 'unauthorized' }));
    expect(() => handlePostmarkWebhook(req(hardBounce), {})).toThrow(/configure/);
    expect(() => handlePostmarkWebhook({ headers: { authorization: authHeader(basicAuth.username, basicAuth.password) }, rawBody: '[1]' }, { basicAuth })).toThrowError(expect.objectContaining({ code: 'bad_payload' }));
  });
});
