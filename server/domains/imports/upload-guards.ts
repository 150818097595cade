/**
 * Issue 10 §5 upload hardening, checked before any parsing work: binary garbage posted as CSV (400), a
 * spreadsheet whose sheet XML would inflate past the in-memory limit (413, read from the zip directory without
 * inflating), a header with more than MAX_COLUMNS columns (400, refused from the first 64 KiB), and a file name
 * reduced to its base name (no directories from the client).
 */
import { badRequest, tooLarge } from '../../lib/errors.js';
import type { SniffResult } from './parse/index.js';
import { xlsxXmlBytes } from './parse/xlsx.js';
import { MAX_XLSX_XML_BYTES } from './parse/records.js';
import { msg } from '../../lib/messages/index.js';

export const MAX_COLUMNS = 1000;

/** The base name of a client-given file name: no directories (either slash), no control characters. */
export function baseFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 255);
  return base === '.' || base === '..' ? '' : base;
}

/** Refuses a text upload that is binary, or whose header row has more than MAX_COLUMNS columns. */
export function assertSaneTextUpload(head: Buffer, s: SniffResult) {
  if (s.format !== 'csv') return;
  const wide = s.encoding === 'utf16le' || s.encoding === 'utf16be';
  if (!wide) {
    let control = 0;
    for (let i = 0; i < head.length; i++) {
      const b = head[i];
      if (b === 0) throw badRequest(msg('guard.upload_binary'), 'file');
      if (b < 9 || (b > 13 && b < 32 && b !== 27)) control++;
    }
    if (head.length && control / head.length > 0.05) throw badRequest(msg('guard.upload_binary'), 'file');
  }
  const text = head.toString(wide ? 'utf16le' : 'latin1');
  const nl = text.search(/[\r\n]/);
  const first = nl < 0 ? text : text.slice(0, nl);
  let cols = 1;
  for (const ch of first) if (ch === s.delimiter) cols++;
  if (cols > MAX_COLUMNS) throw badRequest(msg('guard.upload_columns', { limit: MAX_COLUMNS }), 'file', { limit: MAX_COLUMNS });
}

/** Refuses a header parsed with more than MAX_COLUMNS columns (spreadsheets, quoted CSV headers). */
export function assertColumnCount(header: string[]) {
  if (header.length > MAX_COLUMNS) throw badRequest(msg('guard.upload_columns', { limit: MAX_COLUMNS }), 'file', { limit: MAX_COLUMNS, columns: header.length });
}

/** 413 when a workbook's sheet data would inflate past the in-memory limit (a zip bomb among them). */
export function assertXlsxInflatesWithinLimit(buf: Buffer) {
  const xml = xlsxXmlBytes(buf);
  if (xml !== null && xml > MAX_XLSX_XML_BYTES) {
    throw tooLarge(msg('guard.upload_inflates', { mb: Math.round(xml / 1048576), limit: Math.round(MAX_XLSX_XML_BYTES / 1048576) }));
  }
}
