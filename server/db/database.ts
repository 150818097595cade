/**
 * Opens the database: embedded PGlite in the data folder by default, PostgreSQL when a URL is given.
 * Both speak the same SQL, so there is one set of migrations and one data layer.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { PGliteDialect } from './pglite-dialect.js';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.js';
import type { Database } from './schema.js';

export type DbKind = 'pglite' | 'postgres';

export interface Db {
  readonly db: Kysely<Database>;
  readonly kind: DbKind;
  /** Runs a script of several SQL statements (migrations, test setup). */
  exec(script: string): Promise<void>;
  close(): Promise<void>;
}

export interface OpenDbOptions {
  /** postgres://… or null for PGlite. */
  databaseUrl: string | null;
  /** PGlite data folder; ':memory:' for an in-memory database (tests). */
  dataDir?: string;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
  /** Hold the data-folder lock (every real process does; tests with private folders may skip). */
  lock?: boolean;
  /** Describes the process holding the lock, shown to a second process that finds the folder in use. */
  lockInfo?: Record<string, unknown>;
}

// int8 (counts, ids) as JS numbers: ids stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export async function openDb(opts: OpenDbOptions): Promise<Db> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10, connectionTimeoutMillis: 10_000 });
    // A restart of PostgreSQL (even `pg_ctl stop -m immediate`) must never kill the process. node-postgres emits
    // 'error' on the pool for idle clients and on the client itself while it is checked out (pg-pool removes its
    // idle listener then): an 'error' event without a listener is an uncaught exception. Both are listened to;
    // the query that was running rejects on its own and its caller backs off (isTransientDbError).
    pool.on('error', () => {
      /* idle client errors are surfaced by the next query */
    });
    pool.on('connect', (client) => {
      client.on('error', () => {
        /* a checked-out client's connection broke: its query rejects, pg-pool discards the client on release */
      });
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      kind: 'postgres',
      exec: async (script) => {
        await pool.query(script);
      },
      close: () => db.destroy(),
    };
  }
  let lock: DataDirLock | null = null;
  const dataDir = opts.dataDir ?? 'memory://';
  const inMemory = dataDir === ':memory:' || dataDir.startsWith('memory://');
  if (!inMemory) {
    fs.mkdirSync(dataDir, { recursive: true });
    if (opts.lock !== false) lock = acquireDataDirLock(dataDir, opts.lockInfo ?? {});
  }
  const pglite = new PGlite(inMemory ? undefined : path.join(dataDir, 'pgdata'), {
    parsers: { 20: (v: string) => Number(v), 1700: (v: string) => Number(v) },
    // PostgreSQL's 128MB default grows PGlite's WASM heap by ~100 MB for no measurable speed: the data files sit in
    // the operating system's page cache anyway (bench:import, docs/import.md).
    postgresqlconf: ['shared_buffers=32MB'],
  });
  await pglite.waitReady;
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    kind: 'pglite',
    exec: async (script) => {
      await pglite.exec(script);
    },
    close: async () => {
      await db.destroy();
      lock?.release();
    },
  };
}

/** True when the database answers a trivial query. */
export async function pingDb(db: Kysely<Database>): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}

const TRANSIENT_CODES = new Set([
  '40P01', '40001', // deadlock, serialization failure
  '57P01', '57P02', '57P03', // admin shutdown, crash shutdown, cannot connect now (starting up / recovering)
  '08000', '08001', '08003', '08004', '08006', // connection exceptions
  '53300', // too many connections
  'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN',
]);

/**
 * True for a failure that goes away by itself: the database restarting, a broken or refused connection, a
 * deadlock. node-postgres reports a connection lost mid-query without a code, so its messages are recognised too.
 */
export function isTransientDbError(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  if (!e) return false;
  if (e.code && TRANSIENT_CODES.has(e.code)) return true;
  return /Connection terminated|connection error|not queryable|timeout exceeded when trying to connect|the database system is (starting up|shutting down|in recovery)|terminating connection/i.test(e.message ?? '');
}
