import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/app.js';
import { normaliseEmail, normalisePhone } from './index.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

describe('normalisers', () => {
  it('normalises Israeli phone formats to +9725… E.164', () => {
    for (const raw of ['050-123-4567', '0501234567', '+972 50 123 4567', '972501234567', '(050) 123 4567', '+972-50-1234567']) {
      expect(normalisePhone(raw, 'IL')).toEqual({ ok: true, value: '+972501234567' });
    }
    expect(normalisePhone('12', 'IL').ok).toBe(false);
  });

  it('trims and lowercases emails and rejects bad ones with a reason', () => {
    expect(normaliseEmail('  Dana.Levi@Example.COM ')).toEqual({ ok: true, value: 'dana.levi@example.com' });
    const bad = normaliseEmail('dana@@example.com');
    expect(bad.ok).toBe(false);
  });
});

describe('POST /api/v1/contacts', () => {
  it('creates a contact with normalised email and phone, keeping the raw phone', async () => {
    const ws = await t.workspace();
    const r = await t.api('POST', '/api/v1/contacts', { key: ws.key, body: { email: ' Avi@Example.com ', phone: '052-765-4321', firstName: ' Avi ', lastName: 'Cohen' } });
    expect(r.status).toBe(201);
    expect(r.body.data).toMatchObject({
      email: 'avi@example.com', phone: '+972527654321', phoneRaw: '052-765-4321', firstName: 'Avi', lastName: 'Cohen',
      emailStatus: 'subscribed', whatsappStatus: 'unknown', smsStatus: 'unknown', protected: false, source: 'api', deletedAt: null, erasedAt: null,
    });
  });

  it('uses the workspace default country for national numbers', async () => {
    const ws = await t.workspace();
    await t.ctx.db.updateTable('workspaces').set({ default_country: 'GB' }).where('id', '=', ws.id).execute();
    const r = await t.api('POST', '/api/v1/contacts', { key: ws.key, body: { phone: '07400 123456' } });
    expect(r.status).toBe(201);
    expect(r.body.data.phone).toBe('+447400123456');
  });

  it('answers 400 naming the field for a bad email, a bad phone, or neither', async () => {
    const ws = await t.workspace();
    const e = await t.api('POST', '/api/v1/contacts', { key: ws.key, body: { email: 'not-an-email' } });
    expect(e.status).toBe(400);
    expect(e.body.error.field).toBe('email');
    const p = await t.api('POST', '/api/v1/contacts', { key: ws.key, body: { phone: '123' } });
    expect(p.status).toBe(400);
    expect(p.body.error.field).toBe('phone');
    const none = await t.api('POST', '/api/v1/contacts', { key: ws.key, body: { firstName: 'Nobody' } });
    expect(none.status).toBe(400);
    expect(none.body.error.field).toBe('email');
    const extra = await t.api('POST', '/api/v1/contacts', { key: ws.key, body: { email: 'x@example.com', nickname: 'x' } });
    expect(extra.status).toBe(400);
    expect(extra.body.error.field).toBe('nickname');
  });

  it('answers 409 naming the existing contact for a duplicate email (any case) or phone', async () => {
    const ws = await t.workspace();
    const a = await t.api('POST', '/api/v1/contacts', { key: ws.key, body: { email: 'dup@example.com', phone: '0541112222' } });
    const e = await t.api('POST', '/api/v1/contacts', { key: ws.key, body: { email: 'DUP@example.com' } });
    expect(e.status).toBe(409);
    expect(e.body.error).toMatchObject({ code: 'conflict', field: 'email', details: { contactId: a.body.data.id } });
    const p = await t.api('POST', '/api/v1/contacts', { key: ws.key, body: { email: 'other@example.com', phone: '+972-54-111-2222' } });
    expect(p.status).toBe(409);
    expect(p.body.error).toMatchObject({ field: 'phone', details: { contactId: a.body.data.id } });
  });

  it('validates custom fields against their definitions and names the failing field', async () => {
    const ws = await t.workspace();
    const defs = [
      { key: 'city', label: 'City', type: 'text' },
      { key: 'age', label: 'Age', type: 'number' },
      { key: 'birthday', label: 'Birthday', type: 'date' },
      { key: 'vip', label: 'VIP', type: 'boolean' },
      { key: 'plan', label: 'Plan', type: 'single_select', options: ['Free', 'Pro'] },
      { key: 'tags', label: 'Tags', type: 'multi_select', options: ['students', 'teachers', 'parents'] },
    ];
    for (const d of defs) expect((await t.api('POST', '/api/v1/fields', { key: ws.key, body: d })).status).toBe(201);
    const ok = await t.api('POST', '/api/v1/contacts', {
      key: ws.key,
      body: { email: 'f@example.com', fields: { city: 'חיפה', age: 41, birthday: '1984-02-29', vip: true, plan: 'pro', tags: ['Teachers', 'students', 'teachers'] } },
    });
    expect(ok.status).toBe(201);
    expect(ok.body.data.fields).toEqual({ city: 'חיפה', age: 41, birthday: '1984-02-29', vip: true, plan: 'Pro', tags: ['teachers', 'students'] });
    const cases: [string, unknown][] = [
      ['age', 'forty'], ['birthday', '1985-02-29'], ['birthday', '29/02/1984'], ['vip', 'yes'], ['plan', 'Gold'], ['tags', ['alumni']], ['nope', 'x'],
    ];
    for (const [key, value] of cases) {
      const r = await t.api('POST', '/api/v1/contacts', { key: ws.key, body: { email: `${key}@example.com`, fields: { [key]: value } } });
      expect(r.status, `${key}=${JSON.stringify(value)}`).toBe(400);
      expect(r.body.error.field).toBe(`fields.${key}`);
    }
  });

  it('records consent evidence for initial statuses', async () => {
    const ws = await t.workspace();
    const r = await t.api('POST', '/api/v1/contacts', {
      key: ws.key,
      body: { email: 'c@example.com', phone: '0501230000', whatsappStatus: 'opted_in', consent: { source: 'form', wording: 'Yes, send me WhatsApp updates', ip: '203.0.113.9' } },
    });
    expect(r.status).toBe(201);
    const d = await t.api('GET', `/api/v1/contacts/${r.body.data.id}`, { key: ws.key });
    expect(d.body.data.consents).toHaveLength(2);
    const wa = d.body.data.consents.find((c: any) => c.channel === 'whatsapp');
    expect(wa).toMatchObject({ status: 'opted_in', source: 'form', wording: 'Yes, send me WhatsApp updates', ip: '203.0.113.9', actor: 'key:' + ws.key.slice(0, 12) });
  });
});

