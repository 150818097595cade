/**
 * File sniffing: container format, text encoding and CSV delimiter from the first bytes of an upload.
 * Decisions are made on bytes, never on the file name alone (users rename `.csv` exports to `.xlsx` and back);
 * the name only breaks ties (`.tsv` prefers tab).
 */
import { decodeHead } from './decode.js';
import type { Delimiter, SniffResult, TextEncoding } from './types.js';

/** How many bytes of the file head `sniffFile` looks at; pass at least this much when available. */
export const SNIFF_BYTES = 64 * 1024;

const DELIMITERS: readonly Delimiter[] = [',', ';', '\t', '|'];

/**
 * Detects format, encoding, delimiter and BOM from the head of a file (ideally its first 64 KiB).
 * XLSX is recognised by the zip signature (and legacy `.xls` by the CFB signature; the spreadsheet reader handles both);
 * for spreadsheets `encoding`/`delimiter` are placeholders (`utf8`, `,`) that the spreadsheet reader ignores.
 */
export function sniffFile(head: Buffer, fileName: string): SniffResult {
  if (isZip(head) || isCfb(head)) return { format: 'xlsx', encoding: 'utf8', delimiter: ',', hasBom: false };
  const { encoding, hasBom } = detectEncoding(head);
  const text = decodeHead(head, encoding);
  const delimiter = detectDelimiter(text, /\.(tsv|tab)$/i.test(fileName) ? '\t' : ',');
  return { format: 'csv', encoding, delimiter, hasBom };
}

function isZip(b: Buffer): boolean {
  return b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
}

function isCfb(b: Buffer): boolean {
  const sig = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
  return b.length >= 8 && sig.every((v, i) => b[i] === v);
}

/** Detects the text encoding from BOM, NUL-byte pattern (BOM-less UTF-16) or UTF-8 validity + high-byte statistics. */
export function detectEncoding(head: Buffer): { encoding: TextEncoding; hasBom: boolean } {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf8', hasBom: true };
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf16le', hasBom: true };
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf16be', hasBom: true };
  const utf16 = detectUtf16ByNuls(head);
  if (utf16) return { encoding: utf16, hasBom: false };
  if (isValidUtf8(head)) return { encoding: 'utf8', hasBom: false };
  return { encoding: looksHebrew1255(head) ? 'windows-1255' : 'windows-1252', hasBom: false };
}

/** Text files never contain NUL; UTF-16 of mostly-ASCII text has one in every other byte. */
function detectUtf16ByNuls(b: Buffer): 'utf16le' | 'utf16be' | null {
  const n = Math.min(b.length, 4096) & ~1;
  if (n < 4) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) even++;
    if (b[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  if (odd >= pairs * 0.1 && even <= odd / 8) return 'utf16le';
  if (even >= pairs * 0.1 && odd <= even / 8) return 'utf16be';
  return null;
}

/** Strict UTF-8 validation; a sequence cut off by the end of the head buffer is accepted. */
export function isValidUtf8(b: Uint8Array): boolean {
  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return false;
    if (i + need >= n) {
      // Truncated at the end of the head: valid if the bytes we do have are continuation bytes.
      for (let k = i + 1; k < n; k++) if ((b[k] & 0xc0) !== 0x80) return false;
      return true;
    }
    let cp = c & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const cc = b[i + k];
      if ((cc & 0xc0) !== 0x80) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += need + 1;
  }
  return true;
}

/**
 * Windows-1255 puts the Hebrew letters at 0xE0–0xFA. Western 1252 uses the same bytes for accented letters, but
 * those appear one at a time between ASCII letters, while Hebrew words are runs of high bytes. So: 1255 when most
 * high bytes are Hebrew letters that sit next to another Hebrew letter.
 */
function looksHebrew1255(b: Buffer): boolean {
  const n = Math.min(b.length, SNIFF_BYTES);
  let high = 0;
  let inRuns = 0;
  const heb = (x: number | undefined) => x !== undefined && x >= 0xe0 && x <= 0xfa;
  for (let i = 0; i < n; i++) {
    if (b[i] < 0x80) continue;
    high++;
    if (heb(b[i]) && (heb(b[i - 1]) || heb(b[i + 1]))) inRuns++;
  }
  return high > 0 && inRuns >= high * 0.5;
}

/**
 * Picks the delimiter whose per-record count (outside quotes) is non-zero in the header and most consistent across
 * the first records; ties go to the larger column count, then to `preferred`, then to the order , ; tab |.
 */
export function detectDelimiter(text: string, preferred: Delimiter = ','): Delimiter {
  const records = countPerRecord(text, 50);
  if (records.length === 0) return preferred;
  let best: Delimiter = preferred;
  let bestScore = -1;
  let bestCols = 0;
  const order = [preferred, ...DELIMITERS.filter((d) => d !== preferred)];
  for (const d of order) {
    const counts = records.map((r) => r[d]);
    const headerCount = counts[0];
    if (headerCount === 0) continue;
    const same = counts.filter((c) => c === headerCount).length;
    const score = same / counts.length;
    if (score > bestScore + 1e-9 || (Math.abs(score - bestScore) < 1e-9 && headerCount > bestCols)) {
      best = d;
      bestScore = score;
      bestCols = headerCount;
    }
  }
  return best;
}

/** Counts each candidate delimiter outside quotes, per record (quoted line breaks do not end a record). */
function countPerRecord(text: string, maxRecords: number): Record<Delimiter, number>[] {
  const out: Record<Delimiter, number>[] = [];
  let cur = { ',': 0, ';': 0, '\t': 0, '|': 0 } as Record<Delimiter, number>;
  let inQuotes = false;
  let nonEmpty = false;
  let complete = false;
  for (let i = 0; i < text.length && out.length < maxRecords; i++) {
    const ch = text[i];
    complete = false;
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === '\n' || ch === '\r')) {
      if (nonEmpty) out.push(cur);
      cur = { ',': 0, ';': 0, '\t': 0, '|': 0 };
      nonEmpty = false;
      complete = true;
      continue;
    } else if (!inQuotes && (ch === ',' || ch === ';' || ch === '\t' || ch === '|')) cur[ch]++;
    nonEmpty = true;
  }
  // The last line of a head buffer is usually cut off; use it only if it is the only one.
  if (nonEmpty && !complete && out.length === 0) out.push(cur);
  return out;
}
