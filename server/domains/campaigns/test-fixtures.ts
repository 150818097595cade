/**
 * Test support for campaign tests: contacts in groups, a sending set-up pointing at a loopback SMTP server, keys
 * shared with spawned worker processes, and helpers to run or spawn workers. Real database, real processes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { sql } from 'kysely';
import type { AppContext } from '../../app/context.js';
import { encryptSecret } from '../../lib/crypto.js';
import { generateDkimKeyPair } from '../channels/email/dkim/index.js';
import { TEST_OUTBOUND_ALLOW } from '../../test/app.js';

/** Inserts n contacts (user<i>@<domain>) into a new group; returns the group id and the contact ids in order. */
export async function seedGroup(ctx: AppContext, ws: number, n: number, opts: { name?: string; domain?: string; offset?: number } = {}) {
  const domain = opts.domain ?? 'example.test';
  const offset = opts.offset ?? 0;
  const g = await ctx.db.insertInto('groups').values({ workspace_id: ws, name: opts.name ?? `g-${randomBytes(3).toString('hex')}` }).returning('id').executeTakeFirstOrThrow();
  const { rows } = await sql<{ id: number }>`
    insert into contacts (workspace_id, email, first_name, fields)
    select ${ws}, 'user' || i || '@' || ${domain}, 'Name' || i, jsonb_build_object('city', 'Haifa')
    from generate_series(${offset + 1}::int, ${offset + n}::int) i
    on conflict (workspace_id, email) where deleted_at is null and email is not null do update set updated_at = now()
    returning id`.execute(ctx.db);
  const ids = rows.map((r) => Number(r.id));
  await sql`insert into group_members (workspace_id, group_id, contact_id) select ${ws}, ${g.id}, unnest(${ids}::bigint[]) on conflict do nothing`.execute(ctx.db);
  return { groupId: Number(g.id), ids };
}

/** Adds contacts that already exist to a group. */
export async function addToGroup(ctx: AppContext, ws: number, groupId: number, ids: number[]) {
  await sql`insert into group_members (workspace_id, group_id, contact_id) select ${ws}, ${groupId}, unnest(${ids}::bigint[]) on conflict do nothing`.execute(ctx.db);
}

export interface SendingSetup {
  serverId: number;
  identityId: number;
  domain: string;
  publicKeyPem: string;
}

/** An SMTP server on 127.0.0.1:port, a sender identity at news.example.test and its DKIM-signing domain. */
export async function setupSending(ctx: AppContext, ws: number, port: number, o: { mps?: number | null; maxConnections?: number; bits?: number } = {}): Promise<SendingSetup> {
  const server = await ctx.db
    .insertInto('smtp_servers')
    .values({ workspace_id: ws, name: 'loopback', host: '127.0.0.1', port, tls_mode: 'none', max_connections: o.maxConnections ?? 4, messages_per_second: o.mps ?? null, weight: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  const identity = await ctx.db
    .insertInto('sender_identities')
    .values({ workspace_id: ws, from_name: 'Example News', from_address: 'hello@news.example.test', reply_to: null, is_default: true })
    .returning('id')
    .executeTakeFirstOrThrow();
  const keys = generateDkimKeyPair(o.bits ?? 1024);
  await ctx.db
    .insertInto('sending_domains')
    .values({ workspace_id: ws, domain: 'news.example.test', dkim_selector: 's1', dkim_private_key_enc: encryptSecret(ctx.keys.encryptionKey, keys.privateKeyPem), dkim_public_key: keys.publicKeyPem })
    .execute();
  return { serverId: Number(server.id), identityId: Number(identity.id), domain: 'news.example.test', publicKeyPem: keys.publicKeyPem };
}

/** A small MJML newsletter with merge fields and two links. */
export const SIMPLE_MJML = `<mjml><mj-body><mj-section><mj-column>
<mj-text>Hello {{ contact.first_name | default: "friend" }} from {{ contact.fields.city }}</mj-text>
<mj-button href="https://www.example.com/a">A</mj-button><mj-text><a href="https://www.example.com/b">B</a></mj-text>
</mj-column></mj-section></mj-body></mjml>`;

/**
 * Gives the in-process context the keys a spawned worker derives from CLARION_SECRET_KEY (runtime.ts), so
 * secrets encrypted by the test decrypt in the worker. Returns the env value to pass.
 */
export function shareKeysWithWorkers(ctx: AppContext): string {
  const master = randomBytes(32);
  const derive = (label: string) => createHash('sha256').update(master).update(label).digest();
  ctx.keys.encryptionKey = derive('clarion:encryption:v1');
  ctx.keys.signingKey = derive('clarion:signing:v1');
  return master.toString('hex');
}

/** Spawns `./clarion worker` against a PostgreSQL database; the loopback peers are allow-listed as in the test app. */
export function spawnWorker(databaseUrl: string, secretKey: string): ChildProcess {
  const root = path.resolve(import.meta.dirname, '../../..');
  const child = spawn(path.join(root, 'clarion'), ['worker'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, CLARION_SECRET_KEY: secretKey, LOG_LEVEL: 'error', CLARION_PUBLIC_URL: 'https://clarion.example.test', CLARION_OUTBOUND_ALLOW: TEST_OUTBOUND_ALLOW },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return child;
}

/** Polls until `check` returns a truthy value (generous, not a timing assertion). */
export async function waitFor<T>(check: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 120_000, everyMs = 200): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export async function campaignStatus(ctx: AppContext, id: number): Promise<string> {
  const r = await ctx.db.selectFrom('campaigns').select('status').where('id', '=', id).executeTakeFirstOrThrow();
  return r.status;
}

export async function deliveryRows(ctx: AppContext, campaignId: number) {
  return ctx.db.selectFrom('deliveries').selectAll().where('campaign_id', '=', campaignId).orderBy('id').execute();
}
