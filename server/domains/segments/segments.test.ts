import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/app.js';
import { defineFields, insertContacts } from './test-fixtures.js';

let t: TestApp;
let key: string;
let groupId: number;
let segmentId: number;

beforeAll(async () => {
  t = await startTestApp();
  const ws = await t.workspace();
  key = ws.key;
  await defineFields(t.ctx.db, ws.id, [
    { key: 'city', type: 'single_select', options: ['Haifa', 'Tel Aviv', 'Eilat'] },
    { key: 'age', type: 'number' },
    { key: 'birthday', type: 'date' },
    { key: 'vip', type: 'boolean' },
    { key: 'tags', type: 'multi_select', options: ['a', 'b', 'c'] },
    { key: 'note', type: 'text' },
  ]);
  const [dana, , maya] = await insertContacts(t.ctx.db, ws.id, [
    { email: 'dana@example.com', phone: '+972501234567', first: 'Dana', last: 'Cohen', createdAt: '2024-01-10T12:00:00Z',
      fields: { city: 'Haifa', age: 30, birthday: '1990-05-01', vip: true, tags: ['a', 'b'], note: 'likes cats' } },
    { email: 'yossi@test.org', phone: '+972521111111', first: 'יוסי', last: 'לוי', emailStatus: 'unsubscribed', createdAt: '2024-03-05T12:00:00Z',
      fields: { city: 'Tel Aviv', age: 45, birthday: '1979-12-31', vip: false, tags: ['c'], note: 'Dogs' } },
    { email: null, phone: '+14155550100', first: 'Maya', last: 'Levi', whatsappStatus: 'opted_in', createdAt: '2024-03-06T12:00:00Z',
      fields: { city: 'Eilat', age: 'n/a', tags: [] } },
    { email: 'ron@example.com', first: 'Ron', emailStatus: 'bounced', fields: { age: 22.5, birthday: '2000-02-29', note: '' } },
    { email: 'del@example.com', first: 'Deleted', deleted: true, fields: { city: 'Haifa', vip: true } },
  ]);
  const g = await t.api('POST', '/api/v1/groups', { key, body: { name: 'Fixture group' } });
  groupId = g.body.data.id;
  await t.api('POST', `/api/v1/groups/${groupId}/members`, { key, body: { contactIds: [dana, maya] } });
  const s = await t.api('POST', '/api/v1/segments', { key, body: { name: 'North+South', filter: { op: 'and', rules: [{ kind: 'custom', key: 'city', operator: 'in_list', value: ['Haifa', 'Eilat'] }] } } });
  expect(s.status).toBe(201);
  segmentId = s.body.data.id;
});
afterAll(async () => t?.close());

/** First names of the contacts a filter matches, sorted; also checks the live count agrees. */
async function match(rules: unknown[], op: 'and' | 'or' = 'and'): Promise<string[]> {
  const filter = { op, rules };
  const prev = await t.api('POST', '/api/v1/segments/preview', { key, body: { filter, limit: 100 } });
  expect(prev.status, JSON.stringify(prev.body)).toBe(200);
  const count = await t.api('POST', '/api/v1/segments/count', { key, body: { filter } });
  expect(count.body.data.count).toBe(prev.body.data.length);
  return prev.body.data.map((c: { firstName: string }) => c.firstName).sort();
}

const f = (field: string, operator: string, value?: unknown) => ({ kind: 'field', field, operator, ...(value !== undefined ? { value } : {}) });
const cf = (k: string, operator: string, value?: unknown) => ({ kind: 'custom', key: k, operator, ...(value !== undefined ? { value } : {}) });

