/**
 * bench:forms — (a) form submissions per second through the public endpoint `POST /f/<publicId>` on PostgreSQL
 * (schema validation, ALTCHA proof-of-work verification with pre-solved challenges and replay record, contact
 * upsert, consent evidence, group add; the form's rate limits raised for the bench) beside a no-op route of the same
 * server; (b) a published landing page `GET /p/<ws>/<slug>` per second beside the same bytes as a static file
 * (@fastify/static) from the same server.
 *
 *   npm run bench:forms [-- --quick]   (PostgreSQL at CLARION_BENCH_PG_URL or postgres://postgres@127.0.0.1:5432/postgres)
 *
 * The database `clarion_bench_forms` is created and migrated on the first run and kept (`--fresh` recreates it);
 * every run works in a new workspace. The server runs in a child process (this file with `--serve`), the load (autocannon, 20 connections) in this one,
 * so the two do not share an event loop. Every measurement is repeated (quick: 3, full: 5 rounds, interleaved so the
 * baseline sees the same machine load) and the median is reported. Each submission carries its own solved
 * challenge (cost 1, counter ≤ 4: the bench measures the server's verification, not the visitor's solving) and a
 * new email address, so every one creates a contact.
 * Last line: {"submissions_per_s","noop_requests_per_s","page_views_per_s","static_per_s","page_ratio",...}.
 * Targets (issue #15): submissions ≥ 1,000/s; page_ratio ≥ 0.7.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import pg from 'pg';
// @ts-expect-error autocannon ships no types
import autocannonUntyped from 'autocannon';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { createPowChallenge, signRenderTime } from '../server/domains/forms/spam.js';

interface RequestSpec { method?: string; path?: string; headers?: Record<string, string>; body?: string; setupRequest?: (req: RequestSpec) => RequestSpec }
interface CannonOptions { url: string; connections?: number; duration?: number; amount?: number; requests?: RequestSpec[] }
interface CannonResult { requests: { total: number }; duration: number; non2xx: number; errors: number; timeouts: number }
const autocannon = autocannonUntyped as (o: CannonOptions) => Promise<CannonResult>;

const quick = process.argv.includes('--quick');
const adminUrl = process.env.CLARION_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB = 'clarion_bench_forms';
const ROUNDS = quick ? 3 : 5;
const SUBMISSIONS = quick ? 300 : 5000;
const DURATION_S = quick ? 2 : 5;
const CONNECTIONS = 20;
const WS_SLUG = process.env.CLARION_BENCH_WS ?? 'bench';
const log = (m: string) => process.stderr.write(`${m}\n`);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

interface ServeInfo { url: string; signingKeyHex: string; publicId: string; pagePath: string; staticPath: string; noopPath: string }

/** The child: a real Clarion server on the bench database, set up with a form, a published page and a static copy. */
async function serve() {
  const [{ loadConfig }, { createRuntime }, { buildApp }, auth, audit, fastifyStatic] = await Promise.all([
    import('../server/config/config.js'), import('../server/app/runtime.js'), import('../server/api/app.js'),
    import('../server/domains/auth/auth.service.js'), import('../server/domains/audit/index.js'), import('@fastify/static'),
  ]);
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${DB}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'clarion-bench-forms-'));
  const config = loadConfig({ DATABASE_URL: dbUrl.toString(), CLARION_DATA_DIR: dataDir, LOG_LEVEL: 'error', CLARION_RATE_LIMIT: '10000000' });
  const rt = await createRuntime(config, 'start');
  const ctx = rt.ctx;
  const app = await buildApp(ctx, { serveWeb: false });
  app.get('/bench/noop', { schema: { hide: true } }, async () => ({ ok: true }));
  const staticDir = path.join(dataDir, 'static');
  fs.mkdirSync(staticDir);
  await app.register(fastifyStatic.default, { root: staticDir, prefix: '/bench-static/' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  ctx.config.publicUrl = url;
  const w = await auth.createWorkspace(ctx.db, { slug: WS_SLUG, name: 'Bench' }, { userId: null, actor: audit.systemActor('bench') });
  const key = (await auth.createApiKey(ctx, w.id, { name: 'bench', role: 'owner' }, audit.systemActor('bench'), null)).key;
  const api = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(url + p, { method, headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    const json = (await res.json().catch(() => null)) as any;
    if (res.status >= 300) throw new Error(`${method} ${p}: ${res.status} ${JSON.stringify(json)}`);
    return json?.data;
  };
  const group = await api('POST', '/api/v1/groups', { name: 'Sign-ups' });
  const form = await api('POST', '/api/v1/forms', {
    name: 'Bench form',
    definition: {
      languages: ['en', 'he'],
      title: { en: 'Join', he: 'הצטרפו' },
      fields: [
        { key: 'email', type: 'email', maps: 'email', required: true, label: { en: 'Email', he: 'דוא"ל' } },
        { key: 'first', type: 'text', maps: 'first_name', label: { en: 'First name', he: 'שם פרטי' } },
        { key: 'agree', type: 'consent', consentChannel: 'email', required: true, label: { en: 'I agree to receive the newsletter by email.', he: 'אני מסכים/ה לקבל את הניוזלטר בדוא"ל.' } },
        { key: 'src', type: 'hidden', hiddenSource: 'utm_source' },
      ],
      groupIds: [group.id],
    },
    settings: { powCost: 1, powMaxCounter: 4, perIpPerMinute: 1_000_000, perFormPerMinute: 10_000_000 },
  });
  const page = await api('POST', '/api/v1/pages', { name: 'Event', slug: 'event', lang: 'en', templateId: 'event', formId: form.id });
  await api('POST', `/api/v1/pages/${page.id}/publish`);
  const pagePath = `/p/${WS_SLUG}/event`;
  const html = await (await fetch(url + pagePath)).text();
  if (!html.includes('<html')) throw new Error(`the published page did not render: ${html.slice(0, 200)}`);
  fs.writeFileSync(path.join(staticDir, 'event.html'), html);
  const info: ServeInfo = { url, signingKeyHex: ctx.keys.signingKey.toString('hex'), publicId: form.publicId, pagePath, staticPath: '/bench-static/event.html', noopPath: '/bench/noop' };
  process.stdout.write(`${JSON.stringify(info)}\n`);
  process.stdin.resume();
  process.stdin.on('end', async () => {
    await app.close();
    await rt.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
}

async function recreateDb() {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  // Kept between runs (migrating a fresh database takes most of a quick run); each run has its own workspace.
  const exists = (await admin.query('select 1 from pg_database where datname = $1', [DB])).rowCount;
  if (process.argv.includes('--fresh') || !exists) {
    await admin.query(`drop database if exists ${DB} with (force)`);
    await admin.query(`create database ${DB}`);
  }
  await admin.end();
}

async function load(opts: CannonOptions): Promise<{ rps: number; non2xx: number; errors: number }> {
  const r = await autocannon({ connections: CONNECTIONS, ...opts });
  return { rps: r.requests.total / (r.duration || 1), non2xx: r.non2xx, errors: r.errors + r.timeouts };
}

async function main() {
  const started = Date.now();
  await recreateDb();
  const wsSlug = `bench-${Date.now().toString(36)}`;
  const child = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, '--serve'], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, CLARION_BENCH_WS: wsSlug } });
  const info = await new Promise<ServeInfo>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
    readline.createInterface({ input: child.stdout! }).once('line', (l) => resolve(JSON.parse(l) as ServeInfo));
  });
  log(`server ready at ${info.url} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const key = Buffer.from(info.signingKeyHex, 'hex');

  // Pre-solve one challenge per submission (each solution verifies once: replays are refused).
  const t0 = Date.now();
  const bodies: string[][] = [];
  let n = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const round: string[] = [];
    for (let i = 0; i < SUBMISSIONS; i++) {
      const ch = await createPowChallenge(key, info.publicId, 1, 4);
      const solution = await solveChallenge({ challenge: ch, deriveKey });
      const altcha = Buffer.from(JSON.stringify({ challenge: ch, solution })).toString('base64');
      n++;
      round.push(JSON.stringify({ email: `visitor${n}@example.com`, first: n % 2 ? 'Dana' : 'דנה', agree: 'on', src: 'bench', _ts: signRenderTime(key, info.publicId, Date.now() - 5000), altcha }));
    }
    bodies.push(round);
  }
  log(`pre-solved ${n} challenges in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const res = { submissions: [] as number[], noop: [] as number[], page: [] as number[], static: [] as number[] };
  let refused = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const noop = await load({ url: info.url + info.noopPath, duration: DURATION_S });
    let i = 0;
    const round = bodies[r];
    const subs = await load({
      url: info.url,
      amount: SUBMISSIONS,
      requests: [{ method: 'POST', path: `/f/${info.publicId}`, headers: { 'content-type': 'application/json' }, setupRequest: (req: RequestSpec) => ({ ...req, body: round[i++ % round.length] }) }],
    });
    const pageR = await load({ url: info.url + info.pagePath, duration: DURATION_S });
    const staticR = await load({ url: info.url + info.staticPath, duration: DURATION_S });
    refused += subs.non2xx + subs.errors + pageR.non2xx + staticR.non2xx + noop.non2xx;
    res.noop.push(noop.rps);
    res.submissions.push(subs.rps);
    res.page.push(pageR.rps);
    res.static.push(staticR.rps);
    log(`round ${r + 1}: submissions ${subs.rps.toFixed(0)}/s (non-2xx ${subs.non2xx}), noop ${noop.rps.toFixed(0)}/s, page ${pageR.rps.toFixed(0)}/s, static ${staticR.rps.toFixed(0)}/s`);
  }

  // Check that the submissions did what they claim: contacts, group members and evidence rows.
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${DB}`;
  const c = new pg.Client({ connectionString: dbUrl.toString() });
  await c.connect();
  const counts = (await c.query(`select (select count(*) from contacts where workspace_id = w.id)::int as contacts, (select count(*) from group_members where workspace_id = w.id)::int as members, (select count(*) from form_evidence where workspace_id = w.id)::int as evidence from workspaces w where w.slug = $1`, [wsSlug])).rows[0] as { contacts: number; members: number; evidence: number };
  await c.end();
  child.stdin!.end();
  await new Promise((r) => child.once('exit', r));
  log(`stored: ${JSON.stringify(counts)} for ${n} submissions`);

  const out = {
    submissions_per_s: Math.round(median(res.submissions)),
    noop_requests_per_s: Math.round(median(res.noop)),
    page_views_per_s: Math.round(median(res.page)),
    static_per_s: Math.round(median(res.static)),
    page_ratio: Number((median(res.page) / median(res.static)).toFixed(3)),
    submissions_ratio_to_noop: Number((median(res.submissions) / median(res.noop)).toFixed(3)),
    submissions: n,
    contacts_created: counts.contacts,
    evidence_rows: counts.evidence,
    refused_or_errors: refused,
    rounds: ROUNDS,
    connections: CONNECTIONS,
    cores: os.cpus().length,
    quick,
    wall_s: Number(((Date.now() - started) / 1000).toFixed(1)),
  };
  console.log(JSON.stringify(out));
}

if (process.argv.includes('--serve')) await serve();
else await main();
