/**
 * bench:email — a campaign to 100,000 contacts (10,000 with --quick) with the ~18 KB MJML newsletter (5 merge
 * fields, 10 tracked links, DKIM 2048), sent by real `clarion worker` processes on PostgreSQL to Postfix's smtp-sink
 * on loopback; measured from the campaign's launch to the last message accepted, with 1 and with 2 workers.
 * Baseline in the same run: smtp-source sending as many messages of the same size over 20 sessions to the same sink.
 *
 *   npm run bench:email [-- --quick] [-- --profile]   (PostgreSQL at CLARION_BENCH_PG_URL or postgres://postgres@127.0.0.1:5432/postgres)
 *
 * Last line: {"recipients","msgs_per_s","msgs_per_s_2_workers","baseline_msgs_per_s","ratio","baseline_reuse_msgs_per_s",
 * "ratio_reuse","cpu_s_per_1000_msgs","cpu_s_per_1000_msgs_2_workers","peak_rss_mb"}. CPU time is user+sys of the
 * worker processes (/proc/<pid>/stat) from launch to the campaign's end, without their start-up: it does not depend
 * on how many cores are free on a shared machine.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import { loadConfig } from '../server/config/config.js';
import { createRuntime } from '../server/app/runtime.js';
import { encryptSecret } from '../server/lib/crypto.js';
import { generateDkimKeyPair } from '../server/domains/channels/email/dkim/index.js';
import { createMessageBuilder } from '../server/domains/channels/email/mime/index.js';
import { compileEmailTemplate, renderEmailForSend } from '../server/domains/templates/render/index.js';
import { newsletterMjml } from '../server/domains/templates/render/newsletter.fixture.js';
import { systemActor } from '../server/domains/audit/index.js';
import { createCampaign, sendCampaign } from '../server/domains/campaigns/campaigns.service.js';

const quick = process.argv.includes('--quick');
const profile = process.argv.includes('--profile');
const N = quick ? 10_000 : 100_000;
const root = path.resolve(import.meta.dirname, '..');
const adminUrl = process.env.CLARION_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB = 'clarion_bench_email';
const SUBJECT = '{{ contact.first_name | default: "Hi" }}, your April digest';
const PREHEADER = 'Stories, guides and events for {{ contact.fields.city | default: "you" }}';

const log = (m: string) => process.stderr.write(`${m}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

async function waitPort(port: number) {
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((r) => {
      const s = net.connect(port, '127.0.0.1', () => (s.end(), r(true))).on('error', () => r(false));
    });
    if (ok) return;
    await sleep(100);
  }
  throw new Error('smtp-sink did not start');
}

async function freshDatabase(): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${DB} with (force)`);
  await admin.query(`create database ${DB}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${DB}`;
  return u.toString();
}

function startWorker(dbUrl: string, secret: string, i: number): Promise<ChildProcess> {
  const args = profile ? ['--cpu-prof', `--cpu-prof-dir=${path.join(root, 'bench', 'profiles')}`, `--cpu-prof-name=worker-${i}-${Date.now()}.cpuprofile`] : [];
  const child = spawn(process.execPath, [...args, '--import', path.join(root, 'node_modules/tsx/dist/esm/index.mjs'), path.join(root, 'server/main.ts'), 'worker'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: dbUrl, CLARION_SECRET_KEY: secret, LOG_LEVEL: 'warn', CLARION_PUBLIC_URL: 'https://t.bench.example' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('worker started')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
  });
}

/** Peak resident set of a process (VmHWM), MB. */
function peakRssMb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

const CLK_TCK = 100; // Linux's USER_HZ (getconf CLK_TCK), the unit of /proc/<pid>/stat times

/** CPU seconds (user + system) a process has used so far. */
function cpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK; // utime, stime (fields 14 and 15 of stat)
  } catch {
    return 0;
  }
}

async function stop(children: ChildProcess[]) {
  await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : (c.once('exit', r), c.kill('SIGTERM'))))));
}

