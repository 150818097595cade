import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/app.js';
import { startMailSink, type MailSink } from '../../test/mail-sink.js';
import type { Logger } from '../../lib/logger.js';
import { createSmtpMailer, sendSystemMail, unconfiguredMailer } from './index.js';

let sink: MailSink;
let t: TestApp;
beforeAll(async () => {
  sink = await startMailSink({ user: 'mailer', password: 'smtp-secret-pw' });
  t = await startTestApp(sink.env);
});
afterAll(async () => {
  await t?.close();
  await sink?.close();
});

/** Runs `fn` with the instance as it is before the operator configures system mail. */
async function unconfigured<T>(fn: () => Promise<T>): Promise<T> {
  const { mailer, config } = t.ctx;
  t.ctx.mailer = unconfiguredMailer;
  t.ctx.config = { ...config, systemMail: null };
  try {
    return await fn();
  } finally {
    t.ctx.mailer = mailer;
    t.ctx.config = config;
  }
}

/** A logger that keeps every line it is given, to prove what never reaches the log. */
function recordingLogger(lines: string[]): Logger {
  const write = (msg: string, data?: Record<string, unknown>) => void lines.push(JSON.stringify({ msg, ...data }));
  const l: Logger = { debug: write, info: write, warn: write, error: write, child: () => l };
  return l;
}

async function signIn(app: TestApp, role: 'owner' | 'manager') {
  const ws = await app.workspace();
  const u = await app.user(ws.id, role);
  const res = await fetch(`${app.url}/api/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: u.email, password: u.password }),
  });
  const body = (await res.json()) as { data: { csrfToken: string } };
  return { email: u.email, headers: { cookie: res.headers.get('set-cookie')!.split(';')[0], 'x-csrf-token': body.data.csrfToken } };
}

describe('system mail', () => {
  it('sends through the configured SMTP server (with AUTH) and says so', async () => {
    const r = await sendSystemMail(t.ctx, { to: 'Someone@Example.com', subject: 'Hello', text: 'Plain body', html: '<p>HTML body</p>' });
    expect(r).toEqual({ sent: true });
    const m = await sink.next('someone@example.com');
    expect(m.subject).toBe('Hello');
    expect(m.text.trim()).toBe('Plain body');
    expect(m.html).toContain('HTML body');
    expect(m.from).toBe('no-reply@clarion.test');
  });

  it('sends nothing without configuration, answers not_configured, and never logs the body or the link', async () => {
    const lines: string[] = [];
    const ctx = { ...t.ctx, mailer: unconfiguredMailer, log: recordingLogger(lines) };
    const secret = 'tok_SECRET_1234567890';
    const r = await sendSystemMail(ctx, { to: 'x@example.com', subject: 'Reset', text: `link https://c.test/r?token=${secret}`, devLink: `https://c.test/r?token=${secret}` });
    expect(r).toEqual({ sent: false, reason: 'not_configured' });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain(secret);
  });

  it('reports a wrong SMTP password as auth_failed and a closed port as connection_failed, without provider text', async () => {
    const wrong = createSmtpMailer({ ...t.ctx.config.systemMail!, password: 'wrong' });
    expect(await wrong.send({ to: 'a@example.com', subject: 's', text: 't' })).toEqual({ sent: false, reason: 'auth_failed' });
    wrong.close?.();
    const other = await startMailSink();
    const port = other.port;
    await other.close();
    const closed = createSmtpMailer({ ...t.ctx.config.systemMail!, port });
    expect(await closed.send({ to: 'a@example.com', subject: 's', text: 't' })).toEqual({ sent: false, reason: 'connection_failed' });
    closed.close?.();
  });

  it('shows the owner how it is configured, never the SMTP password, and sends a test to the owner only', async () => {
    const owner = await signIn(t, 'owner');
    const status = await t.api('GET', '/api/v1/system-mail', { headers: owner.headers });
    expect(status.status).toBe(200);
    expect(status.body.data).toMatchObject({ configured: true, host: '127.0.0.1', port: sink.port, tls: 'none', authenticated: true });
    expect(JSON.stringify(status.body)).not.toContain('smtp-secret-pw');
    const sent = await t.api('POST', '/api/v1/system-mail/test', { headers: owner.headers, body: {} });
    expect(sent.status).toBe(200);
    expect(sent.body.data).toEqual({ sent: true, to: owner.email });
    expect((await sink.next(owner.email)).subject).toBe('Clarion system mail test');
  });

  it('is the owner’s page: a manager gets 403', async () => {
    const manager = await signIn(t, 'manager');
    expect((await t.api('GET', '/api/v1/system-mail', { headers: manager.headers })).status).toBe(403);
    expect((await t.api('POST', '/api/v1/system-mail/test', { headers: manager.headers, body: {} })).status).toBe(403);
  });

  it('tells the owner plainly when it is not configured, and the test sends nothing', async () => {
    const owner = await signIn(t, 'owner');
    await unconfigured(async () => {
      const status = await t.api('GET', '/api/v1/system-mail', { headers: owner.headers });
      expect(status.body.data).toMatchObject({ configured: false, host: null });
      const sent = await t.api('POST', '/api/v1/system-mail/test', { headers: owner.headers, body: {} });
      expect(sent.body.data).toEqual({ sent: false, reason: 'not_configured', to: owner.email });
    });
  });
});
