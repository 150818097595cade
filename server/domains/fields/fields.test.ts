import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

describe('/api/v1/fields', () => {
  it('creates, lists, renames and deletes definitions', async () => {
    const ws = await t.workspace();
    const c = await t.api('POST', '/api/v1/fields', { key: ws.key, body: { key: 'plan', label: 'Plan', type: 'single_select', options: [' Free ', 'Pro'] } });
    expect(c.status).toBe(201);
    expect(c.body.data).toMatchObject({ key: 'plan', label: 'Plan', type: 'single_select', options: ['Free', 'Pro'] });
    const list = await t.api('GET', '/api/v1/fields', { key: ws.key });
    expect(list.body.data.map((f: any) => f.key)).toEqual(['plan']);
    const p = await t.api('PATCH', `/api/v1/fields/${c.body.data.id}`, { key: ws.key, body: { label: 'Subscription plan' } });
    expect(p.body.data.label).toBe('Subscription plan');
    expect((await t.api('GET', `/api/v1/fields/${c.body.data.id}`, { key: ws.key })).body.data.label).toBe('Subscription plan');
  });

  it('rejects bad keys, reserved keys, duplicates, options on non-selects and selects without options', async () => {
    const ws = await t.workspace();
    const bad = await t.api('POST', '/api/v1/fields', { key: ws.key, body: { key: 'Bad Key', label: 'x', type: 'text' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('key');
    expect((await t.api('POST', '/api/v1/fields', { key: ws.key, body: { key: 'email', label: 'x', type: 'text' } })).body.error.field).toBe('key');
    expect((await t.api('POST', '/api/v1/fields', { key: ws.key, body: { key: 'city', label: 'City', type: 'text' } })).status).toBe(201);
    const dup = await t.api('POST', '/api/v1/fields', { key: ws.key, body: { key: 'city', label: 'Town', type: 'text' } });
    expect(dup.status).toBe(409);
    expect(dup.body.error.field).toBe('key');
    expect((await t.api('POST', '/api/v1/fields', { key: ws.key, body: { key: 'n', label: 'N', type: 'number', options: ['a'] } })).body.error.field).toBe('options');
    expect((await t.api('POST', '/api/v1/fields', { key: ws.key, body: { key: 's', label: 'S', type: 'multi_select', options: [] } })).body.error.field).toBe('options');
    expect((await t.api('POST', '/api/v1/fields', { key: ws.key, body: { key: 'd', label: 'D', type: 'color' } })).body.error.field).toBe('type');
  });

  it('deleting a field removes its key from every contact; removing an option clears it from values', async () => {
    const ws = await t.workspace();
    const city = (await t.api('POST', '/api/v1/fields', { key: ws.key, body: { key: 'city', label: 'City', type: 'text' } })).body.data;
    const tags = (await t.api('POST', '/api/v1/fields', { key: ws.key, body: { key: 'tags', label: 'Tags', type: 'multi_select', options: ['a', 'b', 'c'] } })).body.data;
    const plan = (await t.api('POST', '/api/v1/fields', { key: ws.key, body: { key: 'plan', label: 'Plan', type: 'single_select', options: ['free', 'pro'] } })).body.data;
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await t.api('POST', '/api/v1/contacts', { key: ws.key, body: { email: `f${i}@example.com`, fields: { city: `C${i}`, tags: i ? ['a', 'b'] : ['b'], plan: i ? 'pro' : 'free' } } });
      ids.push(r.body.data.id);
    }
    const del = await t.api('DELETE', `/api/v1/fields/${city.id}`, { key: ws.key });
    expect(del.body.data).toEqual({ id: city.id, key: 'city', contactsCleared: 3 });
    const opt = await t.api('PATCH', `/api/v1/fields/${tags.id}`, { key: ws.key, body: { options: ['a', 'c'] } });
    expect(opt.status).toBe(200);
    await t.api('PATCH', `/api/v1/fields/${plan.id}`, { key: ws.key, body: { options: ['pro'] } });
    const rows = await t.ctx.db.selectFrom('contacts').select(['id', 'fields']).where('workspace_id', '=', ws.id).orderBy('id').execute();
    expect(rows.map((r) => r.fields)).toEqual([{ tags: [] }, { tags: ['a'], plan: 'pro' }, { tags: ['a'], plan: 'pro' }]);
    expect((await t.api('DELETE', `/api/v1/fields/${city.id}`, { key: ws.key })).status).toBe(404);
  });

  it('viewers can read definitions but not change them', async () => {
    const ws = await t.workspace();
    const viewer = (await t.api('POST', '/api/v1/api-keys', { key: ws.key, body: { name: 'v', role: 'viewer' } })).body.data.key;
    expect((await t.api('GET', '/api/v1/fields', { key: viewer })).status).toBe(200);
    expect((await t.api('POST', '/api/v1/fields', { key: viewer, body: { key: 'x', label: 'X', type: 'text' } })).status).toBe(403);
  });
});