async function messageSize(): Promise<number> {
  const compiled = await compileEmailTemplate({ format: 'mjml', source: newsletterMjml(), subject: SUBJECT, preheader: PREHEADER, trackLinks: true });
  const builder = createMessageBuilder({ dkim: { domainName: 'news.bench.example', keySelector: 's1', privateKeyPem: generateDkimKeyPair(2048).privateKeyPem } });
  const url = 'https://t.bench.example/t/c/1x.0.AAAAAAAAAAAAAAAAAAAAAA';
  const r = renderEmailForSend(compiled, {
    contact: { email: 'user1@bench.example', first_name: 'Name1', fields: { city: 'Haifa', plan: 'pro' } },
    campaign: { name: 'Bench' },
    workspace: { name: 'Bench' },
    urls: { unsubscribe: url, viewInBrowser: url, openPixel: url, click: () => url },
  });
  const m = builder.build({
    messageId: 'd1.c1.AAAAAAAAAAA@news.bench.example', from: { name: 'Bench', address: 'hello@news.bench.example' }, to: 'user1@bench.example',
    subject: r.subject, html: r.html, text: r.text, returnPath: 'bounces+d1.c1.AAAAAAAAAAA@news.bench.example',
    listUnsubscribeUrl: url, listUnsubscribeMailto: 'mailto:unsubscribe+x@news.bench.example', feedbackId: '1:1:email:clarion',
  });
  return m.raw.length;
}

async function baseline(port: number, size: number, reuse: boolean): Promise<number> {
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    const args = [...(reuse ? ['-d'] : []), '-s', '20', '-m', String(N), '-l', String(size), '-f', 'bench@news.bench.example', '-t', 'sink@bench.example', `127.0.0.1:${port}`];
    const p = spawn('/usr/sbin/smtp-source', args, { stdio: 'ignore' });
    p.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`smtp-source exited with ${code}`))));
  });
  return N / ((performance.now() - t0) / 1000);
}

