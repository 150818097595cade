/** The array literals must round-trip through the real database, quotes, backslashes, commas and NULLs included. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../test/db.js';
import { intArrayLiteral, textArrayLiteral } from './array-literal.js';

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => db.close());

it('text[] literals round-trip every awkward value', async () => {
  const values = ['plain', 'with "quotes"', 'back\\slash', 'a,b', '{braces}', ' spaced ', '', 'NULL', null, 'שלום', 'emoji 🎉', 'new\nline'];
  const r = await sql<{ v: string | null; i: number }>`select v, i::int from unnest(${textArrayLiteral(values)}::text[]) with ordinality as t(v, i)`.execute(db.db);
  expect(r.rows.map((x) => x.v)).toEqual(values);
});

it('int8[] literals round-trip numbers and NULLs, and refuse non-integers', async () => {
  const values = [1, null, 9007199254740991, 0, -5];
  const r = await sql<{ v: string | null }>`select v::text from unnest(${intArrayLiteral(values)}::int8[]) as t(v)`.execute(db.db);
  expect(r.rows.map((x) => (x.v === null ? null : Number(x.v)))).toEqual(values);
  expect(() => intArrayLiteral([1.5])).toThrow(RangeError);
});
