/**
 * What an import remembers between upload, mapping and the background run (stored in imports.options).
 * Mappings are kept as `{ "<column index>": "<target key>" | null }` with target keys from common/import-mapping.ts
 * (`email`, `phone`, `first_name`, `last_name`, `full_name`, `custom:<key>`).
 */
import { parseTargetKey, targetKey, type FieldTarget } from '../../../common/import-mapping.js';
import type { Delimiter, TextEncoding } from './parse/index.js';
import { badRequest } from '../../lib/errors.js';

export type ImportMode = 'quick' | 'update' | 'unsubscribe';

export interface ImportOptions {
  encoding: TextEncoding;
  delimiter: Delimiter;
  /** XLSX: the worksheet names and the chosen one (null = the first). */
  sheets: string[];
  sheet: string | null;
  header: string[];
  /** The first data records, for the mapping screen. */
  preview: { line: number; values: string[] }[];
  /** Suggested and chosen mappings (column index → target key or null). */
  suggested: Record<string, string | null>;
  mapping: Record<string, string | null>;
  groupIds: number[];
  mode: ImportMode;
  defaultCountry: string;
  fileSize: number;
  /** Bytes of the file consumed so far by the running job (for the record-count estimate). */
  bytesRead?: number;
}

/** Stored mapping → the parser's `{ index: FieldTarget | null }`, rejecting unknown target keys. */
export function toParserMapping(m: Record<string, string | null>): Record<number, FieldTarget | null> {
  const out: Record<number, FieldTarget | null> = {};
  for (const [k, v] of Object.entries(m)) {
    const col = Number(k);
    if (!Number.isInteger(col) || col < 0) throw badRequest(`Mapping key "${k}" is not a column index.`, 'mapping');
    if (v === null || v === '') {
      out[col] = null;
      continue;
    }
    const t = parseTargetKey(v);
    if (!t) throw badRequest(`Unknown mapping target "${v}" for column ${col}.`, 'mapping');
    out[col] = t;
  }
  return out;
}

/** Parser mapping → stored form. */
export function fromParserMapping(m: Record<number, FieldTarget | null>): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(m)) out[k] = v === null ? null : targetKey(v);
  return out;
}
