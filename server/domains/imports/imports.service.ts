/**
 * The import lifecycle: upload (stored in chunks, sniffed, previewed, mapping suggested) → draft edits (mapping,
 * new custom fields, target groups, mode, country, sheet) → start (queues the `import.run` job) → cancel.
 * Routes and the CLI call these; the job itself is in import-run.ts.
 */
import type { AppContext } from '../../app/context.js';
import { suggestMapping } from '../../../common/import-mapping.js';
import { badRequest, conflict, notFound } from '../../lib/errors.js';
import { recordAudit, type Actor } from '../audit/index.js';
import { createField } from '../fields/index.js';
import { readFile, storeStream } from '../files/index.js';
import { enqueueJob } from '../../workers/jobs.repo.js';
import { listSheets, MappingError, readPreview, sniffFile, SNIFF_BYTES, type ByteSource, type SniffResult } from './parse/index.js';
import { fromParserMapping, toParserMapping, type ImportMode, type ImportOptions } from './import-options.js';
import { normalizerFor } from './import-run.js';
import * as repo from './imports.repo.js';
import { assertColumnCount, assertSaneTextUpload, assertXlsxInflatesWithinLimit, baseFileName } from './upload-guards.js';

export const PREVIEW_ROWS = 20;
export const IMPORT_JOB = 'import.run';

/** Header, preview rows and sheet list of a file (re-read when the user picks another sheet). */
export async function inspectFile(
  source: () => ByteSource,
  s: SniffResult,
  sheet: string | null,
): Promise<{ sheets: string[]; header: string[]; preview: { line: number; values: string[] }[] }> {
  let sheets: string[] = [];
  if (s.format === 'xlsx') {
    const parts: Buffer[] = [];
    for await (const c of source() as AsyncIterable<Uint8Array>) parts.push(Buffer.from(c));
    const buf = Buffer.concat(parts);
    assertXlsxInflatesWithinLimit(buf);
    try {
      sheets = listSheets(buf);
    } catch {
      throw badRequest('The spreadsheet could not be read; save it again as .xlsx or as CSV.', 'file');
    }
    if (sheet !== null && !sheets.includes(sheet)) throw badRequest(`The workbook has no sheet "${sheet}" (sheets: ${sheets.join(', ')}).`, 'sheet');
    const p = await readPreview(oneChunk(buf), { format: 'xlsx', sheet: sheet ?? undefined }, PREVIEW_ROWS);
    return { sheets, header: p.header, preview: p.records.map((r) => ({ line: r.line, values: r.values })) };
  }
  try {
    const p = await readPreview(source(), { format: 'csv', encoding: s.encoding, delimiter: s.delimiter }, PREVIEW_ROWS);
    return { sheets, header: p.header, preview: p.records.map((r) => ({ line: r.line, values: r.values })) };
  } catch (err) {
    throw badRequest(`The file could not be read as CSV: ${(err as Error).message}`, 'file');
  }
}

async function* oneChunk(buf: Buffer): AsyncGenerator<Buffer> {
  yield buf;
}

async function customFieldRefs(ctx: AppContext, workspaceId: number) {
  const defs = await repo.listFieldDefinitions(ctx.db, workspaceId);
  return defs.map((d) => ({ key: d.key, label: d.label }));
}

/** Stores an uploaded file and creates a draft import with sniffed format, preview and suggested mapping. */
export async function createFromUpload(
  ctx: AppContext,
  workspaceId: number,
  actor: Actor,
  upload: { fileName: string; contentType?: string; stream: AsyncIterable<Buffer | Uint8Array> },
): Promise<number> {
  const fileName = baseFileName(upload.fileName) || 'upload.csv';
  const stored = await storeStream(ctx.db, upload.stream, {
    workspaceId,
    purpose: 'import',
    name: fileName,
    contentType: upload.contentType,
    maxBytes: ctx.config.maxUploadBytes,
    headBytes: SNIFF_BYTES,
  });
  if (stored.size === 0) throw badRequest('The file is empty.', 'file');
  const s = sniffFile(stored.head, fileName);
  assertSaneTextUpload(stored.head, s);
  const info = await inspectFile(() => readFile(ctx.db, stored.fileId), s, null);
  if (!info.header.length) throw badRequest('The file has no header row.', 'file');
  assertColumnCount(info.header);
  const ws = await repo.workspaceDefaults(ctx.db, workspaceId);
  const suggested = fromParserMapping(suggestMapping(info.header, await customFieldRefs(ctx, workspaceId)));
  const options: ImportOptions = {
    encoding: s.encoding,
    delimiter: s.delimiter,
    sheets: info.sheets,
    sheet: null,
    header: info.header,
    preview: info.preview,
    suggested,
    mapping: { ...suggested },
    groupIds: [],
    mode: 'quick',
    defaultCountry: ws?.default_country ?? 'IL',
    fileSize: stored.size,
  };
  return ctx.db.transaction().execute(async (trx) => {
    const id = await repo.insertImport(trx, { workspaceId, fileId: stored.fileId, fileName, format: s.format, options, createdBy: actor.label });
    await recordAudit(trx, workspaceId, actor, 'import.created', 'import', id, { fileName, format: s.format, size: stored.size });
    return id;
  });
}

export interface DraftPatch {
  mapping?: Record<string, string | null>;
  newFields?: { column: number; key: string; label: string; type: 'text' | 'number' | 'date' | 'boolean' | 'single_select' | 'multi_select'; options?: string[] }[];
  groupIds?: number[];
  groupName?: string;
  mode?: ImportMode;
  defaultCountry?: string;
  sheet?: string | null;
}

