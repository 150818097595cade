/**
 * Contact exports: a background job writes CSV (streamed page by page) or XLSX (built in memory, capped) into chunked
 * file storage; the download streams it back. A direct CSV stream serves small, instant exports.
 */
import * as XLSX from '@e965/xlsx';
import type { AppContext } from '../../app/context.js';
import { badRequest, conflict, notFound } from '../../lib/errors.js';
import { enqueueJob } from '../../workers/jobs.repo.js';
import { recordAudit, type Actor } from '../audit/index.js';
import { createFile } from '../files/index.js';
import { csvLine, UTF8_BOM } from './csv-format.js';
import { exportPages, exportWhere, resolveColumns, type ExportSpec } from './export-query.js';

export const EXPORT_JOB = 'export.run';
/** SheetJS builds a workbook in memory; beyond this many rows export CSV instead. */
export const XLSX_MAX_ROWS = 1_000_000;

export interface ExportRow {
  id: number;
  workspace_id: number;
  kind: string;
  format: 'csv' | 'xlsx';
  params: Record<string, unknown>;
  status: 'queued' | 'running' | 'done' | 'failed';
  file_id: number | null;
  row_count: number;
  error: string | null;
  created_by: string | null;
  created_at: Date;
  finished_at: Date | null;
}

export async function findExport(ctx: AppContext, workspaceId: number, id: number): Promise<ExportRow> {
  const r = await ctx.db.selectFrom('exports').selectAll().where('id', '=', id).where('workspace_id', '=', workspaceId).executeTakeFirst();
  if (!r) throw notFound('Export');
  return r as unknown as ExportRow;
}

/** Validates the request (group/segment exist, columns known) and queues the export job. */
export async function requestExport(ctx: AppContext, workspaceId: number, actor: Actor, spec: ExportSpec & { format: 'csv' | 'xlsx' }): Promise<number> {
  await exportWhere(ctx.db, workspaceId, spec);
  await resolveColumns(ctx.db, workspaceId, spec.columns);
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('exports')
      .values({
        workspace_id: workspaceId,
        kind: spec.kind,
        format: spec.format,
        params: JSON.stringify({ groupId: spec.groupId ?? null, segmentId: spec.segmentId ?? null, columns: spec.columns ?? null }),
        created_by: actor.label,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await enqueueJob(trx, { kind: EXPORT_JOB, workspaceId, payload: { workspaceId, exportId: row.id }, uniqueKey: `export:${row.id}` });
    await recordAudit(trx, workspaceId, actor, 'export.requested', 'export', row.id, { kind: spec.kind, format: spec.format });
    return row.id;
  });
}

function specOf(e: ExportRow): ExportSpec {
  const p = e.params as { groupId?: number | null; segmentId?: number | null; columns?: string[] | null };
  return { kind: e.kind as ExportSpec['kind'], groupId: p.groupId ?? undefined, segmentId: p.segmentId ?? undefined, columns: p.columns ?? undefined };
}

export function exportFileName(e: ExportRow): string {
  return `contacts-${e.kind}-${e.id}.${e.format}`;
}

/** The job: writes the file and marks the export done (or failed with a reason a user can act on). */
export async function runExport(ctx: AppContext, workspaceId: number, exportId: number, heartbeat: () => Promise<boolean> = async () => true): Promise<void> {
  const e = await findExport(ctx, workspaceId, exportId);
  if (e.status === 'done' || e.status === 'failed') return;
  await ctx.db.updateTable('exports').set({ status: 'running' }).where('id', '=', exportId).execute();
  const spec = specOf(e);
  let where;
  try {
    where = await exportWhere(ctx.db, workspaceId, spec);
  } catch (err) {
    await ctx.db.updateTable('exports').set({ status: 'failed', error: (err as Error).message, finished_at: new Date() }).where('id', '=', exportId).execute();
    return;
  }
  const columns = await resolveColumns(ctx.db, workspaceId, spec.columns);
  const contentType = e.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  const w = await createFile(ctx.db, { workspaceId, purpose: 'export', name: exportFileName(e), contentType });
  let rows = 0;
  if (e.format === 'csv') {
    await w.write(UTF8_BOM + csvLine(columns.map((c) => c.label)));
    for await (const page of exportPages(ctx.db, workspaceId, where, columns)) {
      let chunk = '';
      for (const r of page) chunk += csvLine(r);
      await w.write(chunk);
      rows += page.length;
      await heartbeat();
    }
  } else {
    const aoa: unknown[][] = [columns.map((c) => c.label)];
    for await (const page of exportPages(ctx.db, workspaceId, where, columns)) {
      rows += page.length;
      if (rows > XLSX_MAX_ROWS) {
        await ctx.db.updateTable('exports').set({ status: 'failed', error: `More than ${XLSX_MAX_ROWS} contacts: export them as CSV.`, finished_at: new Date() }).where('id', '=', exportId).execute();
        return;
      }
      for (const r of page) aoa.push(r.map((v) => (Array.isArray(v) ? v.join(', ') : v)));
      await heartbeat();
    }
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa), 'Contacts');
    await w.write(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer);
  }
  await w.finish();
  await ctx.db.updateTable('exports').set({ status: 'done', file_id: w.fileId, row_count: rows, finished_at: new Date() }).where('id', '=', exportId).execute();
}

/** CSV text of an export, streamed directly (for the instant GET …/contacts/export.csv). */
export async function* directCsv(ctx: AppContext, workspaceId: number, spec: ExportSpec): AsyncGenerator<string> {
  const where = await exportWhere(ctx.db, workspaceId, spec);
  const columns = await resolveColumns(ctx.db, workspaceId, spec.columns);
  yield UTF8_BOM + csvLine(columns.map((c) => c.label));
  for await (const page of exportPages(ctx.db, workspaceId, where, columns)) {
    let chunk = '';
    for (const r of page) chunk += csvLine(r);
    yield chunk;
  }
}

/** The file of a finished export (404 before it is done). */
export async function downloadable(ctx: AppContext, workspaceId: number, id: number) {
  const e = await findExport(ctx, workspaceId, id);
  if (e.status === 'failed') throw badRequest(`The export failed: ${e.error}`, 'id');
  if (e.status !== 'done' || !e.file_id) throw conflict(`The export is ${e.status}; download it when it is done.`, 'status');
  return { export: e, fileId: e.file_id };
}
