import { createServer, type Server } from 'node:http';
import twilio from 'twilio';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseForm } from '../../domains/channels/sms/twilio-signature.js';
import { createSmsSimulator, type SmsSimulator } from './index.js';

interface Hook { path: string; params: Record<string, string>; signature: string; validByTwilio: boolean }

/** A webhook receiver on loopback that checks each signature with the official twilio package. */
async function startReceiver(authToken: string, answer: (h: Hook) => string = () => '<Response></Response>') {
  const hooks: Hook[] = [];
  let base = '';
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const params = parseForm(raw) as Record<string, string>;
      const signature = String(req.headers['x-twilio-signature'] ?? '');
      const hook = { path: req.url ?? '', params, signature, validByTwilio: twilio.validateRequest(authToken, signature, `${base}${req.url}`, params) };
      hooks.push(hook);
      res.writeHead(200, { 'content-type': 'text/xml' }).end(answer(hook));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  return {
    base,
    hooks,
    async waitFor<T>(pred: () => T | undefined | false): Promise<T> {
      for (let i = 0; i < 500; i++) {
        const v = pred();
        if (v) return v;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error('condition not met');
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const AUTH = 'sim-auth-token';
let sim: SmsSimulator;
let rx: Awaited<ReturnType<typeof startReceiver>>;

async function send(form: Record<string, string>, token = AUTH) {
  const res = await fetch(`${sim.url}/2010-04-01/Accounts/${sim.config.accountSid}/Messages.json`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${sim.config.accountSid}:${token}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  rx = await startReceiver(AUTH, (h) => (h.path === '/inbound' && h.params.Body === 'INFO PLEASE' ? '<Response><Message>Open 9&amp;5</Message></Response>' : '<Response></Response>'));
  sim = await createSmsSimulator({ latencies: { sentMs: 5, deliveredMs: 5 }, inboundUrl: `${rx.base}/inbound`, failures: { '+972500000003': 30003 } });
});
afterAll(async () => {
  await sim.close();
  await rx.close();
});
beforeEach(async () => {
  await fetch(`${sim.url}/_sim/reset`, { method: 'POST' });
  rx.hooks.length = 0;
});

describe('SMS gateway simulator (Twilio wire format, over HTTP)', () => {
  it('accepts a Hebrew message as queued with its segment count, then sends signed sent/delivered callbacks', async () => {
    const body = `פרסומת: ${'ש'.repeat(70)}`;
    const r = await send({ To: '+972501234567', From: '+972535550100', Body: body, StatusCallback: `${rx.base}/status?x=1` });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ status: 'queued', num_segments: '2', direction: 'outbound-api', to: '+972501234567' });
    expect(String(r.body.sid)).toMatch(/^SM[0-9a-f]{32}$/);
    const delivered = await rx.waitFor(() => rx.hooks.find((h) => h.params.MessageStatus === 'delivered'));
    const statuses = rx.hooks.filter((h) => h.params.MessageSid === r.body.sid).map((h) => h.params.MessageStatus);
    expect(statuses).toEqual(['sent', 'delivered']); // no callback for the initial status
    expect(delivered.validByTwilio).toBe(true);
    expect(delivered.params.RawDlrDoneDate).toMatch(/^\d{10}$/);
    const fetched = await fetch(`${sim.url}/2010-04-01/Accounts/${sim.config.accountSid}/Messages/${String(r.body.sid)}.json`, {
      headers: { authorization: `Basic ${Buffer.from(`${sim.config.accountSid}:${AUTH}`).toString('base64')}` },
    });
    expect(((await fetched.json()) as { status: string }).status).toBe('delivered');
  });

  it('answers Twilio error bodies for bad requests and bad credentials', async () => {
    expect((await send({ To: '+972501234567', From: '+972535550100', Body: 'x' }, 'wrong')).body).toMatchObject({ code: 20003, status: 401 });
    expect((await send({ To: '0501234567', From: '+972535550100', Body: 'x' })).body).toMatchObject({ code: 21211, status: 400 });
    expect((await send({ To: '+972501234567', From: '+15550000000', Body: 'x' })).body).toMatchObject({ code: 21606 });
    expect((await send({ To: '+972501234567', From: '+972535550100' })).body).toMatchObject({ code: 21602 });
    expect((await send({ To: '+972501234567', From: '+972535550100', Body: 'a'.repeat(1601) })).body).toMatchObject({ code: 21617 });
    const stats = (await (await fetch(`${sim.url}/_sim/stats`)).json()) as { rejected: number; accepted: number };
    expect(stats).toMatchObject({ rejected: 4, accepted: 0 }); // the 401 never reached validation
  });

  it('reports a delivery failure as undelivered with the error code in the signed callback', async () => {
    const r = await send({ To: '+972500000003', From: 'Clarion', Body: 'Sale today', StatusCallback: `${rx.base}/status` });
    expect(r.status).toBe(201);
    const failed = await rx.waitFor(() => rx.hooks.find((h) => h.params.MessageStatus === 'undelivered'));
    expect(failed.params.ErrorCode).toBe('30003');
    expect(failed.validByTwilio).toBe(true);
  });

  it('posts inbound messages signed, sends TwiML replies, and blocks the pair after STOP (21610) until START', async () => {
    const info = (await (await fetch(`${sim.url}/_sim/inbound`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: '+972501111111', to: '+972535550100', body: 'INFO PLEASE' }) })).json()) as { replies: string[]; webhookAnswered: boolean };
    expect(info).toMatchObject({ webhookAnswered: true, replies: ['Open 9&5'] });
    const hook = rx.hooks.find((h) => h.path === '/inbound');
    expect(hook?.validByTwilio).toBe(true);
    expect(hook?.params).toMatchObject({ From: '+972501111111', To: '+972535550100', Body: 'INFO PLEASE', NumSegments: '1', FromCountry: 'IL' });

    const stop = await sim.inbound('+972501111111', '+972535550100', ' stop. ');
    expect(stop.optOutType).toBe('STOP');
    expect(rx.hooks.at(-1)?.params.OptOutType).toBe('STOP');
    expect(stop.replies).toHaveLength(1);
    expect((await sim.inbound('+972501111111', '+972535550100', 'STOP')).replies).toHaveLength(0); // one confirmation only
    expect((await send({ To: '+972501111111', From: '+972535550100', Body: 'hi' })).body).toMatchObject({ code: 21610 });
    // The block is per sender: the alphanumeric sender may still send.
    expect((await send({ To: '+972501111111', From: 'Clarion', Body: 'hi' })).status).toBe(201);
    expect((await sim.inbound('+972501111111', '+972535550100', 'START')).optOutType).toBe('START');
    expect((await send({ To: '+972501111111', From: '+972535550100', Body: 'hi' })).status).toBe(201);
  });

  it('dequeues each sender at its segments per second and fails with 30001 when the queue is full', async () => {
    await fetch(`${sim.url}/_sim/config`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ segmentsPerSecond: 1, maxQueueMs: 2500 }) });
    try {
      const sids: string[] = [];
      for (let i = 0; i < 5; i++) sids.push(String((await send({ To: `+97250222222${i}`, From: '+972535550100', Body: 'x', StatusCallback: `${rx.base}/status` })).body.sid));
      const failed = await rx.waitFor(() => rx.hooks.find((h) => h.params.MessageStatus === 'failed'));
      expect(failed.params.ErrorCode).toBe('30001');
      // At 1 segment/s with a 2.5 s queue, the first three fit and the last two overflow.
      await rx.waitFor(() => rx.hooks.filter((h) => h.params.MessageStatus === 'failed').length === 2);
      expect(rx.hooks.filter((h) => h.params.MessageStatus === 'failed').map((h) => h.params.MessageSid).sort()).toEqual(sids.slice(3).sort());
    } finally {
      await fetch(`${sim.url}/_sim/config`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ segmentsPerSecond: 10, maxQueueMs: 14_400_000 }) });
    }
  });
});
