/**
 * Shared types of the contact-file parser (decoding, sniffing, record streaming).
 * Pure data: no I/O here so the other parse modules can import it without side effects.
 */

/** Container format of an uploaded contact file. Legacy `.xls` (CFB) is read by the same spreadsheet reader as `xlsx`. */
export type FileFormat = 'csv' | 'xlsx';

/** Text encodings the CSV reader decodes. `windows-1255` covers old Hebrew Excel exports, `windows-1252` Western ones. */
export type TextEncoding = 'utf8' | 'utf16le' | 'utf16be' | 'windows-1255' | 'windows-1252';

/** Field delimiters recognised in CSV files. */
export type Delimiter = ',' | ';' | '\t' | '|';

/** What `sniffFile` found out about a file from its first bytes. */
export interface SniffResult {
  format: FileFormat;
  encoding: TextEncoding;
  delimiter: Delimiter;
  hasBom: boolean;
}

/** One data record of the file (the header row is never yielded as a record). */
export interface FileRecord {
  /** Physical line (CSV) or spreadsheet row (XLSX) on which the record starts; the header is line 1. */
  line: number;
  /** 1-based index of the record, header excluded, blank rows excluded. Stable across runs: use it to resume. */
  record: number;
  /** Cell texts in column order. Rows shorter than the header are NOT padded; index beyond the end means empty. */
  values: string[];
}

/** Options of `readRecords` / `readRecordBatches` / `readHeader`. */
export interface ReadOptions {
  format: FileFormat;
  /** CSV only. */
  encoding?: TextEncoding;
  /** CSV only. */
  delimiter?: Delimiter;
  /** XLSX only: sheet name or 0-based index; default the first sheet. */
  sheet?: string | number;
  /** Skip this many data records (e.g. those already committed by an interrupted import). */
  skipRecords?: number;
  /** Records per yielded batch for `readRecordBatches` (default 1000). */
  batchSize?: number;
  /** Called once with the header row before any record is yielded. */
  onHeader?: (header: string[]) => void;
  /** XLSX only: refuse spreadsheets larger than this many bytes (default 100 MB) since they are parsed in memory. */
  maxXlsxBytes?: number;
  /**
   * XLSX only: refuse workbooks whose largest sheet XML + shared strings exceed this many uncompressed bytes
   * (default 48 MB, about 130k rows of 8 columns), because SheetJS needs ~6× that in memory. Use CSV beyond.
   */
  maxXlsxXmlBytes?: number;
}

/** Anything the readers accept as input: a Node readable stream or any async iterable of byte chunks. */
export type ByteSource = AsyncIterable<Buffer | Uint8Array> | NodeJS.ReadableStream;
