/** RFC 4180 CSV lines for exports and rejected-row downloads (quoted only when needed, CRLF line ends). */

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$|^[=+\-@\t]/;

/**
 * One CSV field. Values starting with = + - @ are prefixed with a quote mark so spreadsheet apps do not run
 * them as formulas (CSV injection); phone numbers like +972… are kept readable by quoting instead.
 */
export function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (/^[=\-@]/.test(s) || (s.startsWith('+') && !/^\+\d[\d ]*$/.test(s))) s = `'${s}`;
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A whole CSV record with its CRLF terminator. */
export function csvLine(values: unknown[]): string {
  let out = '';
  for (let i = 0; i < values.length; i++) out += (i ? ',' : '') + csvField(values[i]);
  return out + '\r\n';
}

/** UTF-8 byte order mark: Excel needs it to read UTF-8 (Hebrew) CSV correctly. */
export const UTF8_BOM = '\uFEFF';
