/**
 * Issue 10 §5 at the HTTP edge, over real HTTP: security headers on API, public and webhook answers; HSTS with an
 * https public URL; authentication and the role check before body validation; NUL bytes in body, query and
 * nested filter values answered 400 naming the field; /metrics not public.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_METRICS_TOKEN, type TestApp } from '../app.js';

let t: TestApp;
let https: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  https = await startTestApp({ CLARION_PUBLIC_URL: 'https://clarion.example.com' });
});
afterAll(async () => {
  await t?.close();
  await https?.close();
});

describe('security headers', () => {
  it('API answers, errors and the webhook handshake carry nosniff, a referrer policy, no framing and a CSP', async () => {
    const ws = await t.workspace();
    for (const [path, key] of [['/api/v1/contacts', ws.key], ['/api/v1/contacts', undefined], ['/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=x&hub.challenge=1', undefined], ['/healthz', undefined]] as const) {
      const r = await t.api('GET', path, { key });
      expect(r.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(r.headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin');
      expect(r.headers.get('x-frame-options'), path).toBe('DENY');
      expect(r.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
      expect(r.headers.get('strict-transport-security'), path).toBeNull();
    }
  });
  it('HSTS is sent when the public URL is https', async () => {
    const r = await https.api('GET', '/healthz');
    expect(r.headers.get('strict-transport-security')).toBe('max-age=31536000');
  });
});

describe('authentication and authorisation before validation', () => {
  it('a caller without a key, or with a role below the route, gets 401/403 rather than a detailed 400', async () => {
    const ws = await t.workspace();
    const viewer = await t.workspace(undefined, 'viewer');
    const noKey = await t.api('POST', '/api/v1/groups', { body: { nonsense: true } });
    expect(noKey.status).toBe(401);
    const low = await t.api('POST', '/api/v1/groups', { key: viewer.key, body: { nonsense: true } });
    expect(low.status).toBe(403);
    expect(JSON.stringify(low.body)).not.toContain('nonsense');
    const owner = await t.api('POST', '/api/v1/groups', { key: ws.key, body: { nonsense: true } });
    expect(owner.status).toBe(400);
  });
});

describe('NUL bytes', () => {
  it('in a body field, a query parameter or a nested filter value: 400 naming the field', async () => {
    const ws = await t.workspace();
    const body = await t.api('POST', '/api/v1/groups', { key: ws.key, body: { name: 'VIP\u0000' } });
    expect(body.status).toBe(400);
    expect(body.body.error).toMatchObject({ code: 'validation_failed', field: 'name', messageCode: 'validation.nul_byte' });
    const query = await t.api('GET', `/api/v1/contacts?search=${encodeURIComponent('a\u0000b')}`, { key: ws.key });
    expect(query.status).toBe(400);
    expect(query.body.error.field).toBe('search');
    const nested = await t.api('POST', '/api/v1/segments', { key: ws.key, body: { name: 's', filter: { op: 'and', conditions: [{ field: 'email', op: 'contains', value: 'x\u0000' }] } } });
    expect(nested.status).toBe(400);
    expect(nested.body.error.field).toBe('filter.conditions.0.value');
  });
});

describe('/metrics', () => {
  it('is not served without the token, and is with it', async () => {
    const none = await fetch(`${t.url}/metrics`);
    expect(none.status).toBe(404);
    const wrong = await fetch(`${t.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-wrong-token' } });
    expect(wrong.status).toBe(404);
    const ok = await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('clarion_http_requests_total');
  });
});
