import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_METRICS_TOKEN, type TestApp } from '../../test/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

async function login(email: string, password: string) {
  const res = await fetch(`${t.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const cookie = res.headers.get('set-cookie')?.split(';')[0] ?? '';
  const body = (await res.json()) as any;
  return { status: res.status, cookie, body };
}

describe('sessions', () => {
  it('signs in with the right password, sets an httpOnly cookie and returns the CSRF token', async () => {
    const ws = await t.workspace();
    const u = await t.user(ws.id, 'editor');
    const r = await login(u.email, u.password);
    expect(r.status).toBe(200);
    expect(r.cookie).toMatch(/^clarion_session=/);
    expect(r.body.data.role).toBe('editor');
    expect(r.body.data.csrfToken).toBeTypeOf('string');
  });

  it('answers 401 with a JSON error for a wrong password', async () => {
    const ws = await t.workspace();
    const u = await t.user(ws.id, 'editor');
    const r = await login(u.email, 'not the password');
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('unauthorized');
  });

  it('refuses a cookie-authenticated write without the CSRF header (403) and accepts it with one', async () => {
    const ws = await t.workspace();
    const u = await t.user(ws.id, 'owner');
    const { cookie, body } = await login(u.email, u.password);
    const bare = await t.api('POST', '/api/v1/api-keys', { headers: { cookie }, body: { name: 'k', role: 'viewer' } });
    expect(bare.status).toBe(403);
    const ok = await t.api('POST', '/api/v1/api-keys', { headers: { cookie, 'x-csrf-token': body.data.csrfToken }, body: { name: 'k', role: 'viewer' } });
    expect(ok.status).toBe(201);
  });

  it('logout everywhere ends every session of the user', async () => {
    const ws = await t.workspace();
    const u = await t.user(ws.id, 'viewer');
    const a = await login(u.email, u.password);
    const b = await login(u.email, u.password);
    const out = await t.api('POST', '/api/v1/auth/logout-everywhere', { headers: { cookie: a.cookie, 'x-csrf-token': a.body.data.csrfToken } });
    expect(out.status).toBe(204);
    expect((await t.api('GET', '/api/v1/session', { headers: { cookie: b.cookie } })).status).toBe(401);
  });

  it('resets a password with the emailed token, once', async () => {
    const ws = await t.workspace();
    const u = await t.user(ws.id, 'viewer');
    expect((await t.api('POST', '/api/v1/auth/password-reset', { body: { email: u.email } })).status).toBe(202);
    const mail = t.mails.find((m) => m.to === u.email)!;
    const token = /token=([\w-]+)/.exec(mail.text)![1];
    const ok = await t.api('POST', '/api/v1/auth/password-reset/confirm', { body: { token, password: 'a brand new password' } });
    expect(ok.status).toBe(204);
    expect((await login(u.email, 'a brand new password')).status).toBe(200);
    const again = await t.api('POST', '/api/v1/auth/password-reset/confirm', { body: { token, password: 'another password' } });
    expect(again.status).toBe(400);
    expect(again.body.error.field).toBe('token');
  });
});

describe('API keys and roles', () => {
  it('shows a key once, stores only its hash and prefix, and stops accepting it when revoked', async () => {
    const ws = await t.workspace();
    const created = await t.api('POST', '/api/v1/api-keys', { key: ws.key, body: { name: 'CRM sync', role: 'editor' } });
    expect(created.status).toBe(201);
    const key: string = created.body.data.key;
    expect(key.startsWith(created.body.data.prefix)).toBe(true);
    const stored = await t.ctx.db.selectFrom('api_keys').select(['key_hash', 'prefix']).where('id', '=', created.body.data.id).executeTakeFirstOrThrow();
    expect(stored.key_hash).not.toContain(key);
    const list = await t.api('GET', '/api/v1/api-keys', { key: ws.key });
    expect(JSON.stringify(list.body)).not.toContain(key);
    expect((await t.api('GET', '/api/v1/session', { key })).status).toBe(200);
    expect((await t.api('DELETE', `/api/v1/api-keys/${created.body.data.id}`, { key: ws.key })).status).toBe(204);
    expect((await t.api('GET', '/api/v1/session', { key })).status).toBe(401);
  });

  it('a viewer key reads but cannot manage keys or members (403)', async () => {
    const ws = await t.workspace(undefined, 'viewer');
    expect((await t.api('GET', '/api/v1/members', { key: ws.key })).status).toBe(200);
    const r = await t.api('POST', '/api/v1/api-keys', { key: ws.key, body: { name: 'x', role: 'viewer' } });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('forbidden');
  });

  it('names the bad field in a 400', async () => {
    const ws = await t.workspace();
    const r = await t.api('POST', '/api/v1/api-keys', { key: ws.key, body: { name: 'x', role: 'emperor' } });
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe('role');
  });

  it('records every change in the audit log with who did it', async () => {
    const ws = await t.workspace();
    await t.api('POST', '/api/v1/api-keys', { key: ws.key, body: { name: 'audited', role: 'viewer' } });
    const log = await t.api('GET', '/api/v1/audit-log', { key: ws.key });
    const entry = log.body.data.find((e: any) => e.action === 'api_key.created' && e.details.name === 'audited');
    expect(entry.actorType).toBe('api_key');
    expect(entry.actorLabel).toMatch(/^key:/);
  });

  it('a workspace never sees another workspace’s keys, members or audit entries', async () => {
    const a = await t.workspace();
    const b = await t.workspace();
    await t.user(b.id, 'editor', `only-b-${Date.now()}@example.com`);
    const bKey = await t.api('POST', '/api/v1/api-keys', { key: b.key, body: { name: 'b-secret-key', role: 'viewer' } });
    const members = await t.api('GET', '/api/v1/members', { key: a.key });
    expect(JSON.stringify(members.body)).not.toContain('only-b-');
    const keys = await t.api('GET', '/api/v1/api-keys', { key: a.key });
    expect(JSON.stringify(keys.body)).not.toContain('b-secret-key');
    expect((await t.api('DELETE', `/api/v1/api-keys/${bKey.body.data.id}`, { key: a.key })).status).toBe(404);
    const audit = await t.api('GET', '/api/v1/audit-log', { key: a.key });
    expect(JSON.stringify(audit.body)).not.toContain('b-secret-key');
  });
});

describe('health and OpenAPI', () => {
  it('reports the database kind', async () => {
    const r = await t.api('GET', '/healthz');
    expect(r.body).toEqual({ status: 'ok', db: t.ctx.dbKind });
  });
  it('serves an OpenAPI 3.1 document that describes the routes with schemas', async () => {
    const r = await t.api('GET', '/api/openapi.json');
    expect(r.body.openapi).toBe('3.1.0');
    expect(r.body.paths['/api/v1/api-keys'].post.requestBody).toBeTruthy();
  });
  it('exposes Prometheus metrics counting requests by route and status', async () => {
    await t.api('GET', '/healthz');
    const res = await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}` } });
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toContain('# TYPE clarion_http_requests_total counter');
    expect(text).toMatch(/clarion_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/);
  });
  it('answers unknown API routes with a JSON 404', async () => {
    const r = await t.api('GET', '/api/v1/nothing-here');
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('not_found');
  });
});