async function loadDraft(ctx: AppContext, workspaceId: number, id: number) {
  const imp = await repo.findImport(ctx.db, workspaceId, id);
  if (!imp) throw notFound('Import');
  if (imp.status !== 'draft') throw conflict(`The import is ${imp.status}; only a draft can be changed.`, 'status');
  return imp;
}

/** Applies changes to a draft. Creates requested custom fields and groups; validates the mapping. */
export async function updateDraft(ctx: AppContext, workspaceId: number, id: number, actor: Actor, patch: DraftPatch): Promise<void> {
  const imp = await loadDraft(ctx, workspaceId, id);
  const o: ImportOptions = { ...imp.options };
  if (patch.sheet !== undefined && imp.format === 'xlsx' && patch.sheet !== o.sheet) {
    if (!imp.file_id) throw badRequest('The file of this import is gone.', 'sheet');
    const info = await inspectFile(() => readFile(ctx.db, imp.file_id!), { format: 'xlsx', encoding: 'utf8', delimiter: ',', hasBom: false }, patch.sheet);
    o.sheet = patch.sheet;
    o.header = info.header;
    o.preview = info.preview;
    o.suggested = fromParserMapping(suggestMapping(info.header, await customFieldRefs(ctx, workspaceId)));
    o.mapping = { ...o.suggested };
  }
  if (patch.mapping) {
    for (const k of Object.keys(patch.mapping)) {
      if (Number(k) >= o.header.length) throw badRequest(`Column ${k} does not exist (the file has ${o.header.length} columns).`, 'mapping');
    }
    o.mapping = { ...patch.mapping };
  }
  for (const [i, f] of (patch.newFields ?? []).entries()) {
    if (!Number.isInteger(f.column) || f.column < 0 || f.column >= o.header.length) {
      throw badRequest(`Column ${f.column} does not exist.`, `newFields.${i}.column`);
    }
    await createField(ctx.db, workspaceId, { key: f.key, label: f.label, type: f.type, options: f.options }, actor);
    o.mapping[String(f.column)] = `custom:${f.key}`;
  }
  if (patch.groupIds) {
    const ids = [...new Set(patch.groupIds)];
    const found = await repo.findGroups(ctx.db, workspaceId, ids);
    const missing = ids.filter((g) => !found.some((f) => f.id === g));
    if (missing.length) throw badRequest(`Group ${missing[0]} does not exist.`, 'groupIds');
    o.groupIds = ids;
  }
  if (patch.groupName !== undefined) {
    const gid = await ensureGroup(ctx, workspaceId, actor, patch.groupName);
    if (!o.groupIds.includes(gid)) o.groupIds = [...o.groupIds, gid];
  }
  if (patch.mode) o.mode = patch.mode;
  if (patch.defaultCountry) o.defaultCountry = patch.defaultCountry.toUpperCase();
  try {
    await normalizerFor(ctx, workspaceId, o); // rejects unknown custom fields and a target used twice
  } catch (err) {
    if (err instanceof MappingError) throw badRequest(err.message, 'mapping');
    throw err;
  }
  await ctx.db.transaction().execute(async (trx) => {
    await repo.updateDraft(trx, workspaceId, id, o);
    await recordAudit(trx, workspaceId, actor, 'import.updated', 'import', id, { mode: o.mode, groupIds: o.groupIds, mapping: o.mapping });
  });
}

/** Finds a live group by name (case-insensitive) or creates it. Returns its id. */
export async function ensureGroup(ctx: AppContext, workspaceId: number, actor: Actor, name: string): Promise<number> {
  const n = name.trim();
  if (!n) throw badRequest('The group name is empty.', 'groupName');
  const existing = await repo.findGroupByName(ctx.db, workspaceId, n);
  if (existing) return existing.id;
  return ctx.db.transaction().execute(async (trx) => {
    const gid = await repo.insertGroup(trx, workspaceId, n);
    await recordAudit(trx, workspaceId, actor, 'group.created', 'group', gid, { name: n, via: 'import' });
    return gid;
  });
}

/** Checks that a mapping can import anything: it needs an email or a phone column. */
export function assertImportable(o: ImportOptions): void {
  const targets = Object.values(toParserMapping(o.mapping));
  if (!targets.includes('email') && !targets.includes('phone')) {
    throw badRequest('Map a column to email or phone: every contact needs at least one of them.', 'mapping');
  }
}

/** Queues the draft for the background job. */
export async function startImport(ctx: AppContext, workspaceId: number, id: number, actor: Actor): Promise<void> {
  const imp = await loadDraft(ctx, workspaceId, id);
  assertImportable(imp.options);
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await repo.transition(trx, workspaceId, id, ['draft'], 'queued'))) throw conflict('The import was started or cancelled meanwhile.', 'status');
    await enqueueJob(trx, { kind: IMPORT_JOB, workspaceId, payload: { workspaceId, importId: id }, uniqueKey: `import:${id}`, maxAttempts: 10 });
    await recordAudit(trx, workspaceId, actor, 'import.started', 'import', id, { fileName: imp.file_name });
  });
}

/** Cancels a draft, queued or running import. Batches already committed stay (they are real contacts now). */
export async function cancelImport(ctx: AppContext, workspaceId: number, id: number, actor: Actor): Promise<void> {
  const imp = await repo.findImport(ctx.db, workspaceId, id);
  if (!imp) throw notFound('Import');
  await ctx.db.transaction().execute(async (trx) => {
    const ok = await repo.transition(trx, workspaceId, id, ['draft', 'queued', 'running'], 'cancelled', { finished: true });
    if (!ok) throw conflict(`The import is already ${imp.status}.`, 'status');
    await recordAudit(trx, workspaceId, actor, 'import.cancelled', 'import', id, { committedRecord: imp.committed_record });
  });
}