const cases: [string, unknown, string[]][] = [
  ['email equals (case-insensitive)', f('email', 'equals', 'DANA@example.com'), ['Dana']],
  ['email not_equals includes contacts without email', f('email', 'not_equals', 'dana@example.com'), ['Maya', 'Ron', 'יוסי']],
  ['email contains', f('email', 'contains', 'example'), ['Dana', 'Ron']],
  ['email not_contains', f('email', 'not_contains', 'example'), ['Maya', 'יוסי']],
  ['email starts_with', f('email', 'starts_with', 'yo'), ['יוסי']],
  ['email ends_with', f('email', 'ends_with', '.org'), ['יוסי']],
  ['email is_empty', f('email', 'is_empty'), ['Maya']],
  ['email is_not_empty', f('email', 'is_not_empty'), ['Dana', 'Ron', 'יוסי']],
  ['email in_list', f('email', 'in_list', ['ron@example.com', 'yossi@test.org']), ['Ron', 'יוסי']],
  ['contains treats % literally', f('email', 'contains', '%'), []],
  ['first_name starts_with Hebrew', f('first_name', 'starts_with', 'יו'), ['יוסי']],
  ['last_name equals (case-insensitive)', f('last_name', 'equals', 'levi'), ['Maya']],
  ['custom text contains (case-insensitive)', cf('note', 'contains', 'DOG'), ['יוסי']],
  ['custom text is_empty (missing or blank)', cf('note', 'is_empty'), ['Maya', 'Ron']],
  ['phone starts_with a local 05… number', f('phone', 'starts_with', '050'), ['Dana']],
  ['phone equals a formatted international number', f('phone', 'equals', '+1 415 555 0100'), ['Maya']],
  ['number eq', cf('age', 'eq', 30), ['Dana']],
  ['number neq includes empty and bad values', cf('age', 'neq', 30), ['Maya', 'Ron', 'יוסי']],
  ['number gt', cf('age', 'gt', 30), ['יוסי']],
  ['number gte', cf('age', 'gte', 30), ['Dana', 'יוסי']],
  ['number lt', cf('age', 'lt', 30), ['Ron']],
  ['number lte (decimals)', cf('age', 'lte', 22.5), ['Ron']],
  ['number between', cf('age', 'between', [20, 31]), ['Dana', 'Ron']],
  ['number is_empty counts non-numeric data as empty', cf('age', 'is_empty'), ['Maya']],
  ['date on', cf('birthday', 'on', '1990-05-01'), ['Dana']],
  ['date before', cf('birthday', 'before', '1990-01-01'), ['יוסי']],
  ['date after', cf('birthday', 'after', '1990-05-01'), ['Ron']],
  ['date between (inclusive)', cf('birthday', 'between', ['1979-12-31', '1990-05-01']), ['Dana', 'יוסי']],
  ['date is_empty', cf('birthday', 'is_empty'), ['Maya']],
  ['date in_last_days', cf('birthday', 'in_last_days', 30), []],
  ['created_at on (workspace timezone)', f('created_at', 'on', '2024-01-10'), ['Dana']],
  ['created_at before', f('created_at', 'before', '2024-03-01'), ['Dana']],
  ['created_at after', f('created_at', 'after', '2024-03-05'), ['Maya', 'Ron']],
  ['created_at between', f('created_at', 'between', ['2024-03-05', '2024-03-06']), ['Maya', 'יוסי']],
  ['created_at in_last_days', f('created_at', 'in_last_days', 7), ['Ron']],
  ['updated_at before', f('updated_at', 'before', '2024-02-01'), ['Dana']],
  ['boolean is_true', cf('vip', 'is_true'), ['Dana']],
  ['boolean is_false', cf('vip', 'is_false'), ['יוסי']],
  ['boolean is_empty', cf('vip', 'is_empty'), ['Maya', 'Ron']],
  ['single_select is (option spelled any case)', cf('city', 'is', 'haifa'), ['Dana']],
  ['single_select is_not includes empty', cf('city', 'is_not', 'Haifa'), ['Maya', 'Ron', 'יוסי']],
  ['single_select in_list', cf('city', 'in_list', ['Haifa', 'Eilat']), ['Dana', 'Maya']],
  ['multi_select has_any', cf('tags', 'has_any', ['a', 'c']), ['Dana', 'יוסי']],
  ['multi_select has_all', cf('tags', 'has_all', ['a', 'b']), ['Dana']],
  ['multi_select has_none', cf('tags', 'has_none', ['a']), ['Maya', 'Ron', 'יוסי']],
  ['email_status is', f('email_status', 'is', 'unsubscribed'), ['יוסי']],
  ['email_status in_list', f('email_status', 'in_list', ['bounced', 'unsubscribed']), ['Ron', 'יוסי']],
  ['whatsapp_status is', f('whatsapp_status', 'is', 'opted_in'), ['Maya']],
  ['sms_status is_not', f('sms_status', 'is_not', 'unknown'), []],
];

