/**
 * Issue 10 §6 regression suite generated from the app's own OpenAPI document, so new routes are covered without a
 * hand-kept list: every operation with a path parameter is called with another workspace's ids (never 2xx, never
 * that workspace's data in the answer), and every operation is called by each role below the permission it
 * declares (`x-access`) and must answer 403 before looking at the body.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../db/schema.js';
import { createApiKey } from '../../domains/auth/auth.service.js';
import { systemActor } from '../../domains/audit/index.js';
import { startTestApp, type TestApp } from '../app.js';

type Op = { method: string; path: string; access: string | undefined; hasParams: boolean };
const MARKER = 'tenant-b-secret-marker';
const RANK: Record<string, number> = { read: 1, write: 2, send: 2, admin: 3, owner: 4 };
const ROLE_RANK: Record<Role, number> = { viewer: 1, editor: 2, manager: 3, owner: 4 };

let t: TestApp;
let ops: Op[] = [];
let a: { id: number; key: string };
let b: { id: number; key: string };
const bIds = new Set<number>();
const bById: Record<string, number> = {};

beforeAll(async () => {
  t = await startTestApp();
  // B first: its rows take the low ids, so an id of B never names a row A owns (A's API key comes after B's).
  b = await t.workspace();
  a = await t.workspace();
  // One of several kinds of resource in workspace B, each carrying the marker; A has none of its own.
  const seeds: [string, unknown][] = [
    ['/api/v1/contacts', { email: `${MARKER}@example.com`, firstName: MARKER }],
    ['/api/v1/groups', { name: MARKER }],
    ['/api/v1/campaigns', { name: MARKER }],
    ['/api/v1/whatsapp/numbers', { name: MARKER, wabaId: '123', phoneNumberId: '456', accessToken: MARKER, appSecret: MARKER, verifyToken: `${MARKER}-verify` }],
  ];
  for (const [path, body] of seeds) {
    const r = await t.api('POST', path, { key: b.key, body });
    expect(r.status, path).toBeLessThan(300);
    bIds.add(r.body.data.id);
    bById[path] = r.body.data.id;
  }
  const doc = (await t.api('GET', '/api/openapi.json')).body as { paths: Record<string, Record<string, { 'x-access'?: string }>> };
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      ops.push({ method: method.toUpperCase(), path, access: op['x-access'], hasParams: /\{[^}]+\}/.test(path) });
    }
  }
});
afterAll(async () => {
  await t?.close();
});

/** Path parameters that name a row by id (`{id}`, `{contactId}`…); others such as `{key}` are not ids. */
const idRoute = (path: string) => [...path.matchAll(/\{([^}]+)\}/g)].every((m) => m[1] === 'id' || /Id$/.test(m[1]));
const fill = (path: string, id: number) => path.replace(/\{[^}]+\}/g, String(id));
const bodyFor = (method: string) => (method === 'GET' || method === 'DELETE' ? undefined : {});

describe('OpenAPI-generated security regression', () => {
  it('the document lists the API with the permission of each operation', () => {
    expect(ops.length).toBeGreaterThan(100);
    const withParams = ops.filter((o) => o.hasParams && o.path.startsWith('/api/v1/'));
    expect(withParams.length).toBeGreaterThan(50);
    expect(ops.filter((o) => o.path.startsWith('/api/v1/') && o.access === undefined).map((o) => `${o.method} ${o.path}`)).toEqual([]);
  });

  it("no route with an id answers 2xx or shows data when called with another workspace's ids", async () => {
    // sanity: B itself can read what it owns, so the ids are real
    expect((await t.api('GET', `/api/v1/groups/${bById['/api/v1/groups']}`, { key: b.key })).status).toBe(200);
    const leaks: string[] = [];
    for (const op of ops.filter((o) => o.hasParams && idRoute(o.path) && o.path.startsWith('/api/v1/') && o.access !== 'public')) {
      for (const id of bIds) {
        const r = await t.api(op.method, fill(op.path, id), { key: a.key, body: bodyFor(op.method) });
        const text = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
        if ((r.status >= 200 && r.status < 300) || r.status >= 500 || text.includes(MARKER)) leaks.push(`${op.method} ${op.path} id=${id} → ${r.status}`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('each role below the permission an operation declares gets 403', async () => {
    const keys: Partial<Record<Role, string>> = {};
    for (const role of ['viewer', 'editor', 'manager'] as Role[]) keys[role] = (await createApiKey(t.ctx, a.id, { name: role, role }, systemActor('test'), null)).key;
    const wrong: string[] = [];
    let checked = 0;
    for (const op of ops.filter((o) => o.path.startsWith('/api/v1/') && o.access && RANK[o.access])) {
      for (const role of ['viewer', 'editor', 'manager'] as Role[]) {
        if (ROLE_RANK[role] >= RANK[op.access!]) continue;
        const r = await t.api(op.method, fill(op.path, 1), { key: keys[role], body: bodyFor(op.method) });
        checked++;
        if (r.status !== 403) wrong.push(`${op.method} ${op.path} as ${role} → ${r.status}`);
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(wrong).toEqual([]);
  });
});
