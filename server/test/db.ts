/**
 * A fresh, migrated database for each test file, on the variant chosen by CLARION_TEST_DB:
 * `pglite` (in memory, loaded from a migrated snapshot) or `postgres` (a new database cloned from a
 * migrated template). Tests never share rows, so they never clean up after each other.
 */
import { inject } from 'vitest';
import pg from 'pg';
import { openDb, type Db } from '../db/database.js';
import { migrate } from '../db/migrate.js';

export type TestDbVariant = 'pglite' | 'postgres';

export const testDbVariant = (): TestDbVariant => (process.env.CLARION_TEST_DB === 'postgres' ? 'postgres' : 'pglite');

export const adminPgUrl = () => process.env.CLARION_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function pgUrlFor(database: string): string {
  const u = new URL(adminPgUrl());
  u.pathname = `/${database}`;
  return u.toString();
}

export interface TestDb extends Db {
  /** postgres://… of this test's database (null on PGlite): hand it to child processes. */
  url: string | null;
}

/** Opens a private, migrated database for this test file. Close it in afterAll. */
export async function createTestDb(): Promise<TestDb> {
  if (testDbVariant() === 'postgres') {
    const template = inject('pgTemplate' as never) as string | undefined;
    const name = `clarion_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client({ connectionString: adminPgUrl() });
    await admin.connect();
    try {
      await admin.query(template ? `create database ${name} template ${template}` : `create database ${name}`);
    } finally {
      await admin.end();
    }
    const url = pgUrlFor(name);
    const handle = await openDb({ databaseUrl: url, poolSize: 10 });
    if (!template) await migrate(handle);
    return {
      ...handle,
      url,
      close: async () => {
        await handle.close();
        const a = new pg.Client({ connectionString: adminPgUrl() });
        await a.connect();
        await a.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
        await a.end();
      },
    };
  }
  const handle = await openDb({ databaseUrl: null, dataDir: 'memory://' });
  await migrate(handle);
  return { ...handle, url: null };
}
