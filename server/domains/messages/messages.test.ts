/**
 * POST/GET /api/v1/messages over real HTTP against the WhatsApp simulator on loopback: template and in-window
 * text sends through the messages lanes, consent and suppression as campaigns, 400s naming the field,
 * Idempotency-Key (replay, 422, 409 under concurrent retries), batches with per-item results.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startWaHarness, waitFor, type WaHarness } from '../whatsapp/test-support.js';
import { setupWa, waIdOf, type WaSetup } from '../whatsapp-campaigns/test-support.js';
import { startMessageLanes, type MessageLanes } from './index.js';

let h: WaHarness;
let s: WaSetup;
let lanes: MessageLanes;

const send = (body: unknown, headers: Record<string, string> = {}) => h.t.api('POST', '/api/v1/messages', { key: s.ws.key, body, headers });
const tpl = (i: number, extra: Record<string, unknown> = {}) => ({ channel: 'whatsapp', to: { contactId: s.contactIds[i] }, template: { id: s.templateId, variables: { '1': `Code${i}`, '2': 'Haifa' } }, ...extra });
const statusOf = async (id: number) => (await h.t.api('GET', `/api/v1/messages/${id}`, { key: s.ws.key })).body.data;

beforeAll(async () => {
  h = await startWaHarness({ limits: { mps: 200, tier: 'unlimited', pairRate: false } });
  s = await setupWa(h, 12, { category: 'UTILITY', optedIn: false });
  lanes = startMessageLanes(h.t.ctx, 'msg-test');
}, 60_000);
afterAll(async () => {
  await lanes?.stop();
  await h?.close();
});

describe('POST /api/v1/messages', () => {
  it('sends an urgent WhatsApp template with per-message variables and shows queued → accepted → delivered in its history', async () => {
    const r = await send(tpl(0, { priority: 'urgent', metadata: { order: 'A-1' } }));
    expect(r.status).toBe(202);
    expect(r.body.data.status).toBe('queued');
    const id = r.body.data.id as number;
    const view = await waitFor(async () => {
      const v = await statusOf(id);
      return v.history.some((e: { status: string }) => e.status === 'delivered') && v;
    });
    expect(view.status).toBe('sent');
    expect(view.priority).toBe('urgent');
    expect(view.metadata).toEqual({ order: 'A-1' });
    const steps = view.history.map((e: { status: string }) => e.status);
    expect(steps[0]).toBe('queued');
    expect(steps).toContain('accepted');
    const sim = (await h.simApi.control(`/messages?to=${waIdOf(0)}`)).body.data as { type: string; payload?: unknown }[];
    expect(sim).toHaveLength(1);
    expect(JSON.stringify(sim[0])).toContain('Code0');
  });

  it('emits message.queued with the metadata to a webhook endpoint that listens', async () => {
    const ep = await h.t.api('POST', '/api/v1/webhook-endpoints', { key: s.ws.key, body: { url: 'http://127.0.0.1:9/never', eventTypes: ['message.queued'] } });
    expect(ep.status).toBe(201);
    const r = await send(tpl(10, { metadata: { order: 'W-9' } }));
    const q = await h.t.ctx.db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', ep.body.data.id).execute();
    expect(q).toHaveLength(1);
    expect(q[0].payload).toMatchObject({ type: 'message.queued', data: { messageId: r.body.data.id, channel: 'whatsapp', metadata: { order: 'W-9' } } });
    await h.t.api('DELETE', `/api/v1/webhook-endpoints/${ep.body.data.id}`, { key: s.ws.key });
  });

  it('applies consent and suppression as campaigns do: opted-out and suppressed numbers are skipped with the reason, marketing needs opt-in', async () => {
    await sql`update contacts set whatsapp_status = 'opted_out' where id = ${s.contactIds[1]}`.execute(h.t.ctx.db);
    const phone2 = (await h.t.ctx.db.selectFrom('contacts').select('phone_e164').where('id', '=', s.contactIds[2]).executeTakeFirstOrThrow()).phone_e164!;
    await h.t.ctx.db.insertInto('suppressions').values({ workspace_id: s.ws.id, channel: 'whatsapp', value: phone2.toLowerCase(), reason: 'test', source: 'manual' } as never).execute();
    expect((await send(tpl(1))).body.data).toMatchObject({ status: 'skipped', reason: 'opted_out' });
    expect((await send(tpl(2))).body.data).toMatchObject({ status: 'skipped', reason: 'suppressed' });
    expect((await send(tpl(3, { kind: 'marketing' }))).body.data).toMatchObject({ status: 'skipped', reason: 'no_consent' });
    const sim = (await h.simApi.control(`/messages?limit=1000`)).body.data as { waId: string }[];
    expect(sim.some((m) => [waIdOf(1), waIdOf(2), waIdOf(3)].includes(m.waId))).toBe(false);
  });

  it('answers 400 naming the field for sms, text over the limits, bad media and free text outside the 24-hour window', async () => {
    const cases: [unknown, string][] = [
      [{ ...tpl(4), channel: 'sms' }, 'channel'],
      [{ channel: 'whatsapp', to: { contactId: s.contactIds[4] }, text: 'x'.repeat(6001) }, 'text'],
      [{ channel: 'whatsapp', to: { contactId: s.contactIds[4] }, text: 'x'.repeat(4097) }, 'text'],
      [{ channel: 'whatsapp', to: { contactId: s.contactIds[4] }, media: { type: 'image', url: 'https://x.example/a.gif', mimeType: 'image/gif' } }, 'media.mimeType'],
      [{ channel: 'whatsapp', to: { contactId: s.contactIds[4] }, media: { type: 'image', url: 'https://x.example/a.png', mimeType: 'image/png', sizeBytes: 6 * 1024 * 1024 } }, 'media.sizeBytes'],
      [{ channel: 'whatsapp', to: { contactId: s.contactIds[4] }, text: 'hello' }, 'text'],
      [{ channel: 'whatsapp', to: { contactId: s.contactIds[4] }, template: { id: s.templateId, variables: { '1': 'only one' } } }, 'template.variables'],
      [{ channel: 'whatsapp', to: { phone: '+972501112233' }, template: { id: s.templateId, variables: { '1': 'a', '2': 'b' } } }, 'to.phone'],
      [{ ...tpl(4), priority: 'asap' }, 'priority'],
    ];
    for (const [body, field] of cases) {
      const r = await send(body);
      expect(r.status, JSON.stringify(body).slice(0, 80)).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(r.body.error.field, JSON.stringify(r.body)).toBe(field);
    }
    const sms = await send({ ...tpl(4), channel: 'sms' });
    expect(sms.body.error.message).toContain('sms channel not configured');
  });

  it('sends free text inside the window the contact opened, and creates the contact when asked', async () => {
    const from = '972509990001';
    await h.simApi.control('/inbound', { from, name: 'Noa', text: 'Where is my order?' });
    await waitFor(async () => (await h.t.ctx.db.selectFrom('wa_conversations').select('id').where('wa_id', '=', from).where('workspace_id', '=', s.ws.id).executeTakeFirst()) ?? null);
    const r = await send({ channel: 'whatsapp', to: { phone: `+${from}`, create: true }, text: 'It ships today.' });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    await waitFor(async () => (await statusOf(r.body.data.id)).status === 'sent');
    const sim = (await h.simApi.control(`/messages?to=${from}`)).body.data as unknown[];
    expect(JSON.stringify(sim)).toContain('It ships today.');
  });

  it('replays the first response for a repeated Idempotency-Key, answers 422 for another body and never sends twice under concurrent retries', async () => {
    const key = `k-${Math.random()}`;
    const body = tpl(5);
    const results = await Promise.all(Array.from({ length: 6 }, () => send(body, { 'idempotency-key': key })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.every((st) => st === 202 || st === 409)).toBe(true);
    const ok = results.filter((r) => r.status === 202);
    expect(new Set(ok.map((r) => r.body.data.id)).size).toBe(1);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.error.code).toBe('idempotency_in_flight');
    const again = await send(body, { 'idempotency-key': key });
    expect(again.status).toBe(202);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.data.id).toBe(ok[0].body.data.id);
    const other = await send(tpl(6), { 'idempotency-key': key });
    expect(other.status).toBe(422);
    expect((await send(body, { 'idempotency-key': 'x'.repeat(256) })).body.error.field).toBe('Idempotency-Key');
    const n = await h.t.ctx.db.selectFrom('outbound_messages').select(sql<number>`count(*)::int`.as('n')).where('workspace_id', '=', s.ws.id).where('contact_id', '=', s.contactIds[5]).executeTakeFirstOrThrow();
    expect(n.n).toBe(1);
  });

  it('takes a batch with a result per item, in order', async () => {
    const r = await h.t.api('POST', '/api/v1/messages/batch', { key: s.ws.key, body: { messages: [tpl(7), { ...tpl(8), channel: 'sms' }, tpl(9, { priority: 'low' })] } });
    expect(r.status).toBe(202);
    const d = r.body.data as { id: number | null; status: string; error?: { field: string } }[];
    expect(d.map((x) => x.status)).toEqual(['queued', 'rejected', 'queued']);
    expect(d[1].error?.field).toBe('channel');
    await waitFor(async () => (await statusOf(d[2].id!)).status === 'sent');
    const big = await h.t.api('POST', '/api/v1/messages/batch', { key: s.ws.key, body: { messages: Array.from({ length: 501 }, () => tpl(7)) } });
    expect(big.status).toBe(400);
    expect(big.body.error.field).toBe('messages');
  });
});
