import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/app.js';
import { startMailSink, type MailSink } from '../../test/mail-sink.js';
import { NOTIFY_AFTER } from './login-throttle.js';

let sink: MailSink;
let t: TestApp;
beforeAll(async () => {
  sink = await startMailSink();
  t = await startTestApp(sink.env); // CLARION_TRUST_PROXY unset: the default
});
afterAll(async () => {
  await t?.close();
  await sink?.close();
});

async function login(email: string, password: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${t.url}/api/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ email, password }),
  });
  const body = (await res.json()) as any;
  return { status: res.status, body, retryAfter: res.headers.get('retry-after'), cookie: res.headers.get('set-cookie')?.split(';')[0] ?? '', csrf: body.data?.csrfToken };
}

describe('login throttling', () => {
  it('slows an account down after repeated failures, a spoofed X-Forwarded-For changes nothing, and the owner is told', async () => {
    const ws = await t.workspace();
    const u = await t.user(ws.id, 'viewer');
    let status = 401;
    let n = 0;
    // Each try claims a new client address in X-Forwarded-For; with no trusted proxy it is ignored.
    while (status === 401 && n < 20) status = (await login(u.email, 'wrong password', { 'x-forwarded-for': `203.0.113.${++n}` })).status;
    expect(status).toBe(429);
    expect(n).toBe(6); // five free failures, the sixth is refused
    const blocked = await login(u.email, u.password, { 'x-forwarded-for': '198.51.100.7' });
    expect(blocked.status).toBe(429); // even the right password waits: nothing is hashed while blocked
    expect(Number(blocked.retryAfter)).toBeGreaterThan(0);
    expect(blocked.body.error.messageCode).toBe('accounts.login_throttled');
    const row = await t.ctx.db.selectFrom('login_throttle').selectAll().where('key', '=', `account:${u.email}`).executeTakeFirstOrThrow();
    expect(row.failures).toBe(5);
    // Keep failing past the notice threshold (blocks lifted by hand: no timed waits), and the account is emailed once.
    for (let i = row.failures; i < NOTIFY_AFTER; i++) {
      await t.ctx.db.updateTable('login_throttle').set({ blocked_until: null }).where('key', 'like', '%').execute();
      expect((await login(u.email, 'wrong again')).status).toBe(401);
    }
    const notice = await sink.next(u.email);
    expect(notice.subject).toBe('Failed sign-ins to your Clarion account');
    expect(notice.text).not.toContain('wrong again');
  });

  it('throttles an unknown address the same way (no hint that it has no account)', async () => {
    const ghost = `ghost-${Math.random().toString(36).slice(2)}@example.com`;
    const seen: number[] = [];
    for (let i = 0; i < 6; i++) seen.push((await login(ghost, 'whatever pw')).status);
    expect(seen).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('counts per client address too: the socket address, unless a trusted proxy forwards it', async () => {
    await t.ctx.db.deleteFrom('login_throttle').execute();
    const rows = async () => (await t.ctx.db.selectFrom('login_throttle').select('key').where('key', 'like', 'ip:%').execute()).map((r) => r.key);
    await login('a@example.com', 'bad password', { 'x-forwarded-for': '203.0.113.9' });
    expect(await rows()).toEqual(['ip:127.0.0.1']);
    const proxied = await startTestApp({ CLARION_TRUST_PROXY: 'loopback' });
    try {
      const res = await fetch(`${proxied.url}/api/v1/auth/login`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.9' }, body: JSON.stringify({ email: 'a@example.com', password: 'bad password' }),
      });
      expect(res.status).toBe(401);
      const keys = (await proxied.ctx.db.selectFrom('login_throttle').select('key').where('key', 'like', 'ip:%').execute()).map((r) => r.key);
      expect(keys).toEqual(['ip:203.0.113.9']);
    } finally {
      await proxied.close();
    }
  });
});

describe('password reset and change', () => {
  it('a reset uses the token once, voids every other reset token and ends every session', async () => {
    const ws = await t.workspace();
    const u = await t.user(ws.id, 'viewer');
    const s = await login(u.email, u.password);
    await t.api('POST', '/api/v1/auth/password-reset', { body: { email: u.email } });
    const first = /token=([\w-]+)/.exec((await sink.next(u.email)).text)![1];
    await t.api('POST', '/api/v1/auth/password-reset', { body: { email: u.email } });
    const second = /token=([\w-]+)/.exec((await sink.next(u.email)).text)![1];
    expect((await t.api('POST', '/api/v1/auth/password-reset/confirm', { body: { token: second, password: 'fresh password 1' } })).status).toBe(204);
    expect((await t.api('POST', '/api/v1/auth/password-reset/confirm', { body: { token: second, password: 'fresh password 2' } })).status).toBe(400);
    expect((await t.api('POST', '/api/v1/auth/password-reset/confirm', { body: { token: first, password: 'fresh password 3' } })).status).toBe(400);
    expect((await t.api('GET', '/api/v1/session', { headers: { cookie: s.cookie } })).status).toBe(401);
    expect((await login(u.email, 'fresh password 1')).status).toBe(200);
  });

  it('a password change keeps this session, ends every other one and voids outstanding reset tokens', async () => {
    const ws = await t.workspace();
    const u = await t.user(ws.id, 'viewer');
    const here = await login(u.email, u.password);
    const elsewhere = await login(u.email, u.password);
    await t.api('POST', '/api/v1/auth/password-reset', { body: { email: u.email } });
    const token = /token=([\w-]+)/.exec((await sink.next(u.email)).text)![1];
    const ch = await t.api('POST', '/api/v1/auth/password', { headers: { cookie: here.cookie, 'x-csrf-token': here.csrf }, body: { currentPassword: u.password, newPassword: 'changed password 1' } });
    expect(ch.status).toBe(204);
    expect((await t.api('GET', '/api/v1/session', { headers: { cookie: here.cookie } })).status).toBe(200);
    expect((await t.api('GET', '/api/v1/session', { headers: { cookie: elsewhere.cookie } })).status).toBe(401);
    expect((await t.api('POST', '/api/v1/auth/password-reset/confirm', { body: { token, password: 'attacker password' } })).status).toBe(400);
  });

  it('refuses over-long passwords with a 400 naming the field, before hashing', async () => {
    const r = await t.api('POST', '/api/v1/auth/login', { body: { email: 'x@example.com', password: 'x'.repeat(5000) } });
    expect(r.status).toBe(400);
  });
});
