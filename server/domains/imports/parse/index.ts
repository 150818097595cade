/**
 * Contact-file parsing for imports: sniff → stream records → normalise/validate rows → in-file dedupe.
 * Pure: no database, no HTTP. The import service wires these to uploads and the contact writer.
 *
 * Typical use:
 *   const s = sniffFile(head, fileName);
 *   const norm = createRowNormalizer({ mapping, fields, defaultCountry: 'IL', headers });
 *   const dedupe = createInFileDeduper();
 *   for await (const batch of readRecordBatches(stream, { ...s, skipRecords })) for (const r of batch) {
 *     const res = norm(r.values, r.line);
 *     if (!res.ok) …invalid(r.line, res.column, res.reason)
 *     else if (dedupe.firstOccurrence(res.contact.email, res.contact.phone_e164, r.record)) …duplicate
 *     else …write(res.contact)
 *   }
 */
export type { ByteSource, Delimiter, FileFormat, FileRecord, ReadOptions, SniffResult, TextEncoding } from './types.js';
export { sniffFile, detectDelimiter, detectEncoding, SNIFF_BYTES } from './sniff.js';
export { createChunkDecoder } from './decode.js';
export { CsvFormatError } from './csv-tokenizer.js';
export { readRecordBatches, readRecords, readHeader, readPreview } from './records.js';
export { listSheets } from './xlsx.js';
export { createRowNormalizer, columnLetter, MappingError } from './normalize.js';
export type { NormalizedContact, NormalizeResult, RowNormalizerOptions } from './normalize.js';
export type { FieldDefinition, DateOrder } from './typed-values.js';
export { normalizeEmail, createPhoneNormalizer } from './contact-values.js';
export { createInFileDeduper, mergeDuplicate } from './dedupe.js';
export type { InFileDeduper } from './dedupe.js';
