/** Exports through the real API and job runner: CSV and XLSX files, group/segment/status kinds, direct stream, isolation. */
import * as XLSX from '@e965/xlsx';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/app.js';
import type { JobRunner } from '../../workers/runner.js';
import { startRunner, upload, waitForImport } from '../imports/test/helpers.js';
import { exportJobHandlers } from './exports.jobs.js';

let t: TestApp;
let runner: JobRunner;
let w: { id: number; key: string; slug: string };
let groupId: number;

beforeAll(async () => {
  t = await startTestApp();
  runner = startRunner(t, exportJobHandlers);
  w = await t.workspace();
  const csv = 'email,first name,phone,city\nA@example.com,Ann,0501234567,"Tel Aviv, IL"\nb@example.com,=cmd(),,חיפה\nc@example.com,Cid,,\n';
  const up = await upload(t, w.key, 'seed.csv', csv);
  await t.api('PATCH', `/api/v1/imports/${up.body.data.id}`, { key: w.key, body: { groupName: 'Seed', newFields: [{ column: 3, key: 'city', label: 'City', type: 'text' }] } });
  await t.api('POST', `/api/v1/imports/${up.body.data.id}/start`, { key: w.key });
  const done = await waitForImport(t, w.key, up.body.data.id);
  groupId = done.groupIds[0];
  await t.ctx.db.updateTable('contacts').set({ email_status: 'unsubscribed' }).where('email', '=', 'c@example.com').execute();
  await t.ctx.db.insertInto('contacts').values({ workspace_id: w.id, email: 'outside@example.com', fields: '{}' }).execute();
});
afterAll(async () => {
  await runner.stop();
  await t.close();
});

async function finished(id: number) {
  for (let i = 0; i < 2400; i++) {
    const r = await t.api('GET', `/api/v1/exports/${id}`, { key: w.key });
    if (r.body.data.status === 'done' || r.body.data.status === 'failed') return r.body.data;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error('export did not finish');
}

const download = (id: number, key = w.key) => fetch(`${t.url}/api/v1/exports/${id}/download`, { headers: { authorization: `Bearer ${key}` } });

it('exports a group to CSV with custom fields, quoting and formula protection', async () => {
  const r = await t.api('POST', '/api/v1/exports', { key: w.key, body: { kind: 'group', groupId, format: 'csv', columns: ['email', 'first_name', 'phone', 'custom:city'] } });
  expect(r.status, JSON.stringify(r.body)).toBe(202);
  const e = await finished(r.body.data.id);
  expect(e).toMatchObject({ status: 'done', rowCount: 3 });
  const res = await download(e.id);
  expect(res.headers.get('content-disposition')).toContain(`contacts-group-${e.id}.csv`);
  const text = (await res.text()).replace(/^\uFEFF/, '');
  expect(text.split('\r\n')).toEqual([
    'Email,First name,Phone,City',
    'a@example.com,Ann,"+972501234567","Tel Aviv, IL"',
    "b@example.com,'=cmd(),,חיפה",
    'c@example.com,Cid,,',
    '',
  ]);
});

it('exports unsubscribed contacts to XLSX', async () => {
  const r = await t.api('POST', '/api/v1/exports', { key: w.key, body: { kind: 'unsubscribed', format: 'xlsx' } });
  const e = await finished(r.body.data.id);
  expect(e.rowCount).toBe(1);
  const wb = XLSX.read(Buffer.from(await (await download(e.id)).arrayBuffer()), { type: 'buffer' });
  const rows = XLSX.utils.sheet_to_json<Record<string, string>>(wb.Sheets.Contacts);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ Email: 'c@example.com', 'Email status': 'unsubscribed' });
});

it('exports a segment, and streams a group directly as CSV', async () => {
  const seg = await t.api('POST', '/api/v1/segments', { key: w.key, body: { name: 'A only', filter: { op: 'and', rules: [{ kind: 'field', field: 'email', operator: 'starts_with', value: 'a' }] } } });
  expect(seg.status, JSON.stringify(seg.body)).toBe(201);
  const r = await t.api('POST', '/api/v1/exports', { key: w.key, body: { kind: 'segment', segmentId: seg.body.data.id, format: 'csv', columns: ['email'] } });
  const e = await finished(r.body.data.id);
  expect((await (await download(e.id)).text()).replace(/^\uFEFF/, '').trim().split('\r\n')).toEqual(['Email', 'a@example.com']);
  const direct = await fetch(`${t.url}/api/v1/contacts/export.csv?groupId=${groupId}`, { headers: { authorization: `Bearer ${w.key}` } });
  expect(direct.status).toBe(200);
  const lines = (await direct.text()).trim().split('\r\n');
  expect(lines).toHaveLength(4); // header + 3 members; the contact outside the group is not in it
  const all = await fetch(`${t.url}/api/v1/contacts/export.csv`, { headers: { authorization: `Bearer ${w.key}` } });
  expect((await all.text()).trim().split('\r\n')).toHaveLength(5);
});

it("keeps exports private to their workspace: another workspace gets 404 for the export and for the group", async () => {
  const other = await t.workspace();
  const r = await t.api('POST', '/api/v1/exports', { key: w.key, body: { kind: 'all', format: 'csv' } });
  const e = await finished(r.body.data.id);
  expect((await t.api('GET', `/api/v1/exports/${e.id}`, { key: other.key })).status).toBe(404);
  expect((await download(e.id, other.key)).status).toBe(404);
  expect((await t.api('POST', '/api/v1/exports', { key: other.key, body: { kind: 'group', groupId, format: 'csv' } })).status).toBe(404);
  const direct = await fetch(`${t.url}/api/v1/contacts/export.csv?groupId=${groupId}`, { headers: { authorization: `Bearer ${other.key}` } });
  expect(direct.status).toBe(404);
});
