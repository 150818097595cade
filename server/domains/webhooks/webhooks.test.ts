/**
 * Outbound webhooks over real HTTP: a loopback receiver verifies every delivery with the `standardwebhooks`
 * package; the retry ladder and the 5-day disablement run on a controlled clock; a claim whose worker died is
 * re-claimed after its lease; 410 disables at once; SSRF targets are refused; the log, resend and test event.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { startTestApp, type TestApp } from '../../test/app.js';
import { deliverDue, emitWebhookEvent, relayEvents, RETRY_LADDER_S } from './index.js';
import { claimDue } from './webhooks.repo.js';

interface Received { url: string; headers: http.IncomingHttpHeaders; body: string }
let t: TestApp;
let ws: { id: number; key: string };
let server: http.Server;
let received: Received[] = [];
let answer = 200;
let base = '';

const api = (method: string, path: string, body?: unknown) => t.api(method, path, { key: ws.key, body });
const fixed = () => 0.5; // no jitter: delays are exactly the ladder

beforeAll(async () => {
  t = await startTestApp();
  ws = await t.workspace();
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ url: req.url ?? '', headers: req.headers, body });
      res.writeHead(answer, { 'content-type': 'text/plain' }).end(`answer ${answer}`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const a = server.address();
  base = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
}, 60_000);
afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await t?.close();
});

const deliveriesOf = async (id: number) => (await api('GET', `/api/v1/webhook-endpoints/${id}/deliveries`)).body.data as { id: number; status: string; attempts: number; nextAttemptAt: string; log: { statusCode: number | null }[] }[];

describe('outbound webhooks', () => {
  it('shows the secret once, stores it encrypted, and every delivery verifies with the standardwebhooks package', async () => {
    const r = await api('POST', '/api/v1/webhook-endpoints', { url: `${base}/hook`, eventTypes: ['contact.unsubscribed', 'message.delivered'] });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const { id, secret } = r.body.data as { id: number; secret: string };
    expect(secret).toMatch(/^whsec_/);
    expect((await api('GET', `/api/v1/webhook-endpoints/${id}`)).body.data.secret).toBeUndefined();
    const row = await t.ctx.db.selectFrom('webhook_endpoints').select('secret_enc').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.secret_enc).not.toContain(secret.slice(6));

    received = [];
    expect(await emitWebhookEvent(t.ctx.db, ws.id, 'contact.unsubscribed', { contactId: 7, channel: 'email' })).toBe(1);
    expect(await emitWebhookEvent(t.ctx.db, ws.id, 'contact.created', { contactId: 7 })).toBe(0); // filtered out
    expect((await api('POST', `/api/v1/webhook-endpoints/${id}/test`)).status).toBe(202);
    expect(await deliverDue(t.ctx, { random: fixed })).toBe(2);
    expect(received).toHaveLength(2);
    const wh = new Webhook(secret);
    const types = received.map((m) => (wh.verify(m.body, m.headers as Record<string, string>) as { type: string }).type).sort();
    expect(types).toEqual(['contact.unsubscribed', 'webhook.tested']);
    expect(received[0].headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/=]+$/);
    expect(() => new Webhook(`whsec_${Buffer.from('wrong').toString('base64')}`).verify(received[0].body, received[0].headers as Record<string, string>)).toThrow();
    const log = await deliveriesOf(id);
    expect(log.map((d) => d.status)).toEqual(['succeeded', 'succeeded']);
    expect(log[0].log[0].statusCode).toBe(200);
  });

  it('signs with the old and the new secret during a rotation grace period', async () => {
    const { id, secret: old } = (await api('POST', '/api/v1/webhook-endpoints', { url: `${base}/rot`, eventTypes: ['campaign.started'] })).body.data;
    const { secret: fresh } = (await api('POST', `/api/v1/webhook-endpoints/${id}/rotate-secret`, { graceHours: 2 })).body.data;
    received = [];
    await emitWebhookEvent(t.ctx.db, ws.id, 'campaign.started', { campaignId: 3 });
    await deliverDue(t.ctx, { random: fixed });
    expect(received).toHaveLength(1);
    expect(String(received[0].headers['webhook-signature']).split(' ')).toHaveLength(2);
    for (const s of [old, fresh]) expect(new Webhook(s).verify(received[0].body, received[0].headers as Record<string, string>)).toMatchObject({ type: 'campaign.started' });
  });

  it('retries a 500 on the ladder, disables after 5 days of failures with one alert and a mail to the owners, then resends the failed', async () => {
    const owner = await t.user(ws.id, 'owner');
    const { id } = (await api('POST', '/api/v1/webhook-endpoints', { url: `${base}/fail`, eventTypes: ['import.finished'] })).body.data;
    answer = 500;
    let now = new Date('2030-01-01T00:00:00Z');
    await emitWebhookEvent(t.ctx.db, ws.id, 'import.finished', { importId: 1 }, { now });
    const gaps: number[] = [];
    for (let i = 0; i < RETRY_LADDER_S.length; i++) {
      expect(await deliverDue(t.ctx, { now, random: fixed })).toBe(1);
      const [d] = await deliveriesOf(id);
      if (d.status !== 'pending') break;
      const next = new Date(d.nextAttemptAt);
      gaps.push((next.getTime() - now.getTime()) / 1000);
      now = next;
    }
    expect(gaps).toEqual(RETRY_LADDER_S.slice(1));
    const [done] = await deliveriesOf(id);
    expect(done.status).toBe('failed');
    expect(done.attempts).toBe(RETRY_LADDER_S.length);
    expect(done.log).toHaveLength(RETRY_LADDER_S.length);
    let ep = (await api('GET', `/api/v1/webhook-endpoints/${id}`)).body.data;
    expect(ep.enabled).toBe(true); // 8 attempts span ~37.5 h, not 5 days

    // Failures keep coming for 5 days: the endpoint is disabled, one alert, a mail to the owner.
    const mailsBefore = t.mails.length;
    now = new Date(now.getTime() + 5 * 86_400_000);
    await emitWebhookEvent(t.ctx.db, ws.id, 'import.finished', { importId: 2 }, { now });
    await emitWebhookEvent(t.ctx.db, ws.id, 'import.finished', { importId: 3 }, { now });
    await deliverDue(t.ctx, { now, random: fixed });
    ep = (await api('GET', `/api/v1/webhook-endpoints/${id}`)).body.data;
    expect(ep).toMatchObject({ enabled: false, disabledReason: 'failing' });
    const alerts = await t.ctx.db.selectFrom('workspace_alerts').selectAll().where('workspace_id', '=', ws.id).where('kind', '=', 'webhook_endpoint_disabled').execute();
    expect(alerts).toHaveLength(1);
    const mails = t.mails.slice(mailsBefore);
    expect(mails.map((m) => m.to)).toContain(owner.email);
    expect(mails.filter((m) => m.to === owner.email)).toHaveLength(1);
    expect(await emitWebhookEvent(t.ctx.db, ws.id, 'import.finished', { importId: 4 }, { now })).toBe(0); // disabled: nothing queued

    // The receiver is fixed; enable again and resend everything that failed.
    answer = 200;
    received = [];
    expect((await api('PATCH', `/api/v1/webhook-endpoints/${id}`, { enabled: true })).body.data.enabled).toBe(true);
    const rs = await api('POST', `/api/v1/webhook-endpoints/${id}/resend-failed`, { since: '2029-12-31T00:00:00Z' });
    expect(rs.body.data.requeued).toBe(3);
    await deliverDue(t.ctx, { random: fixed });
    expect(received.map((m) => JSON.parse(m.body).data.importId).sort()).toEqual([1, 2, 3]);
    const one = (await deliveriesOf(id))[0];
    expect((await api('POST', `/api/v1/webhook-endpoints/${id}/deliveries/${one.id}/resend`)).body.data.requeued).toBe(1);
    received = [];
    await deliverDue(t.ctx, { random: fixed });
    expect(received).toHaveLength(1);
  });

  it('disables the endpoint at once on 410 Gone', async () => {
    const { id } = (await api('POST', '/api/v1/webhook-endpoints', { url: `${base}/gone`, eventTypes: ['form.submitted'] })).body.data;
    answer = 410;
    await emitWebhookEvent(t.ctx.db, ws.id, 'form.submitted', { formId: 1, submissionId: 1, contactId: null });
    await deliverDue(t.ctx, { random: fixed });
    answer = 200;
    expect((await api('GET', `/api/v1/webhook-endpoints/${id}`)).body.data).toMatchObject({ enabled: false, disabledReason: 'gone' });
  });

  it('loses no event when a worker dies mid-delivery: the claim is re-claimed after its lease', async () => {
    const { id } = (await api('POST', '/api/v1/webhook-endpoints', { url: `${base}/crash`, eventTypes: ['number.disconnected'] })).body.data;
    const now = new Date('2031-01-01T00:00:00Z');
    await emitWebhookEvent(t.ctx.db, ws.id, 'number.disconnected', { connectionId: 9 }, { now });
    const dead = await claimDue(t.ctx.db, now, 30_000, 50); // a worker claimed it, then died
    expect(dead.filter((d) => d.endpoint_id === id)).toHaveLength(1);
    received = [];
    const crashHits = () => received.filter((m) => JSON.parse(m.body).type === 'number.disconnected');
    await deliverDue(t.ctx, { now: new Date(now.getTime() + 10_000), random: fixed }); // lease still held
    expect(crashHits()).toHaveLength(0);
    await deliverDue(t.ctx, { now: new Date(now.getTime() + 30_000), random: fixed });
    expect(crashHits()).toHaveLength(1);
    expect((await deliveriesOf(id))[0].status).toBe('succeeded');
  });

  it('relays the shared events log (delivered, click, unsubscribe) as message.* / contact.* webhooks, filtered by channel', async () => {
    const { id } = (await api('POST', '/api/v1/webhook-endpoints', { url: `${base}/relay`, eventTypes: ['message.delivered', 'message.clicked', 'contact.unsubscribed'], channels: ['email'] })).body.data;
    const at = new Date(Date.now() - 60_000);
    await t.ctx.db.insertInto('events').values([
      { workspace_id: ws.id, contact_id: 11, channel: 'email', type: 'delivered', at, data: '{}' },
      { workspace_id: ws.id, contact_id: 11, channel: 'whatsapp', type: 'delivered', at, data: '{}' }, // other channel: filtered
      { workspace_id: ws.id, contact_id: 11, channel: 'email', type: 'click', at, data: '{}' },
      { workspace_id: ws.id, contact_id: 11, channel: 'email', type: 'unsubscribe', at, data: '{}' },
    ] as never).execute();
    expect(await relayEvents(t.ctx)).toBeGreaterThanOrEqual(3); // earlier endpoints of the workspace listen too
    expect(await relayEvents(t.ctx)).toBe(0); // the cursor moved: nothing twice
    received = [];
    await deliverDue(t.ctx, { random: fixed });
    const got = received.filter((m) => m.url === '/relay').map((m) => JSON.parse(m.body) as { type: string; data: { contactId: number; channel: string } });
    expect(got.map((g) => g.type).sort()).toEqual(['contact.unsubscribed', 'message.clicked', 'message.delivered']);
    expect(got.every((g) => g.data.contactId === 11 && g.data.channel === 'email')).toBe(true);
    expect((await deliveriesOf(id)).every((d) => d.status === 'succeeded')).toBe(true);
  });

  it('refuses private, link-local and metadata targets and unknown event types with 400s naming the field', async () => {
    for (const url of ['http://10.0.0.5/hook', 'http://169.254.169.254/latest/meta-data', 'http://[fd00::1]/x', 'ftp://example.com/x']) {
      const r = await api('POST', '/api/v1/webhook-endpoints', { url });
      expect(r.status, url).toBe(400);
      expect(r.body.error.field).toBe('url');
    }
    const bad = await api('POST', '/api/v1/webhook-endpoints', { url: `${base}/x`, eventTypes: ['contact.exploded'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ field: 'eventTypes', messageCode: 'webhooks.unknown_event_type' });
    const viewer = await t.workspace(undefined, 'editor');
    expect((await t.api('GET', '/api/v1/webhook-endpoints', { key: viewer.key })).status).toBe(403);
  });
});