describe('every operator compiles to SQL and matches the right contacts (deleted contacts never)', () => {
  it.each(cases)('%s', async (_name, rule, expected) => {
    expect(await match([rule])).toEqual([...expected].sort());
  });

  it('group membership: in / not_in', async () => {
    expect(await match([{ kind: 'group', operator: 'in', groupId }])).toEqual(['Dana', 'Maya']);
    expect(await match([{ kind: 'group', operator: 'not_in', groupId }])).toEqual(['Ron', 'יוסי']);
  });

  it('segment membership: in / not_in another saved segment', async () => {
    expect(await match([{ kind: 'segment', operator: 'in', segmentId }])).toEqual(['Dana', 'Maya']);
    expect(await match([{ kind: 'segment', operator: 'not_in', segmentId }])).toEqual(['Ron', 'יוסי']);
  });

  it('nests AND/OR groups', async () => {
    expect(await match([{ op: 'or', rules: [cf('city', 'is', 'Haifa'), cf('city', 'is', 'Tel Aviv')] }, cf('age', 'gte', 40)])).toEqual(['יוסי']);
    expect(await match([{ op: 'and', rules: [cf('vip', 'is_true'), cf('age', 'lt', 40)] }, f('email_status', 'is', 'bounced')], 'or')).toEqual(['Dana', 'Ron']);
    expect(await match([])).toEqual(['Dana', 'Maya', 'Ron', 'יוסי']);
  });
});

