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
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    pool.on('error', () => {
      /* idle client errors are surfaced by the next query */
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
