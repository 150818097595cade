import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/app.js';
import { defineFields, insertContacts } from '../segments/test-fixtures.js';

let t: TestApp;
let a: { id: number; key: string };
let b: { id: number; key: string };

beforeAll(async () => {
  t = await startTestApp();
  a = await t.workspace();
  b = await t.workspace();
  await defineFields(t.ctx.db, a.id, [{ key: 'city', type: 'text' }]);
  await defineFields(t.ctx.db, b.id, [{ key: 'city', type: 'text' }]);
  // 30 contacts sharing two created_at values (ties must still page stably), some without email.
  await insertContacts(
    t.ctx.db,
    a.id,
    Array.from({ length: 30 }, (_, i) => ({
      email: i % 7 === 3 ? null : `p${String(i).padStart(2, '0')}@a.example`,
      phone: `+9725012300${String(i).padStart(2, '0')}`,
      first: ['Dana', 'dan', 'Noa', 'נועה', 'Zeev'][i % 5],
      last: ['Cohen', 'כהן', 'Levi'][i % 3],
      createdAt: i < 15 ? '2024-01-01T00:00:00.123456Z' : '2024-02-01T00:00:00Z',
      fields: { city: 'Haifa' },
    })),
  );
  await insertContacts(t.ctx.db, b.id, [
    { email: 'p01@b.example', phone: '+972501230001', first: 'Dana', last: 'Cohen', fields: { city: 'Haifa' } },
    { email: 'secret@b.example', first: 'נועה', last: 'כהן', fields: { city: 'Haifa' } },
  ]);
});
afterAll(async () => t?.close());

