/**
 * Once per test run on PostgreSQL: build a migrated template database that each test file clones
 * (CREATE DATABASE … TEMPLATE is far faster than migrating per file).
 */
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDb } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { adminPgUrl, pgUrlFor } from './db.js';

export default async function setup(project: TestProject) {
  if (process.env.CLARION_TEST_DB !== 'postgres') return;
  const name = `clarion_tpl_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminPgUrl() });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const handle = await openDb({ databaseUrl: pgUrlFor(name) });
  await migrate(handle);
  await handle.close();
  project.provide('pgTemplate' as never, name as never);
  return async () => {
    const a = new pg.Client({ connectionString: adminPgUrl() });
    await a.connect();
    await a.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
    await a.end();
  };
}
