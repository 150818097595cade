import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { handleProviderWebhook, UnknownProviderError } from './index.js';
import { confirmSesSubscription } from './ses.js';

describe('handleProviderWebhook', () => {
  it('dispatches to the configured provider and refuses unconfigured ones', async () => {
    const ts = String(Math.floor(Date.now() / 1000));
    const token = 'a'.repeat(50);
    const body = JSON.stringify({
      signature: { timestamp: ts, token, signature: createHmac('sha256', 'mg-key').update(ts + token).digest('hex') },
      'event-data': { event: 'complained', timestamp: Number(ts), recipient: 'carol@yahoo.test', message: { headers: { 'message-id': 'd44.c9@clarion.test' } } },
    });
    const r = await handleProviderWebhook('mailgun', { headers: {}, rawBody: body }, { mailgun: { signingKey: 'mg-key' } });
    expect(r).toMatchObject({ provider: 'mailgun', events: [{ kind: 'complaint', recipient: 'carol@yahoo.test' }] });
    await expect(handleProviderWebhook('sendgrid', { headers: {}, rawBody: '[]' }, { mailgun: { signingKey: 'mg-key' } })).rejects.toBeInstanceOf(UnknownProviderError);
    await expect(handleProviderWebhook('sparkpost', { headers: {}, rawBody: '[]' }, {})).rejects.toMatchObject({ status: 404 });
    await expect(handleProviderWebhook('mailgun', { headers: {}, rawBody: body.replace('complained', 'delivered') }, { mailgun: { signingKey: 'other' } })).rejects.toMatchObject({ status: 401 });
  });

  it('confirms an SNS subscription only at an SNS URL', async () => {
    const calls: string[] = [];
    const fakeAws = (async (url: string | URL | Request) => {
      calls.push(String(url));
      return new Response('<ConfirmSubscriptionResponse/>', { status: 200 });
    }) as typeof fetch;
    const url = 'https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn%3Aaws%3Asns%3Aeu-west-1%3A1%3At&Token=abc';
    await confirmSesSubscription(url, fakeAws);
    expect(calls).toEqual([url]);
    await expect(confirmSesSubscription('https://evil.test/?Action=ConfirmSubscription', fakeAws)).rejects.toMatchObject({ code: 'bad_payload' });
    await expect(confirmSesSubscription('http://sns.eu-west-1.amazonaws.com/?x=1', fakeAws)).rejects.toMatchObject({ code: 'bad_payload' });
    expect(calls).toHaveLength(1);
  });
});
