import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/app.js';

let t: TestApp;
let owner: { id: number; slug: string; key: string };
let editorKey: string;
let managerKey: string;

beforeAll(async () => {
  t = await startTestApp();
  owner = await t.workspace();
  const { createApiKey } = await import('../auth/auth.service.js');
  const { systemActor } = await import('../audit/index.js');
  editorKey = (await createApiKey(t.ctx, owner.id, { name: 'ed', role: 'editor' }, systemActor('test'), null)).key;
  managerKey = (await createApiKey(t.ctx, owner.id, { name: 'mg', role: 'manager' }, systemActor('test'), null)).key;
});
afterAll(() => t.close());

describe('landing pages', () => {
  it('offers at least 8 templates in English and Hebrew', async () => {
    const r = await t.api('GET', '/api/v1/page-templates', { key: editorKey });
    const ids = new Set(r.body.data.map((x: { id: string }) => x.id));
    expect(ids.size).toBeGreaterThanOrEqual(8);
    expect(r.body.data.filter((x: { lang: string }) => x.lang === 'he')).toHaveLength(ids.size);
  });

  it('an editor builds from a template; only a manager publishes; the page is served RTL, sandboxed, and paused shows its message', async () => {
    const created = await t.api('POST', '/api/v1/pages', { key: editorKey, body: { name: 'כנס', slug: 'kenes', lang: 'he', templateId: 'event', settings: { pausedMessage: 'ההרשמה מושהית' } } });
    expect(created.status).toBe(201);
    const id = created.body.data.id;
    expect((await fetch(`${t.url}/p/${owner.slug}/kenes`)).status).toBe(404);
    expect((await t.api('POST', `/api/v1/pages/${id}/publish`, { key: editorKey })).status).toBe(403);
    const pub = await t.api('POST', `/api/v1/pages/${id}/publish`, { key: managerKey });
    expect(pub.body.data).toMatchObject({ status: 'published', publishedVersion: 1 });
    const res = await fetch(`${t.url}/p/${owner.slug}/kenes`);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('dir="rtl"');
    expect(html).toContain('הצטרפו אלינו לאירוע');
    expect(res.headers.get('content-security-policy')).toContain('sandbox');
    // A saved change is a new version but visitors keep seeing the published one until it is published again.
    await t.api('PATCH', `/api/v1/pages/${id}`, { key: editorKey, body: { html: '<h1>גרסה 2</h1>' } });
    expect(await (await fetch(`${t.url}/p/${owner.slug}/kenes`)).text()).toContain('הצטרפו אלינו לאירוע');
    const versions = (await t.api('GET', `/api/v1/pages/${id}/versions`, { key: editorKey })).body.data;
    expect(versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const restored = await t.api('POST', `/api/v1/pages/${id}/versions/1/restore`, { key: editorKey });
    expect(restored.body.data.version).toBe(3);
    expect(restored.body.data.html).toContain('הצטרפו אלינו לאירוע');
    await t.api('POST', `/api/v1/pages/${id}/pause`, { key: managerKey });
    const paused = await fetch(`${t.url}/p/${owner.slug}/kenes`);
    expect(paused.status).toBe(503);
    expect(await paused.text()).toContain('ההרשמה מושהית');
  });

  it('only owners set the custom head; copy makes a draft; a deleted page stops being served at once', async () => {
    const id = (await t.api('POST', '/api/v1/pages', { key: editorKey, body: { name: 'Promo', slug: 'promo', templateId: 'coupon' } })).body.data.id;
    expect((await t.api('PATCH', `/api/v1/pages/${id}`, { key: managerKey, body: { settings: { customHead: '<script>x()</script>' } } })).status).toBe(403);
    expect((await t.api('PATCH', `/api/v1/pages/${id}`, { key: owner.key, body: { settings: { customHead: '<meta name="x" content="y">', ga4Id: 'G-ABC1234', noindex: true } } })).status).toBe(200);
    await t.api('POST', `/api/v1/pages/${id}/publish`, { key: owner.key });
    const html = await (await fetch(`${t.url}/p/${owner.slug}/promo`)).text();
    expect(html).toContain('<meta name="x" content="y">');
    expect(html).toContain('googletagmanager.com/gtag/js?id=G-ABC1234');
    expect(html).toContain('noindex');
    const copy = await t.api('POST', `/api/v1/pages/${id}/copy`, { key: editorKey });
    expect(copy.body.data).toMatchObject({ slug: 'promo-copy', status: 'draft' });
    expect((await t.api('DELETE', `/api/v1/pages/${id}`, { key: editorKey })).status).toBe(204);
    expect((await fetch(`${t.url}/p/${owner.slug}/promo`)).status).toBe(404);
    expect((await t.api('POST', `/api/v1/pages/${id}/restore`, { key: editorKey })).status).toBe(204);
  });
});
