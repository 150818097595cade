/** Import modes (quick, update, unsubscribe), conflicts and their resolution, UTF-16 text and an XLSX second sheet. */
import * as XLSX from '@e965/xlsx';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.js';
import type { JobRunner } from '../../../workers/runner.js';
import { startRunner, upload, waitForImport } from './helpers.js';

let t: TestApp;
let runner: JobRunner;
beforeAll(async () => {
  t = await startTestApp();
  runner = startRunner(t);
});
afterAll(async () => {
  await runner.stop();
  await t.close();
});

async function importText(key: string, name: string, bytes: Buffer | string, patch: Record<string, unknown> = {}) {
  const up = await upload(t, key, name, bytes);
  expect(up.status, JSON.stringify(up.body)).toBe(201);
  const id = up.body.data.id;
  if (Object.keys(patch).length) {
    const p = await t.api('PATCH', `/api/v1/imports/${id}`, { key, body: patch });
    expect(p.status, JSON.stringify(p.body)).toBe(200);
  }
  expect((await t.api('POST', `/api/v1/imports/${id}/start`, { key })).status).toBe(202);
  return waitForImport(t, key, id);
}

const contactsOf = (ws: number) =>
  t.ctx.db.selectFrom('contacts').select(['id', 'email', 'phone_e164', 'first_name', 'last_name', 'fields', 'email_status', 'whatsapp_status']).where('workspace_id', '=', ws).orderBy('id').execute();

it('quick mode adds existing contacts to the group without changing them; update mode changes mapped fields', async () => {
  const w = await t.workspace();
  await importText(w.key, 'a.csv', 'email,first name,phone\nann@example.com,Ann,0501234567\nbob@example.com,Bob,\n', { groupName: 'First' });
  const q = await importText(w.key, 'b.csv', 'email,first name\nANN@example.com,Annie\ncid@example.com,Cid\n', { groupName: 'Second', mode: 'quick' });
  expect(q.counts).toMatchObject({ records: 2, created: 1, updated: 0, addedToGroup: 2 });
  expect((await contactsOf(w.id)).find((c) => c.email === 'ann@example.com')!.first_name).toBe('Ann');

  const u = await importText(w.key, 'c.csv', 'phone,first name,last name\n+972501234567,Anna,Levi\nbob@example.com,x,y\n', { groupName: 'Second', mode: 'update' });
  // The second row has no valid phone: invalid. The first matches Ann by phone and updates her names.
  expect(u.counts).toMatchObject({ records: 2, created: 0, updated: 1, addedToGroup: 0, invalid: 1 });
  const ann = (await contactsOf(w.id)).find((c) => c.email === 'ann@example.com')!;
  expect([ann.first_name, ann.last_name]).toEqual(['Anna', 'Levi']);
  const again = await importText(w.key, 'c2.csv', 'phone,first name,last name\n+972501234567,Anna,Levi\n', { mode: 'update' });
  expect(again.counts).toMatchObject({ updated: 0 }); // nothing changed, nothing counted
});

