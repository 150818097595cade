/**
 * `./clarion import … --json` as a real child process against this test's database (PostgreSQL: DATABASE_URL;
 * PGlite: a temp data folder): the last stdout line is the report with expected counts and physical lines.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../../db/database.js';
import { migrate } from '../../../db/migrate.js';
import { createWorkspace } from '../../auth/auth.service.js';
import { systemActor } from '../../audit/index.js';
import { createTestDb, type TestDb } from '../../../test/db.js';
import { expected, fixtureDir } from './helpers.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(path.join(root, 'clarion'), ['import', ...args], { cwd: root, env: { ...process.env, LOG_LEVEL: 'error', ...env } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let env: Record<string, string>;
let slug: string;
let db: TestDb | null = null;
let tmp: string | null = null;

beforeAll(async () => {
  slug = 'cli-ws';
  if (process.env.CLARION_TEST_DB === 'postgres') {
    db = await createTestDb();
    await createWorkspace(db.db, { slug, name: 'CLI' }, { userId: null, actor: systemActor('test') });
    env = { DATABASE_URL: db.url! };
  } else {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'clarion-cli-'));
    const h = await openDb({ databaseUrl: null, dataDir: tmp });
    await migrate(h);
    await createWorkspace(h.db, { slug, name: 'CLI' }, { userId: null, actor: systemActor('test') });
    await h.close();
    env = { CLARION_DATA_DIR: tmp, DATABASE_URL: '' };
  }
});
afterAll(async () => {
  await db?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('clarion import CLI', () => {
  for (const name of ['messy-contacts.csv', 'messy-contacts-semicolon.csv', 'messy-contacts.xlsx']) {
    it(`${name} --json prints the expected report as the last line`, async () => {
      const group = `G ${name}`;
      const r = await runCli([fixtureDir + name, '--group', group, '--mode', 'quick', '--country', 'IL', '--workspace', slug, '--json'], env);
      expect(r.code, r.stderr).toBe(0);
      const last = r.stdout.trim().split('\n').at(-1)!;
      const report = JSON.parse(last);
      expect(Object.keys(report)).toEqual(['records', 'created', 'updated', 'addedToGroup', 'duplicatesInFile', 'merged', 'invalid', 'conflicts']);
      expect(report.records).toBe(expected.records);
      expect(report.duplicatesInFile).toBe(expected.duplicates_in_file);
      expect(report.merged).toHaveLength(expected.duplicates_in_file);
      for (const m of report.merged) expect(m.into).toBeLessThan(m.line);
      expect(report.invalid.map((i: any) => i.line)).toEqual(
        name.endsWith('.xlsx') ? expected.invalid_record_rows.map((n) => n + 1) : expected.invalid_physical_lines,
      );
      expect(report.invalid[0]).toMatchObject({ column: 'E-mail' });
      expect(report.conflicts).toEqual([]);
      // One workspace for the three files: the first creates every contact, the next ones find them all.
      if (name === 'messy-contacts.csv') expect([report.created, report.updated]).toEqual([expected.created, 0]);
      else expect([report.created, report.updated]).toEqual([0, 0]);
      expect(report.addedToGroup).toBe(expected.created);
    });
  }

  it('exits non-zero with a clear message for a missing file or a missing --group', async () => {
    const a = await runCli(['/nonexistent.csv', '--group', 'x', '--workspace', slug], env);
    expect(a.code).not.toBe(0);
    expect(a.stderr).toMatch(/no such file/);
    const b = await runCli([fixtureDir + 'messy-contacts.csv', '--workspace', slug], env);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/--group/);
  }, 180_000); // two child processes: slow on a busy machine
});

describe('clarion import CLI on a fresh data folder', () => {
  let freshEnv: Record<string, string>;
  let freshDb: TestDb | null = null;
  let freshTmp: string | null = null;
  beforeAll(async () => {
    if (process.env.CLARION_TEST_DB === 'postgres') {
      freshDb = await createTestDb();
      freshEnv = { DATABASE_URL: freshDb.url! };
    } else {
      freshTmp = fs.mkdtempSync(path.join(os.tmpdir(), 'clarion-cli-fresh-'));
      freshEnv = { CLARION_DATA_DIR: freshTmp, DATABASE_URL: '' };
    }
  });
  afterAll(async () => {
    await freshDb?.close();
    if (freshTmp) fs.rmSync(freshTmp, { recursive: true, force: true });
  });

  it('creates the default workspace as start does and imports into it', async () => {
    const r = await runCli([fixtureDir + 'messy-contacts.csv', '--group', 'First', '--country', 'IL', '--json'], freshEnv);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    expect(report.created).toBe(expected.created);
    const h = freshDb ?? (await openDb({ databaseUrl: null, dataDir: freshTmp! }));
    try {
      const ws = await h.db.selectFrom('workspaces').select(['id', 'slug']).execute();
      expect(ws.map((w) => w.slug)).toEqual(['default']);
      const n = await h.db.selectFrom('contacts').select((eb) => eb.fn.countAll<string>().as('n')).where('workspace_id', '=', ws[0].id).executeTakeFirstOrThrow();
      expect(Number(n.n)).toBe(expected.created);
    } finally {
      if (!freshDb) await h.close();
    }
  }, 300_000); // a child process that migrates a fresh database first: slow on a busy machine
});
