/**
 * Templates over HTTP: every save keeps a version (list, view, restore), preview as a chosen contact, test send to a
 * real loopback SMTP server (at most 10 addresses), the media library (PNG/JPG/GIF ≤ 1.5 MB by their bytes, served
 * publicly at a stable URL), and tenant isolation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/app.js';
import { setupSending, SIMPLE_MJML } from '../campaigns/test-fixtures.js';
import { startTestSmtpServer, type TestSmtpServer } from '../channels/email/smtp/test-smtp-server.js';

let t: TestApp;
let smtp: TestSmtpServer;
beforeAll(async () => {
  t = await startTestApp();
  smtp = await startTestSmtpServer({ keepRaw: true });
});
afterAll(async () => {
  await smtp?.close();
  await t?.close();
});

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 1)]);

async function upload(key: string, bytes: Buffer, name: string) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  const res = await fetch(`${t.url}/api/v1/media`, { method: 'POST', headers: { authorization: `Bearer ${key}` }, body: form });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: res.status, body: (await res.json()) as any };
}

describe('templates', () => {
  it('keeps a version per save and restores an old one as the newest', async () => {
    const ws = await t.workspace();
    const c = await t.api('POST', '/api/v1/templates', { key: ws.key, body: { channel: 'email', name: 'News', format: 'mjml', source: SIMPLE_MJML, subject: 'v1', project: { pages: [] } } });
    expect(c.status).toBe(201);
    expect(c.body.data).toMatchObject({ version: 1, subject: 'v1', project: { pages: [] }, dir: 'ltr' });
    const id = c.body.data.id;
    await t.api('PUT', `/api/v1/templates/${id}`, { key: ws.key, body: { subject: 'v2' } });
    const s3 = await t.api('PUT', `/api/v1/templates/${id}`, { key: ws.key, body: { subject: 'v3', dir: 'rtl' } });
    expect(s3.body.data).toMatchObject({ version: 3, subject: 'v3', dir: 'rtl' });
    const versions = await t.api('GET', `/api/v1/templates/${id}/versions`, { key: ws.key });
    expect(versions.body.data.map((v: { version: number; subject: string }) => [v.version, v.subject])).toEqual([[3, 'v3'], [2, 'v2'], [1, 'v1']]);
    expect((await t.api('GET', `/api/v1/templates/${id}/versions/1`, { key: ws.key })).body.data.subject).toBe('v1');
    const restored = await t.api('POST', `/api/v1/templates/${id}/versions/1/restore`, { key: ws.key });
    expect(restored.body.data).toMatchObject({ version: 4, subject: 'v1', dir: 'ltr' });
    const list = await t.api('GET', '/api/v1/templates?channel=email', { key: ws.key });
    expect(list.body.data).toHaveLength(1);
  });

  it('previews as a chosen contact and test-sends to at most 10 addresses through the workspace SMTP server', async () => {
    const ws = await t.workspace();
    await setupSending(t.ctx, ws.id, smtp.port);
    const contact = await t.ctx.db.insertInto('contacts').values({ workspace_id: ws.id, email: 'dana@x.test', first_name: 'Dana', fields: JSON.stringify({ city: 'Haifa' }) }).returning('id').executeTakeFirstOrThrow();
    const tpl = (await t.api('POST', '/api/v1/templates', { key: ws.key, body: { name: 'P', source: SIMPLE_MJML, subject: 'Hi {{ contact.first_name }}' } })).body.data;
    const p = await t.api('POST', `/api/v1/templates/${tpl.id}/preview`, { key: ws.key, body: { contactId: contact.id } });
    expect(p.body.data.subject).toBe('Hi Dana');
    expect(p.body.data.html).toContain('Hello Dana from Haifa');
    const unsaved = await t.api('POST', '/api/v1/templates/preview', { key: ws.key, body: { format: 'html', source: '<p>{{ contact.first_name | default: "friend" }}</p>', subject: 's' } });
    expect(unsaved.body.data.html).toContain('Sample');
    const broken = await t.api('POST', '/api/v1/templates/preview', { key: ws.key, body: { format: 'html', source: '<p>{% if %}</p>', subject: 's' } });
    expect(broken.status).toBe(400);

    const sent = await t.api('POST', `/api/v1/templates/${tpl.id}/test-send`, { key: ws.key, body: { emails: ['a@qa.test', 'b@qa.test'], contactId: contact.id } });
    expect(sent.body.data).toEqual({ sent: 2, failed: [] });
    const got = smtp.received.filter((r) => r.to.endsWith('@qa.test'));
    expect(got.map((r) => r.to).sort()).toEqual(['a@qa.test', 'b@qa.test']);
    expect(got[0].raw.toString('latin1')).toMatch(/Subject: \[Test\] Hi Dana/);
    const eleven = Array.from({ length: 11 }, (_, i) => `u${i}@qa.test`);
    expect((await t.api('POST', `/api/v1/templates/${tpl.id}/test-send`, { key: ws.key, body: { emails: eleven } })).status).toBe(400);
  });

  it('accepts PNG/JPG/GIF up to 1.5 MB by their bytes, refuses others clearly, and serves them publicly', async () => {
    const ws = await t.workspace();
    const ok = await upload(ws.key, PNG, 'Logo Final.png');
    expect(ok.status).toBe(201);
    expect(ok.body.data).toMatchObject({ name: 'Logo-Final.png', contentType: 'image/png', size: PNG.length });
    const url = new URL(ok.body.data.url);
    expect(url.pathname).toBe(`/media/${ws.slug}/${ok.body.data.id}/Logo-Final.png`);
    const res = await fetch(`${t.url}${url.pathname}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('cache-control')).toMatch(/public/);
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);
    expect((await fetch(`${t.url}/media/${ws.slug}/${ok.body.data.id}/other.png`)).status).toBe(404);

    const gif = await upload(ws.key, Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(50)]), 'a.gif');
    expect(gif.body.data.contentType).toBe('image/gif');
    const jpg = await upload(ws.key, Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(50)]), 'photo.jpeg');
    expect(jpg.body.data).toMatchObject({ contentType: 'image/jpeg', name: 'photo.jpg' });
    const svg = await upload(ws.key, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>'), 'x.png');
    expect(svg.status).toBe(400);
    expect(svg.body.error.message).toMatch(/Only PNG, JPG and GIF/);
    const big = await upload(ws.key, Buffer.concat([PNG, Buffer.alloc(1.5 * 1024 * 1024)]), 'big.png');
    expect(big.status).toBe(400);
    expect(big.body.error.message).toMatch(/larger than 1\.5 MB/);
    const list = await t.api('GET', '/api/v1/media', { key: ws.key });
    expect(list.body.data).toHaveLength(3);
  });

  it('hides other workspaces’ templates and media (404)', async () => {
    const a = await t.workspace();
    const b = await t.workspace();
    const tpl = (await t.api('POST', '/api/v1/templates', { key: a.key, body: { name: 'A', source: SIMPLE_MJML } })).body.data;
    for (const [m, p] of [['GET', ''], ['PUT', ''], ['GET', '/versions'], ['POST', '/copy'], ['DELETE', '']] as const) {
      expect((await t.api(m, `/api/v1/templates/${tpl.id}${p}`, { key: b.key, body: m === 'PUT' ? { subject: 'x' } : undefined })).status, `${m} ${p}`).toBe(404);
    }
    const img = (await upload(a.key, PNG, 'a.png')).body.data;
    expect((await t.api('DELETE', `/api/v1/media/${img.id}`, { key: b.key })).status).toBe(404);
    expect((await fetch(`${t.url}/media/${b.slug}/${img.id}/a.png`)).status).toBe(404);
    expect((await t.api('GET', '/api/v1/templates', { key: b.key })).body.data).toEqual([]);
  });
});
