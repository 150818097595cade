/**
 * Two batches in the database at once (PostgreSQL): they commit in file order, a batch that shares an existing
 * contact with the one before waits for it, and a batch that trips over a contact created meanwhile is written again
 * alone. On PGlite the same runs use one writer, so the results must be the same there too.
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.js';
import { runImport } from '../import-run.js';
import { upload } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

async function startedImport(key: string, csv: string, patch: Record<string, unknown>) {
  const up = await upload(t, key, 'p.csv', csv);
  const id = up.body.data.id as number;
  expect((await t.api('PATCH', `/api/v1/imports/${id}`, { key, body: patch })).status).toBe(200);
  expect((await t.api('POST', `/api/v1/imports/${id}/start`, { key })).status).toBe(202);
  return id;
}

const snapshot = (ws: number) =>
  t.ctx.db
    .selectFrom('contacts')
    .select(['email', 'phone_e164', 'first_name', 'last_name', 'email_status'])
    .where('workspace_id', '=', ws)
    .orderBy('email')
    .execute();

/** Imports `seed` into a new workspace, then `file` in update mode in batches of 2 with `writers`: counts and contacts. */
async function seedThenUpdate(seed: string, file: string, writers: number) {
  const w = await t.workspace();
  const s = await startedImport(w.key, seed, { groupName: 'Seed' });
  expect(await runImport(t.ctx, w.id, s, () => [Buffer.from(seed)] as unknown as AsyncIterable<Buffer>)).toBe('done');
  const id = await startedImport(w.key, file, { groupName: 'G', mode: 'update' });
  expect(await runImport(t.ctx, w.id, id, () => [Buffer.from(file)] as unknown as AsyncIterable<Buffer>, { batchSize: 2, writers })).toBe('done');
  const d = (await t.api('GET', `/api/v1/imports/${id}`, { key: w.key })).body.data;
  return { counts: d.counts, contacts: await snapshot(w.id) };
}

it('update mode: batches matching the same existing contacts by different keys give the one-writer result', async () => {
  // Batch 1 matches Ann by email and Bob by phone, batch 2 Ann by phone and Bob by email: two writers must not
  // deadlock and must apply the rows in file order, exactly as one writer does.
  const seed = 'email,phone,first name\nann@example.com,0501111111,Ann\nbob@example.com,0502222222,Bob\n';
  const rows = ['ann@example.com,,Anna', ',0502222222,Bobby', ',0501111111,Annie', 'bob@example.com,,Robert', 'x1@example.com,,X1', 'x2@example.com,,X2'];
  const file = 'email,phone,first name\n' + rows.join('\n') + '\n';
  const results = [await seedThenUpdate(seed, file, 1), await seedThenUpdate(seed, file, 2)];
  expect(results[1]).toEqual(results[0]);
  expect(results[0].counts).toMatchObject({ records: 6, created: 2, updated: 4, addedToGroup: 4, conflicts: 0 });
  const names = Object.fromEntries(results[0].contacts.map((c) => [c.email, c.first_name]));
  expect(names['ann@example.com']).toBe('Annie');
  expect(names['bob@example.com']).toBe('Robert');
});

it('update mode: a batch that moves a contact to a new email does not let the next batch match it by the old one', async () => {
  // Row 1 (batch 1) finds Ann by phone and gives her a new email; row 3 (batch 2) carries her old email. One writer
  // creates a new contact for it (nobody has that email any more); two writers must do the same.
  const seed = 'email,phone,first name\nann@example.com,0501111111,Ann\n';
  const file = 'email,phone,first name\nann.new@example.com,0501111111,Ann\nx1@example.com,,X1\nann@example.com,,Old address\nx2@example.com,,X2\n';
  const results = [await seedThenUpdate(seed, file, 1), await seedThenUpdate(seed, file, 2)];
  expect(results[1]).toEqual(results[0]);
  expect(results[0].contacts.map((c) => [c.email, c.first_name])).toEqual([
    ['ann.new@example.com', 'Ann'],
    ['ann@example.com', 'Old address'],
    ['x1@example.com', 'X1'],
    ['x2@example.com', 'X2'],
  ]);
});

