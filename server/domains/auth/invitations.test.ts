import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/app.js';
import { startMailSink, type MailSink } from '../../test/mail-sink.js';
import { unconfiguredMailer } from '../system-mail/index.js';

let sink: MailSink;
let t: TestApp;
beforeAll(async () => {
  sink = await startMailSink();
  t = await startTestApp(sink.env);
});
afterAll(async () => {
  await t?.close();
  await sink?.close();
});

const unique = (name: string) => `${name}-${Math.random().toString(36).slice(2, 8)}@example.com`;

async function signIn(email: string, password: string) {
  const res = await fetch(`${t.url}/api/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) return { status: res.status, headers: {} as Record<string, string> };
  const body = (await res.json()) as { data: { csrfToken: string } };
  return { status: 200, headers: { cookie: res.headers.get('set-cookie')!.split(';')[0], 'x-csrf-token': body.data.csrfToken } };
}

const tokenOf = (text: string) => /accept-invitation\?token=([\w-]+)/.exec(text)![1];

async function inviteAndGetToken(key: string, email: string, role = 'editor') {
  const r = await t.api('POST', '/api/v1/invitations', { key, body: { email, role } });
  expect(r.status).toBe(202);
  return { res: r, token: tokenOf((await sink.next(email)).text) };
}

async function userCount(email: string) {
  return (await t.ctx.db.selectFrom('users').select('id').where('email', '=', email).execute()).length;
}

describe('invitations', () => {
  it('emails a single-use link; the new person sets their own password and is signed in', async () => {
    const ws = await t.workspace();
    const email = unique('new');
    const { res, token } = await inviteAndGetToken(ws.key, email, 'editor');
    expect(res.body.data).toMatchObject({ mailSent: true, mailReason: null, invitation: { email, role: 'editor', status: 'pending', sendCount: 1 } });
    expect(JSON.stringify(res.body)).not.toContain(token);
    expect(await userCount(email)).toBe(0); // nothing exists until the person accepts

    const look = await t.api('POST', '/api/v1/invitations/lookup', { body: { token } });
    expect(look.body.data).toMatchObject({ email, role: 'editor', needs: 'password', workspaceName: ws.slug });
    const noPw = await t.api('POST', '/api/v1/invitations/accept', { body: { token } });
    expect(noPw.status).toBe(400);
    expect(noPw.body.error.field).toBe('password');

    const ok = await t.api('POST', '/api/v1/invitations/accept', { body: { token, password: 'my own secret pw', name: 'New Person' } });
    expect(ok.status).toBe(200);
    expect(ok.body.data).toMatchObject({ role: 'editor', user: { email, name: 'New Person' }, workspace: { id: ws.id } });
    expect(ok.headers.get('set-cookie')).toMatch(/^clarion_session=/);
    expect((await signIn(email, 'my own secret pw')).status).toBe(200);

    const again = await t.api('POST', '/api/v1/invitations/accept', { body: { token, password: 'another password' } });
    expect(again.status).toBe(400);
    expect(again.body.error).toMatchObject({ field: 'token', messageCode: 'accounts.invitation_invalid' });
    expect((await t.api('GET', '/api/v1/invitations', { key: ws.key })).body.data).toEqual([]);
  });

  it('answers the same whether or not the address has an account', async () => {
    const ws = await t.workspace();
    const other = await t.workspace();
    const existing = await t.user(other.id, 'viewer');
    const fresh = unique('fresh');
    const a = await t.api('POST', '/api/v1/members', { key: ws.key, body: { email: existing.email, role: 'viewer' } });
    const b = await t.api('POST', '/api/v1/members', { key: ws.key, body: { email: fresh, role: 'viewer' } });
    expect(a.status).toBe(b.status);
    const shape = (r: typeof a) => {
      const { id, email, invitedAt, sentAt, expiresAt, ...rest } = r.body.data.invitation;
      return { ...r.body.data, invitation: { ...rest, id: typeof id, email: typeof email, invitedAt: typeof invitedAt, sentAt: typeof sentAt, expiresAt: typeof expiresAt } };
    };
    expect(shape(a)).toEqual(shape(b));
    await sink.next(existing.email);
    await sink.next(fresh);
  });

  it('takeover attempt: an inviter cannot choose the password of another workspace’s future member', async () => {
    const attackerWs = await t.workspace();
    const victimWs = await t.workspace();
    const victim = unique('victim');
    // The old hole: POST /members with a password created a global account the inviter could sign in to.
    const withPw = await t.api('POST', '/api/v1/members', { key: attackerWs.key, body: { email: victim, role: 'viewer', password: 'attacker-chosen-pw' } });
    expect(withPw.status).toBe(400);
    expect(await userCount(victim)).toBe(0);
    // An invitation creates no account and hands the attacker neither token nor password.
    const inv = await t.api('POST', '/api/v1/members', { key: attackerWs.key, body: { email: victim, role: 'viewer' } });
    expect(inv.status).toBe(202);
    expect(JSON.stringify(inv.body)).not.toMatch(/token|password|oneTime/i);
    expect(JSON.stringify((await t.api('GET', '/api/v1/invitations', { key: attackerWs.key })).body)).not.toMatch(/token/i);
    expect(await userCount(victim)).toBe(0);
    const attackerMail = await sink.next(victim); // lands in the victim's mailbox, not the attacker's

    // The victim's real workspace invites them; they accept and choose their own password.
    const { token } = await inviteAndGetToken(victimWs.key, victim, 'manager');
    const accepted = await t.api('POST', '/api/v1/invitations/accept', { body: { token, password: 'victims own password' } });
    expect(accepted.status).toBe(200);
    expect(accepted.body.data.workspaces.map((w: { id: number }) => w.id)).toEqual([victimWs.id]); // not silently in the attacker's
    expect((await signIn(victim, 'attacker-chosen-pw')).status).toBe(401);

    // Holding the attacker workspace's link (say it was forwarded) is not enough: the account exists, so
    // accepting needs the victim's own session, and a password in the body changes nothing.
    const forwarded = tokenOf(attackerMail.text);
    const noSession = await t.api('POST', '/api/v1/invitations/accept', { body: { token: forwarded, password: 'attacker-chosen-pw' } });
    expect(noSession.status).toBe(401);
    expect(noSession.body.error.code).toBe('sign_in_required');
    const attacker = await t.user(attackerWs.id, 'owner');
    const attackerSession = await signIn(attacker.email, attacker.password);
    const asAttacker = await t.api('POST', '/api/v1/invitations/accept', { headers: attackerSession.headers, body: { token: forwarded } });
    expect(asAttacker.status).toBe(403);
    expect((await signIn(victim, 'attacker-chosen-pw')).status).toBe(401);
    expect((await signIn(victim, 'victims own password')).status).toBe(200);
    const members = (await t.api('GET', '/api/v1/members', { key: attackerWs.key })).body.data.map((m: { email: string }) => m.email);
    expect(members).not.toContain(victim);
  });

  it('an existing account joins only when its signed-in user accepts, keeping its password', async () => {
    const home = await t.workspace();
    const ws = await t.workspace();
    const u = await t.user(home.id, 'editor');
    const { token } = await inviteAndGetToken(ws.key, u.email, 'viewer');
    expect((await t.api('POST', '/api/v1/invitations/lookup', { body: { token } })).body.data.needs).toBe('sign_in');
    const session = await signIn(u.email, u.password);
    const noCsrf = await t.api('POST', '/api/v1/invitations/accept', { headers: { cookie: session.headers.cookie }, body: { token } });
    expect(noCsrf.status).toBe(403);
    const ok = await t.api('POST', '/api/v1/invitations/accept', { headers: session.headers, body: { token, password: 'ignored password' } });
    expect(ok.status).toBe(200);
    expect(ok.body.data).toMatchObject({ workspace: { id: ws.id }, role: 'viewer' });
    expect((await signIn(u.email, u.password)).status).toBe(200);
    expect((await signIn(u.email, 'ignored password')).status).toBe(401);
  });

  it('lists pending invitations, resends with a new link (the old one stops working) and revokes', async () => {
    const ws = await t.workspace();
    const email = unique('pending');
    const { res, token: first } = await inviteAndGetToken(ws.key, email);
    const id = res.body.data.invitation.id;
    expect((await t.api('GET', '/api/v1/invitations', { key: ws.key })).body.data).toMatchObject([{ id, email, status: 'pending' }]);
    const resent = await t.api('POST', `/api/v1/invitations/${id}/resend`, { key: ws.key });
    expect(resent.status).toBe(202);
    expect(resent.body.data.invitation.sendCount).toBe(2);
    const second = tokenOf((await sink.next(email)).text);
    expect((await t.api('POST', '/api/v1/invitations/lookup', { body: { token: first } })).status).toBe(400);
    expect((await t.api('POST', '/api/v1/invitations/lookup', { body: { token: second } })).status).toBe(200);
    expect((await t.api('DELETE', `/api/v1/invitations/${id}`, { key: ws.key })).status).toBe(204);
    expect((await t.api('POST', '/api/v1/invitations/accept', { body: { token: second, password: 'some password 1' } })).status).toBe(400);
    expect((await t.api('GET', '/api/v1/invitations', { key: ws.key })).body.data).toEqual([]);
    expect(await userCount(email)).toBe(0);
  });

  it('refuses expired links, members already in, owner invitations by managers, and other workspaces’ ids', async () => {
    const ws = await t.workspace();
    const other = await t.workspace();
    const email = unique('late');
    const { res, token } = await inviteAndGetToken(ws.key, email);
    await t.ctx.db.updateTable('invitations').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', res.body.data.invitation.id).execute();
    const late = await t.api('POST', '/api/v1/invitations/accept', { body: { token, password: 'some password 1' } });
    expect(late.body.error).toMatchObject({ field: 'token', messageCode: 'accounts.invitation_expired' });
    const member = await t.user(ws.id, 'viewer');
    const dup = await t.api('POST', '/api/v1/invitations', { key: ws.key, body: { email: member.email, role: 'viewer' } });
    expect(dup.status).toBe(409);
    expect(dup.body.error.field).toBe('email');
    const mgr = await t.workspace(undefined, 'manager');
    expect((await t.api('POST', '/api/v1/invitations', { key: mgr.key, body: { email: unique('o'), role: 'owner' } })).status).toBe(403);
    const editor = await t.workspace(undefined, 'editor');
    expect((await t.api('GET', '/api/v1/invitations', { key: editor.key })).status).toBe(403);
    const id = res.body.data.invitation.id;
    expect((await t.api('POST', `/api/v1/invitations/${id}/resend`, { key: other.key })).status).toBe(404);
    expect((await t.api('DELETE', `/api/v1/invitations/${id}`, { key: other.key })).status).toBe(404);
  });
});

describe('invitations without system mail', () => {
  it('says the mail was not sent, the same for both kinds of address, and the link is nowhere in the answer', async () => {
    const real = t.ctx.mailer;
    t.ctx.mailer = unconfiguredMailer;
    try {
      const ws = await t.workspace();
      const existing = await t.user(ws.id, 'viewer');
      const other = await t.workspace();
      const a = await t.api('POST', '/api/v1/invitations', { key: other.key, body: { email: existing.email, role: 'viewer' } });
      const b = await t.api('POST', '/api/v1/invitations', { key: other.key, body: { email: unique('n'), role: 'viewer' } });
      for (const r of [a, b]) expect(r.body.data).toMatchObject({ mailSent: false, mailReason: 'not_configured', invitation: { sendCount: 0, sentAt: null } });
    } finally {
      t.ctx.mailer = real;
    }
  });
});
