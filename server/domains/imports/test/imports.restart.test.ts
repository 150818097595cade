/**
 * Restart safety: an import killed after some batches resumes from committed_record with exactly one copy of each
 * contact and exact counts — even when duplicates straddle the resume point (the dedupe set is rebuilt).
 */
import { createReadStream, readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.js';
import { runImport } from '../import-run.js';
import { expected, fixtureDir, fixtureNewFields, keySet, upload } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

// writers 2: a batch may still be in flight when the run dies after its second commit; it commits or not, and the
// rerun is exact either way.
it.each([1, 2])('a run that dies after two batches (%i writers), then a second run, gives exactly the expected contacts and counts', async (writers) => {
  const w = await t.workspace();
  const up = await upload(t, w.key, 'messy-contacts.csv', readFileSync(fixtureDir + 'messy-contacts.csv'));
  const id = up.body.data.id;
  await t.api('PATCH', `/api/v1/imports/${id}`, { key: w.key, body: { newFields: fixtureNewFields, groupName: 'G' } });
  expect((await t.api('POST', `/api/v1/imports/${id}/start`, { key: w.key })).status).toBe(202);
  const open = () => createReadStream(fixtureDir + 'messy-contacts.csv', { highWaterMark: 101 });

  let batches = 0;
  const crash = new Error('simulated crash after a committed batch');
  await expect(
    runImport(t.ctx, w.id, id, open, {
      batchSize: 7,
      writers,
      heartbeat: async () => {
        if (++batches === 2) throw crash; // the process dies right after its second commit
        return true;
      },
    }),
  ).rejects.toBe(crash);
  const mid = (await t.api('GET', `/api/v1/imports/${id}`, { key: w.key })).body.data;
  expect(mid.status).toBe('running');
  if (writers === 1) expect(mid.counts.records).toBe(14);
  else expect([14, 21]).toContain(mid.counts.records);

  // Same batch size as a real resume (IMPORT_BATCH is fixed); a rerun starts over the file and skips what is committed.
  expect(await runImport(t.ctx, w.id, id, open, { batchSize: 7, writers })).toBe('done');
  const done = (await t.api('GET', `/api/v1/imports/${id}`, { key: w.key })).body.data;
  expect(done.counts).toEqual({
    records: expected.records,
    created: expected.created,
    updated: 0,
    addedToGroup: expected.created,
    duplicatesInFile: expected.duplicates_in_file,
    invalid: expected.invalid,
    conflicts: 0,
  });
  const rows = await t.ctx.db.selectFrom('contacts').select(['email', 'phone_e164']).where('workspace_id', '=', w.id).execute();
  // Small batches put duplicates in later batches than their first occurrence: they fill in the first one's blanks.
  expect(keySet(rows.map((r) => ({ email: r.email, phone: r.phone_e164 })))).toEqual(keySet(expected.keys));
  const issues = await t.ctx.db.selectFrom('import_issues').select('line').where('import_id', '=', id).orderBy('line').execute();
  expect(issues.map((i) => i.line)).toEqual(expected.invalid_physical_lines);
  const members = await t.ctx.db.selectFrom('group_members').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', w.id).executeTakeFirstOrThrow();
  expect(Number(members.n)).toBe(expected.created);
  // The resumed run reuses the import's consent records: still one per channel, and every contact points at one.
  const consents = await t.ctx.db.selectFrom('consents').select(['id', 'import_id']).where('workspace_id', '=', w.id).execute();
  expect(consents.map((c) => Number(c.import_id))).toEqual([id, id]);
  const evidence = await t.ctx.db.selectFrom('contacts').select('consent_id').where('workspace_id', '=', w.id).execute();
  expect(evidence.filter((c) => !consents.some((x) => x.id === c.consent_id))).toEqual([]);
});

// writers 2: the batch in flight beside the one after which the cancel lands may commit first; nothing after it does.
it.each([1, 2])('a cancelled import (%i writers) stops at the next batch and keeps what it committed', async (writers) => {
  const w = await t.workspace();
  const csv = 'email\n' + Array.from({ length: 50 }, (_, i) => `c${i}@example.com`).join('\n') + '\n';
  const up = await upload(t, w.key, 'c.csv', csv);
  const id = up.body.data.id;
  await t.api('POST', `/api/v1/imports/${id}/start`, { key: w.key });
  let n = 0;
  const out = await runImport(t.ctx, w.id, id, () => [Buffer.from(csv)] as unknown as AsyncIterable<Buffer>, {
    batchSize: 10,
    writers,
    heartbeat: async () => {
      if (++n === 2) expect((await t.api('POST', `/api/v1/imports/${id}/cancel`, { key: w.key })).status).toBe(200);
      return true;
    },
  });
  expect(out).toBe('lost');
  const d = (await t.api('GET', `/api/v1/imports/${id}`, { key: w.key })).body.data;
  expect(d.status).toBe('cancelled');
  if (writers === 1) expect(d.counts.created).toBe(20);
  else expect([20, 30]).toContain(d.counts.created);
  const c = await t.ctx.db.selectFrom('contacts').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', w.id).executeTakeFirstOrThrow();
  expect(Number(c.n)).toBe(d.counts.created);
  expect(d.counts.records).toBe(d.counts.created);
});
