/**
 * PostgreSQL array literals for the large `unnest(...)` parameters of set-based batch writes. node-postgres
 * serialises a JS array element by element (two regex replacements each, then concatenation); for an import's
 * batches that was about a tenth of the importing process's CPU. Passed as a text parameter and cast
 * (`$1::text[]`), the literal means the same on PostgreSQL and PGlite.
 *
 * The fast path is V8's native JSON.stringify: a JSON array of strings and nulls is a valid array literal once its
 * brackets become braces. JSON escapes `"` and `\` with a backslash exactly as an array literal does, writes null as
 * `null` (an unquoted NULL, case-insensitively, in an array literal) and adds no whitespace. Only its other escapes
 * (control characters as `\n` or `\u0001`, lone surrogates) differ: an array literal would read `\n` as `n`. A
 * backslash followed by anything but `"` or `\` therefore sends the array to the element-by-element path. (An
 * escaped backslash followed by a letter, `\\n`, also does: slower, never wrong.)
 */
const JSON_ONLY_ESCAPE = /\\[^"\\]/;
const NEEDS_ESCAPE = /[\\"]/;

/** `{"a","b\"c",NULL}` for text[]. */
export function textArrayLiteral(values: readonly (string | null | undefined)[]): string {
  const json = JSON.stringify(values);
  if (json.indexOf('\\') === -1 || !JSON_ONLY_ESCAPE.test(json)) return `{${json.slice(1, -1)}}`;
  return elementByElement(values);
}

function elementByElement(values: readonly (string | null | undefined)[]): string {
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
  for (const v of values) {
    if (v !== null && v !== undefined && !Number.isSafeInteger(v)) throw new RangeError(`not an integer: ${v}`);
  }
  return `{${JSON.stringify(values).slice(1, -1)}}`;
}
