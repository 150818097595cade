/** Presents import rows and issues for the API: progress with rate and ETA, counts, ISO dates. */
import type { ImportRow, IssueRow } from './imports.repo.js';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** Progress of a running import: the total is estimated from bytes read until the end of the file is reached. */
export function progressOf(r: ImportRow, now = Date.now()) {
  const o = r.options;
  const processed = r.processed_records;
  let total = r.total_records;
  let estimate = false;
  if (total === null && r.format === 'csv' && o.bytesRead && o.fileSize && processed > 0) {
    total = Math.max(processed, Math.round((processed * o.fileSize) / o.bytesRead));
    estimate = true;
  }
  const running = r.status === 'running' || r.status === 'queued';
  const end = r.finished_at ? new Date(r.finished_at).getTime() : now;
  const secs = r.started_at ? (end - new Date(r.started_at).getTime()) / 1000 : 0;
  const rate = secs > 0 && processed > 0 ? Math.round(processed / secs) : null;
  const eta = running && rate && total !== null ? Math.max(0, Math.round((total - processed) / rate)) : running ? null : 0;
  return {
    processedRecords: processed,
    totalRecords: total,
    totalIsEstimate: estimate,
    percent: total ? Math.min(100, Math.round((1000 * processed) / total) / 10) : r.status === 'done' ? 100 : null,
    rowsPerSecond: rate,
    etaSeconds: eta,
  };
}

export function countsOf(r: ImportRow) {
  return {
    records: r.processed_records,
    created: r.created_count,
    updated: r.updated_count,
    addedToGroup: r.added_to_group_count,
    duplicatesInFile: r.duplicates_in_file,
    invalid: r.invalid_count,
    conflicts: r.conflict_count,
  };
}

export function importView(r: ImportRow, opts: { preview?: boolean } = {}) {
  const o = r.options;
  return {
    id: r.id,
    fileName: r.file_name,
    format: r.format,
    status: r.status,
    mode: o.mode,
    groupIds: o.groupIds,
    defaultCountry: o.defaultCountry,
    encoding: o.encoding,
    delimiter: o.delimiter,
    sheets: o.sheets,
    sheet: o.sheet,
    header: o.header,
    ...(opts.preview ? { preview: o.preview } : {}),
    suggestedMapping: o.suggested,
    mapping: o.mapping,
    fileSize: o.fileSize,
    progress: progressOf(r),
    counts: countsOf(r),
    error: r.error,
    createdBy: r.created_by,
    createdAt: iso(r.created_at)!,
    startedAt: iso(r.started_at),
    finishedAt: iso(r.finished_at),
  };
}

export function issueView(i: IssueRow) {
  return {
    id: i.id,
    kind: i.kind,
    record: i.record,
    line: i.line,
    column: i.column_name,
    reason: i.reason,
    ...(i.reason_code ? { reasonCode: i.reason_code, ...(i.reason_params ? { reasonParams: i.reason_params } : {}) } : {}),
    raw: i.raw,
    emailContactId: i.email_contact_id,
    phoneContactId: i.phone_contact_id,
    resolvedAt: iso(i.resolved_at),
    resolution: i.resolution,
  };
}