it('a row whose email and phone belong to two contacts is a conflict, listed and resolvable by choosing the winner', async () => {
  const w = await t.workspace();
  await importText(w.key, 'a.csv', 'email,phone\ndan@example.com,\n,0529998877\n');
  const [dan, phoneOnly] = await contactsOf(w.id);
  const r = await importText(w.key, 'b.csv', 'email,phone,first name\ndan@example.com,052-999-8877,Dani\n', { groupName: 'G', mode: 'update' });
  expect(r.counts).toMatchObject({ records: 1, created: 0, updated: 0, conflicts: 1, addedToGroup: 0 });
  const issues = await t.api('GET', `/api/v1/imports/${r.id}/issues?kind=conflict`, { key: w.key });
  const issue = issues.body.data[0];
  expect(issue).toMatchObject({ kind: 'conflict', line: 2, emailContactId: dan.id, phoneContactId: phoneOnly.id, resolvedAt: null });
  const res = await t.api('POST', `/api/v1/imports/${r.id}/conflicts/${issue.id}/resolve`, { key: w.key, body: { winner: 'email' } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.data).toEqual({ contactId: dan.id, updated: true, addedToGroups: 1 });
  const after = await contactsOf(w.id);
  expect(after.find((c) => c.id === dan.id)).toMatchObject({ first_name: 'Dani', phone_e164: null });
  expect(after.find((c) => c.id === phoneOnly.id)).toMatchObject({ phone_e164: '+972529998877' });
  expect((await t.api('POST', `/api/v1/imports/${r.id}/conflicts/${issue.id}/resolve`, { key: w.key, body: { winner: 'phone' } })).status).toBe(409);
  const csv = await (await fetch(`${t.url}/api/v1/imports/${r.id}/rejected.csv`, { headers: { authorization: `Bearer ${w.key}` } })).text();
  expect(csv.trim().split('\r\n')).toHaveLength(1); // resolved conflicts are no longer rejected rows
});

it('an unsubscribe list unsubscribes matched contacts (consent source "import") and adds unknown ones as unsubscribed', async () => {
  const w = await t.workspace();
  await importText(w.key, 'a.csv', 'email\nstay@example.com\ngo@example.com\n');
  const r = await importText(w.key, 'unsub.csv', 'Email\nGO@example.com\nnew@example.com\n', { mode: 'unsubscribe' });
  expect(r.counts).toMatchObject({ records: 2, created: 1, updated: 1 });
  const cs = await contactsOf(w.id);
  expect(Object.fromEntries(cs.map((c) => [c.email, c.email_status]))).toEqual({
    'stay@example.com': 'subscribed',
    'go@example.com': 'unsubscribed',
    'new@example.com': 'unsubscribed',
  });
  const go = cs.find((c) => c.email === 'go@example.com')!;
  const consent = await t.ctx.db.selectFrom('consents').selectAll().where('contact_id', '=', go.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
  expect(consent).toMatchObject({ channel: 'email', status: 'unsubscribed', source: 'import', wording: 'Imported from unsub.csv' });
  // A contact the list created shows the import's shared record, with the status it was created with.
  const created = cs.find((c) => c.email === 'new@example.com')!;
  const card = (await t.api('GET', `/api/v1/contacts/${created.id}`, { key: w.key })).body.data;
  expect(card.consents).toMatchObject([{ channel: 'email', status: 'unsubscribed', source: 'import', wording: 'Imported from unsub.csv' }]);
  const supp = await t.ctx.db.selectFrom('suppressions').select(['channel', 'value', 'source']).where('workspace_id', '=', w.id).orderBy('value').execute();
  expect(supp).toEqual([
    { channel: 'email', value: 'go@example.com', source: 'import' },
    { channel: 'email', value: 'new@example.com', source: 'import' },
  ]);
});

it('reads a UTF-16 file with Hebrew headers and suggests the mapping from them', async () => {
  const w = await t.workspace();
  const text = '\uFEFFשם פרטי\tאימייל\tטלפון\nנועה\tnoa@example.com\t050-1112222\n';
  const up = await upload(t, w.key, 'hebrew.txt', Buffer.from(text, 'utf16le'), 'raw');
  expect(up.body.data).toMatchObject({ encoding: 'utf16le', delimiter: '\t', suggestedMapping: { 0: 'first_name', 1: 'email', 2: 'phone' } });
  await t.api('POST', `/api/v1/imports/${up.body.data.id}/start`, { key: w.key });
  const done = await waitForImport(t, w.key, up.body.data.id);
  expect(done.counts).toMatchObject({ created: 1 });
  expect(await contactsOf(w.id)).toMatchObject([{ email: 'noa@example.com', phone_e164: '+972501112222', first_name: 'נועה' }]);
});

it('imports the second sheet of a workbook when chosen; line numbers are sheet rows', async () => {
  const w = await t.workspace();
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['Notes'], ['nothing here']]), 'Cover');
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['Email', 'Name'], ['x1@example.com', 'Xena Warrior'], ['bad@', 'Bad'], ['x3@example.com', 'Xavier']]), 'People');
  const buf = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
  const up = await upload(t, w.key, 'book.xlsx', buf);
  expect(up.body.data).toMatchObject({ format: 'xlsx', sheets: ['Cover', 'People'], header: ['Notes'] });
  const p = await t.api('PATCH', `/api/v1/imports/${up.body.data.id}`, { key: w.key, body: { sheet: 'People' } });
  expect(p.body.data).toMatchObject({ sheet: 'People', header: ['Email', 'Name'], mapping: { 0: 'email', 1: 'full_name' } });
  await t.api('POST', `/api/v1/imports/${up.body.data.id}/start`, { key: w.key });
  const done = await waitForImport(t, w.key, up.body.data.id);
  expect(done.counts).toMatchObject({ records: 3, created: 2, invalid: 1 });
  const issues = await t.api('GET', `/api/v1/imports/${done.id}/issues`, { key: w.key });
  expect(issues.body.data.map((i: any) => [i.line, i.column])).toEqual([[3, 'Email']]);
  expect((await contactsOf(w.id))[0]).toMatchObject({ first_name: 'Xena', last_name: 'Warrior' });
});

it('refuses to start without an email or phone column and rejects unknown mapping targets', async () => {
  const w = await t.workspace();
  const up = await upload(t, w.key, 'n.csv', 'name,city\nA,B\n');
  expect((await t.api('POST', `/api/v1/imports/${up.body.data.id}/start`, { key: w.key })).status).toBe(400);
  const bad = await t.api('PATCH', `/api/v1/imports/${up.body.data.id}`, { key: w.key, body: { mapping: { 0: 'custom:nope' } } });
  expect(bad.status).toBe(400);
  expect(bad.body.error.field).toBe('mapping');
});
