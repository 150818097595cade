import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/app.js';
import { setChannelStatus } from './index.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

async function contact(key: string, body: Record<string, unknown>) {
  const r = await t.api('POST', '/api/v1/contacts', { key, body });
  expect(r.status).toBe(201);
  return r.body.data as { id: number };
}

const consents = (ws: number, id: number) =>
  t.ctx.db.selectFrom('consents').selectAll().where('workspace_id', '=', ws).where('contact_id', '=', id).orderBy('id').execute();

describe('POST /api/v1/contacts/:id/status', () => {
  it('changes a status and writes a consent row with source, reason, wording, IP and actor', async () => {
    const ws = await t.workspace();
    const c = await contact(ws.key, { email: 's1@example.com', phone: '0501112233' });
    const r = await t.api('POST', `/api/v1/contacts/${c.id}/status`, {
      key: ws.key,
      body: { channel: 'whatsapp', status: 'opted_in', source: 'form', wording: 'I agree to WhatsApp messages', reason: 'signed up at the fair' },
    });
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({ changed: true, pendingConfirmation: false, contact: { whatsappStatus: 'opted_in' } });
    const rows = await consents(ws.id, c.id);
    expect(rows.at(-1)).toMatchObject({ channel: 'whatsapp', status: 'opted_in', source: 'form', reason: 'signed up at the fair', wording: 'I agree to WhatsApp messages', ip: '127.0.0.1' });
    expect(rows.at(-1)!.actor).toMatch(/^key:/);
    const audit = await t.api('GET', `/api/v1/audit-log?entityType=contact&entityId=${c.id}`, { key: ws.key });
    expect(audit.body.data[0].action).toBe('contact.status_changed');
  });

  it('rejects a status of another channel, a reserved source, and a channel the contact cannot use (400 with field)', async () => {
    const ws = await t.workspace();
    const c = await contact(ws.key, { email: 's2@example.com' });
    const wrong = await t.api('POST', `/api/v1/contacts/${c.id}/status`, { key: ws.key, body: { channel: 'email', status: 'opted_in' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.field).toBe('status');
    const reserved = await t.api('POST', `/api/v1/contacts/${c.id}/status`, { key: ws.key, body: { channel: 'email', status: 'unsubscribed', source: 'confirmed' } });
    expect(reserved.body.error.field).toBe('source');
    const noPhone = await t.api('POST', `/api/v1/contacts/${c.id}/status`, { key: ws.key, body: { channel: 'sms', status: 'opted_in' } });
    expect(noPhone.body.error.field).toBe('channel');
  });

  it('re-subscribing an unsubscribed contact sends a confirmation link instead; only the link flips it', async () => {
    const ws = await t.workspace();
    const c = await contact(ws.key, { email: 'back@example.com' });
    await t.api('POST', `/api/v1/contacts/${c.id}/status`, { key: ws.key, body: { channel: 'email', status: 'unsubscribed', reason: 'asked by phone' } });
    const r = await t.api('POST', `/api/v1/contacts/${c.id}/status`, { key: ws.key, body: { channel: 'email', status: 'subscribed' } });
    expect(r.status).toBe(202);
    expect(r.body.data).toMatchObject({ changed: false, pendingConfirmation: true, contact: { emailStatus: 'unsubscribed' } });
    const mail = t.mails.filter((m) => m.to === 'back@example.com').at(-1)!;
    const link = /(http:\/\/\S+\/confirm-subscription\/\S+)/.exec(mail.text)![1];

    const tampered = await fetch(link.slice(0, -3) + 'AAA');
    expect(tampered.status).toBe(404);
    expect((await t.api('GET', `/api/v1/contacts/${c.id}`, { key: ws.key })).body.data.emailStatus).toBe('unsubscribed');

    const ok = await fetch(link);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('confirmed');
    const d = await t.api('GET', `/api/v1/contacts/${c.id}`, { key: ws.key });
    expect(d.body.data.emailStatus).toBe('subscribed');
    expect(d.body.data.consents[0]).toMatchObject({ channel: 'email', status: 'subscribed', source: 'confirmed', ip: '127.0.0.1', actor: 'contact' });
    expect((await fetch(link)).status).toBe(200); // "already subscribed"
  });

  it('a confirmation link goes stale when the status changed after it was sent', async () => {
    const ws = await t.workspace();
    const c = await contact(ws.key, { email: 'stale@example.com', emailStatus: 'unsubscribed' });
    await t.api('POST', `/api/v1/contacts/${c.id}/status`, { key: ws.key, body: { channel: 'email', status: 'subscribed' } });
    const link = /(http:\/\/\S+\/confirm-subscription\/\S+)/.exec(t.mails.filter((m) => m.to === 'stale@example.com').at(-1)!.text)![1];
    await t.api('POST', `/api/v1/contacts/${c.id}/status`, { key: ws.key, body: { channel: 'email', status: 'bounced' } });
    await t.api('POST', `/api/v1/contacts/${c.id}/status`, { key: ws.key, body: { channel: 'email', status: 'unsubscribed' } });
    expect((await fetch(link)).status).toBe(410);
    expect((await t.api('GET', `/api/v1/contacts/${c.id}`, { key: ws.key })).body.data.emailStatus).toBe('unsubscribed');
  });
});

describe('setChannelStatus (service)', () => {
  it('is set-based: changes many contacts, one consent row per change, none for unchanged ones', async () => {
    const ws = await t.workspace();
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push((await contact(ws.key, { phone: `05012300${10 + i}` })).id);
    await t.ctx.db.updateTable('contacts').set({ sms_status: 'opted_out' }).where('id', '=', ids[0]).execute();
    const changed = await t.ctx.db.transaction().execute((trx) =>
      setChannelStatus(trx, ws.id, ids, 'sms', 'opted_out', { source: 'sms_stop', reason: 'STOP', actor: 'system' }),
    );
    expect(changed.sort()).toEqual(ids.slice(1).sort());
    const rows = await t.ctx.db.selectFrom('consents').select(['contact_id', 'source']).where('workspace_id', '=', ws.id).where('channel', '=', 'sms').execute();
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => r.source === 'sms_stop')).toBe(true);
  });

  it('never re-subscribes an opted-out email without allowResubscribe, and skips protected contacts when asked', async () => {
    const ws = await t.workspace();
    const out = await contact(ws.key, { email: 'o@example.com', emailStatus: 'unsubscribed' });
    const staff = await contact(ws.key, { email: 'staff@example.com', protected: true });
    const plain = await contact(ws.key, { email: 'p@example.com' });
    const resub = await t.ctx.db.transaction().execute((trx) => setChannelStatus(trx, ws.id, [out.id], 'email', 'subscribed', { source: 'import' }));
    expect(resub).toEqual([]);
    const unsub = await t.ctx.db.transaction().execute((trx) =>
      setChannelStatus(trx, ws.id, [staff.id, plain.id], 'email', 'unsubscribed', { source: 'unsubscribe_link', skipProtected: true }),
    );
    expect(unsub).toEqual([plain.id]);
    const other = await t.workspace();
    const cross = await t.ctx.db.transaction().execute((trx) => setChannelStatus(trx, other.id, [plain.id], 'email', 'bounced', { source: 'bounce' }));
    expect(cross).toEqual([]);
    await expect(t.ctx.db.transaction().execute((trx) => setChannelStatus(trx, ws.id, [plain.id], 'sms', 'subscribed', { source: 'x' }))).rejects.toThrow(/not a sms status/);
  });
});

describe('confirmation tokens', () => {
  it('expire after 7 days and carry no readable address', async () => {
    const { signConfirmToken, verifyConfirmToken, sentTo } = await import('./confirm-token.js');
    const key = Buffer.alloc(32, 7);
    const token = signConfirmToken(key, { w: 1, c: 42, n: 9 }, 'dana@example.com', Date.UTC(2025, 0, 1));
    expect(token).not.toContain('dana');
    const v = verifyConfirmToken(key, token, Date.UTC(2025, 0, 7));
    expect(v).toMatchObject({ w: 1, c: 42, n: 9 });
    expect(sentTo(v as Exclude<typeof v, 'expired' | null>, 'dana@example.com')).toBe(true);
    expect(sentTo(v as Exclude<typeof v, 'expired' | null>, 'other@example.com')).toBe(false);
    expect(verifyConfirmToken(key, token, Date.UTC(2025, 0, 9))).toBe('expired');
    expect(verifyConfirmToken(Buffer.alloc(32, 8), token, Date.UTC(2025, 0, 7))).toBeNull();
  });
});