describe('GET/PATCH/DELETE /api/v1/contacts/:id', () => {
  it('shows the contact with its groups and consents', async () => {
    const ws = await t.workspace();
    const c = (await t.api('POST', '/api/v1/contacts', { key: ws.key, body: { email: 'g@example.com' } })).body.data;
    const g = await t.ctx.db.insertInto('groups').values({ workspace_id: ws.id, name: 'Parents' }).returning('id').executeTakeFirstOrThrow();
    await t.ctx.db.insertInto('group_members').values({ workspace_id: ws.id, group_id: g.id, contact_id: c.id }).execute();
    const r = await t.api('GET', `/api/v1/contacts/${c.id}`, { key: ws.key });
    expect(r.status).toBe(200);
    expect(r.body.data.groups).toEqual([{ id: g.id, name: 'Parents' }]);
    expect(r.body.data.consents[0]).toMatchObject({ channel: 'email', status: 'subscribed', source: 'api' });
  });

  it('patches names, fields and keys; null removes a field; 409 on a taken email', async () => {
    const ws = await t.workspace();
    await t.api('POST', '/api/v1/fields', { key: ws.key, body: { key: 'city', label: 'City', type: 'text' } });
    await t.api('POST', '/api/v1/fields', { key: ws.key, body: { key: 'age', label: 'Age', type: 'number' } });
    const a = (await t.api('POST', '/api/v1/contacts', { key: ws.key, body: { email: 'a@example.com', fields: { city: 'Eilat', age: 3 } } })).body.data;
    const b = (await t.api('POST', '/api/v1/contacts', { key: ws.key, body: { email: 'b@example.com' } })).body.data;
    const r = await t.api('PATCH', `/api/v1/contacts/${a.id}`, { key: ws.key, body: { firstName: 'Noa', phone: '0509998877', fields: { city: null, age: 4 } } });
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({ firstName: 'Noa', phone: '+972509998877', fields: { age: 4 } });
    expect(r.body.data.fields.city).toBeUndefined();
    const taken = await t.api('PATCH', `/api/v1/contacts/${b.id}`, { key: ws.key, body: { email: 'A@EXAMPLE.com' } });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ field: 'email', details: { contactId: a.id } });
    const same = await t.api('PATCH', `/api/v1/contacts/${a.id}`, { key: ws.key, body: { email: 'a@example.com' } });
    expect(same.status).toBe(200);
    const empty = await t.api('PATCH', `/api/v1/contacts/${b.id}`, { key: ws.key, body: { email: null } });
    expect(empty.status).toBe(400);
  });

  it('lets only managers and owners set the protected flag', async () => {
    const ws = await t.workspace();
    const editor = await t.api('POST', '/api/v1/api-keys', { key: ws.key, body: { name: 'ed', role: 'editor' } });
    const c = (await t.api('POST', '/api/v1/contacts', { key: ws.key, body: { email: 'staff@example.com' } })).body.data;
    const denied = await t.api('PATCH', `/api/v1/contacts/${c.id}`, { key: editor.body.data.key, body: { protected: true } });
    expect(denied.status).toBe(403);
    const ok = await t.api('PATCH', `/api/v1/contacts/${c.id}`, { key: ws.key, body: { protected: true } });
    expect(ok.body.data.protected).toBe(true);
  });

  it('deletes to the bin: the contact shows deletedAt, its email is free again, writes answer 404', async () => {
    const ws = await t.workspace();
    const c = (await t.api('POST', '/api/v1/contacts', { key: ws.key, body: { email: 'gone@example.com' } })).body.data;
    expect((await t.api('DELETE', `/api/v1/contacts/${c.id}`, { key: ws.key })).status).toBe(204);
    const r = await t.api('GET', `/api/v1/contacts/${c.id}`, { key: ws.key });
    expect(r.body.data.deletedAt).not.toBeNull();
    expect((await t.api('PATCH', `/api/v1/contacts/${c.id}`, { key: ws.key, body: { firstName: 'x' } })).status).toBe(404);
    expect((await t.api('DELETE', `/api/v1/contacts/${c.id}`, { key: ws.key })).status).toBe(404);
    expect((await t.api('POST', '/api/v1/contacts', { key: ws.key, body: { email: 'gone@example.com' } })).status).toBe(201);
    const audit = await t.api('GET', `/api/v1/audit-log?entityType=contact&entityId=${c.id}`, { key: ws.key });
    expect(audit.body.data.map((a: any) => a.action)).toEqual(['contact.deleted', 'contact.created']);
  });

  it('bulk-deletes by ids and by a segment filter', async () => {
    const ws = await t.workspace();
    const ids: number[] = [];
    for (const e of ['b1@example.com', 'b2@example.com', 'b3@other.org', 'b4@other.org']) ids.push((await t.api('POST', '/api/v1/contacts', { key: ws.key, body: { email: e } })).body.data.id);
    const r = await t.api('POST', '/api/v1/contacts/bulk-delete', { key: ws.key, body: { ids: [ids[0], ids[0], 999999] } });
    expect(r.body.data.deleted).toBe(1);
    const f = await t.api('POST', '/api/v1/contacts/bulk-delete', {
      key: ws.key,
      body: { filter: { op: 'and', rules: [{ kind: 'field', field: 'email', operator: 'ends_with', value: '@other.org' }] } },
    });
    expect(f.status, JSON.stringify(f.body)).toBe(200);
    expect(f.body.data.deleted).toBe(2);
    const left = await t.ctx.db.selectFrom('contacts').select('email').where('workspace_id', '=', ws.id).where('deleted_at', 'is', null).execute();
    expect(left.map((x) => x.email)).toEqual(['b2@example.com']);
    expect((await t.api('POST', '/api/v1/contacts/bulk-delete', { key: ws.key, body: {} })).status).toBe(400);
  });
});
