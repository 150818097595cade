import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWhatsappSimulator, type WhatsappSimulator } from './simulator.js';
import { simClient, startReceiver, type WebhookReceiver } from './test-support.js';
import type { SimOptions } from './config.js';

const PHONE = '106540352242922';
const USER = '972501234567';
let sim: WhatsappSimulator;
let rx: WebhookReceiver;
let api: ReturnType<typeof simClient>;

async function start(opts: SimOptions = {}) {
  rx = await startReceiver('test-secret');
  sim = await createWhatsappSimulator({ appSecret: 'test-secret', webhookUrl: rx.url, latencies: { sentMs: 10, deliveredMs: 10, readMs: 10, jitterMs: 0 }, ...opts });
  api = simClient(sim.url);
}
const text = (to: string, body = 'Hello from the sandbox') => ({ messaging_product: 'whatsapp', to, type: 'text', text: { body } });

afterEach(async () => {
  await sim?.close();
  await rx?.close();
});

describe('auth and errors', () => {
  beforeEach(() => start());

  it('answers a wrong token with a 401 Graph OAuthException code 190', async () => {
    const res = await simClient(sim.url, 'wrong').post(`/v24.0/${PHONE}/messages`, text(USER));
    expect(res.status).toBe(401);
    expect(res.body.error).toMatchObject({ type: 'OAuthException', code: 190, message: expect.any(String), fbtrace_id: expect.any(String) });
    const missing = await api.raw('POST', `/v24.0/${PHONE}/messages`, text(USER), false);
    expect(missing.body.error.code).toBe(190);
  });

  it('uses the §2.1 body with (#code) message and error_data.details for API errors', async () => {
    const res = await api.post(`/v24.0/${PHONE}/messages`, { messaging_product: 'whatsapp', to: USER, type: 'text', text: {} });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ message: '(#131008) Required parameter is missing', type: 'OAuthException', code: 131008,
      error_data: { messaging_product: 'whatsapp', details: expect.stringContaining('text.body') }, fbtrace_id: expect.any(String) });
  });

  it('refuses unknown phone-number ids with code 100 subcode 33', async () => {
    const res = await api.post('/v24.0/999/messages', text(USER));
    expect(res.body.error).toMatchObject({ code: 100, error_subcode: 33 });
  });

  it('validates interactive limits (at most 3 reply buttons)', async () => {
    const buttons = [1, 2, 3, 4].map((i) => ({ type: 'reply', reply: { id: `b${i}`, title: `B${i}` } }));
    await api.control('/inbound', { from: USER, text: 'hi' });
    const res = await api.post(`/v24.0/${PHONE}/messages`, { messaging_product: 'whatsapp', to: USER, type: 'interactive', interactive: { type: 'button', body: { text: 'Pick' }, action: { buttons } } });
    expect(res.body.error.code).toBe(131009);
  });
});

describe('customer-service window', () => {
  it('fails a free-form text outside the window with 131047 (async failed status by default)', async () => {
    await start();
    const res = await api.post(`/v24.0/${PHONE}/messages`, text(USER));
    expect(res.status).toBe(200);
    const id = res.body.messages[0].id;
    const failed = await rx.waitFor(() => rx.statuses().find((s) => s.id === id && s.status === 'failed'));
    expect(failed.errors?.[0]).toMatchObject({ code: 131047, title: 'Re-engagement message', href: expect.any(String) });
  });

  it('refuses synchronously with 131047 in sync mode, and accepts after an injected inbound message', async () => {
    await start({ limits: { windowErrorMode: 'sync' } });
    const before = await api.post(`/v24.0/${PHONE}/messages`, text(USER));
    expect(before.status).toBe(400);
    expect(before.body.error.code).toBe(131047);

    const inbound = await api.control('/inbound', { from: USER, name: 'דנה', text: 'שלום, יש לי שאלה' });
    expect(inbound.status).toBe(200);
    const hook = await rx.waitFor(() => rx.changes('messages').find((v) => Array.isArray(v.messages)));
    expect(hook).toMatchObject({ contacts: [{ profile: { name: 'דנה' }, wa_id: USER }], messages: [{ from: USER, type: 'text', text: { body: 'שלום, יש לי שאלה' } }] });
    const raw = rx.received.find((r) => r.raw.includes('"messages":['))!;
    expect(raw.signatureValid).toBe(true);
    expect(raw.raw).toContain('\\u05e9'); // non-ASCII escaped like Meta, signature over those bytes

    const inside = await api.post(`/v24.0/${PHONE}/messages`, text(USER));
    expect(inside.status).toBe(200);
    expect(inside.body).toMatchObject({ messaging_product: 'whatsapp', contacts: [{ input: USER, wa_id: USER }], messages: [{ id: expect.stringMatching(/^wamid\./) }] });

    await sim.ctx.clock.advance(24 * 3600_000 + 1000);
    const after = await api.post(`/v24.0/${PHONE}/messages`, text(USER));
    expect(after.body.error.code).toBe(131047);
  });
});

