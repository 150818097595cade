import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/app.js';
import { binJobs, BIN_PURGE_JOB } from './index.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

async function contact(key: string, body: object) {
  return (await t.api('POST', '/api/v1/contacts', { key, body })).body.data.id as number;
}

async function group(ws: number, name: string) {
  return (await t.ctx.db.insertInto('groups').values({ workspace_id: ws, name }).returning('id').executeTakeFirstOrThrow()).id;
}

const daysAgo = (n: number) => sql<Date>`now() - make_interval(days => ${n})`;

describe('recycle bin', () => {
  it('lists deleted contacts with their purge date and restores them with their memberships', async () => {
    const ws = await t.workspace();
    const id = await contact(ws.key, { email: 'bin@example.com', firstName: 'Tal' });
    const g = await group(ws.id, 'Volunteers');
    await t.ctx.db.insertInto('group_members').values({ workspace_id: ws.id, group_id: g, contact_id: id }).execute();
    await t.api('DELETE', `/api/v1/contacts/${id}`, { key: ws.key });
    const list = await t.api('GET', '/api/v1/bin?type=contacts', { key: ws.key });
    expect(list.status).toBe(200);
    expect(list.body.meta.total).toBe(1);
    const item = list.body.data[0];
    expect(item).toMatchObject({ id, type: 'contacts', label: 'bin@example.com' });
    expect(new Date(item.purgeAt).getTime() - new Date(item.deletedAt).getTime()).toBe(7 * 86400_000);

    const r = await t.api('POST', '/api/v1/bin/restore', { key: ws.key, body: { type: 'contacts', ids: [id] } });
    expect(r.body.data).toEqual({ restored: 1, notRestored: [], notFound: [] });
    const d = await t.api('GET', `/api/v1/contacts/${id}`, { key: ws.key });
    expect(d.body.data.deletedAt).toBeNull();
    expect(d.body.data.groups).toEqual([{ id: g, name: 'Volunteers' }]);
    expect((await t.api('GET', '/api/v1/bin', { key: ws.key })).body.data).toEqual([]);
    expect((await t.api('POST', '/api/v1/bin/restore', { key: ws.key, body: { type: 'contacts', ids: [id] } })).status).toBe(404);
  });

  it('restores those that can be and reports each contact whose email or phone a live contact took meanwhile', async () => {
    const ws = await t.workspace();
    const a = await contact(ws.key, { email: 'same@example.com', phone: '0507770000' });
    const b = await contact(ws.key, { email: 'b@example.com' });
    const c = await contact(ws.key, { phone: '0508880000' });
    await t.api('POST', '/api/v1/contacts/bulk-delete', { key: ws.key, body: { ids: [a, b, c] } });
    const taker = await contact(ws.key, { email: 'SAME@example.com' });
    const phoneTaker = await contact(ws.key, { phone: '+972508880000' });
    const r = await t.api('POST', '/api/v1/bin/restore', { key: ws.key, body: { type: 'contacts', ids: [a, b, c, 999999] } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.data.restored).toBe(1);
    expect(r.body.data.notFound).toEqual([999999]);
    expect(r.body.data.notRestored).toEqual([
      { id: a, label: 'same@example.com', field: 'email', value: 'same@example.com', existingId: taker, reason: 'Its email same@example.com is now used by another contact.', reasonCode: 'bin.email_taken', reasonParams: { value: 'same@example.com' } },
      { id: c, label: '+972508880000', field: 'phone', value: '+972508880000', existingId: phoneTaker, reason: 'Its phone +972508880000 is now used by another contact.', reasonCode: 'bin.phone_taken', reasonParams: { value: '+972508880000' } },
    ]);
    expect((await t.api('GET', `/api/v1/contacts/${b}`, { key: ws.key })).body.data.deletedAt).toBeNull();
    expect((await t.api('GET', `/api/v1/contacts/${a}`, { key: ws.key })).body.data.deletedAt).not.toBeNull();
    // Nothing restorable at all: still 200 with every reason (not a 404, which is for ids not in the bin).
    const again = await t.api('POST', '/api/v1/bin/restore', { key: ws.key, body: { type: 'contacts', ids: [a] } });
    expect(again.status).toBe(200);
    expect(again.body.data).toMatchObject({ restored: 0, notRestored: [{ id: a, reasonCode: 'bin.email_taken' }] });
  });

  it('lists and restores groups and segments generically, refusing a name now in use', async () => {
    const ws = await t.workspace();
    const g = await group(ws.id, 'Alumni');
    await t.ctx.db.updateTable('groups').set({ deleted_at: new Date() }).where('id', '=', g).execute();
    const s = (await t.ctx.db.insertInto('segments').values({ workspace_id: ws.id, name: 'Big spenders', filter: JSON.stringify({ op: 'and', rules: [] }), deleted_at: new Date() }).returning('id').executeTakeFirstOrThrow()).id;
    expect((await t.api('GET', '/api/v1/bin?type=groups', { key: ws.key })).body.data).toEqual([expect.objectContaining({ id: g, type: 'groups', label: 'Alumni' })]);
    expect((await t.api('GET', '/api/v1/bin?type=segments', { key: ws.key })).body.data).toEqual([expect.objectContaining({ id: s, label: 'Big spenders' })]);
    const again = await group(ws.id, 'alumni');
    const clash = await t.api('POST', '/api/v1/bin/restore', { key: ws.key, body: { type: 'groups', ids: [g] } });
    expect(clash.status).toBe(200);
    expect(clash.body.data.notRestored[0]).toMatchObject({ id: g, label: 'Alumni', field: 'name', existingId: again, reasonCode: 'bin.name_taken' });
    expect((await t.api('POST', '/api/v1/bin/restore', { key: ws.key, body: { type: 'segments', ids: [s] } })).body.data.restored).toBe(1);
  });

  it('the scheduled purge deletes items older than 7 days with their consents and memberships, and keeps younger ones', async () => {
    const ws = await t.workspace();
    const old = await contact(ws.key, { email: 'old@example.com' });
    const young = await contact(ws.key, { email: 'young@example.com' });
    const g = await group(ws.id, 'G');
    await t.ctx.db.insertInto('group_members').values([{ workspace_id: ws.id, group_id: g, contact_id: old }, { workspace_id: ws.id, group_id: g, contact_id: young }]).execute();
    const oldGroup = await group(ws.id, 'Old group');
    await t.ctx.db.updateTable('contacts').set({ deleted_at: daysAgo(8) }).where('id', '=', old).execute();
    await t.ctx.db.updateTable('contacts').set({ deleted_at: daysAgo(6) }).where('id', '=', young).execute();
    await t.ctx.db.updateTable('groups').set({ deleted_at: daysAgo(10) }).where('id', '=', oldGroup).execute();

    await binJobs[BIN_PURGE_JOB](t.ctx, { id: 0, workspace_id: null, kind: BIN_PURGE_JOB, payload: {}, attempts: 1, max_attempts: 3 }, { heartbeat: async () => true, stopping: false, workerId: 'test' });

    const left = await t.ctx.db.selectFrom('contacts').select('id').where('workspace_id', '=', ws.id).execute();
    expect(left.map((r) => r.id)).toEqual([young]);
    expect(await t.ctx.db.selectFrom('consents').select('id').where('contact_id', '=', old).execute()).toEqual([]);
    expect((await t.ctx.db.selectFrom('group_members').select('contact_id').where('group_id', '=', g).execute()).map((r) => r.contact_id)).toEqual([young]);
    expect(await t.ctx.db.selectFrom('groups').select('id').where('id', '=', oldGroup).execute()).toEqual([]);
  });

  it('empties the bin now for managers only', async () => {
    const ws = await t.workspace();
    const id = await contact(ws.key, { email: 'e@example.com' });
    await t.api('DELETE', `/api/v1/contacts/${id}`, { key: ws.key });
    const editor = (await t.api('POST', '/api/v1/api-keys', { key: ws.key, body: { name: 'ed', role: 'editor' } })).body.data.key;
    expect((await t.api('DELETE', '/api/v1/bin', { key: editor })).status).toBe(403);
    const r = await t.api('DELETE', '/api/v1/bin', { key: ws.key });
    expect(r.body.data).toEqual({ contacts: 1, groups: 0, segments: 0 });
    expect((await t.api('GET', `/api/v1/contacts/${id}`, { key: ws.key })).status).toBe(404);
  });
});
