import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboundPolicy } from '../../../lib/outbound/index.js';
import { createSmsSimulator, type SmsSimulator } from '../../../sim/sms/index.js';
import { TEST_OUTBOUND_ALLOW } from '../../../test/app.js';
import { isForward, normaliseStatus } from './gateway.js';
import { TwilioGateway } from './twilio-gateway.js';
import { parseForm, twilioSignature, validTwilioSignature } from './twilio-signature.js';

let sim: SmsSimulator;
const outbound = createOutboundPolicy({ allow: TEST_OUTBOUND_ALLOW });
const gateway = (token = 'sim-auth-token') => new TwilioGateway({ baseUrl: sim.url, accountSid: sim.config.accountSid, authToken: token, outbound, timeoutMs: 5000 });

beforeAll(async () => {
  sim = await createSmsSimulator({ latencies: { sentMs: 1, deliveredMs: 1 } });
});
afterAll(() => sim.close());

describe('Twilio-compatible SMS gateway client against the simulator', () => {
  it('sends and returns the message SID and billed segments', async () => {
    const r = await gateway().send({ to: '+972501234567', from: '+972535550100', body: 'פרסומת: מבצע היום! להסרה השיבו הסר' });
    expect(r).toMatchObject({ status: 'sent', segments: 1 });
    if (r.status !== 'sent') throw new Error('not sent');
    expect(sim.state.messages.get(r.providerMessageId)?.body).toContain('מבצע');
  });

  it('maps Twilio errors to retry classes (bad credentials and bad numbers are permanent, 21610 is opt-out evidence)', async () => {
    expect(await gateway('wrong').send({ to: '+972501234567', from: '+972535550100', body: 'x' })).toMatchObject({ status: 'failed', retryable: false, code: 'twilio.20003' });
    expect(await gateway().send({ to: '12', from: '+972535550100', body: 'x' })).toMatchObject({ status: 'failed', retryable: false, code: 'twilio.21211' });
    await sim.inbound('+972509999999', '+972535550100', 'STOP');
    expect(await gateway().send({ to: '+972509999999', from: '+972535550100', body: 'x' })).toMatchObject({ status: 'failed', retryable: false, code: 'twilio.21610', optOutEvidence: true });
  });

  it('refuses a gateway address the outbound policy does not allow', async () => {
    const strict = new TwilioGateway({ baseUrl: sim.url, accountSid: sim.config.accountSid, authToken: 'sim-auth-token', outbound: createOutboundPolicy({}) });
    expect(await strict.send({ to: '+972501234567', from: '+972535550100', body: 'x' })).toMatchObject({ status: 'failed', retryable: false, code: 'sms.gateway_refused' });
  });
});

describe('Twilio signature (checked against the official twilio package)', () => {
  it('computes the same signature as twilio.validateRequest expects, and validates it', () => {
    const url = 'https://clarion.example/webhooks/sms/status?ws=3';
    const params = parseForm('MessageSid=SM1&MessageStatus=delivered&Body=%D7%A9%D7%9C%D7%95%D7%9D&To=%2B972501234567') as Record<string, string>;
    const sig = twilioSignature('tok', url, params);
    expect(twilio.validateRequest('tok', sig, url, params)).toBe(true);
    expect(validTwilioSignature('tok', sig, url, params)).toBe(true);
    expect(validTwilioSignature('tok', sig, url, { ...params, MessageStatus: 'failed' })).toBe(false);
    expect(validTwilioSignature('other', sig, url, params)).toBe(false);
    // Twilio may call https://host:443/…; the signature over the URL without the port still validates.
    expect(validTwilioSignature('tok', twilioSignature('tok', 'https://clarion.example:443/webhooks/sms/status?ws=3', params), url, params)).toBe(true);
  });
});

describe('status normalisation', () => {
  it('maps Twilio statuses and never moves backwards', () => {
    expect(normaliseStatus('accepted')).toBe('queued');
    expect(normaliseStatus('partially_delivered')).toBe('undelivered');
    expect(normaliseStatus('receiving')).toBeNull();
    expect(isForward('delivered', 'sent')).toBe(false);
    expect(isForward('sent', 'delivered')).toBe(true);
    expect(isForward(null, 'queued')).toBe(true);
  });
});
