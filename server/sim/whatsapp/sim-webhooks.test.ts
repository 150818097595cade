import { afterEach, describe, expect, it } from 'vitest';
import { createWhatsappSimulator, type WhatsappSimulator } from './simulator.js';
import { simClient, startReceiver, type WebhookReceiver } from './test-support.js';
import type { SimOptions } from './config.js';

const PHONE = '106540352242922';
let sim: WhatsappSimulator;
let rx: WebhookReceiver;
let api: ReturnType<typeof simClient>;

async function start(opts: SimOptions = {}) {
  rx = await startReceiver('wh-secret');
  sim = await createWhatsappSimulator({ appSecret: 'wh-secret', webhookUrl: rx.url, latencies: { sentMs: 5, deliveredMs: 5, readMs: 5 }, ...opts });
  api = simClient(sim.url);
}
afterEach(async () => {
  await sim.close();
  await rx.close();
});
const inbound = (text: string) => api.control('/inbound', { from: '972501234567', text });

describe('webhook delivery', () => {
  it('retries with backoff when the receiver answers 500, then delivers the same signed bytes', async () => {
    await start({ webhooks: { retryBaseMs: 20, maxRetries: 5 } });
    rx.failNext(2);
    const res = await inbound('retry me');
    await rx.waitFor(() => rx.received.some((r) => r.status === 200 && r.raw.includes(res.body.id)));
    const attempts = rx.received.filter((r) => r.raw.includes(res.body.id));
    expect(attempts.map((a) => a.status)).toEqual([500, 500, 200]);
    expect(new Set(attempts.map((a) => a.raw)).size).toBe(1);
    expect(attempts.every((a) => a.signatureValid)).toBe(true);
    const log = await api.control('/webhooks?field=messages');
    expect(log.body.data[0]).toMatchObject({ state: 'delivered', attempts: 3 });
  });

  it('gives up after maxRetries and records the drop', async () => {
    await start({ webhooks: { retryBaseMs: 10, maxRetries: 1 } });
    rx.failNext(10);
    await inbound('drop me');
    await rx.waitFor(() => sim.webhooks.counters.dropped === 1);
    expect(rx.received.length).toBe(2);
  });

  it('delivers every webhook twice in duplicate mode', async () => {
    await start({ webhooks: { duplicate: true } });
    const res = await inbound('twice');
    await rx.waitFor(() => rx.received.filter((r) => r.raw.includes(res.body.id)).length === 2);
    const copies = rx.received.filter((r) => r.raw.includes(res.body.id));
    expect(copies[0].raw).toBe(copies[1].raw);
    expect(sim.webhooks.counters.duplicates).toBeGreaterThanOrEqual(1);
  });

  it('delivers delivered before sent in out-of-order mode', async () => {
    await start({ webhooks: { outOfOrder: true, concurrency: 1 }, latencies: { sentMs: 5, deliveredMs: 30, readMs: 5 } });
    await inbound('hi');
    const sent = await api.post(`/v24.0/${PHONE}/messages`, { messaging_product: 'whatsapp', to: '972501234567', type: 'text', text: { body: 'x' } });
    const id = sent.body.messages[0].id;
    await rx.waitFor(() => rx.statuses().filter((s) => s.id === id).length === 3);
    expect(rx.statuses().filter((s) => s.id === id).map((s) => s.status)).toEqual(['delivered', 'sent', 'read']);
  });

  it('answers the subscription handshake check against the receiver URL', async () => {
    await start();
    const res = await api.control('/webhooks/verify', {});
    expect(res.body).toMatchObject({ ok: true, status: 200 });
    const wrong = await api.control('/webhooks/verify', { verifyToken: 'other' });
    expect(wrong.body).toMatchObject({ ok: false, status: 403 });
  });
});