it('a contact created by someone else while its batch is in flight: the batch is written again alone and matches it', async (ctx) => {
  if (t.ctx.dbKind !== 'postgres' || !t.db.url) return ctx.skip(); // needs a second connection holding a transaction open
  const w = await t.workspace();
  const file = 'email,first name\n' + Array.from({ length: 9 }, (_, i) => `p${i}@example.com,P${i}`).join('\n') + '\n';
  const id = await startedImport(w.key, file, { groupName: 'G' });
  const other = new pg.Client({ connectionString: t.db.url });
  await other.connect();
  try {
    // Another writer creates p4 (in the second batch) and keeps its transaction open: the import does not see it
    // when it looks, then waits on the unique index, and fails with a unique violation once it commits.
    await other.query('begin');
    await other.query(`insert into contacts (workspace_id, email, first_name, source) values ($1, 'p4@example.com', 'Other', 'manual')`, [w.id]);
    const run = runImport(t.ctx, w.id, id, () => [Buffer.from(file)] as unknown as AsyncIterable<Buffer>, { batchSize: 3, writers: 2 });
    const until = Date.now() + 30_000;
    for (;;) {
      const r = await other.query(`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
      if (r.rows[0].n > 0) break;
      if (Date.now() > until) throw new Error('the import never waited on the open transaction');
      await new Promise((res) => setTimeout(res, 20));
    }
    await other.query('commit');
    expect(await run).toBe('done');
  } finally {
    await other.end();
  }
  const d = (await t.api('GET', `/api/v1/imports/${id}`, { key: w.key })).body.data;
  expect(d.counts).toMatchObject({ records: 9, created: 8, addedToGroup: 9, conflicts: 0 });
  const contacts = await snapshot(w.id);
  expect(contacts).toHaveLength(9);
  expect(contacts.find((c) => c.email === 'p4@example.com')!.first_name).toBe('Other'); // quick mode: matched, unchanged
});

it('an import into an empty workspace inserts without lookups, and looks again once a contact appears meanwhile', async () => {
  // The workspace is empty when the run starts, so batches insert without looking for matches. After the first
  // batch someone else creates p7 (in the third batch) with other data: that batch fails on the unique index, is
  // written again with lookups, and matches it like any existing contact (quick mode: added to the group, unchanged).
  const w = await t.workspace();
  const file = 'email,first name\n' + Array.from({ length: 12 }, (_, i) => `p${i}@example.com,P${i}`).join('\n') + '\n';
  const id = await startedImport(w.key, file, { groupName: 'G' });
  let settled = 0;
  const heartbeat = async () => {
    if (++settled === 1) {
      const r = await t.api('POST', '/api/v1/contacts', { key: w.key, body: { email: 'p7@example.com', firstName: 'Other' } });
      expect(r.status).toBe(201);
    }
    return true;
  };
  expect(await runImport(t.ctx, w.id, id, () => [Buffer.from(file)] as unknown as AsyncIterable<Buffer>, { batchSize: 3, heartbeat })).toBe('done');
  const d = (await t.api('GET', `/api/v1/imports/${id}`, { key: w.key })).body.data;
  expect(d.counts).toMatchObject({ records: 12, created: 11, addedToGroup: 12, conflicts: 0 });
  const contacts = await snapshot(w.id);
  expect(contacts).toHaveLength(12);
  expect(contacts.find((c) => c.email === 'p7@example.com')!.first_name).toBe('Other');
});

it('deleting contacts, groups or a workspace removes what hangs off them (set-based cascade triggers)', async () => {
  const w = await t.workspace();
  const other = await t.workspace();
  const csv = 'email\nd1@example.com\nd2@example.com\nd3@example.com\n';
  for (const ws of [w, other]) {
    const id = await startedImport(ws.key, csv, { groupName: 'G' });
    expect(await runImport(t.ctx, ws.id, id, () => [Buffer.from(csv)] as unknown as AsyncIterable<Buffer>)).toBe('done');
    // A consent record of each contact's own (the import's two are shared and hang off the import, not a contact).
    await t.ctx.db
      .insertInto('consents')
      .columns(['workspace_id', 'contact_id', 'channel', 'status', 'source'])
      .expression((eb) => eb.selectFrom('contacts').select([eb.val(ws.id).as('w'), 'id', eb.val('email').as('ch'), eb.val('subscribed').as('st'), eb.val('manual').as('src')]).where('workspace_id', '=', ws.id))
      .execute();
  }
  const count = async (table: 'group_members' | 'consents', ws: number) =>
    Number((await t.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', ws).executeTakeFirstOrThrow()).n);
  expect([await count('group_members', w.id), await count('consents', w.id)]).toEqual([3, 3 + 2]);
  await t.ctx.db.deleteFrom('contacts').where('workspace_id', '=', w.id).where('email', 'in', ['d1@example.com', 'd2@example.com']).execute();
  expect([await count('group_members', w.id), await count('consents', w.id)]).toEqual([1, 1 + 2]);
  // The other workspace's rows for the same addresses are untouched.
  expect([await count('group_members', other.id), await count('consents', other.id)]).toEqual([3, 3 + 2]);

  await t.ctx.db.deleteFrom('groups').where('workspace_id', '=', w.id).execute();
  expect([await count('group_members', w.id), await count('consents', w.id)]).toEqual([0, 1 + 2]);

  await t.ctx.db.deleteFrom('workspaces').where('id', '=', other.id).execute();
  const left = await t.ctx.db.selectFrom('contacts').select('id').where('workspace_id', '=', other.id).execute();
  expect([left.length, await count('group_members', other.id), await count('consents', other.id)]).toEqual([0, 0, 0]);
  expect(await t.ctx.db.selectFrom('contacts').select('email').where('workspace_id', '=', w.id).execute()).toEqual([{ email: 'd3@example.com' }]);
});
