/**
 * PostgreSQL array literals built in one pass, for the large `unnest(...)` parameters of set-based batch writes.
 * node-postgres serialises a JS array element by element (two regex replacements each, then concatenation); for an
 * import's 10,000-row batches that was about a tenth of the importing process's CPU. Passed as a text parameter and
 * cast (`$1::text[]`), the literal means the same on PostgreSQL and PGlite.
 */
const NEEDS_ESCAPE = /[\\"]/;

/** `{"a","b\"c",NULL}` for text[]. */
export function textArrayLiteral(values: readonly (string | null | undefined)[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) parts[i] = 'NULL';
    else parts[i] = NEEDS_ESCAPE.test(v) ? `"${v.replace(/[\\"]/g, '\\$&')}"` : `"${v}"`;
  }
  return `{${parts.join(',')}}`;
}

/** `{1,NULL,3}` for int8[] / int[]. */
export function intArrayLiteral(values: readonly (number | null | undefined)[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) parts[i] = 'NULL';
    else if (Number.isSafeInteger(v)) parts[i] = String(v);
    else throw new RangeError(`not an integer: ${v}`);
  }
  return `{${parts.join(',')}}`;
}