async function allPages(path: string, key = a.key, limit = 7) {
  const seen: { id: number; email: string | null }[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 50; i++) {
    const sep = path.includes('?') ? '&' : '?';
    const r: { status: number; body: any } = await t.api('GET', `${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, { key });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    seen.push(...r.body.data);
    cursor = r.body.meta.nextCursor;
    if (!cursor) break;
  }
  return seen;
}

describe('contacts list', () => {
  it.each([
    ['created_at', 'desc'], ['created_at', 'asc'], ['updated_at', 'desc'], ['email', 'asc'], ['email', 'desc'],
    ['first_name', 'asc'], ['first_name', 'desc'], ['last_name', 'asc'],
  ])('pages by %s %s: every contact exactly once, in order, across pages', async (sort, order) => {
    const rows = await allPages(`/api/v1/contacts?sort=${sort}&order=${order}`);
    expect(rows).toHaveLength(30);
    expect(new Set(rows.map((r) => r.id)).size).toBe(30);
    if (sort === 'email') {
      const emails = rows.map((r) => r.email);
      const firstNull = emails.indexOf(null);
      expect(emails.slice(firstNull).every((e) => e === null)).toBe(true); // contacts without email come last
      const present = emails.slice(0, firstNull) as string[];
      expect(present).toEqual([...present].sort((x, y) => (order === 'asc' ? (x < y ? -1 : 1) : x < y ? 1 : -1)));
    }
  });

  it('counts only when asked', async () => {
    const without = await t.api('GET', '/api/v1/contacts?limit=5', { key: a.key });
    expect(without.body.meta.total).toBeUndefined();
    const withTotal = await t.api('GET', '/api/v1/contacts?limit=5&withTotal=1', { key: a.key });
    expect(withTotal.body.meta.total).toBe(30);
  });

  it('filters by a JSON filter, email status and the search body endpoint', async () => {
    const filter = encodeURIComponent(JSON.stringify({ op: 'and', rules: [{ kind: 'field', field: 'first_name', operator: 'equals', value: 'noa' }] }));
    const r = await t.api('GET', `/api/v1/contacts?filter=${filter}&withTotal=1`, { key: a.key });
    expect(r.body.meta.total).toBe(6);
    const bad = await t.api('GET', '/api/v1/contacts?filter=%7Bnope', { key: a.key });
    expect(bad.body.error.field).toBe('filter');
    const badRule = await t.api('POST', '/api/v1/contacts/search', { key: a.key, body: { filter: { op: 'and', rules: [{ kind: 'field', field: 'email', operator: 'gt', value: 1 }] } } });
    expect(badRule.status).toBe(400);
    expect(badRule.body.error.field).toBe('filter.rules.0.operator');
    const post = await t.api('POST', '/api/v1/contacts/search', { key: a.key, body: { q: 'נו', withTotal: true, limit: 2 } });
    expect(post.body.meta.total).toBe(6);
    expect(post.body.data).toHaveLength(2);
    expect((await t.api('GET', '/api/v1/contacts?emailStatus=bounced&withTotal=1', { key: a.key })).body.meta.total).toBe(0);
  });

  it('searches prefixes of email, phone (+972… and 05…), names and full names, Hebrew too', async () => {
    const total = async (q: string) => (await t.api('GET', `/api/v1/contacts?withTotal=1&q=${encodeURIComponent(q)}`, { key: a.key })).body.meta.total;
    expect(await total('p0')).toBe(9); // p00..p09 minus p03 (no email)
    expect(await total('P01@A')).toBe(1);
    expect(await total('+97250123001')).toBe(10);
    expect(await total('050-1230-01')).toBe(10);
    expect(await total('dan')).toBe(12); // Dana and dan, case-insensitive
    expect(await total('נועה')).toBe(6);
    expect(await total('נועה כה')).toBe(2); // first + last name prefix: i ≡ 3 (mod 5) and i ≡ 1 (mod 3)
    expect(await total('כהן נו')).toBe(2); // last name first
    expect(await total('zz%')).toBe(0);
  });
});

describe('tenant isolation', () => {
  it("A's key gets 404 for B's group and segment ids", async () => {
    const g = await t.api('POST', '/api/v1/groups', { key: b.key, body: { name: 'B only' } });
    const s = await t.api('POST', '/api/v1/segments', { key: b.key, body: { name: 'B seg', filter: { op: 'and', rules: [] } } });
    const gid = g.body.data.id;
    const sid = s.body.data.id;
    for (const [m, p, body] of [
      ['GET', `/api/v1/groups/${gid}`], ['PATCH', `/api/v1/groups/${gid}`, { name: 'x' }], ['DELETE', `/api/v1/groups/${gid}`],
      ['POST', `/api/v1/groups/${gid}/members`, { contactIds: [1] }], ['DELETE', `/api/v1/groups/${gid}/members`, { contactIds: [1] }],
      ['POST', `/api/v1/groups/${gid}/move`, { toGroupId: 1 }], ['POST', `/api/v1/groups/${gid}/restore`],
      ['GET', `/api/v1/segments/${sid}`], ['PATCH', `/api/v1/segments/${sid}`, { name: 'x' }], ['DELETE', `/api/v1/segments/${sid}`],
      ['GET', `/api/v1/segments/${sid}/contacts`], ['GET', `/api/v1/contacts?groupId=${gid}`], ['GET', `/api/v1/contacts?segmentId=${sid}`],
    ] as [string, string, unknown?][]) {
      expect((await t.api(m, p, { key: a.key, body })).status, `${m} ${p}`).toBe(404);
    }
    expect((await t.api('GET', `/api/v1/groups/${gid}`, { key: b.key })).status).toBe(200);
  });

  it("never shows B's rows in A's lists, search, counts or previews; filters on B's ids match nothing", async () => {
    const all = await allPages('/api/v1/contacts', a.key, 100);
    expect(all.some((c) => c.email?.endsWith('@b.example'))).toBe(false);
    expect((await t.api('GET', '/api/v1/contacts?q=secret&withTotal=1', { key: a.key })).body.meta.total).toBe(0);
    const everything = { op: 'and', rules: [] };
    expect((await t.api('POST', '/api/v1/segments/count', { key: a.key, body: { filter: everything } })).body.data.count).toBe(30);
    const prev = await t.api('POST', '/api/v1/segments/preview', { key: a.key, body: { filter: everything, limit: 100 } });
    expect(prev.body.data.some((c: { email: string | null }) => c.email?.endsWith('@b.example'))).toBe(false);
    const bg = await t.api('POST', '/api/v1/groups', { key: b.key, body: { name: 'B members' } });
    const bContacts = await t.api('GET', '/api/v1/contacts', { key: b.key });
    expect(bContacts.body.data).toHaveLength(2);
    await t.api('POST', `/api/v1/groups/${bg.body.data.id}/members`, { key: b.key, body: { contactIds: bContacts.body.data.map((c: { id: number }) => c.id) } });
    const viaGroup = { op: 'and', rules: [{ kind: 'group', operator: 'in', groupId: bg.body.data.id }] };
    expect((await t.api('POST', '/api/v1/segments/count', { key: a.key, body: { filter: viaGroup } })).body.data.count).toBe(0);
    expect((await t.api('POST', '/api/v1/segments/count', { key: b.key, body: { filter: viaGroup } })).body.data.count).toBe(2);
    // A cannot pull B's contacts into its own group by id either.
    const ag = await t.api('POST', '/api/v1/groups', { key: a.key, body: { name: 'A grabs' } });
    const grab = await t.api('POST', `/api/v1/groups/${ag.body.data.id}/members`, { key: a.key, body: { contactIds: bContacts.body.data.map((c: { id: number }) => c.id) } });
    expect(grab.body.data).toEqual({ added: 0, memberCount: 0 });
    expect((await t.api('GET', '/api/v1/groups', { key: a.key })).body.data.some((g: { name: string }) => g.name.startsWith('B '))).toBe(false);
    expect((await t.api('GET', '/api/v1/segments', { key: a.key })).body.data.some((s: { name: string }) => s.name === 'B seg')).toBe(false);
  });
});
