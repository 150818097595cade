import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

describe('tenant isolation of contacts, fields, suppressions and the bin', () => {
  it("workspace A's key gets 404 for B's ids and never sees B's rows", async () => {
    const a = await t.workspace();
    const b = await t.workspace();
    const bContact = (await t.api('POST', '/api/v1/contacts', { key: b.key, body: { email: 'secret@b.example', phone: '0508887777' } })).body.data.id;
    const bDeleted = (await t.api('POST', '/api/v1/contacts', { key: b.key, body: { email: 'deleted@b.example' } })).body.data.id;
    await t.api('DELETE', `/api/v1/contacts/${bDeleted}`, { key: b.key });
    const bField = (await t.api('POST', '/api/v1/fields', { key: b.key, body: { key: 'secret', label: 'Secret', type: 'text' } })).body.data.id;
    await t.api('POST', '/api/v1/suppressions', { key: b.key, body: { channel: 'email', value: 'secret@b.example' } });
    const bSup = (await t.api('GET', '/api/v1/suppressions', { key: b.key })).body.data[0].id;
    await t.api('POST', '/api/v1/blocked-domains', { key: b.key, body: { domain: 'b-only.example' } });

    const notFound = [
      ['GET', `/api/v1/contacts/${bContact}`],
      ['PATCH', `/api/v1/contacts/${bContact}`, { firstName: 'hacked' }],
      ['DELETE', `/api/v1/contacts/${bContact}`],
      ['POST', `/api/v1/contacts/${bContact}/status`, { channel: 'email', status: 'unsubscribed' }],
      ['GET', `/api/v1/contacts/${bContact}/export`],
      ['POST', `/api/v1/contacts/${bContact}/erase`],
      ['GET', `/api/v1/fields/${bField}`],
      ['PATCH', `/api/v1/fields/${bField}`, { label: 'x' }],
      ['DELETE', `/api/v1/fields/${bField}`],
      ['DELETE', `/api/v1/suppressions/${bSup}`],
      ['DELETE', '/api/v1/blocked-domains/b-only.example'],
      ['POST', '/api/v1/bin/restore', { type: 'contacts', ids: [bDeleted] }],
    ] as const;
    for (const [method, path, body] of notFound) {
      const r = await t.api(method, path, { key: a.key, body });
      expect(r.status, `${method} ${path}`).toBe(404);
    }

    // Nothing of B leaks into A's lists or counts.
    expect((await t.api('GET', '/api/v1/fields', { key: a.key })).body.data).toEqual([]);
    const sup = await t.api('GET', '/api/v1/suppressions', { key: a.key });
    expect(sup.body).toMatchObject({ data: [], meta: { total: 0 } });
    expect((await t.api('GET', '/api/v1/blocked-domains', { key: a.key })).body.data).toEqual([]);
    expect((await t.api('GET', '/api/v1/bin?type=contacts', { key: a.key })).body).toMatchObject({ data: [], meta: { total: 0 } });
    const csv = await (await fetch(`${t.url}/api/v1/suppressions/export?channel=email`, { headers: { authorization: `Bearer ${a.key}` } })).text();
    expect(csv).not.toContain('secret@b.example');
    expect((await t.api('POST', '/api/v1/contacts/bulk-delete', { key: a.key, body: { ids: [bContact] } })).body.data.deleted).toBe(0);
    expect((await t.api('DELETE', '/api/v1/bin', { key: a.key })).body.data.contacts).toBe(0);

    // A can use the same email and phone as B: uniqueness is per workspace.
    expect((await t.api('POST', '/api/v1/contacts', { key: a.key, body: { email: 'secret@b.example', phone: '0508887777' } })).status).toBe(201);

    // B's rows are untouched.
    const still = await t.api('GET', `/api/v1/contacts/${bContact}`, { key: b.key });
    expect(still.body.data).toMatchObject({ firstName: '', emailStatus: 'subscribed', deletedAt: null, erasedAt: null });
    expect((await t.api('GET', `/api/v1/contacts/${bDeleted}`, { key: b.key })).body.data.deletedAt).not.toBeNull();
    expect((await t.api('GET', '/api/v1/fields', { key: b.key })).body.data).toHaveLength(1);
    expect((await t.api('GET', '/api/v1/suppressions', { key: b.key })).body.meta.total).toBe(1);
  });
});
