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

const roundTrip = async (values: (string | null)[]) => {
  const r = await sql<{ v: string | null; i: number }>`select v, i::int from unnest(${textArrayLiteral(values)}::text[]) with ordinality as t(v, i)`.execute(db.db);
  return r.rows.map((x) => x.v);
};

it('text[] literals round-trip every awkward value', async () => {
  // Without a backslash or control character: the JSON.stringify path.
  const plain = ['plain', 'with "quotes"', 'a,b', '{braces}', ' spaced ', '', 'NULL', 'null', null, 'שלום', 'emoji 🎉', '{"a":"b","c":[1,2]}'];
  expect(await roundTrip(plain)).toEqual(plain);
  expect(await roundTrip([])).toEqual([]);
  // A JSON text inside (a contact's custom fields): its own escapes, a newline and a backslash included.
  const fields = [JSON.stringify({ note: 'two\nlines "quoted" back\\slash', tab: 'a\tb' }), null];
  expect(await roundTrip(fields)).toEqual(fields);
  // Backslashes and control characters: the element-by-element path.
  const awkward = ['back\\slash', 'new\nline', 'tab\there', 'bell\u0007', 'end\\', '\\"', null];
  expect(await roundTrip(awkward)).toEqual(awkward);
});

it('int8[] literals round-trip numbers and NULLs, and refuse non-integers', async () => {
  const values = [1, null, 9007199254740991, 0, -5];
  const r = await sql<{ v: string | null }>`select v::text from unnest(${intArrayLiteral(values)}::int8[]) as t(v)`.execute(db.db);
  expect(r.rows.map((x) => (x.v === null ? null : Number(x.v)))).toEqual(values);
  expect(() => intArrayLiteral([1.5])).toThrow(RangeError);
});
