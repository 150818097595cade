/**
 * In-file duplicates: later non-empty values win field by field, an empty one keeps the earlier value, and the
 * report (GET /imports/:id/merges, over real HTTP) lists which line was merged into which — within one batch and
 * across batches (the cross-batch merge runs the same import code with a batch of two records).
 */
import { Readable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.js';
import type { JobRunner } from '../../../workers/runner.js';
import { runImport } from '../import-run.js';
import * as repo from '../imports.repo.js';
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

const CSV = [
  'email,first name,last name,phone',
  'ann@example.com,Ann,,',
  'bob@example.com,Bob,Cohen,0501234567',
  'ANN@example.com,,Levi,0527654321',
  '"carol@example.com","Car\nol",,',
  'not an email,,,',
  ',Robert,,050-123-4567',
  'ann@example.com,Anna,,',
].join('\n');
// Physical lines: header 1, ann 2, bob 3, ANN 4, carol 5–6, invalid 7, Robert 8, Anna 9.

const contactsOf = (ws: number) =>
  t.ctx.db.selectFrom('contacts').select(['email', 'phone_e164', 'first_name', 'last_name']).where('workspace_id', '=', ws).orderBy('email').execute();

it('merges later non-empty values into the first occurrence and reports each merged line', async () => {
  const w = await t.workspace();
  const up = await upload(t, w.key, 'dups.csv', CSV);
  expect(up.status, JSON.stringify(up.body)).toBe(201);
  const id = up.body.data.id;
  expect((await t.api('POST', `/api/v1/imports/${id}/start`, { key: w.key })).status).toBe(202);
  const done = await waitForImport(t, w.key, id);
  expect(done.status).toBe('done');
  expect(done.counts).toMatchObject({ created: 3, duplicatesInFile: 3 });
  const cs = await contactsOf(w.id);
  expect(cs.find((c) => c.email === 'ann@example.com')).toMatchObject({ first_name: 'Anna', last_name: 'Levi', phone_e164: '+972527654321' });
  expect(cs.find((c) => c.email === 'bob@example.com')).toMatchObject({ first_name: 'Robert', last_name: 'Cohen' });
  const m = await t.api('GET', `/api/v1/imports/${id}/merges`, { key: w.key });
  expect(m.status).toBe(200);
  expect(m.body.data).toEqual([
    { line: 4, intoLine: 2 },
    { line: 8, intoLine: 3 },
    { line: 9, intoLine: 2 },
  ]);
  const p1 = await t.api('GET', `/api/v1/imports/${id}/merges?limit=2`, { key: w.key });
  expect(p1.body.meta.nextCursor).toBe('8');
  const p2 = await t.api('GET', `/api/v1/imports/${id}/merges?limit=2&cursor=8`, { key: w.key });
  expect(p2.body.data).toEqual([{ line: 9, intoLine: 2 }]);
  // Another workspace cannot read them.
  const other = await t.workspace();
  expect((await t.api('GET', `/api/v1/imports/${id}/merges`, { key: other.key })).status).toBe(404);
});

it('merges the same way when the first occurrence was written by an earlier batch', async () => {
  const w = await t.workspace();
  const up = await upload(t, w.key, 'dups.csv', CSV);
  const id = up.body.data.id as number;
  const imp = (await repo.findImport(t.ctx.db, w.id, id))!;
  await t.ctx.db.updateTable('imports').set({ status: 'queued' }).where('id', '=', id).execute();
  const out = await runImport(t.ctx, w.id, imp.id, () => Readable.from([Buffer.from(CSV)]), { batchSize: 2 });
  expect(out).toBe('done');
  const cs = await contactsOf(w.id);
  expect(cs.find((c) => c.email === 'ann@example.com')).toMatchObject({ first_name: 'Anna', last_name: 'Levi', phone_e164: '+972527654321' });
  expect(cs.find((c) => c.email === 'bob@example.com')).toMatchObject({ first_name: 'Robert', last_name: 'Cohen' });
  const m = await t.api('GET', `/api/v1/imports/${id}/merges`, { key: w.key });
  expect(m.body.data).toEqual([
    { line: 4, intoLine: 2 },
    { line: 8, intoLine: 3 },
    { line: 9, intoLine: 2 },
  ]);
});
