/**
 * Runs an import from its file to the database: stream → parse → normalise → in-file dedupe → batches written
 * set-based (import-writer.ts). Shared by the background job and the CLI.
 *
 * Resuming: every batch commits together with `committed_record`. A rerun reads the file from the start; records up
 * to `committed_record` are only parsed and normalised to rebuild the in-file dedupe set (nothing is written or
 * counted twice), then writing continues with the next batch. Batch boundaries are fixed multiples of the batch size,
 * so a resumed run cuts the file exactly as the first one did.
 */
import type { AppContext } from '../../app/context.js';
import {
  createInFileDeduper,
  createRowNormalizer,
  mergeDuplicate,
  readRecordBatches,
  type ByteSource,
  type FieldDefinition,
  type NormalizedContact,
} from './parse/index.js';
import { toParserMapping, type ImportOptions } from './import-options.js';
import * as repo from './imports.repo.js';
import { analyzeImportTables, type BatchInput, type PendingRow, type WriteScope } from './import-writer.js';
import { WritePipeline } from './write-pipeline.js';
import type { NewIssue } from './imports.repo.js';

/**
 * Records per written batch on PostgreSQL: large enough that per-statement overhead and round trips vanish, small
 * enough for ~20 MB of memory. Batch boundaries are multiples of it, so a resume cuts the file as the first run did.
 */
export const IMPORT_BATCH = 5000;
/** Batches in the database at once on PostgreSQL: each keeps one database core busy (see WritePipeline). */
export const IMPORT_WRITERS = 2;
/** PGlite's WASM heap grows to the largest statement it has run and never shrinks: smaller batches keep RSS low. */
export const IMPORT_BATCH_PGLITE = 2000;

export interface RunHooks {
  /** Extends the job lease; false = the lease was lost (another worker owns the import now): stop at once. */
  heartbeat?: () => Promise<boolean>;
  /** True when the process is shutting down: stop after the current batch (it is committed; a rerun resumes). */
  stopping?: () => boolean;
  /** Called after each committed batch. */
  onProgress?: (p: { processed: number; committedRecord: number; bytesRead: number; fileSize: number }) => void;
  batchSize?: number;
  /** Batches written at once (PostgreSQL; default IMPORT_WRITERS). */
  writers?: number;
}

/** How a run ended. `stopped` = interrupted but resumable; `lost` = someone else runs it now or it was cancelled. */
export type RunOutcome = 'done' | 'failed' | 'stopped' | 'lost';

/** Data errors in the file or mapping that no retry can fix. */
export class ImportDataError extends Error {}

async function* countBytes(source: ByteSource, onBytes: (n: number) => void): AsyncGenerator<Uint8Array> {
  for await (const chunk of source as AsyncIterable<Uint8Array>) {
    onBytes(chunk.byteLength);
    yield chunk;
  }
}

/** Builds the row normaliser for an import's stored options. */
export async function normalizerFor(ctx: AppContext, workspaceId: number, o: ImportOptions) {
  const defs = await repo.listFieldDefinitions(ctx.db, workspaceId);
  const fields: FieldDefinition[] = defs.map((d) => ({ key: d.key, type: d.type, options: d.options }));
  return createRowNormalizer({ mapping: toParserMapping(o.mapping), fields, defaultCountry: o.defaultCountry, headers: o.header });
}

/**
 * Runs (or resumes) import `importId`, which must be queued or running. Marks it running, then done or failed.
 * Throws on infrastructure errors (database down) so the job is retried; data errors end the import as failed.
 */
