import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/app.js';
import { isSuppressedSql, suppressionHash } from '../suppressions/index.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

async function setup() {
  const ws = await t.workspace();
  await t.api('POST', '/api/v1/fields', { key: ws.key, body: { key: 'city', label: 'City', type: 'text' } });
  const c = (await t.api('POST', '/api/v1/contacts', {
    key: ws.key,
    body: { email: 'ruth@example.com', phone: '054-333-4444', firstName: 'Ruth', lastName: 'Mor', fields: { city: 'Haifa' }, whatsappStatus: 'opted_in', consent: { ip: '198.51.100.7', reason: 'told me at the shop' } },
  })).body.data;
  const g = await t.ctx.db.insertInto('groups').values({ workspace_id: ws.id, name: 'Customers' }).returning('id').executeTakeFirstOrThrow();
  await t.ctx.db.insertInto('group_members').values({ workspace_id: ws.id, group_id: g.id, contact_id: c.id }).execute();
  const imp = await t.ctx.db.insertInto('imports').values({ workspace_id: ws.id, file_name: 'old.csv', format: 'csv', options: '{}' }).returning('id').executeTakeFirstOrThrow();
  await t.ctx.db.insertInto('import_issues').values({
    workspace_id: ws.id, import_id: imp.id, kind: 'conflict', record: 3, line: 4, column_name: null, reason: 'email and phone match different contacts',
    raw: JSON.stringify(['ruth@example.com', '0540000000']), email_contact_id: c.id, phone_contact_id: null,
  }).execute();
  await t.api('POST', '/api/v1/suppressions', { key: ws.key, body: { channel: 'email', value: 'ruth@example.com' } });
  return { ws, c, groupId: g.id };
}

describe('privacy', () => {
  it('exports everything held about a contact as JSON', async () => {
    const { ws, c, groupId } = await setup();
    const r = await t.api('GET', `/api/v1/contacts/${c.id}/export`, { key: ws.key });
    expect(r.status).toBe(200);
    const d = r.body.data;
    expect(d.contact).toMatchObject({ email: 'ruth@example.com', phone: '+972543334444', firstName: 'Ruth', fields: { city: 'Haifa' } });
    expect(d.consents.map((x: any) => x.channel).sort()).toEqual(['email', 'whatsapp']);
    expect(d.groups).toEqual([{ id: groupId, name: 'Customers', addedAt: expect.any(String) }]);
    expect(d.importIssues).toHaveLength(1);
    expect(d.importIssues[0]).toMatchObject({ fileName: 'old.csv', line: 4, raw: ['ruth@example.com', '0540000000'] });
    expect(d.auditEntries.map((a: any) => a.action)).toContain('contact.created');
    expect(d.suppressions).toEqual([expect.objectContaining({ channel: 'email', value: 'ruth@example.com' })]);
  });

  it('erases personal data, keeps an anonymous row and anonymised consents, and suppresses the address by hash', async () => {
    const { ws, c } = await setup();
    const editor = (await t.api('POST', '/api/v1/api-keys', { key: ws.key, body: { name: 'ed', role: 'editor' } })).body.data.key;
    expect((await t.api('POST', `/api/v1/contacts/${c.id}/erase`, { key: editor })).status).toBe(403);
    const r = await t.api('POST', `/api/v1/contacts/${c.id}/erase`, { key: ws.key });
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({ id: c.id, email: null, phone: null, phoneRaw: null, firstName: '', lastName: '', fields: {}, whatsappStatus: 'opted_in' });
    expect(r.body.data.erasedAt).not.toBeNull();

    const row = await t.ctx.db.selectFrom('contacts').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toMatch(/ruth|Haifa|Mor|4444/i);
    const consents = await t.ctx.db.selectFrom('consents').selectAll().where('contact_id', '=', c.id).execute();
    expect(consents.length).toBe(2);
    expect(consents.every((x) => x.ip === null && x.reason === null)).toBe(true);
    expect(await t.ctx.db.selectFrom('group_members').selectAll().where('contact_id', '=', c.id).execute()).toEqual([]);
    const issues = await t.ctx.db.selectFrom('import_issues').select('raw').where('workspace_id', '=', ws.id).execute();
    expect(issues[0].raw).toEqual([]);
    const audit = await t.ctx.db.selectFrom('audit_log').select(['action', 'details']).where('workspace_id', '=', ws.id).where('entity_id', '=', String(c.id)).execute();
    expect(JSON.stringify(audit)).not.toMatch(/ruth/i);
    expect(audit.map((a) => a.action)).toContain('contact.erased');

    const sup = await t.ctx.db.selectFrom('suppressions').select(['channel', 'value']).where('workspace_id', '=', ws.id).orderBy('channel').execute();
    expect(sup).toEqual([
      { channel: 'email', value: suppressionHash('ruth@example.com') },
      { channel: 'sms', value: suppressionHash('+972543334444') },
      { channel: 'whatsapp', value: suppressionHash('+972543334444') },
    ]);

    // The same person re-added later (e.g. from an old list) is suppressed on every channel.
    const again = (await t.api('POST', '/api/v1/contacts', { key: ws.key, body: { email: 'Ruth@example.com', phone: '0543334444' } })).body.data;
    for (const ch of ['email', 'whatsapp', 'sms'] as const) {
      const hit = await t.ctx.db.selectFrom('contacts as c').select('c.id').where('c.id', '=', again.id).where(isSuppressedSql(ch, 'c')).execute();
      expect(hit, ch).toHaveLength(1);
    }
    const twice = await t.api('POST', `/api/v1/contacts/${c.id}/erase`, { key: ws.key });
    expect(twice.status).toBe(200);
    expect((await t.api('PATCH', `/api/v1/contacts/${c.id}`, { key: ws.key, body: { email: 'x@example.com' } })).status).toBe(400);
  });
});
