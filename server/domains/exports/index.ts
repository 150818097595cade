/**
 * Contact exports: all / a group / a segment / unsubscribed / bounced / invalid, to CSV (streamed in keyset pages)
 * or XLSX (in memory, capped at XLSX_MAX_ROWS), written by a background job into chunked file storage and
 * downloaded as a stream. Owns the `exports` table. Also the CSV writer used for rejected-row downloads.
 */
export { registerExportRoutes } from './exports.routes.js';
export { exportJobHandlers } from './exports.jobs.js';
export { requestExport, runExport, directCsv, findExport, XLSX_MAX_ROWS, EXPORT_JOB } from './exports.service.js';
export { availableColumns, exportWhere, exportPages, EXPORT_KINDS, type ExportKind, type ExportSpec } from './export-query.js';
export { csvField, csvLine, UTF8_BOM } from './csv-format.js';
