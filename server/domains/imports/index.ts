/**
 * Contact imports: CSV/XLSX upload → preview and mapping → a background job that writes contacts set-based in
 * batches (resumable after a crash) → report with invalid rows and conflicts; plus the `clarion import` CLI.
 * Owns the `imports` and `import_issues` tables. Parsing lives in ./parse (pure); file storage in ../files.
 */
export { registerImportRoutes } from './imports.routes.js';
export { importJobHandlers } from './imports.jobs.js';
export { createFromUpload, updateDraft, startImport, cancelImport, ensureGroup, IMPORT_JOB } from './imports.service.js';
export type { DraftPatch } from './imports.service.js';
export { runImport, IMPORT_BATCH } from './import-run.js';
export type { RunHooks, RunOutcome } from './import-run.js';
export { getImport, issuesPage, rejectedCsv, resolveConflict } from './import-issues.js';
export { importView, issueView } from './import-view.js';
export { runImportCli } from './import-cli.js';
export type { ImportMode, ImportOptions } from './import-options.js';