export async function runImport(ctx: AppContext, workspaceId: number, importId: number, openSource: () => ByteSource, hooks: RunHooks = {}): Promise<RunOutcome> {
  const imp = await repo.findImport(ctx.db, workspaceId, importId);
  if (!imp || !['queued', 'running'].includes(imp.status)) return 'lost';
  if (!(await repo.transition(ctx.db, workspaceId, importId, ['queued', 'running'], 'running', { started: true }))) return 'lost';
  const o = imp.options;
  const batchSize = hooks.batchSize ?? (ctx.dbKind === 'pglite' ? IMPORT_BATCH_PGLITE : IMPORT_BATCH);
  // PGlite is one connection: a second transaction would only queue behind the first.
  const writers = ctx.dbKind === 'pglite' ? 1 : Math.max(1, hooks.writers ?? IMPORT_WRITERS);
  const committed = imp.committed_record;
  const scope: WriteScope = {
    workspaceId,
    importId,
    mode: o.mode,
    groupIds: o.groupIds,
    wording: `Imported from ${imp.file_name}`,
    actor: imp.created_by ?? 'import',
    // The usual first import, into an empty workspace: no row can match an existing contact, so batches skip the two
    // index probes per row that look for one. (A resumed run finds its own earlier batches' contacts: lookups.)
    assumeNew: !(await repo.hasLiveContacts(ctx.db, workspaceId)),
  };
  scope.consentIds = await repo.importConsentRecords(ctx.db, {
    workspaceId, importId, unsubscribe: o.mode === 'unsubscribe', wording: scope.wording, actor: scope.actor,
  });
  try {
    let normalize: Awaited<ReturnType<typeof normalizerFor>>;
    try {
      normalize = await normalizerFor(ctx, workspaceId, o);
    } catch (err) {
      throw new ImportDataError((err as Error).message);
    }
    const dedupe = createInFileDeduper();
    const lines = createLineIndex();
    await analyzeImportTables(ctx.db);
    let created = 0;
    let analyzeAt = 1; // after the first batch that created contacts, then each time they double
    // Statistics refreshes run beside the writes (one at a time): they only steer the planner, nothing waits on them.
    let analyzing: Promise<void> = Promise.resolve();
    let bytesRead = 0;
    let records = 0;
    // Records written by an earlier run are only normalised to rebuild the dedupe set.
    const rebuild = (rs: { values: string[]; line: number; record: number }[]) => {
      for (const r of rs) {
        const res = normalize(r.values, r.line);
        if (res.ok && dedupe.firstOccurrence(res.contact.email, res.contact.phone_e164, r.record) === 0) lines.set(r.record, r.line);
      }
    };
    const source = countBytes(openSource(), (n) => (bytesRead += n));
    const batches = readRecordBatches(source, {
      format: imp.format === 'xlsx' ? 'xlsx' : 'csv',
      encoding: o.encoding,
      delimiter: o.delimiter,
      sheet: o.sheet ?? undefined,
      batchSize,
    });
    // Pipelining: while batches are in the database, the next one is read, parsed and normalised (CPU and
    // database overlap). On PostgreSQL two batches are written at once (one database core each); they commit in
    // file order (see BatchOrder), so resuming stays exact.
    const pipe = new WritePipeline(ctx.db, scope, writers);
    /** Settles the oldest write and does the between-batches work; a non-null result ends the run. */
    const settle = async (): Promise<RunOutcome | null> => {
      const w = await pipe.settleOldest();
      if (w === null) return 'lost';
      created += w.counts.created;
      if (created >= analyzeAt) {
        analyzeAt = created * 2;
        analyzing = analyzing.then(() => analyzeImportTables(ctx.db)).catch((err: unknown) => ctx.log.warn('import: analyze failed', { error: (err as Error).message }));
      }
      hooks.onProgress?.({ processed: w.lastRecord, committedRecord: w.lastRecord, bytesRead: w.bytesRead, fileSize: o.fileSize });
      if (hooks.heartbeat && !(await hooks.heartbeat())) return 'lost';
      if (hooks.stopping?.()) return 'stopped';
      return null;
    };
    try {
      for await (const batch of batchesOrDataError(batches)) {
        records = batch[batch.length - 1].record;
        if (records <= committed) {
          rebuild(batch);
          continue;
        }
        const input = await prepareBatch(batch, committed, bytesRead, normalize, dedupe, lines, rebuild);
        while (pipe.full()) {
          const end = await settle();
          if (end) return end;
        }
        pipe.start(input);
      }
      while (pipe.size()) {
        const end = await settle();
        if (end) return end;
      }
    } finally {
      // A read error or an early end while batches are in flight: let them finish (commit or fail) first.
      await pipe.drain();
      await analyzing;
    }
    const ok = await repo.transition(ctx.db, workspaceId, importId, ['running'], 'done', { finished: true, totalRecords: Math.max(records, committed) });
    return ok ? 'done' : 'lost';
  } catch (err) {
    if (!(err instanceof ImportDataError)) throw err;
    await repo.transition(ctx.db, workspaceId, importId, ['running'], 'failed', { finished: true, error: err.message });
    return 'failed';
  }
}

