/** The HTTP edge answers every error with a coded message (messageCode + params) beside the English message. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderMessage } from '../../common/messages/index.js';
import { startTestApp, type TestApp } from '../test/app.js';

let t: TestApp;
let key: string;
beforeAll(async () => {
  t = await startTestApp();
  key = (await t.workspace()).key;
});
afterAll(async () => t?.close());

describe('coded error answers', () => {
  it('a schema violation names the field and carries the code and limit', async () => {
    const r = await t.api('POST', '/api/v1/groups', { key, body: { name: 'x'.repeat(201) } });
    expect(r.status).toBe(400);
    expect(r.body.error).toEqual({
      code: 'validation_failed',
      field: 'name',
      message: 'name must be at most 200 characters long.',
      messageCode: 'validation.max_length',
      params: { field: 'name', limit: 200 },
    });
    expect(renderMessage({ code: r.body.error.messageCode, params: r.body.error.params }, 'he')).toBe('name יכול להכיל לכל היותר 200 תווים.');
  });

  it('a missing and an unknown field are coded too', async () => {
    const missing = await t.api('POST', '/api/v1/groups', { key, body: {} });
    expect([missing.body.error.messageCode, missing.body.error.field]).toEqual(['validation.required', 'name']);
    const unknown = await t.api('POST', '/api/v1/groups', { key, body: { name: 'A', colour: 'red' } });
    expect([unknown.body.error.messageCode, unknown.body.error.params]).toEqual(['validation.unknown_field', { field: 'colour' }]);
  });

  it('not found, unauthorized and unknown routes carry their codes', async () => {
    const nf = await t.api('GET', '/api/v1/groups/999999', { key });
    expect(nf.body.error).toMatchObject({ code: 'not_found', message: 'Group not found.', messageCode: 'error.not_found', params: { what: 'group' } });
    const anon = await t.api('GET', '/api/v1/groups');
    expect(anon.body.error).toMatchObject({ code: 'unauthorized', messageCode: 'error.unauthorized' });
    const route = await t.api('GET', '/api/v1/no-such-thing', { key });
    expect(route.body.error).toMatchObject({ messageCode: 'error.route_not_found', params: { method: 'GET', path: '/api/v1/no-such-thing' } });
  });
});
