/**
 * Coded messages survive the HTTP edge: a pre-flight finding arrives with its code and params (the response
 * schema names them, so Fastify's serializer keeps them) and renders in Hebrew; a session error and a schema
 * validation failure carry a messageCode naming the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderMessage, type Params } from '../../../common/messages/index.js';
import { startTestApp, type TestApp } from '../../test/app.js';
import { SIMPLE_MJML } from '../../domains/campaigns/test-fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

const HEBREW = /[\u0590-\u05FF]/;

describe('coded messages on the wire', () => {
  it('sends pre-flight findings with code and params, renderable in Hebrew', async () => {
    const ws = await t.workspace();
    const source = SIMPLE_MJML.replace('</mj-text>', '<a href="http://exa mple">x</a></mj-text>');
    const r = await t.api('POST', '/api/v1/templates/preflight', { key: ws.key, body: { format: 'mjml', source, subject: '' } });
    expect(r.status).toBe(200);
    const all = [...r.body.data.errors, ...r.body.data.warnings] as Array<{ code: string; params?: Params; message: string }>;
    expect(all.map((f) => f.code)).toContain('preflight.subject_missing');
    const link = all.find((f) => f.code === 'preflight.link_malformed');
    expect(link?.params).toEqual({ href: 'http://exa mple' });
    expect(renderMessage(link!, 'he')).toBe('הקישור "http://exa mple" אינו כתובת אינטרנט תקינה.');
  });

  it('codes session errors and schema validation failures', async () => {
    const r = await t.api('GET', '/api/v1/templates', { key: 'not-a-key' });
    expect(r.status).toBe(401);
    expect(r.body.error.messageCode).toMatch(/^session\.|^error\./);
    const ws = await t.workspace();
    const v = await t.api('POST', '/api/v1/templates', { key: ws.key, body: { channel: 'email', name: 'x', format: 'nope', source: '', subject: 's' } });
    expect(v.status).toBe(400);
    expect(v.body.error.messageCode).toMatch(/^validation\./);
    expect(v.body.error.field).toBeTruthy();
    expect(renderMessage({ code: v.body.error.messageCode, params: v.body.error.params }, 'he')).toMatch(HEBREW);
  });
});