describe('status webhooks', () => {
  it('sends sent → delivered → read, signed, with conversation and pricing', async () => {
    await start({ webhooks: { concurrency: 1 } }); // one POST at a time keeps arrival order = emission order
    await api.control('/inbound', { from: USER, text: 'hi' });
    const res = await api.post(`/v24.0/${PHONE}/messages`, { ...text(USER), biz_opaque_callback_data: 'cmp_1:rcp_9' });
    const id = res.body.messages[0].id;
    await rx.waitFor(() => rx.statuses().some((s) => s.id === id && s.status === 'read'));
    const mine = rx.statuses().filter((s) => s.id === id);
    expect(mine.map((s) => s.status)).toEqual(['sent', 'delivered', 'read']);
    expect(mine[0]).toMatchObject({ recipient_id: USER, biz_opaque_callback_data: 'cmp_1:rcp_9', timestamp: expect.stringMatching(/^\d+$/),
      conversation: { id: expect.any(String), origin: { type: 'service' } },
      pricing: { billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'service' } });
    expect(rx.received.every((r) => r.signatureValid)).toBe(true);
    const envelope = rx.received.find((r) => r.raw.includes('"statuses"'))!.body;
    expect(envelope).toMatchObject({ object: 'whatsapp_business_account', entry: [{ id: '102290129340398', changes: [{ field: 'messages',
      value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: PHONE } } }] }] });
    const stored = await api.control(`/messages/${encodeURIComponent(id)}`);
    expect(stored.body.state).toBe('read');
  });

  it('fails messages to a recipient configured to fail, with that code in errors[]', async () => {
    await start({ failures: { byRecipient: { '972500000001': 131026 } } });
    await api.control('/inbound', { from: '972500000001', text: 'hi' });
    const res = await api.post(`/v24.0/${PHONE}/messages`, text('+972 50-000-0001'));
    expect(res.status).toBe(200);
    const id = res.body.messages[0].id;
    const failed = await rx.waitFor(() => rx.statuses().find((s) => s.id === id && s.status === 'failed'));
    expect(failed.errors?.[0].code).toBe(131026);
    expect(failed).not.toHaveProperty('pricing');
    const listed = await api.control('/messages?to=972500000001');
    expect(listed.body.data[0]).toMatchObject({ id, state: 'failed', errorCode: 131026, to: '+972 50-000-0001' });
  });

  it('injects random failures deterministically from the seed', async () => {
    const run = async () => {
      await start({ seed: 7, failures: { probability: 0.5, codes: [131049, 130472] }, limits: { enforceWindow: false } });
      for (let i = 0; i < 20; i++) await api.post(`/v24.0/${PHONE}/messages`, text(`97250000${String(i).padStart(4, '0')}`));
      const codes = (await api.control('/stats')).body.asyncFailuresByCode;
      await sim.close();
      await rx.close();
      return codes;
    };
    const a = await run();
    const b = await run();
    expect(a).toEqual(b);
    expect(Object.keys(a).length).toBeGreaterThan(0);
    await start(); // afterEach closes this one
  });
});

describe('media', () => {
  beforeEach(() => start());

  it('uploads multipart, returns a URL, serves the bytes with the token, and refuses bad types', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const form = new FormData();
    form.set('messaging_product', 'whatsapp');
    form.set('type', 'image/png');
    form.set('file', new Blob([png], { type: 'image/png' }), 'logo.png');
    const up = await fetch(`${sim.url}/v24.0/${PHONE}/media`, { method: 'POST', headers: { authorization: 'Bearer sim-token' }, body: form });
    const { id } = (await up.json()) as { id: string };
    expect(id).toMatch(/^\d+$/);
    const info = await api.get(`/v24.0/${id}`);
    expect(info.body).toMatchObject({ messaging_product: 'whatsapp', mime_type: 'image/png', file_size: String(png.length), id });
    const dl = await fetch(info.body.url, { headers: { authorization: 'Bearer sim-token' } });
    expect(Buffer.from(await dl.arrayBuffer())).toEqual(png);
    expect((await fetch(info.body.url)).status).toBe(401);

    const raw = await fetch(`${sim.url}/v24.0/${PHONE}/media`, { method: 'POST', headers: { authorization: 'Bearer sim-token', 'content-type': 'application/zip' }, body: png });
    expect(((await raw.json()) as { error: { code: number } }).error.code).toBe(131053);
    expect((await api.del(`/v24.0/${id}`)).body).toEqual({ success: true });
  });

  it('delivers an injected inbound image with its media id', async () => {
    const res = await api.control('/inbound', { from: USER, type: 'image', media: { base64: Buffer.from('jpegbytes').toString('base64'), mimeType: 'image/jpeg', caption: 'foto' } });
    const msg = await rx.waitFor(() => rx.changes('messages').flatMap((v) => (v.messages as Record<string, any>[]) ?? []).find((m) => m.id === res.body.id)); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(msg.image).toMatchObject({ caption: 'foto', mime_type: 'image/jpeg', id: expect.stringMatching(/^\d+$/) });
    expect((await api.get(`/v24.0/${msg.image.id}`)).body.mime_type).toBe('image/jpeg');
  });

  it('marks inbound messages read and sends quick-reply taps with context', async () => {
    await api.control('/inbound', { from: USER, text: 'hi' });
    const sent = await api.post(`/v24.0/${PHONE}/messages`, text(USER));
    const tap = await api.control('/inbound', { from: USER, button: { text: 'Stop promotions', payload: 'STOP' } });
    const msg = await rx.waitFor(() => rx.changes('messages').flatMap((v) => (v.messages as Record<string, any>[]) ?? []).find((m) => m.id === tap.body.id)); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(msg).toMatchObject({ type: 'button', button: { text: 'Stop promotions', payload: 'STOP' }, context: { from: '15550783881', id: sent.body.messages[0].id } });
    const read = await api.post(`/v24.0/${PHONE}/messages`, { messaging_product: 'whatsapp', status: 'read', message_id: tap.body.id });
    expect(read.body).toEqual({ success: true });
  });
});
