import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWhatsappSimulator, type WhatsappSimulator } from './simulator.js';
import { simClient, startReceiver, type WebhookReceiver } from './test-support.js';

const PHONE = '106540352242922';
const WABA = '102290129340398';
const USER = '972501234567';
let sim: WhatsappSimulator;
let rx: WebhookReceiver;
let api: ReturnType<typeof simClient>;

beforeEach(async () => {
  rx = await startReceiver('tpl-secret');
  sim = await createWhatsappSimulator({ appSecret: 'tpl-secret', webhookUrl: rx.url, review: { delayMs: 50 }, latencies: { sentMs: 5, deliveredMs: 5, readMs: 5 } });
  api = simClient(sim.url);
});
afterEach(async () => {
  await sim.close();
  await rx.close();
});

const welcome = (name = 'welcome_back') => ({
  name, language: 'en_US', category: 'MARKETING',
  components: [{ type: 'BODY', text: 'Hi {{1}}, we saved your cart with {{2}} items. Come back soon!', example: { body_text: [['Ana', '3']] } }],
});
const sendTemplate = (name: string, params: string[], language = 'en_US') => api.post(`/v24.0/${PHONE}/messages`, {
  messaging_product: 'whatsapp', to: USER, type: 'template',
  template: { name, language: { code: language }, components: [{ type: 'body', parameters: params.map((text) => ({ type: 'text', text })) }] },
});
const statusEvents = (name: string) => rx.changes('message_template_status_update').filter((v) => v.message_template_name === name);

describe('template lifecycle', () => {
  it('creates PENDING, then APPROVED after the review delay with a status webhook; sends succeed afterwards', async () => {
    await api.control('/config', { review: { delayMs: 60_000 } }); // review happens when the clock passes 60 s
    const created = await api.post(`/v24.0/${WABA}/message_templates`, welcome());
    expect(created.body).toEqual({ id: expect.stringMatching(/^\d+$/), status: 'PENDING', category: 'MARKETING' });
    expect((await sendTemplate('welcome_back', ['Ana', '3'])).body.error.code).toBe(132001);
    await api.control('/clock', { advanceSeconds: 61 });
    const event = await rx.waitFor(() => statusEvents('welcome_back').find((v) => v.event === 'APPROVED'));
    expect(event).toMatchObject({ message_template_id: Number(created.body.id), message_template_language: 'en_US', reason: 'NONE', message_template_category: 'MARKETING' });
    const envelope = rx.received.find((r) => r.raw.includes('message_template_status_update'))!;
    expect(envelope.signatureValid).toBe(true);
    expect(envelope.body.entry[0]).toMatchObject({ id: WABA, time: expect.any(Number) });
    expect((await api.get(`/v24.0/${created.body.id}`)).body).toMatchObject({ name: 'welcome_back', status: 'APPROVED' });
    const sent = await sendTemplate('welcome_back', ['Ana', '3']);
    expect(sent.body.messages[0]).toMatchObject({ id: expect.stringMatching(/^wamid\./), message_status: 'accepted' });
    const st = await rx.waitFor(() => rx.statuses().find((s) => s.id === sent.body.messages[0].id && s.status === 'sent'));
    expect(st.pricing).toEqual({ billable: true, pricing_model: 'PMP', type: 'regular', category: 'marketing' });
  });

  it('rejects a template that breaks a Meta rule, with reason and the rule explained', async () => {
    const bad = { ...welcome('ends_with_var'), components: [{ type: 'BODY', text: 'Your code is {{1}}', example: { body_text: [['1234']] } }] };
    const created = await api.post(`/v24.0/${WABA}/message_templates`, bad);
    expect(created.body.status).toBe('PENDING');
    const event = await rx.waitFor(() => statusEvents('ends_with_var').find((v) => v.event === 'REJECTED'));
    expect(event.reason).toBe('INVALID_FORMAT');
    expect(JSON.stringify(event.rejection_info)).toContain('cannot end with a variable');
    const got = await api.get(`/v24.0/${created.body.id}`);
    expect(got.body).toMatchObject({ status: 'REJECTED', rejected_reason: 'INVALID_FORMAT' });
  });

  it('refuses duplicates, lists with filters and paging, and deletes by name', async () => {
    await api.post(`/v24.0/${WABA}/message_templates`, welcome('a_one'));
    const dup = await api.post(`/v24.0/${WABA}/message_templates`, welcome('a_one'));
    expect(dup.body.error).toMatchObject({ code: 100, error_subcode: 2388024 });
    await api.post(`/v24.0/${WABA}/message_templates`, welcome('a_two'));
    const page = await api.get(`/v24.0/${WABA}/message_templates?limit=1&fields=name,status`);
    expect(page.body.data).toEqual([{ id: expect.any(String), name: 'a_one', status: expect.stringMatching(/^(PENDING|APPROVED)$/) }]);
    expect(page.body.paging.next).toContain('after=');
    expect((await api.del(`/v24.0/${WABA}/message_templates?name=a_one`)).body).toEqual({ success: true });
    expect((await api.get(`/v24.0/${WABA}/message_templates?name=a_`)).body.data.map((t: { name: string }) => t.name)).toEqual(['a_two']);
  });
});

describe('sending templates', () => {
  beforeEach(async () => {
    const res = await api.control('/templates', welcome());
    expect(res.body.status).toBe('APPROVED');
  });

  it('answers 132001 for an unknown template or language and 132000 for a parameter count mismatch', async () => {
    expect((await sendTemplate('nope', ['a', 'b'])).body.error.code).toBe(132001);
    expect((await sendTemplate('welcome_back', ['a', 'b'], 'he')).body.error.code).toBe(132001);
    const mismatch = await sendTemplate('welcome_back', ['Ana']);
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.error).toMatchObject({ code: 132000, message: '(#132000) Number of parameters does not match the expected number of params' });
  });

  it('answers 132015 while paused for quality, and un-pauses after 3 hours of simulator time', async () => {
    await api.control('/templates/pause', { name: 'welcome_back', language: 'en_US' });
    const paused = await rx.waitFor(() => statusEvents('welcome_back').find((v) => v.event === 'PAUSED'));
    expect(paused.other_info).toMatchObject({ title: 'FIRST_PAUSE' });
    expect((await sendTemplate('welcome_back', ['Ana', '3'])).body.error.code).toBe(132015);
    await api.control('/clock', { advanceSeconds: 3 * 3600 + 1 });
    await rx.waitFor(() => statusEvents('welcome_back').filter((v) => v.event === 'APPROVED').length >= 2);
    expect((await sendTemplate('welcome_back', ['Ana', '3'])).status).toBe(200);
  });

  it('answers 132016 once disabled, with disable_info in the webhook', async () => {
    await api.control('/templates/disable', { name: 'welcome_back' });
    const ev = await rx.waitFor(() => statusEvents('welcome_back').find((v) => v.event === 'DISABLED'));
    expect(ev.disable_info).toMatchObject({ disable_date: expect.any(String) });
    expect((await sendTemplate('welcome_back', ['Ana', '3'])).body.error.code).toBe(132016);
  });

  it('disables a template on its third quality pause', async () => {
    for (let i = 0; i < 3; i++) await api.control('/templates/pause', { name: 'welcome_back' });
    const list = await api.control('/templates');
    expect(list.body.data[0].status).toBe('DISABLED');
  });
});
