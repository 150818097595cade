/**
 * bench:whatsapp — WhatsApp campaign throughput and webhook ingestion on PostgreSQL.
 *
 *   npm run bench:whatsapp [-- --quick]
 *
 * (a) A campaign of 50,000 opted-in recipients (5,000 with --quick) to the simulator in its own process
 *     (`./clarion sim whatsapp --mps 1000`), sent by 2 `./clarion worker` processes on a fresh database
 *     `clarion_bench_whatsapp`: achieved rate / configured rate (from the first to the last message the simulator
 *     accepted), and the simulator's largest count of accepted messages in any sliding 1-second window.
 * (b) Signed status callbacks POSTed by autocannon at rising rates to a running `./clarion api`: the highest rate
 *     with nothing lost (every POST answered 2xx and stored as a row of wa_webhook_inbox), and the same server's
 *     rate on GET /healthz for comparison.
 * The last line is JSON. Targets: ratio ≥ 0.95 with max_1s_count ≤ configured_mps; webhook_events_per_s ≥ 5,000.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import path from 'node:path';
// @ts-expect-error autocannon ships no type declarations (and @types/autocannon is not installed).
import autocannonUntyped from 'autocannon';
import { sql } from 'kysely';
import pg from 'pg';
import { openDb } from '../server/db/database.js';
import { migrate } from '../server/db/migrate.js';
import { encryptSecret } from '../server/lib/crypto.js';

const quick = process.argv.includes('--quick');
const N = quick ? 5_000 : 50_000;
const MPS = 1000;
const ADMIN_URL = process.env.CLARION_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = 'clarion_bench_whatsapp';
const ROOT = path.resolve(import.meta.dirname, '..');
const TOKEN = 'bench-token';
const APP_SECRET = 'bench-app-secret';
const PHONE_ID = '106540352242922';
const WABA_ID = '102290129340398';

interface CannonResult { '2xx': number; non2xx: number; errors: number; timeouts: number; duration: number; requests: { average: number; sent: number } }
const autocannon = autocannonUntyped as (o: Record<string, unknown>) => Promise<CannonResult>;

const log = (m: string) => process.stderr.write(`${m}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const children: ChildProcess[] = [];

function spawnClarion(args: string[], env: Record<string, string>, onLine?: (l: string) => void, nodeFlags: string[] = []): ChildProcess {
  // Node refuses --cpu-prof in NODE_OPTIONS, so profiled processes are started with node directly (what ./clarion runs).
  const [cmd, argv] = nodeFlags.length
    ? [process.execPath, [...nodeFlags, '--enable-source-maps', '--import', path.join(ROOT, 'node_modules/tsx/dist/esm/index.mjs'), path.join(ROOT, 'server/main.ts'), ...args]]
    : [path.join(ROOT, 'clarion'), args];
  const child = spawn(cmd, argv, { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'error', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  let buf = '';
  child.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      onLine?.(buf.slice(0, i));
      buf = buf.slice(i + 1);
    }
  });
  children.push(child);
  return child;
}

async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

async function waitHttp(url: string, timeoutMs = 60_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      const r = await fetch(url);
      if (r.status < 500) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > end) throw new Error(`${url} did not come up`);
    await sleep(200);
  }
}

async function freshDatabase(): Promise<string> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`drop database if exists ${DB_NAME} with (force)`);
  await admin.query(`create database ${DB_NAME}`);
  await admin.end();
  const u = new URL(ADMIN_URL);
  u.pathname = `/${DB_NAME}`;
  return u.toString();
}

async function main() {
  const dbUrl = await freshDatabase();
  const handle = await openDb({ databaseUrl: dbUrl });
  await migrate(handle);
  const db = handle.db;
  const master = randomBytes(32);
  const encKey = createHash('sha256').update(master).update('clarion:encryption:v1').digest();
  const secretKey = master.toString('hex');

  // The simulator in its own process at 1,000 messages/second, no tier, no pair limit (one message per recipient).
  const simPort = await freePort();
  spawnClarion(['sim', 'whatsapp', '--port', String(simPort), '--mps', String(MPS), '--tier', 'unlimited', '--pair-rate', 'off', '--token', TOKEN, '--app-secret', APP_SECRET], {});
  const simUrl = `http://127.0.0.1:${simPort}`;
  await waitHttp(`${simUrl}/_sim/stats`);
  await fetch(`${simUrl}/_sim/templates`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench_promo', language: 'en', category: 'MARKETING', components: [{ type: 'BODY', text: 'Hello {{1}}, the sale starts today!', example: { body_text: [['Dana']] } }] }),
  });

  // Workspace, number (token encrypted with the workers' key), approved template, N opted-in contacts in a group.
  const ws = (await sql<{ id: number }>`insert into workspaces (slug, name) values ('bench', 'Bench') returning id`.execute(db)).rows[0].id;
  const conn = (
    await sql<{ id: number }>`insert into wa_connections (workspace_id, name, waba_id, phone_number_id, display_number, access_token_enc, app_secret_enc, verify_token, graph_base_url, sandbox, messages_per_second, tier)
      values (${ws}, 'bench', ${WABA_ID}, ${PHONE_ID}, '15550783881', ${encryptSecret(encKey, TOKEN)}, ${encryptSecret(encKey, APP_SECRET)}, 'bench-verify', ${simUrl}, true, ${MPS}, 'unlimited') returning id`.execute(db)
  ).rows[0].id;
  const tpl = (
    await sql<{ id: number }>`insert into wa_templates (workspace_id, connection_id, name, language, category, components, status)
      values (${ws}, ${conn}, 'bench_promo', 'en', 'MARKETING', ${JSON.stringify([{ type: 'BODY', text: 'Hello {{1}}, the sale starts today!' }])}::jsonb, 'APPROVED') returning id`.execute(db)
  ).rows[0].id;
  const group = (await sql<{ id: number }>`insert into groups (workspace_id, name) values (${ws}, 'bench') returning id`.execute(db)).rows[0].id;
  await sql`insert into contacts (workspace_id, phone_e164, first_name, fields, whatsapp_status)
    select ${ws}, '+9725' || substr((10000000 + i)::text, 2), 'Name' || i, '{}'::jsonb, 'opted_in' from generate_series(1, ${N}) i`.execute(db);
  await sql`insert into group_members (workspace_id, group_id, contact_id) select ${ws}, ${group}, id from contacts where workspace_id = ${ws}`.execute(db);
  await sql`analyze`.execute(db);
  // The campaign, queued for building: the workers' job runner builds the audience and their delivery loops send.
  const content = { waTemplateId: tpl, variables: { '1': { field: 'first_name', fallback: 'friend' } } };
  const audience = { include: { groups: [group], segments: [] }, exclude: { groups: [], segments: [] } };
  const camp = (
    await sql<{ id: number }>`insert into campaigns (workspace_id, channel, name, status, content, frozen, settings, audience)
      values (${ws}, 'whatsapp', 'bench', 'building', ${JSON.stringify(content)}::jsonb, ${JSON.stringify(content)}::jsonb, ${JSON.stringify({ connectionId: conn })}::jsonb, ${JSON.stringify(audience)}::jsonb) returning id`.execute(db)
  ).rows[0].id;
  await sql`insert into jobs (kind, workspace_id, payload, unique_key) values ('campaign.build', ${ws}, ${JSON.stringify({ campaignId: camp })}::jsonb, ${`campaign:${camp}`})`.execute(db);
  log(`(a) ${N} recipients, simulator at ${MPS}/s, 2 workers`);

  const workerEnv = { DATABASE_URL: dbUrl, CLARION_SECRET_KEY: secretKey, CLARION_PUBLIC_URL: 'https://clarion.example.test' };
  // CLARION_BENCH_PROFILE=dir writes a CPU profile of each worker there (on graceful exit).
  const prof = process.env.CLARION_BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.CLARION_BENCH_PROFILE}`] : [];
  for (let i = 0; i < 2; i++) spawnClarion(['worker'], workerEnv, undefined, prof);
  let first = 0;
  let last = 0;
  let accepted = 0;
  const deadline = Date.now() + (quick ? 45_000 : 300_000);
  while (accepted < N && Date.now() < deadline) {
    const s = (await (await fetch(`${simUrl}/_sim/stats`)).json()) as { accepted: number };
    const now = Date.now();
    if (s.accepted > 0 && !first) first = now;
    if (s.accepted > accepted) last = now;
    accepted = s.accepted;
    await sleep(20);
  }
  const stats = (await (await fetch(`${simUrl}/_sim/stats`)).json()) as { accepted: number; max1sCount: number; rejectedByCode: Record<string, number> };
  const achieved = stats.accepted > 1 ? stats.accepted / Math.max(0.001, (last - first) / 1000) : 0;
  log(`  accepted ${stats.accepted}/${N} in ${((last - first) / 1000).toFixed(2)} s → ${achieved.toFixed(0)}/s; max in 1 s: ${stats.max1sCount}; rejected ${JSON.stringify(stats.rejectedByCode)}`);
  for (const c of children.splice(1)) c.kill('SIGTERM');

  // (b) Webhook ingestion on a running API.
  const apiPort = await freePort();
  spawnClarion(['api'], { ...workerEnv, PORT: String(apiPort), HOST: '127.0.0.1', CLARION_RATE_LIMIT: '10000000' });
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  await waitHttp(`${apiUrl}/healthz`);
  const body = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: WABA_ID, changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: PHONE_ID },
      statuses: [{ id: 'wamid.bench', status: 'delivered', timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: '972500000001' }] } }] }],
  });
  const headers = { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}` };
  const rows = async () => Number((await sql<{ n: string }>`select count(*) as n from wa_webhook_inbox`.execute(db)).rows[0].n);
  // Warm-up (connection cache, JIT).
  await autocannon({ url: `${apiUrl}/webhooks/whatsapp`, method: 'POST', headers, body, connections: 10, amount: 2000 });
  const rates = quick ? [2000, 4000, 6000, 8000] : [1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 10000, 12000];
  const seconds = quick ? 3 : 8;
  let best = 0;
  for (const rate of rates) {
    const before = await rows();
    const r = await autocannon({ url: `${apiUrl}/webhooks/whatsapp`, method: 'POST', headers, body, connections: 64, pipelining: 1, duration: seconds, overallRate: rate });
    await sleep(500);
    const stored = (await rows()) - before;
    const sent = r['2xx'];
    // autocannon's own measured duration: a run can last longer than asked on a busy machine.
    const got = sent / Math.max(seconds, r.duration || seconds);
    // Requests still in flight when the run ended are stored but not counted as answered: stored may exceed 2xx,
    // never the number of requests autocannon sent.
    const lossless = r.non2xx === 0 && r.errors === 0 && r.timeouts === 0 && stored >= sent && stored <= r.requests.sent;
    log(`  webhooks at ${rate}/s: ${got.toFixed(0)}/s answered 2xx, stored ${stored}/${sent}, non-2xx ${r.non2xx}, errors ${r.errors}${lossless ? '' : '  ← lost or failed'}`);
    if (lossless && got >= rate * 0.95) best = Math.max(best, got);
    if (!lossless || got < rate * 0.9) break;
  }
  const noop = await autocannon({ url: `${apiUrl}/healthz`, connections: 64, duration: seconds });
  log(`  GET /healthz: ${noop.requests.average.toFixed(0)}/s`);

  for (const c of children) c.kill('SIGTERM');
  await handle.close();
  const out = {
    recipients: N,
    configured_mps: MPS,
    achieved_mps: Math.round(achieved),
    ratio: Math.round((achieved / MPS) * 1000) / 1000,
    max_1s_count: stats.max1sCount,
    webhook_events_per_s: Math.round(best),
    noop_requests_per_s: Math.round(noop.requests.average),
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main()
  .catch((err) => {
    log(`bench failed: ${(err as Error).stack ?? err}`);
    process.exitCode = 1;
  })
  .finally(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    setTimeout(() => process.exit(), 500).unref();
  });
