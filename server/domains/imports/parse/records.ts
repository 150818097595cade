/**
 * Streaming record reader for CSV and XLSX contact files.
 *
 * Output contract (shared by both formats): the first non-blank row is the header (returned via `onHeader` /
 * `readHeader`, never as a record); blank rows (all cells empty or whitespace) are skipped and not counted;
 * `record` numbers the remaining rows from 1; `line` is the physical line (CSV) or sheet row (XLSX) on which a
 * record starts, header = line 1 in a file that starts with its header.
 */
import { createChunkDecoder } from './decode.js';
import { CsvTokenizer, type RawRecord } from './csv-tokenizer.js';
import { readSheetRows, xlsxXmlBytes } from './xlsx.js';
import type { ByteSource, FileRecord, ReadOptions } from './types.js';

const DEFAULT_BATCH = 1000;
const DEFAULT_MAX_XLSX = 100 * 1024 * 1024;
export const MAX_XLSX_XML_BYTES = 48 * 1024 * 1024;
const DEFAULT_MAX_XLSX_XML = MAX_XLSX_XML_BYTES; // ≈ 130k rows of 8 columns; ≈ 300 MB peak RSS in SheetJS

function isBlank(values: string[]): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v.length !== 0 && v.trim().length !== 0) return false;
  }
  return true;
}

function cleanHeader(values: string[]): string[] {
  // A BOM can survive decoding when a file was converted twice; it must not break header matching.
  return values.map((v, i) => (i === 0 ? v.replace(/^\uFEFF/, '') : v).trim());
}

async function* byteChunks(source: ByteSource): AsyncGenerator<Uint8Array> {
  for await (const chunk of source as AsyncIterable<unknown>) {
    if (typeof chunk === 'string') throw new TypeError('readRecords needs a byte stream; do not call setEncoding on it');
    yield chunk as Uint8Array;
  }
}

/** Rows (header included) with their starting line, before header/blank handling. */
async function* rawRowBatches(source: ByteSource, opts: ReadOptions): AsyncGenerator<RawRecord[]> {
  if (opts.format === 'xlsx') {
    const max = opts.maxXlsxBytes ?? DEFAULT_MAX_XLSX;
    const parts: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of byteChunks(source)) {
      size += chunk.byteLength;
      if (size > max) throw new Error(`Spreadsheet is larger than ${Math.round(max / 1048576)} MB; export it as CSV instead`);
      parts.push(chunk);
    }
    const buf = Buffer.concat(parts);
    const xml = xlsxXmlBytes(buf);
    const maxXml = opts.maxXlsxXmlBytes ?? DEFAULT_MAX_XLSX_XML;
    if (xml !== null && xml > maxXml) {
      throw new Error(
        `Spreadsheet is too large to read in memory (${Math.round(xml / 1048576)} MB of sheet data, limit ${Math.round(maxXml / 1048576)} MB); export it as CSV instead`,
      );
    }
    let batch: RawRecord[] = [];
    for (const r of readSheetRows(buf, opts.sheet)) {
      batch.push({ line: r.row, values: r.values });
      if (batch.length >= (opts.batchSize ?? DEFAULT_BATCH)) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length) yield batch;
    return;
  }
  const decoder = createChunkDecoder(opts.encoding ?? 'utf8');
  const tokenizer = new CsvTokenizer(opts.delimiter ?? ',');
  let out: RawRecord[] = [];
  for await (const chunk of byteChunks(source)) {
    tokenizer.push(decoder.write(chunk), out);
    if (out.length) {
      yield out;
      out = [];
    }
  }
  tokenizer.push(decoder.end(), out);
  tokenizer.end(out);
  if (out.length) yield out;
}

/**
 * Reads data records in batches (default 1000 per batch, the last one may be shorter). The fast path for imports:
 * one `await` per batch instead of per record.
 */
export async function* readRecordBatches(source: ByteSource, opts: ReadOptions): AsyncGenerator<FileRecord[]> {
  const batchSize = Math.max(1, opts.batchSize ?? DEFAULT_BATCH);
  const skip = Math.max(0, opts.skipRecords ?? 0);
  let header: string[] | null = null;
  let record = 0;
  let batch: FileRecord[] = [];
  for await (const rows of rawRowBatches(source, opts)) {
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      if (isBlank(row.values)) continue;
      if (header === null) {
        header = cleanHeader(row.values);
        opts.onHeader?.(header);
        continue;
      }
      record++;
      if (record <= skip) continue;
      batch.push({ line: row.line, record, values: row.values });
      if (batch.length === batchSize) {
        yield batch;
        batch = [];
      }
    }
  }
  if (header === null) opts.onHeader?.([]);
  if (batch.length) yield batch;
}

/** Reads data records one at a time (convenience over `readRecordBatches`). */
export async function* readRecords(source: ByteSource, opts: ReadOptions): AsyncGenerator<FileRecord> {
  for await (const batch of readRecordBatches(source, opts)) yield* batch;
}

/**
 * Reads the header row and up to `limit` records, then stops reading (the source is closed), for the mapping UI.
 * An empty file gives an empty header.
 */
export async function readPreview(
  source: ByteSource,
  opts: ReadOptions,
  limit = 20,
): Promise<{ header: string[]; records: FileRecord[] }> {
  let header: string[] = [];
  const records: FileRecord[] = [];
  if (limit > 0) {
    const it = readRecordBatches(source, { ...opts, batchSize: limit, onHeader: (h) => (header = h) });
    for await (const batch of it) {
      records.push(...batch.slice(0, limit - records.length));
      if (records.length >= limit) break;
    }
  } else {
    header = await readHeader(source, opts);
  }
  return { header, records };
}

/** Reads only the header row (trimmed cells), then closes the source. */
export async function readHeader(source: ByteSource, opts: ReadOptions): Promise<string[]> {
  for await (const rows of rawRowBatches(source, opts)) {
    for (const row of rows) if (!isBlank(row.values)) return cleanHeader(row.values);
  }
  return [];
}
