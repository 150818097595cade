import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/app.js';
import { isBlockedDomainSql, isOnSuppressionListSql, isSuppressedSql } from './index.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

describe('/api/v1/suppressions', () => {
  it('adds a single normalised value, answers 400 naming value for a bad one', async () => {
    const ws = await t.workspace();
    const r = await t.api('POST', '/api/v1/suppressions', { key: ws.key, body: { channel: 'email', value: ' Spam@Example.COM ', reason: 'asked by phone' } });
    expect(r.status).toBe(201);
    expect(r.body.data).toMatchObject({ added: 1, alreadyPresent: 0, invalid: [] });
    const list = await t.api('GET', '/api/v1/suppressions?channel=email', { key: ws.key });
    expect(list.body.data[0]).toMatchObject({ channel: 'email', value: 'spam@example.com', reason: 'asked by phone', source: 'manual' });
    expect(list.body.meta.total).toBe(1);
    const bad = await t.api('POST', '/api/v1/suppressions', { key: ws.key, body: { channel: 'sms', value: 'abc' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('value');
  });

  it('bulk-adds a JSON array, reporting duplicates, existing and invalid values', async () => {
    const ws = await t.workspace();
    await t.api('POST', '/api/v1/suppressions', { key: ws.key, body: { channel: 'whatsapp', value: '0501111111' } });
    const r = await t.api('POST', '/api/v1/suppressions', { key: ws.key, body: { channel: 'whatsapp', values: ['+972501111111', '052-222-2222', '0522222222', 'nope'] } });
    expect(r.body.data).toEqual({ added: 1, alreadyPresent: 1, duplicates: 1, invalid: [{ index: 3, value: 'nope', reason: 'not a phone number', reasonCode: 'phone.not_a_number' }] });
    const page1 = await t.api('GET', '/api/v1/suppressions?limit=1', { key: ws.key });
    expect(page1.body.data).toHaveLength(1);
    const page2 = await t.api('GET', `/api/v1/suppressions?limit=1&cursor=${page1.body.meta.nextCursor}`, { key: ws.key });
    expect(page2.body.data[0].id).toBeLessThan(page1.body.data[0].id);
    const del = await t.api('DELETE', `/api/v1/suppressions/${page2.body.data[0].id}`, { key: ws.key });
    expect(del.status).toBe(204);
    expect((await t.api('GET', '/api/v1/suppressions', { key: ws.key })).body.meta.total).toBe(1);
  });

  it('pasted text: one entry per line or comma, phones with spaces, dashes or parentheses stay one, errors name the 1-based line', async () => {
    const ws = await t.workspace();
    const text = '050 123 4567\n(052) 222-2222, 053-333 3333\n\n  nope  ;+972 54 444 4444\n';
    const r = await t.api('POST', '/api/v1/suppressions', { key: ws.key, body: { channel: 'whatsapp', text } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.data).toEqual({ added: 4, alreadyPresent: 0, duplicates: 0, invalid: [{ index: 4, value: 'nope', reason: 'not a phone number', reasonCode: 'phone.not_a_number' }] });
    const list = await t.api('GET', '/api/v1/suppressions?channel=whatsapp', { key: ws.key });
    expect(list.body.data.map((x: any) => x.value).sort()).toEqual(['+972501234567', '+972522222222', '+972533333333', '+972544444444']);
    const mail = await t.api('POST', '/api/v1/suppressions', { key: ws.key, body: { channel: 'email', text: 'a@example.com, b@example.com\nnot an email' } });
    expect(mail.body.data).toMatchObject({ added: 2, invalid: [{ index: 2, value: 'not an email' }] });
  });

  it('imports a CSV body (one value per line) with line numbers for invalid lines, and exports CSV', async () => {
    const ws = await t.workspace();
    const csv = '\uFEFFemail\r\na@example.com\r\n"B@Example.com",spam\r\n\r\nnot an email\r\nc@example.com;x\r\na@example.com\r\n';
    const res = await fetch(`${t.url}/api/v1/suppressions/import?channel=email`, { method: 'POST', headers: { authorization: `Bearer ${ws.key}`, 'content-type': 'text/csv' }, body: csv });
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.data).toMatchObject({ lines: 5, added: 3, duplicates: 1, invalid: [{ index: 5, value: 'not an email' }] });
    const exp = await fetch(`${t.url}/api/v1/suppressions/export?channel=email`, { headers: { authorization: `Bearer ${ws.key}` } });
    expect(exp.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await exp.text()).trim().split('\r\n');
    expect(lines[0]).toBe('value,reason,source,created_at');
    expect(lines.slice(1).map((l) => l.split(',')[0]).sort()).toEqual(['a@example.com', 'b@example.com', 'c@example.com']);
    expect(lines[1].split(',')[2]).toBe('import');
  });
});

describe('/api/v1/blocked-domains', () => {
  it('blocks, lists and unblocks domains', async () => {
    const ws = await t.workspace();
    const r = await t.api('POST', '/api/v1/blocked-domains', { key: ws.key, body: { domains: ['@Mailinator.com', 'spam.example', 'x'] } });
    expect(r.status).toBe(201);
    expect(r.body.data).toMatchObject({ added: 2, alreadyPresent: 0, invalid: [{ index: 2, value: 'x' }] });
    expect((await t.api('GET', '/api/v1/blocked-domains', { key: ws.key })).body.data.map((d: any) => d.domain)).toEqual(['mailinator.com', 'spam.example']);
    expect((await t.api('POST', '/api/v1/blocked-domains', { key: ws.key, body: { domain: 'nodot' } })).body.error.field).toBe('domain');
    expect((await t.api('DELETE', '/api/v1/blocked-domains/mailinator.com', { key: ws.key })).status).toBe(204);
    expect((await t.api('DELETE', '/api/v1/blocked-domains/mailinator.com', { key: ws.key })).status).toBe(404);
  });
});

describe('isSuppressedSql', () => {
  it('selects suppressed contacts set-based: listed address, blocked domain, per channel and per workspace', async () => {
    const ws = await t.workspace();
    const other = await t.workspace();
    const mk = async (key: string, body: object) => (await t.api('POST', '/api/v1/contacts', { key, body })).body.data.id as number;
    const listed = await mk(ws.key, { email: 'listed@example.com', phone: '0501000001' });
    const blocked = await mk(ws.key, { email: 'someone@blocked.example' });
    const clean = await mk(ws.key, { email: 'clean@example.com', phone: '0501000002' });
    const otherWs = await mk(other.key, { email: 'listed@example.com' });
    await t.api('POST', '/api/v1/suppressions', { key: ws.key, body: { channel: 'email', value: 'listed@example.com' } });
    await t.api('POST', '/api/v1/suppressions', { key: ws.key, body: { channel: 'sms', value: '0501000002' } });
    await t.api('POST', '/api/v1/blocked-domains', { key: ws.key, body: { domain: 'blocked.example' } });
    const ids = async (where: ReturnType<typeof isSuppressedSql>) =>
      (await t.ctx.db.selectFrom('contacts as c').select('c.id').where('c.id', 'in', [listed, blocked, clean, otherWs]).where(where).orderBy('c.id').execute()).map((r) => r.id);
    expect(await ids(isSuppressedSql('email', 'c'))).toEqual([listed, blocked]);
    expect(await ids(isOnSuppressionListSql('email', 'c'))).toEqual([listed]);
    expect(await ids(isBlockedDomainSql('c'))).toEqual([blocked]);
    expect(await ids(isSuppressedSql('sms', 'c'))).toEqual([clean]);
    expect(await ids(isSuppressedSql('whatsapp', 'c'))).toEqual([]);
  });
});