describe('validation names the path of the bad part', () => {
  const bad = async (filter: unknown) => {
    const r = await t.api('POST', '/api/v1/segments/count', { key, body: { filter } });
    expect(r.status).toBe(400);
    return r.body.error;
  };
  it('a value of the wrong type', async () => {
    const e = await bad({ op: 'and', rules: [cf('age', 'gt', 1), cf('age', 'lt', 9), cf('age', 'gt', 'ten')] });
    expect(e.field).toBe('filter.rules.2.value');
  });
  it('inside a nested group', async () => {
    expect((await bad({ op: 'and', rules: [cf('age', 'gt', 1), { op: 'or', rules: [cf('birthday', 'on', '2024-02-30')] }] })).field).toBe('filter.rules.1.rules.0.value');
  });
  it('an unknown custom field, an operator that does not fit the type, an unknown option, a bad kind', async () => {
    expect((await bad({ op: 'and', rules: [cf('shoe_size', 'eq', 1)] })).field).toBe('filter.rules.0.key');
    expect((await bad({ op: 'and', rules: [cf('age', 'contains', '3')] })).field).toBe('filter.rules.0.operator');
    expect((await bad({ op: 'and', rules: [cf('city', 'is', 'Paris')] })).field).toBe('filter.rules.0.value');
    expect((await bad({ op: 'and', rules: [{ kind: 'magic' }] })).field).toBe('filter.rules.0.kind');
    expect((await bad({ op: 'and', rules: [cf('age', 'between', [5, 1])] })).field).toBe('filter.rules.0.value');
    expect((await bad({ op: 'xor', rules: [] })).field).toBe('filter.op');
  });
  it('saving a segment that refers to a missing group is a 400; a cycle of segments is a 400', async () => {
    const missing = await t.api('POST', '/api/v1/segments', { key, body: { name: 'ghost', filter: { op: 'and', rules: [{ kind: 'group', operator: 'in', groupId: 999999 }] } } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.field).toBe('filter.rules.0.groupId');
    const a = await t.api('POST', '/api/v1/segments', { key, body: { name: 'A', filter: { op: 'and', rules: [{ kind: 'segment', operator: 'in', segmentId }] } } });
    expect(a.status).toBe(201);
    const cyc = await t.api('PATCH', `/api/v1/segments/${segmentId}`, { key, body: { filter: { op: 'and', rules: [{ kind: 'segment', operator: 'not_in', segmentId: a.body.data.id }] } } });
    expect(cyc.status).toBe(400);
    expect(cyc.body.error.message).toMatch(/cycle/);
    const self = await t.api('PATCH', `/api/v1/segments/${segmentId}`, { key, body: { filter: { op: 'and', rules: [{ kind: 'segment', operator: 'in', segmentId }] } } });
    expect(self.status).toBe(400);
  });
});

describe('segments API', () => {
  it('creates, reads with a count, renames, lists, pages its contacts, bins and restores', async () => {
    const created = await t.api('POST', '/api/v1/segments', { key, body: { name: 'VIPs', filter: { op: 'and', rules: [cf('vip', 'is_true')] } } });
    expect(created.status).toBe(201);
    expect(created.body.data.count).toBe(1);
    const id = created.body.data.id;
    expect((await t.api('POST', '/api/v1/segments', { key, body: { name: 'vips', filter: { op: 'and', rules: [] } } })).status).toBe(409);
    const got = await t.api('GET', `/api/v1/segments/${id}`, { key });
    expect(got.body.data).toMatchObject({ name: 'VIPs', count: 1, filter: { op: 'and' } });
    const renamed = await t.api('PATCH', `/api/v1/segments/${id}`, { key, body: { name: 'Very important', filter: { op: 'or', rules: [cf('vip', 'is_true'), cf('vip', 'is_false')] } } });
    expect(renamed.status).toBe(200);
    const page1 = await t.api('GET', `/api/v1/segments/${id}/contacts?limit=1&sort=first_name`, { key });
    expect(page1.body.data.map((c: { firstName: string }) => c.firstName)).toEqual(['Dana']);
    const page2 = await t.api('GET', `/api/v1/segments/${id}/contacts?limit=1&sort=first_name&cursor=${page1.body.meta.nextCursor}`, { key });
    expect(page2.body.data.map((c: { firstName: string }) => c.firstName)).toEqual(['יוסי']);
    expect(page2.body.meta.nextCursor).toBeNull();
    expect((await t.api('GET', '/api/v1/segments', { key })).body.data.some((s: { id: number }) => s.id === id)).toBe(true);
    expect((await t.api('DELETE', `/api/v1/segments/${id}`, { key })).status).toBe(204);
    expect((await t.api('GET', `/api/v1/segments/${id}`, { key })).status).toBe(404);
    expect((await t.api('GET', '/api/v1/segments?deleted=true', { key })).body.data.map((s: { id: number }) => s.id)).toContain(id);
    expect((await t.api('POST', `/api/v1/segments/${id}/restore`, { key })).status).toBe(200);
    expect((await t.api('GET', `/api/v1/segments/${id}`, { key })).body.data.count).toBe(2);
    const audit = await t.api('GET', `/api/v1/audit-log?entityType=segment&entityId=${id}`, { key });
    expect(audit.body.data.map((a: { action: string }) => a.action).sort()).toEqual(['segment.created', 'segment.deleted', 'segment.restored', 'segment.updated']);
  });

  it('a segment referring to a segment in the bin matches nothing for that rule', async () => {
    const inner = await t.api('POST', '/api/v1/segments', { key, body: { name: 'inner', filter: { op: 'and', rules: [cf('vip', 'is_true')] } } });
    const outer = await t.api('POST', '/api/v1/segments', { key, body: { name: 'outer', filter: { op: 'and', rules: [{ kind: 'segment', operator: 'in', segmentId: inner.body.data.id }] } } });
    expect(outer.body.data.count).toBe(1);
    await t.api('DELETE', `/api/v1/segments/${inner.body.data.id}`, { key });
    expect((await t.api('GET', `/api/v1/segments/${outer.body.data.id}`, { key })).body.data.count).toBe(0);
  });
});
