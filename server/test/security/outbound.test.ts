/**
 * Issue 10 §4 over real HTTP: every kind of target a workspace can point the server at (WhatsApp Graph base URL,
 * header media URL, SMTP server host — checked when written and when used) is refused for loopback, private and
 * metadata addresses, and works once the operator allow-lists it. The instance starts with NO allow-list.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboundPolicy } from '../../lib/outbound/index.js';
import { createWhatsappSimulator, type WhatsappSimulator } from '../../sim/whatsapp/index.js';
import { startTestSmtpServer, type TestSmtpServer } from '../../domains/channels/email/smtp/test-smtp-server.js';
import { startTestApp, type TestApp } from '../app.js';

let t: TestApp;
let smtp: TestSmtpServer;
let sim: WhatsappSimulator;
let media: http.Server;
let mediaPort = 0;
let mediaHits = 0;
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201ffa0d1e6a50000000049454e44ae426082', 'hex');

const refusedPolicy = () => createOutboundPolicy();
const loopbackPolicy = () => createOutboundPolicy({ allow: '127.0.0.1' });

beforeAll(async () => {
  t = await startTestApp({ CLARION_OUTBOUND_ALLOW: '' });
  smtp = await startTestSmtpServer();
  sim = await createWhatsappSimulator({ accessToken: 'tok', limits: { pairRate: false } });
  media = http.createServer((req, res) => {
    mediaHits++;
    res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(PNG.length) }).end(req.method === 'HEAD' ? undefined : PNG);
  });
  await new Promise<void>((r) => media.listen(0, '127.0.0.1', r));
  mediaPort = (media.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((r) => media?.close(() => r()));
  await sim?.close();
  await smtp?.close();
  await t?.close();
});

const INTERNAL_URLS = ['http://127.0.0.1:9', 'http://[::1]:9', 'http://[::ffff:127.0.0.1]:9', 'http://10.0.0.8', 'http://192.168.1.1', 'http://100.64.0.1', 'http://169.254.169.254', 'http://localhost:9'];
const INTERNAL_HOSTS = ['127.0.0.1', '::1', '::ffff:7f00:1', '10.1.2.3', '172.16.5.5', '169.254.169.254', 'fd00::1', 'localhost', '0.0.0.0'];

describe('outbound targets on an instance without an allow-list', () => {
  it('the test instance really has no allow-list', () => {
    expect(t.ctx.config.outboundAllow).toEqual([]);
  });

  it('a WhatsApp Graph base URL on an internal address is refused when written (create and update)', async () => {
    t.ctx.outbound = refusedPolicy();
    const ws = await t.workspace();
    const base = { wabaId: '900000000000001', phoneNumberId: '900000000000002', accessToken: 'tok', appSecret: 'secret' };
    for (const graphBaseUrl of INTERNAL_URLS) {
      const r = await t.api('POST', '/api/v1/whatsapp/numbers', { key: ws.key, body: { ...base, graphBaseUrl } });
      expect(r.status, graphBaseUrl).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'outbound_refused', field: 'graphBaseUrl' });
    }
    const ok = await t.api('POST', '/api/v1/whatsapp/numbers', { key: ws.key, body: { ...base, graphBaseUrl: 'https://8.8.8.8' } });
    expect(ok.status).toBe(201);
    const patched = await t.api('PATCH', `/api/v1/whatsapp/numbers/${ok.body.data.id}`, { key: ws.key, body: { graphBaseUrl: 'http://169.254.169.254/latest' } });
    expect(patched.status).toBe(400);
    expect(patched.body.error).toMatchObject({ code: 'outbound_refused', field: 'graphBaseUrl', details: { reason: 'link_local' } });
  });

  it('a header media URL on an internal address is a 400 and the target is never contacted', async () => {
    t.ctx.outbound = refusedPolicy();
    const ws = await t.workspace();
    mediaHits = 0;
    for (const url of [`http://127.0.0.1:${mediaPort}/a.png`, `http://localhost:${mediaPort}/a.png`, 'http://169.254.169.254/a.png', 'http://10.0.0.1/a.png']) {
      const r = await t.api('POST', '/api/v1/whatsapp/media-check', { key: ws.key, body: { url, kind: 'image' } });
      expect(r.status, url).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'outbound_refused', field: 'url' });
      // Nothing about the target (status, type, size) is in the answer.
      expect(JSON.stringify(r.body)).not.toMatch(/image\/png|HTTP 200|bytes/);
    }
    expect(mediaHits).toBe(0);
  });

  it('an SMTP host on an internal address is refused when written', async () => {
    t.ctx.outbound = refusedPolicy();
    const ws = await t.workspace();
    for (const host of INTERNAL_HOSTS) {
      const r = await t.api('POST', '/api/v1/email/smtp-servers', { key: ws.key, body: { name: 'x', host, port: smtp.port, tlsMode: 'none' } });
      expect(r.status, host).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'outbound_refused', field: 'host' });
    }
  });
});

describe('the same targets once allow-listed, and refused again at use when the list shrinks', () => {
  it('SMTP: allowed host saved and tested; after the allow-list drops it, "test connection" is a 400 without connecting', async () => {
    t.ctx.outbound = loopbackPolicy();
    const ws = await t.workspace();
    const created = await t.api('POST', '/api/v1/email/smtp-servers', { key: ws.key, body: { name: 'Relay', host: '127.0.0.1', port: smtp.port, tlsMode: 'none' } });
    expect(created.status).toBe(201);
    const ok = await t.api('POST', `/api/v1/email/smtp-servers/${created.body.data.id}/test`, { key: ws.key });
    expect(ok.body.data).toMatchObject({ ok: true });
    t.ctx.outbound = refusedPolicy();
    const refused = await t.api('POST', `/api/v1/email/smtp-servers/${created.body.data.id}/test`, { key: ws.key });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'outbound_refused', field: 'host', details: { reason: 'loopback' } });
  });

  it('WhatsApp: the simulator is reachable when allow-listed; once refused, the connection test says why', async () => {
    t.ctx.outbound = loopbackPolicy();
    const ws = await t.workspace();
    const num = sim.config.numbers[0];
    const created = await t.api('POST', '/api/v1/whatsapp/numbers', {
      key: ws.key,
      body: { wabaId: num.wabaId, phoneNumberId: num.phoneNumberId, accessToken: 'tok', appSecret: 'secret', graphBaseUrl: sim.url, sandbox: true },
    });
    expect(created.status).toBe(201);
    const ok = await t.api('POST', `/api/v1/whatsapp/numbers/${created.body.data.id}/test`, { key: ws.key });
    expect(ok.body.data.checks[0]).toMatchObject({ check: 'reachable', ok: true });
    t.ctx.outbound = refusedPolicy();
    const refused = await t.api('POST', `/api/v1/whatsapp/numbers/${created.body.data.id}/test`, { key: ws.key });
    expect(refused.body.data.checks[0]).toMatchObject({ check: 'reachable', ok: false });
    expect(refused.body.data.checks[0].message).toMatch(/does not connect to 127\.0\.0\.1: it is a loopback address/);
  });

  it('header media: an allow-listed server is checked for type and size', async () => {
    t.ctx.outbound = loopbackPolicy();
    const ws = await t.workspace();
    mediaHits = 0;
    const r = await t.api('POST', '/api/v1/whatsapp/media-check', { key: ws.key, body: { url: `http://127.0.0.1:${mediaPort}/a.png`, kind: 'image' } });
    expect(r.status).toBe(200);
    expect(r.body.data).toEqual({ ok: true, problem: null });
    expect(mediaHits).toBeGreaterThan(0);
    t.ctx.outbound = refusedPolicy();
  });
});
