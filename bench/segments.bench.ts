/**
 * bench:segments — segment counts and contact search at scale, on PostgreSQL and on PGlite.
 *
 *   node --import tsx bench/segments.bench.ts [--quick] [--skip-pglite] [--contacts N]
 *
 * Creates its own database (PostgreSQL: `clarion_bench_segments`, recreated each run; PGlite: a temporary
 * folder), migrates it with the real migrations, generates contacts with one deterministic set-based
 * INSERT … SELECT over generate_series (5 custom fields, Hebrew and English names, 5 groups of
 * overlapping memberships), VACUUM ANALYZEs, then times the real service functions (compileFilter +
 * count, listContacts with a search) several times warm and prints medians. The last line is JSON.
 * Targets (issue #2): segment count ≤ 300 ms median, email-prefix search ≤ 50 ms median, on PostgreSQL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { openDb, type Db } from '../server/db/database.js';
import { migrate } from '../server/db/migrate.js';
import { countFilter } from '../server/domains/segments/index.js';
import { listContacts } from '../server/domains/contacts/contacts-query.service.js';
import { listGroups } from '../server/domains/groups/index.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const skipPglite = args.includes('--skip-pglite');
const nArg = args.indexOf('--contacts');
const N = nArg >= 0 ? Number(args[nArg + 1]) : quick ? 100_000 : 1_000_000;
const RUNS = quick ? 7 : 15;
const ADMIN_URL = process.env.CLARION_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = 'clarion_bench_segments';

const CITIES = ['Tel Aviv', 'Jerusalem', 'Haifa', 'Beer Sheva', 'Eilat', 'Netanya', 'Ashdod', 'Rishon LeZion', 'Petah Tikva', 'Holon',
  'Ramat Gan', 'Herzliya', 'Kfar Saba', 'Raanana', 'Rehovot', 'Modiin', 'Nazareth', 'Tiberias', 'Akko', 'Ashkelon'];
const INTERESTS = ['sport', 'music', 'travel', 'food', 'tech', 'books'];
const FIRST = ['Dana', 'Noa', 'Yossi', 'Avi', 'Maya', 'Omer', 'Tamar', 'Eitan', 'Shira', 'Lior', 'דנה', 'נועה', 'יוסי', 'אבי', 'מאיה', 'עומר', 'תמר', 'איתן', 'שירה', 'ליאור'];
const LAST = ['Cohen', 'Levi', 'Mizrahi', 'Peretz', 'Biton', 'Dahan', 'Avraham', 'Friedman', 'כהן', 'לוי', 'מזרחי', 'פרץ', 'ביטון', 'דהן', 'אברהם', 'פרידמן'];

const log = (m: string) => process.stderr.write(`${m}\n`);
const arr = (xs: string[]) => `array[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(',')}]`;
/** A deterministic pseudo-random integer in [0, m) per row and salt (independent across salts). */
const h = (salt: number, m: number) => `(abs(hashint4(i * 31 + ${salt})) % ${m})`;

async function seed(handle: Db, n: number): Promise<{ ws: number; groups: number[] }> {
  const db = handle.db;
  const ws = (await sql<{ id: number }>`insert into workspaces (slug, name) values ('bench', 'Bench') returning id`.execute(db)).rows[0].id;
  await sql`insert into field_definitions (workspace_id, key, label, type, options) values
    (${ws}, 'city', 'City', 'single_select', ${JSON.stringify(CITIES)}::jsonb),
    (${ws}, 'age', 'Age', 'number', '[]'),
    (${ws}, 'signup', 'Signed up', 'date', '[]'),
    (${ws}, 'vip', 'VIP', 'boolean', '[]'),
    (${ws}, 'interests', 'Interests', 'multi_select', ${JSON.stringify(INTERESTS)}::jsonb)`.execute(db);
  const t0 = Date.now();
  await handle.exec(`
    insert into contacts (workspace_id, email, phone_e164, phone_raw, first_name, last_name, fields, email_status, created_at, updated_at)
    select ${ws},
      'user' || i || '@' || (array['gmail.com','example.com','walla.co.il','yahoo.com'])[1 + i % 4],
      case when i % 10 < 8 then '+9725' || lpad(((i::int8 * 7919) % 100000000)::text, 8, '0') end,
      null,
      (${arr(FIRST)})[1 + ${h(1, FIRST.length)}],
      (${arr(LAST)})[1 + ${h(2, LAST.length)}],
      jsonb_build_object(
        'city', (${arr(CITIES)})[1 + ${h(3, CITIES.length)}],
        'age', 18 + ${h(4, 60)},
        'signup', to_char(date '2020-01-01' + ${h(5, 1800)}, 'YYYY-MM-DD'),
        'vip', ${h(6, 10)} = 0,
        'interests', jsonb_build_array((${arr(INTERESTS)})[1 + ${h(7, 6)}], (${arr(INTERESTS)})[1 + ${h(8, 6)}])),
      case when ${h(9, 50)} = 0 then 'unsubscribed' else 'subscribed' end,
      timestamptz '2022-01-01 00:00:00+00' + make_interval(secs => i * 60),
      timestamptz '2022-01-01 00:00:00+00' + make_interval(secs => i * 60)
    from generate_series(1, ${n}) i`);
  log(`  contacts: ${n} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const groups: number[] = [];
  for (let k = 1; k <= 5; k++) {
    const g = (await sql<{ id: number }>`insert into groups (workspace_id, name) values (${ws}, ${`Group ${k}`}) returning id`.execute(db)).rows[0].id;
    groups.push(g);
    // Group k holds about 1/(k+2) of the contacts, chosen independently of the fields.
    await sql`insert into group_members (workspace_id, group_id, contact_id)
      select ${ws}, ${g}, c.id from contacts c where c.workspace_id = ${ws} and abs(hashint4(c.id::int * 17 + ${k})) % ${k + 2} = 0`.execute(db);
  }
  const t1 = Date.now();
  for (const stmt of ['vacuum analyze contacts', 'vacuum analyze group_members', 'analyze groups', 'analyze field_definitions']) await handle.exec(stmt);
  log(`  groups + vacuum analyze in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
  return { ws, groups };
}

async function median(runs: number, fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm-up (plan caches, buffers)
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(times.length / 2)] * 10) / 10;
}