type Normalize = Awaited<ReturnType<typeof normalizerFor>>;
type RawRecord = { values: string[]; line: number; record: number };

/**
 * Normalises and dedupes one batch of records (those after `committed`) into what writeBatch applies. In-file
 * duplicates of a record in this batch are merged into it; those of an earlier batch become fills.
 */
async function prepareBatch(
  batch: RawRecord[],
  committed: number,
  bytesRead: number,
  normalize: Normalize,
  dedupe: ReturnType<typeof createInFileDeduper>,
  lines: LineIndex,
  rebuild: (rs: RawRecord[]) => void,
): Promise<BatchInput> {
  const records = batch[batch.length - 1].record;
  const firstRecord = Math.max(batch[0].record, committed + 1);
  const pending = new Map<number, PendingRow>();
  // Later duplicates of a record an earlier batch wrote, merged per first occurrence (in file order).
  const fills = new Map<number, NormalizedContact>();
  const merges: { line: number; intoLine: number }[] = [];
  const invalid: NewIssue[] = [];
  let duplicates = 0;
  let n = 0;
  for (const r of batch) {
    // Let the database replies of the batches in flight through every so often: their next statements wait on us.
    if (++n % 1000 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    if (r.record <= committed) {
      rebuild([r]); // a batch that straddles the resume point (only if the batch size changed between runs)
      continue;
    }
    const res = normalize(r.values, r.line);
    if (!res.ok) {
      invalid.push({ kind: 'invalid', record: r.record, line: r.line, column: res.column || null, reason: res.reason, raw: r.values });
      continue;
    }
    const first = dedupe.firstOccurrence(res.contact.email, res.contact.phone_e164, r.record);
    if (first === 0) {
      pending.set(r.record, { record: r.record, line: r.line, contact: res.contact, raw: r.values });
      lines.set(r.record, r.line);
    } else {
      duplicates++;
      merges.push({ line: r.line, intoLine: lines.get(first) });
      const p = first >= firstRecord ? pending.get(first) : undefined;
      if (p) mergeDuplicate(p.contact, res.contact);
      else {
        const f = fills.get(first);
        if (f) mergeDuplicate(f, res.contact);
        else fills.set(first, { ...res.contact, fields: { ...res.contact.fields } });
      }
    }
  }
  return { rows: [...pending.values()], fills: [...fills.values()], merges, invalid, duplicates, processed: records - firstRecord + 1, lastRecord: records, bytesRead };
}

/** The physical line of each first occurrence, by record number (8 bytes a record), for the merge report. */
interface LineIndex {
  set(record: number, line: number): void;
  get(record: number): number;
}
function createLineIndex(): LineIndex {
  let a = new Float64Array(1 << 12);
  return {
    set(record, line) {
      if (record >= a.length) {
        let n = a.length;
        while (n <= record) n *= 2;
        const b = new Float64Array(n);
        b.set(a);
        a = b;
      }
      a[record] = line;
    },
    get: (record) => (record < a.length ? a[record] : 0),
  };
}

/** File-format problems (broken XLSX, bad quoting) surface from the reader: they are data errors, not outages. */
async function* batchesOrDataError<T>(it: AsyncGenerator<T>): AsyncGenerator<T> {
  for (;;) {
    let r: IteratorResult<T>;
    try {
      r = await it.next();
    } catch (err) {
      throw new ImportDataError(`The file could not be read: ${(err as Error).message}`);
    }
    if (r.done) return;
    yield r.value;
  }
}

/** Marks an import failed for good (after the job ran out of attempts). */
export async function failImport(ctx: AppContext, workspaceId: number, importId: number, message: string): Promise<void> {
  await repo.transition(ctx.db, workspaceId, importId, ['queued', 'running'], 'failed', { finished: true, error: message });
}
