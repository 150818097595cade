/**
 * Applies migrations in name order, each in its own transaction, recording them in schema_migrations.
 * On PostgreSQL an advisory lock makes concurrent starts (several workers) migrate exactly once.
 */
import { sql } from 'kysely';
import type { Db } from './database.js';
import { migrations } from './migrations/index.js';

export async function migrate(handle: Db, log?: (msg: string) => void): Promise<string[]> {
  const { db } = handle;
  await handle.exec(
    'create table if not exists schema_migrations (name text primary key, applied_at timestamptz not null default now())',
  );
  const applied: string[] = [];
  await db.connection().execute(async (conn) => {
    if (handle.kind === 'postgres') await sql`select pg_advisory_lock(727274)`.execute(conn);
    try {
      const done = new Set(
        (await sql<{ name: string }>`select name from schema_migrations`.execute(conn)).rows.map((r) => r.name),
      );
      for (const m of migrations) {
        if (done.has(m.name)) continue;
        await sql`begin`.execute(conn);
        try {
          for (const statement of splitStatements(m.up)) await sql.raw(statement).execute(conn);
          await sql`insert into schema_migrations (name) values (${m.name})`.execute(conn);
          await sql`commit`.execute(conn);
        } catch (err) {
          await sql`rollback`.execute(conn);
          throw new Error(`Migration ${m.name} failed: ${(err as Error).message}`);
        }
        applied.push(m.name);
        log?.(`applied migration ${m.name}`);
      }
    } finally {
      if (handle.kind === 'postgres') await sql`select pg_advisory_unlock(727274)`.execute(conn);
    }
  });
  return applied;
}

/**
 * Splits a migration script on top-level semicolons (outside quotes, dollar quotes and comments) so each
 * statement can run through the extended protocol on both drivers.
 */
export function splitStatements(script: string): string[] {
  const out: string[] = [];
  let cur = '';
  let i = 0;
  while (i < script.length) {
    const ch = script[i];
    if (ch === "'" || ch === '"') {
      const end = script.indexOf(ch, i + 1);
      const stop = end === -1 ? script.length : end + 1;
      cur += script.slice(i, stop);
      i = stop;
    } else if (ch === '-' && script[i + 1] === '-') {
      const end = script.indexOf('\n', i);
      i = end === -1 ? script.length : end + 1;
    } else if (ch === '$') {
      const tag = /^\$[A-Za-z_]*\$/.exec(script.slice(i))?.[0];
      if (tag) {
        const end = script.indexOf(tag, i + tag.length);
        const stop = end === -1 ? script.length : end + tag.length;
        cur += script.slice(i, stop);
        i = stop;
      } else {
        cur += ch;
        i++;
      }
    } else if (ch === ';') {
      if (cur.trim()) out.push(cur.trim());
      cur = '';
      i++;
    } else {
      cur += ch;
      i++;
    }
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}
