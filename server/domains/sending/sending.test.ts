/**
 * Sending set-up API over HTTP: SMTP servers (password encrypted at rest, never returned, a "test" action that talks
 * to a real loopback server), sending domains with a generated DKIM key and the DNS records to publish, sender
 * identities, the bounce rule and tracking switch, permissions and tenant isolation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/app.js';
import { startTestSmtpServer, type TestSmtpServer } from '../channels/email/smtp/test-smtp-server.js';

let t: TestApp;
let smtp: TestSmtpServer;
beforeAll(async () => {
  t = await startTestApp();
  smtp = await startTestSmtpServer();
});
afterAll(async () => {
  await smtp?.close();
  await t?.close();
});

describe('email sending set-up', () => {
  it('stores SMTP passwords encrypted, never returns them, and tests a server by talking to it', async () => {
    const ws = await t.workspace();
    const created = await t.api('POST', '/api/v1/email/smtp-servers', {
      key: ws.key,
      body: { name: 'Relay', host: '127.0.0.1', port: smtp.port, tlsMode: 'none', username: null, password: 's3cret-pass', maxConnections: 3, messagesPerSecond: 20, weight: 2, enabled: true },
    });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ host: '127.0.0.1', hasPassword: true, maxConnections: 3, messagesPerSecond: 20, weight: 2 });
    expect(JSON.stringify(created.body)).not.toContain('s3cret-pass');
    const row = await t.ctx.db.selectFrom('smtp_servers').select('password_enc').where('id', '=', created.body.data.id).executeTakeFirstOrThrow();
    expect(row.password_enc).toMatch(/^v1\./);
    expect(row.password_enc).not.toContain('s3cret');
    const audit = await t.ctx.db.selectFrom('audit_log').select('details').where('entity_type', '=', 'smtp_server').execute();
    expect(JSON.stringify(audit)).not.toContain('s3cret-pass');

    // No password stored for the test (the loopback server has no AUTH): remove it, then test.
    const patched = await t.api('PATCH', `/api/v1/email/smtp-servers/${created.body.data.id}`, { key: ws.key, body: { password: '' } });
    expect(patched.body.data.hasPassword).toBe(false);
    const ok = await t.api('POST', `/api/v1/email/smtp-servers/${created.body.data.id}/test`, { key: ws.key });
    expect(ok.body.data.ok).toBe(true);
    expect(ok.body.data.message).toMatch(/Connected to 127\.0\.0\.1/);
    await t.api('PATCH', `/api/v1/email/smtp-servers/${created.body.data.id}`, { key: ws.key, body: { port: 1 } });
    const bad = await t.api('POST', `/api/v1/email/smtp-servers/${created.body.data.id}/test`, { key: ws.key });
    expect(bad.body.data).toMatchObject({ ok: false });
    expect(bad.body.data.message).toMatch(/Could not connect/);
  });

  it('generates a DKIM key per domain and lists the DNS records to publish (never the private key)', async () => {
    const ws = await t.workspace();
    await t.api('PATCH', '/api/v1/email/settings', { key: ws.key, body: { bounceDomain: 'bounce.news.example.org' } });
    const d = await t.api('POST', '/api/v1/email/domains', { key: ws.key, body: { domain: 'News.Example.org', selector: 's2026' } });
    expect(d.status).toBe(201);
    expect(d.body.data.domain).toBe('news.example.org');
    const types = d.body.data.dnsRecords.map((r: { type: string; host: string }) => `${r.type} ${r.host}`);
    expect(types).toEqual(expect.arrayContaining(['TXT s2026._domainkey.news.example.org', 'TXT bounce.news.example.org', 'TXT _dmarc.news.example.org', 'MX bounce.news.example.org']));
    expect(d.body.data.dnsRecords[0].value).toMatch(/^v=DKIM1; k=rsa; p=/);
    expect(JSON.stringify(d.body)).not.toMatch(/PRIVATE KEY/);
    const again = await t.api('POST', '/api/v1/email/domains', { key: ws.key, body: { domain: 'news.example.org' } });
    expect(again.status).toBe(409);
    const list = await t.api('GET', '/api/v1/email/domains', { key: ws.key });
    expect(list.body.data).toHaveLength(1);
  });

  it('keeps one default identity, validates addresses, saves the bounce rule (default 3 in 60 days)', async () => {
    const ws = await t.workspace();
    const s0 = await t.api('GET', '/api/v1/email/settings', { key: ws.key });
    expect(s0.body.data).toEqual({ bounceDomain: null, bounceRuleCount: 3, bounceRuleDays: 60, individualTracking: true });
    const s1 = await t.api('PATCH', '/api/v1/email/settings', { key: ws.key, body: { bounceRuleCount: 2, bounceRuleDays: 30, individualTracking: false } });
    expect(s1.body.data).toMatchObject({ bounceRuleCount: 2, bounceRuleDays: 30, individualTracking: false });
    const a = await t.api('POST', '/api/v1/email/identities', { key: ws.key, body: { fromName: 'News', fromAddress: 'news@example.org', isDefault: true } });
    const b = await t.api('POST', '/api/v1/email/identities', { key: ws.key, body: { fromName: 'Shop', fromAddress: 'shop@example.org', replyTo: 'help@example.org', isDefault: true } });
    expect(b.status).toBe(201);
    const list = (await t.api('GET', '/api/v1/email/identities', { key: ws.key })).body.data;
    expect(list.find((i: { id: number }) => i.id === a.body.data.id).isDefault).toBe(false);
    expect(list.find((i: { id: number }) => i.id === b.body.data.id).isDefault).toBe(true);
    const invalid = await t.api('POST', '/api/v1/email/identities', { key: ws.key, body: { fromName: 'X', fromAddress: 'not-an-address' } });
    expect(invalid.status).toBe(400);
  });

  it('hides other workspaces’ servers, domains and identities (404) and needs a manager to change them', async () => {
    const a = await t.workspace();
    const b = await t.workspace();
    const s = (await t.api('POST', '/api/v1/email/smtp-servers', { key: a.key, body: { host: 'smtp.example.org', port: 587 } })).body.data;
    const i = (await t.api('POST', '/api/v1/email/identities', { key: a.key, body: { fromAddress: 'x@example.org' } })).body.data;
    expect((await t.api('PATCH', `/api/v1/email/smtp-servers/${s.id}`, { key: b.key, body: { port: 25 } })).status).toBe(404);
    expect((await t.api('POST', `/api/v1/email/smtp-servers/${s.id}/test`, { key: b.key })).status).toBe(404);
    expect((await t.api('DELETE', `/api/v1/email/identities/${i.id}`, { key: b.key })).status).toBe(404);
    expect((await t.api('GET', '/api/v1/email/smtp-servers', { key: b.key })).body.data).toEqual([]);
    const editor = await t.workspace(undefined, 'editor');
    expect((await t.api('POST', '/api/v1/email/smtp-servers', { key: editor.key, body: { host: 'smtp.example.org' } })).status).toBe(403);
  });
});