async function main() {
  const port = await freePort();
  const sink = spawn('/usr/sbin/smtp-sink', ['-u', 'nobody', '-c', `127.0.0.1:${port}`, '1000'], { stdio: 'ignore' });
  await waitPort(port);
  try {
    const size = await messageSize();
    log(`message size ${size} B; recipients ${N}`);
    const base = await baseline(port, size, false);
    log(`baseline smtp-source -s 20 (new connection per message): ${base.toFixed(0)} msg/s`);
    // Connection reuse (-d) is closer to a pooled client: the second denominator (issue 18 §5).
    const baseReuse = await baseline(port, size, true);
    log(`baseline smtp-source -s 20 -d (connections reused): ${baseReuse.toFixed(0)} msg/s`);

    const dbUrl = await freshDatabase();
    const secret = randomBytes(32).toString('hex');
    const config = loadConfig({ DATABASE_URL: dbUrl, CLARION_SECRET_KEY: secret, LOG_LEVEL: 'warn', CLARION_PUBLIC_URL: 'https://t.bench.example' });
    const rt = await createRuntime(config, 'bench');
    const { ctx } = rt;
    const ws = await ctx.db.insertInto('workspaces').values({ slug: 'bench', name: 'Bench News', settings: '{}' }).returning('id').executeTakeFirstOrThrow();
    const t0 = performance.now();
    await sql`insert into contacts (workspace_id, email, first_name, last_name, fields)
      select ${ws.id}, 'user' || i || '@bench.example', 'Name' || i, 'Last' || i,
        jsonb_build_object('city', case when i % 3 = 0 then 'Haifa' else 'Tel Aviv' end, 'plan', 'pro')
      from generate_series(1, ${N}) i`.execute(ctx.db);
    const g = await ctx.db.insertInto('groups').values({ workspace_id: ws.id, name: 'Everyone' }).returning('id').executeTakeFirstOrThrow();
    await sql`insert into group_members (workspace_id, group_id, contact_id) select ${ws.id}, ${g.id}, id from contacts where workspace_id = ${ws.id}`.execute(ctx.db);
    await sql`analyze`.execute(ctx.db);
    log(`seeded ${N} contacts in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const keys = generateDkimKeyPair(2048);
    await ctx.db.insertInto('sending_domains').values({ workspace_id: ws.id, domain: 'news.bench.example', dkim_selector: 's1', dkim_private_key_enc: encryptSecret(ctx.keys.encryptionKey, keys.privateKeyPem), dkim_public_key: keys.publicKeyPem }).execute();
    await ctx.db.insertInto('sender_identities').values({ workspace_id: ws.id, from_name: 'Bench News', from_address: 'hello@news.bench.example', reply_to: null, is_default: true }).execute();
    await ctx.db.insertInto('smtp_servers').values({ workspace_id: ws.id, name: 'smtp-sink', host: '127.0.0.1', port, tls_mode: 'none', max_connections: 10, messages_per_second: null, weight: 1 }).execute();
    const tpl = newsletterMjml();

    async function run(workers: number): Promise<{ rate: number; rss: number; cpuPer1000: number }> {
      const children = await Promise.all(Array.from({ length: workers }, (_, i) => startWorker(dbUrl, secret, i)));
      const actor = systemActor('bench');
      const c = await createCampaign(ctx, ws.id, actor, {
        name: `Bench ${workers} worker(s)`,
        content: { format: 'mjml', source: tpl, subject: SUBJECT, preheader: PREHEADER },
        settings: { utm: { utm_source: 'clarion', utm_medium: 'email' } },
        audience: { include: { groups: [g.id] } },
      });
      const cpu0 = children.reduce((n, ch) => n + cpuSeconds(ch.pid!), 0);
      const launched = Date.now();
      await sendCampaign(ctx, ws.id, c.id, actor);
      let rss = 0;
      for (;;) {
        await sleep(500);
        for (const ch of children) rss = Math.max(rss, peakRssMb(ch.pid!));
        const r = await ctx.db.selectFrom('campaigns').select(['status', 'pause_reason']).where('id', '=', c.id).executeTakeFirstOrThrow();
        if (r.status === 'done') break;
        if (r.status === 'paused' || r.status === 'failed') throw new Error(`campaign ${r.status}: ${r.pause_reason}`);
      }
      const { rows } = await sql<{ last: number; sent: string }>`select extract(epoch from max(sent_at)) * 1000 as last, count(*) filter (where status = 'sent') as sent
        from deliveries where campaign_id = ${c.id}`.execute(ctx.db);
      const sent = Number(rows[0].sent);
      if (sent !== N) throw new Error(`only ${sent} of ${N} were sent`);
      const rate = N / ((Number(rows[0].last) - launched) / 1000);
      for (const ch of children) rss = Math.max(rss, peakRssMb(ch.pid!));
      const cpuPer1000 = ((children.reduce((n, ch) => n + cpuSeconds(ch.pid!), 0) - cpu0) / N) * 1000;
      await stop(children);
      log(`${workers} worker(s): ${rate.toFixed(0)} msg/s (launch → last accepted), ${cpuPer1000.toFixed(3)} CPU s per 1,000 messages, worker peak RSS ${rss.toFixed(0)} MB`);
      return { rate, rss, cpuPer1000 };
    }

    const one = await run(1);
    const two = await run(2);
    await rt.close();
    const best = Math.max(one.rate, two.rate);
    console.log(JSON.stringify({
      recipients: N,
      msgs_per_s: Math.round(one.rate),
      msgs_per_s_2_workers: Math.round(two.rate),
      baseline_msgs_per_s: Math.round(base),
      ratio: Math.round((best / base) * 100) / 100,
      peak_rss_mb: Math.round(Math.max(one.rss, two.rss)),
      baseline_reuse_msgs_per_s: Math.round(baseReuse),
      ratio_reuse: Math.round((best / baseReuse) * 100) / 100,
      cpu_s_per_1000_msgs: Math.round(one.cpuPer1000 * 1000) / 1000,
      cpu_s_per_1000_msgs_2_workers: Math.round(two.cpuPer1000 * 1000) / 1000,
      message_bytes: size,
    }));
  } finally {
    sink.kill('SIGTERM');
  }
}

await main();
process.exit(0);
