/**
 * The shared messy-contacts fixtures imported through the real HTTP API and the background job must give exactly
 * the counts and line numbers of messy-contacts.expected.json — CSV, semicolon CSV and XLSX alike.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.js';
import type { JobRunner } from '../../../workers/runner.js';
import { expected, fixtureDir, fixtureNewFields, keySet, startRunner, upload, waitForImport } from './helpers.js';

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

describe('import of the messy-contacts fixtures over HTTP', () => {
  for (const [name, how] of [
    ['messy-contacts.csv', 'multipart'],
    ['messy-contacts-semicolon.csv', 'raw'],
    ['messy-contacts.xlsx', 'multipart'],
  ] as const) {
    it(`${name}: upload → preview → mapping with new fields → start → report matches expected.json`, async () => {
      const w = await t.workspace();
      const up = await upload(t, w.key, name, readFileSync(fixtureDir + name), how);
      expect(up.status).toBe(201);
      const d = up.body.data;
      expect(d.status).toBe('draft');
      expect(d.format).toBe(name.endsWith('.xlsx') ? 'xlsx' : 'csv');
      if (name.includes('semicolon')) expect(d.delimiter).toBe(';');
      expect(d.header).toEqual(['First Name', 'Last Name', 'E-mail', 'Phone', 'Birthday', 'City', 'Tags', 'Notes']);
      expect(d.preview).toHaveLength(20);
      expect(d.suggestedMapping).toMatchObject({ 0: 'first_name', 1: 'last_name', 2: 'email', 3: 'phone', 4: null });

      const patch = await t.api('PATCH', `/api/v1/imports/${d.id}`, {
        key: w.key,
        body: { newFields: fixtureNewFields, groupName: 'Imported', defaultCountry: 'IL', mode: 'quick' },
      });
      expect(patch.status).toBe(200);
      expect(patch.body.data.mapping).toMatchObject({ 4: 'custom:birthday', 7: 'custom:notes' });
      expect(patch.body.data.groupIds).toHaveLength(1);

      const st = await t.api('POST', `/api/v1/imports/${d.id}/start`, { key: w.key });
      expect(st.status).toBe(202);
      const done = await waitForImport(t, w.key, d.id);
      expect(done.status).toBe('done');
      expect(done.counts).toEqual({
        records: expected.records,
        created: expected.created,
        updated: 0,
        addedToGroup: expected.created,
        duplicatesInFile: expected.duplicates_in_file,
        invalid: expected.invalid,
        conflicts: 0,
      });
      expect(done.progress).toMatchObject({ processedRecords: expected.records, totalRecords: expected.records, percent: 100 });

      const issues = await t.api('GET', `/api/v1/imports/${d.id}/issues?kind=invalid`, { key: w.key });
      const lines = issues.body.data.map((i: any) => i.line);
      expect(lines).toEqual(name.endsWith('.xlsx') ? expected.invalid_record_rows.map((n) => n + 1) : expected.invalid_physical_lines);
      expect(issues.body.data.every((i: any) => i.column === 'E-mail')).toBe(true);

      const rows = await t.ctx.db.selectFrom('contacts').select(['id', 'email', 'phone_e164', 'fields', 'source', 'consent_id']).where('workspace_id', '=', w.id).execute();
      expect(keySet(rows.map((r) => ({ email: r.email, phone: r.phone_e164 })))).toEqual(keySet(expected.keys));
      const noa = rows.find((r) => r.email === 'user.0.7@example.com')!;
      // Line 39 ("Noa,Dup,User.0.7@Example.Com,,,,,duplicate row") is the same contact as line 6: its non-empty
      // values win field by field, its empty cells keep line 6's.
      expect(noa.fields).toEqual({ birthday: '1977-02-02', city: 'באר שבע', tags: ['students'], notes: 'duplicate row' });
      const merges = await t.api('GET', `/api/v1/imports/${d.id}/merges?limit=1000`, { key: w.key });
      expect(merges.body.data).toHaveLength(expected.duplicates_in_file);
      if (!name.endsWith('.xlsx')) expect(merges.body.data).toContainEqual({ line: 39, intoLine: 6 });
      // Consent evidence: one record per channel for the whole import, and every created contact points at its own.
      const shared = await t.ctx.db.selectFrom('consents').select(['id', 'channel', 'status', 'source', 'wording', 'contact_id', 'import_id']).where('workspace_id', '=', w.id).execute();
      expect(shared.map((c) => `${c.channel}:${c.status}`).sort()).toEqual(['email:subscribed', 'whatsapp:unknown']);
      expect(shared.every((c) => c.source === 'import' && c.wording === `Imported from ${name}` && c.contact_id === null && Number(c.import_id) === d.id)).toBe(true);
      const recordOf = (channel: string) => Number(shared.find((c) => c.channel === channel)!.id);
      expect(rows.filter((r) => Number(r.consent_id) !== recordOf(r.email ? 'email' : 'whatsapp'))).toEqual([]);
      const card = (await t.api('GET', `/api/v1/contacts/${noa.id}`, { key: w.key })).body.data;
      expect(card.consents).toMatchObject([{ channel: 'email', status: 'subscribed', source: 'import', wording: `Imported from ${name}` }]);

      const csv = await fetch(`${t.url}/api/v1/imports/${d.id}/rejected.csv`, { headers: { authorization: `Bearer ${w.key}` } });
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-disposition')).toContain('rejected.csv');
      const text = (await csv.text()).replace(/^\uFEFF/, '');
      const csvLines = text.trim().split('\r\n');
      expect(csvLines[0]).toBe('First Name,Last Name,E-mail,Phone,Birthday,City,Tags,Notes,line,column,reason');
      expect(text).toContain('The row has neither an email address nor a phone number');

      const again = await t.api('POST', `/api/v1/imports/${d.id}/start`, { key: w.key });
      expect(again.status).toBe(409);
    });
  }

  it('lists the archive and keeps imports of one workspace away from another (404, never 403)', async () => {
    const a = await t.workspace();
    const b = await t.workspace();
    const up = await upload(t, b.key, 'b.csv', 'email\nb1@example.com\n');
    const id = up.body.data.id;
    for (const [m, p] of [
      ['GET', `/api/v1/imports/${id}`],
      ['GET', `/api/v1/imports/${id}/issues`],
      ['GET', `/api/v1/imports/${id}/rejected.csv`],
      ['PATCH', `/api/v1/imports/${id}`],
      ['POST', `/api/v1/imports/${id}/start`],
      ['POST', `/api/v1/imports/${id}/cancel`],
      ['POST', `/api/v1/imports/${id}/conflicts/1/resolve`],
    ]) {
      const body = m === 'PATCH' ? { mode: 'update' } : p.endsWith('resolve') ? { winner: 'email' } : undefined;
      const r = await t.api(m, p, { key: a.key, body });
      expect(r.status, `${m} ${p}`).toBe(404);
    }
    const listA = await t.api('GET', '/api/v1/imports', { key: a.key });
    expect(listA.body.data).toEqual([]);
    const listB = await t.api('GET', '/api/v1/imports', { key: b.key });
    expect(listB.body.data.map((i: any) => i.id)).toEqual([id]);
  });
});