/** Times the queries on one database; returns medians in ms. */
async function measure(handle: Db, ws: number, groups: number[]) {
  const db = handle.db;
  const segment = {
    op: 'and',
    rules: [
      { kind: 'custom', key: 'city', operator: 'in_list', value: ['Tel Aviv', 'Haifa'] },
      { kind: 'custom', key: 'age', operator: 'between', value: [25, 45] },
      { kind: 'custom', key: 'vip', operator: 'is_true' },
      { kind: 'group', operator: 'in', groupId: groups[0] },
    ],
  };
  const count = await countFilter(db, ws, segment);
  const search = await listContacts(db, ws, { q: 'user4321', limit: 50 });
  log(`  segment matches ${count} contacts; search "user4321" → ${search.rows.length} rows`);
  const r = {
    segment_count_ms_median: await median(RUNS, () => countFilter(db, ws, segment)),
    email_prefix_search_ms_median: await median(RUNS, () => listContacts(db, ws, { q: 'user4321', limit: 50 })),
    email_prefix_search_at_ms_median: await median(RUNS, () => listContacts(db, ws, { q: 'user98765@', limit: 50 })),
    hebrew_name_search_ms_median: await median(RUNS, () => listContacts(db, ws, { q: 'שירה כה', limit: 50 })),
    phone_search_ms_median: await median(RUNS, () => listContacts(db, ws, { q: '050-12', limit: 50 })),
    list_first_page_ms_median: await median(RUNS, () => listContacts(db, ws, { limit: 50 })),
    list_sorted_by_last_name_ms_median: await median(RUNS, () => listContacts(db, ws, { sort: 'last_name', limit: 50 })),
    groups_with_counts_ms_median: await median(RUNS, () => listGroups(db, ws)),
    segment_count_matches: count,
  };
  return r;
}

async function explain(handle: Db, ws: number, groups: number[]) {
  // Printed to stderr so a regression can be diagnosed from the bench output alone.
  const { compileFilter } = await import('../server/domains/segments/index.js');
  const where = await compileFilter(handle.db, ws, {
    op: 'and',
    rules: [
      { kind: 'custom', key: 'city', operator: 'in_list', value: ['Tel Aviv', 'Haifa'] },
      { kind: 'custom', key: 'age', operator: 'between', value: [25, 45] },
      { kind: 'custom', key: 'vip', operator: 'is_true' },
      { kind: 'group', operator: 'in', groupId: groups[0] },
    ],
  });
  const plan = await sql<{ 'QUERY PLAN': string }>`explain (analyze, buffers) select count(*) from contacts c where c.workspace_id = ${ws} and c.deleted_at is null and ${where}`.execute(handle.db);
  log(plan.rows.map((r) => `    ${r['QUERY PLAN']}`).join('\n'));
}

async function runPostgres() {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`drop database if exists ${DB_NAME} with (force)`);
  await admin.query(`create database ${DB_NAME}`);
  await admin.end();
  const u = new URL(ADMIN_URL);
  u.pathname = `/${DB_NAME}`;
  const handle = await openDb({ databaseUrl: u.toString(), poolSize: 4 });
  try {
    await migrate(handle);
    log(`PostgreSQL: seeding ${N} contacts`);
    const { ws, groups } = await seed(handle, N);
    if (args.includes('--explain')) await explain(handle, ws, groups);
    return await measure(handle, ws, groups);
  } finally {
    await handle.close();
  }
}

async function runPglite() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clarion-bench-seg-'));
  const handle = await openDb({ databaseUrl: null, dataDir: dir, lock: false });
  try {
    await migrate(handle);
    log(`PGlite: seeding ${N} contacts`);
    const { ws, groups } = await seed(handle, N);
    return await measure(handle, ws, groups);
  } finally {
    await handle.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const started = Date.now();
const pgResult = await runPostgres();
log(`PostgreSQL: ${JSON.stringify(pgResult)}`);
const pgliteResult = skipPglite ? null : await runPglite();
if (pgliteResult) log(`PGlite: ${JSON.stringify(pgliteResult)}`);
const out: Record<string, unknown> = { contacts: N, ...pgResult };
if (pgliteResult) for (const [k, v] of Object.entries(pgliteResult)) out[`pglite_${k}`] = v;
out.targets_met = pgResult.segment_count_ms_median <= 300 && pgResult.email_prefix_search_ms_median <= 50;
out.elapsed_s = Math.round((Date.now() - started) / 1000);
console.log(JSON.stringify(out));
