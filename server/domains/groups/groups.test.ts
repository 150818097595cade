import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/app.js';
import { audienceContactIdsSql, countAudience } from '../segments/index.js';
import { defineFields, insertContacts } from '../segments/test-fixtures.js';

let t: TestApp;
let ws: { id: number; key: string };
let ids: number[];

beforeAll(async () => {
  t = await startTestApp();
  ws = await t.workspace();
  await defineFields(t.ctx.db, ws.id, [{ key: 'city', type: 'single_select', options: ['Haifa', 'Eilat'] }]);
  ids = await insertContacts(t.ctx.db, ws.id, [
    { email: 'a@x.io', first: 'A', fields: { city: 'Haifa' } },
    { email: 'b@x.io', first: 'B', fields: { city: 'Haifa' } },
    { email: 'c@x.io', first: 'C', fields: { city: 'Eilat' } },
    { email: 'd@x.io', first: 'D', fields: { city: 'Eilat' } },
    { email: 'e@x.io', first: 'E' },
  ]);
});
afterAll(async () => t?.close());

const haifa = { op: 'and', rules: [{ kind: 'custom', key: 'city', operator: 'is', value: 'Haifa' }] };
const api = (method: string, path: string, body?: unknown) => t.api(method, `/api/v1${path}`, { key: ws.key, body });
async function group(name: string): Promise<number> {
  const r = await api('POST', '/groups', { name });
  expect(r.status).toBe(201);
  return r.body.data.id;
}
async function members(id: number): Promise<string[]> {
  const r = await api('GET', `/contacts?groupId=${id}&sort=first_name`);
  return r.body.data.map((c: { firstName: string }) => c.firstName);
}

describe('groups', () => {
  it('creates, renames, refuses a duplicate name (case-insensitive) with 409, lists with counts', async () => {
    const id = await group('Customers');
    const dup = await api('POST', '/groups', { name: 'customers' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.details.existingId).toBe(id);
    const renamed = await api('PATCH', `/groups/${id}`, { name: 'Clients', description: 'paying' });
    expect(renamed.body.data).toMatchObject({ name: 'Clients', description: 'paying', memberCount: 0 });
    await api('POST', `/groups/${id}/members`, { contactIds: [ids[0], ids[1]] });
    const list = await api('GET', '/groups');
    expect(list.body.data.find((g: { id: number }) => g.id === id).memberCount).toBe(2);
  });

  it('adds by ids and by filter (existing members not counted twice) and removes by ids and by filter', async () => {
    const id = await group('Bulk');
    const add = await api('POST', `/groups/${id}/members`, { contactIds: [ids[0], ids[2]] });
    expect(add.body.data).toEqual({ added: 2, memberCount: 2 });
    const byFilter = await api('POST', `/groups/${id}/members`, { filter: haifa });
    expect(byFilter.body.data).toEqual({ added: 1, memberCount: 3 });
    expect(await members(id)).toEqual(['A', 'B', 'C']);
    const rmIds = await api('DELETE', `/groups/${id}/members`, { contactIds: [ids[2], ids[4]] });
    expect(rmIds.body.data).toEqual({ removed: 1, memberCount: 2 });
    const rmFilter = await api('DELETE', `/groups/${id}/members`, { filter: haifa });
    expect(rmFilter.body.data).toEqual({ removed: 2, memberCount: 0 });
    expect((await api('POST', `/groups/${id}/members`, {})).status).toBe(400);
    const audit = await api('GET', `/audit-log?entityType=group&entityId=${id}`);
    expect(audit.body.data.map((a: { action: string }) => a.action)).toContain('group.members_added');
  });

  it('moves (copy + remove, one transaction) and copies, by ids, by filter and all members', async () => {
    const src = await group('Source');
    const dst = await group('Target');
    await api('POST', `/groups/${src}/members`, { contactIds: ids.slice(0, 4) });
    const copy = await api('POST', `/groups/${src}/copy`, { toGroupId: dst, filter: haifa });
    expect(copy.body.data).toEqual({ added: 2, removed: 0, fromMemberCount: 4, toMemberCount: 2 });
    const move = await api('POST', `/groups/${src}/move`, { toGroupId: dst, contactIds: [ids[2], ids[4]] });
    // ids[4] is not in the source group, so it is neither copied nor counted.
    expect(move.body.data).toEqual({ added: 1, removed: 1, fromMemberCount: 3, toMemberCount: 3 });
    expect(await members(src)).toEqual(['A', 'B', 'D']);
    const all = await api('POST', `/groups/${src}/move`, { toGroupId: dst });
    expect(all.body.data).toEqual({ added: 1, removed: 3, fromMemberCount: 0, toMemberCount: 4 });
    expect(await members(dst)).toEqual(['A', 'B', 'C', 'D']);
    expect((await api('POST', `/groups/${src}/move`, { toGroupId: src })).status).toBe(400);
    expect((await api('POST', `/groups/${src}/copy`, { toGroupId: 99999999 })).body.error.field).toBe('toGroupId');
  });

  it('binning a group keeps its memberships for a restore; contacts in the bin are not counted', async () => {
    const id = await group('Binned');
    await api('POST', `/groups/${id}/members`, { contactIds: [ids[0], ids[1], ids[2]] });
    expect((await api('DELETE', `/groups/${id}`)).status).toBe(204);
    expect((await api('GET', `/groups/${id}`)).status).toBe(404);
    expect((await api('GET', '/groups?deleted=true')).body.data.map((g: { id: number }) => g.id)).toContain(id);
    const restored = await api('POST', `/groups/${id}/restore`);
    expect(restored.body.data.memberCount).toBe(3);
    const [gone] = await insertContacts(t.ctx.db, ws.id, [{ email: 'gone@x.io', first: 'Gone' }]);
    await api('POST', `/groups/${id}/members`, { contactIds: [gone] });
    await t.ctx.db.updateTable('contacts').set({ deleted_at: new Date() }).where('id', '=', gone).execute();
    expect((await api('GET', `/groups/${id}`)).body.data.memberCount).toBe(3);
  });
});

describe('audiences', () => {
  it('a contact in two included groups counts once; exclusions and segments apply; set-based SELECT of ids', async () => {
    const g1 = await group('Aud 1');
    const g2 = await group('Aud 2');
    const gx = await group('Aud excluded');
    await api('POST', `/groups/${g1}/members`, { contactIds: [ids[0], ids[1]] });
    await api('POST', `/groups/${g2}/members`, { contactIds: [ids[1], ids[2]] });
    await api('POST', `/groups/${gx}/members`, { contactIds: [ids[2]] });
    expect(await countAudience(t.ctx.db, ws.id, { include: { groups: [g1, g2] } })).toBe(3);
    expect(await countAudience(t.ctx.db, ws.id, { include: { groups: [g1, g2] }, exclude: { groups: [gx] } })).toBe(2);
    const seg = await api('POST', '/segments', { name: 'Eilat', filter: { op: 'and', rules: [{ kind: 'custom', key: 'city', operator: 'is', value: 'Eilat' }] } });
    expect(await countAudience(t.ctx.db, ws.id, { include: { groups: [g1], segments: [seg.body.data.id] } })).toBe(4);
    expect(await countAudience(t.ctx.db, ws.id, { include: { groups: [] } })).toBe(0);
    const q = await audienceContactIdsSql(t.ctx.db, ws.id, { include: { groups: [g1, g2] }, exclude: { segments: [seg.body.data.id] } });
    const rows = (await q.execute(t.ctx.db)).rows.map((r) => Number(r.id)).sort((a, b) => a - b);
    expect(rows).toEqual([ids[0], ids[1]]);
  });
});
