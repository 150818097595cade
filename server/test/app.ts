/**
 * An in-process Clarion for tests: a fresh database, the real Fastify app listening on a loopback
 * port, and helpers to create workspaces, users and API keys and to call the API over real HTTP.
 */
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../api/app.js';
import type { AppContext, SystemMailer } from '../app/context.js';
import { loadConfig } from '../config/config.js';
import { createLogger } from '../lib/logger.js';
import { Metrics } from '../lib/metrics.js';
import { createOutboundPolicy } from '../lib/outbound/index.js';
import { createHash, randomBytes } from 'node:crypto';
import { createApiKey, createWorkspace } from '../domains/auth/auth.service.js';
import { systemActor } from '../domains/audit/index.js';
import { hashPassword } from '../lib/crypto.js';
import * as authRepo from '../domains/auth/auth.repo.js';
import type { Role } from '../db/schema.js';
import { createTestDb, type TestDb } from './db.js';
import { createSmtpMailer } from '../domains/system-mail/index.js';

export interface SentMail {
  to: string;
  subject: string;
  text: string;
}

export interface TestApp {
  ctx: AppContext;
  db: TestDb;
  app: FastifyInstance;
  url: string;
  mails: SentMail[];
  /** Creates a workspace and returns it with an API key of the given role. */
  workspace(slug?: string, role?: Role): Promise<{ id: number; slug: string; key: string }>;
  /** Creates a user that is a member of the workspace with the role. */
  user(workspaceId: number, role: Role, email?: string, password?: string): Promise<{ id: number; email: string; password: string }>;
  /** Calls the API with an API key (or none). Returns status and parsed JSON. */
  api<T = any>(method: string, path: string, opts?: { key?: string; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: T; headers: Headers }>;
  close(): Promise<void>;
}

/**
 * Tests talk to simulators and SMTP peers on loopback, so the test instance allows loopback by the operator's
 * allow-list, exactly as a deployment would name its internal targets. Private ranges and metadata stay refused.
 */
/** /metrics needs a token; tests that read it send this one. */
export const TEST_METRICS_TOKEN = 'test-metrics-token-0123456789';

export const TEST_OUTBOUND_ALLOW = '127.0.0.1,::1,localhost';

export async function startTestApp(overrides: Record<string, string> = {}, opts: { mailer?: SystemMailer } = {}): Promise<TestApp> {
  const db = await createTestDb();
  const config = loadConfig({ CLARION_DATA_DIR: '/nonexistent', LOG_LEVEL: 'error', CLARION_RATE_LIMIT: '100000', CLARION_OUTBOUND_ALLOW: TEST_OUTBOUND_ALLOW, CLARION_METRICS_TOKEN: TEST_METRICS_TOKEN, ...overrides });
  const mails: SentMail[] = [];
  // With CLARION_SYSTEM_SMTP_* overrides the real SMTP transport is used (point it at a loopback smtp-server);
  // otherwise mails are recorded in `mails`.
  const mailer: SystemMailer = opts.mailer ?? (config.systemMail
    ? createSmtpMailer(config.systemMail)
    : { configured: true, send: async (m) => (mails.push(m), { sent: true }) });
  const master = randomBytes(32);
  const derive = (l: string) => createHash('sha256').update(master).update(l).digest();
  const ctx: AppContext = {
    config,
    db: db.db,
    dbKind: db.kind,
    log: createLogger('error'),
    metrics: new Metrics(),
    keys: { encryptionKey: derive('enc'), signingKey: derive('sig') },
    mailer,
    outbound: createOutboundPolicy({ allow: config.outboundAllow }),
  };
  const app = await buildApp(ctx, { serveWeb: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  ctx.config.publicUrl = url;
  let n = 0;
  const t: TestApp = {
    ctx,
    db,
    app,
    url,
    mails,
    async workspace(slug = `ws-${++n}-${Math.random().toString(36).slice(2, 6)}`, role: Role = 'owner') {
      const w = await createWorkspace(ctx.db, { slug, name: slug }, { userId: null, actor: systemActor('test') });
      const k = await createApiKey(ctx, w.id, { name: 'test', role }, systemActor('test'), null);
      return { id: w.id, slug: w.slug, key: k.key };
    },
    async user(workspaceId, role, email = `u${++n}-${Math.random().toString(36).slice(2, 6)}@example.com`, password = 'correct horse battery') {
      let u = await authRepo.findUserByEmail(ctx.db, email);
      if (!u) u = await authRepo.insertUser(ctx.db, { email, name: email, password_hash: await hashPassword(password) });
      await authRepo.upsertMembership(ctx.db, workspaceId, u.id, role);
      return { id: u.id, email, password };
    },
    async api(method, path, opts = {}) {
      const headers: Record<string, string> = { ...(opts.headers ?? {}) };
      if (opts.key) headers.authorization = `Bearer ${opts.key}`;
      let body: string | undefined;
      if (opts.body !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(opts.body);
      }
      const res = await fetch(url + path, { method, headers, body });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        /* not JSON */
      }
      return { status: res.status, body: parsed as any, headers: res.headers };
    },
    async close() {
      await app.close();
      mailer.close?.();
      await db.close();
    },
  };
  return t;
}
