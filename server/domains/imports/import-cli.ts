/**
 * `clarion import FILE --group NAME [--mode quick|update|unsubscribe] [--country IL] [--workspace SLUG] [--sheet NAME] [--json]`
 * Runs the same import as the web app, in this process, reading the file straight from disk. With --json the last
 * line on stdout is the report; a progress bar goes to stderr when it is a terminal.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AppContext } from '../../app/context.js';
import { suggestMapping } from '../../../common/import-mapping.js';
import { isAppError } from '../../lib/errors.js';
import { systemActor } from '../audit/index.js';
import { SNIFF_BYTES, sniffFile } from './parse/index.js';
import { fromParserMapping, type ImportMode, type ImportOptions } from './import-options.js';
import { failImport, runImport } from './import-run.js';
import { assertImportable, ensureGroup, inspectFile } from './imports.service.js';
import * as repo from './imports.repo.js';

interface CliArgs {
  file: string;
  group: string;
  mode: ImportMode;
  country: string | null;
  workspace: string | null;
  sheet: string | null;
  json: boolean;
}

class UsageError extends Error {}

const USAGE = 'Usage: clarion import FILE --group NAME [--mode quick|update|unsubscribe] [--country IL] [--workspace SLUG] [--sheet NAME] [--json]';

function parseArgs(args: string[]): CliArgs {
  const out: Partial<CliArgs> = { mode: 'quick', country: null, workspace: null, sheet: null, json: false };
  for (let i = 0; i < args.length; i++) {
    const m = /^--([a-z]+)(?:=(.*))?$/.exec(args[i]);
    if (!m) {
      if (out.file) throw new UsageError(`Unexpected argument "${args[i]}".`);
      out.file = args[i];
      continue;
    }
    const value = () => {
      const v = m[2] ?? args[++i];
      if (v === undefined || v === '') throw new UsageError(`--${m[1]} needs a value.`);
      return v;
    };
    switch (m[1]) {
      case 'group': out.group = value(); break;
      case 'mode': {
        const v = value();
        if (!['quick', 'update', 'unsubscribe'].includes(v)) throw new UsageError(`--mode must be quick, update or unsubscribe (got "${v}").`);
        out.mode = v as ImportMode;
        break;
      }
      case 'country': {
        const v = value();
        if (!/^[A-Za-z]{2}$/.test(v)) throw new UsageError(`--country must be a two-letter country code such as IL (got "${v}").`);
        out.country = v.toUpperCase();
        break;
      }
      case 'workspace': out.workspace = value(); break;
      case 'sheet': out.sheet = value(); break;
      case 'json': out.json = true; break;
      default: throw new UsageError(`Unknown option --${m[1]}.`);
    }
  }
  if (!out.file) throw new UsageError('Give the file to import.');
  if (!out.group) throw new UsageError('Give the target group with --group NAME (it is created when missing).');
  return out as CliArgs;
}

async function resolveWorkspace(ctx: AppContext, slug: string | null) {
  const all = await ctx.db.selectFrom('workspaces').select(['id', 'slug', 'default_country']).orderBy('id').execute();
  if (slug) {
    const w = all.find((x) => x.slug === slug);
    if (!w) throw new UsageError(`No workspace "${slug}". Workspaces: ${all.map((x) => x.slug).join(', ') || '(none)'}.`);
    return w;
  }
  const w = all.find((x) => x.slug === 'default') ?? (all.length === 1 ? all[0] : undefined);
  if (!w) throw new UsageError(all.length ? `Several workspaces exist; choose one with --workspace (${all.map((x) => x.slug).join(', ')}).` : 'There is no workspace yet; start Clarion once first.');
  return w;
}

function progressBar(done: number, total: number | null, startedAt: number): string {
  const secs = (Date.now() - startedAt) / 1000;
  const rate = secs > 0 ? Math.round(done / secs) : 0;
  const pct = total ? Math.min(1, done / total) : 0;
  const width = 30;
  const bar = '#'.repeat(Math.round(pct * width)).padEnd(width, '.');
  const eta = total && rate ? ` ETA ${Math.max(0, Math.round((total - done) / rate))}s` : '';
  return `\r[${bar}] ${(pct * 100).toFixed(0).padStart(3)}% ${done.toLocaleString('en')}${total ? ` / ~${total.toLocaleString('en')}` : ''} rows, ${rate.toLocaleString('en')} rows/s${eta}   `;
}

/** The CLI entry (called by server/app/run-role.ts). Returns the process exit code. */
export async function runImportCli(ctx: AppContext, args: string[]): Promise<number> {
  let a: CliArgs;
  try {
    a = parseArgs(args);
  } catch (err) {
    console.error(`clarion import: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const file = path.resolve(a.file);
  let importId: number | null = null;
  let workspaceId = 0;
  let interrupted = false;
  const onSigint = () => (interrupted = true);
  process.once('SIGINT', onSigint);
  try {
    const st = fs.statSync(file, { throwIfNoEntry: false });
    if (!st || !st.isFile()) throw new UsageError(`Cannot read ${a.file}: no such file.`);
    const ws = await resolveWorkspace(ctx, a.workspace);
    workspaceId = ws.id;
    const head = Buffer.alloc(Math.min(SNIFF_BYTES, st.size));
    const fd = fs.openSync(file, 'r');
    fs.readSync(fd, head, 0, head.length, 0);
    fs.closeSync(fd);
    const s = sniffFile(head, path.basename(file));
    const info = await inspectFile(() => fs.createReadStream(file), s, a.sheet);
    if (!info.header.length) throw new UsageError(`${a.file} has no header row.`);
    const defs = await repo.listFieldDefinitions(ctx.db, ws.id);
    const mapping = fromParserMapping(suggestMapping(info.header, defs.map((d) => ({ key: d.key, label: d.label }))));
    const actor = systemActor('cli');
    const groupId = await ensureGroup(ctx, ws.id, actor, a.group);
    const options: ImportOptions = {
      encoding: s.encoding, delimiter: s.delimiter, sheets: info.sheets, sheet: a.sheet, header: info.header, preview: info.preview,
      suggested: mapping, mapping, groupIds: [groupId], mode: a.mode, defaultCountry: a.country ?? ws.default_country, fileSize: st.size,
    };
    try {
      assertImportable(options);
    } catch {
      throw new UsageError(`No column of ${a.file} looks like an email or a phone number (columns: ${info.header.join(', ')}).`);
    }
    importId = await repo.insertImport(ctx.db, { workspaceId: ws.id, fileId: null, fileName: path.basename(file), format: s.format, options, createdBy: 'cli', status: 'queued' });
    const t0 = Date.now();
    const out = await runImport(ctx, ws.id, importId, () => fs.createReadStream(file, { highWaterMark: 1024 * 1024 }), {
      stopping: () => interrupted,
      onProgress: (p) => {
        if (!process.stderr.isTTY) return;
        const total = s.format === 'csv' && p.bytesRead ? Math.round((p.processed * p.fileSize) / p.bytesRead) : null;
        process.stderr.write(progressBar(p.processed, total, t0));
      },
    });
    if (process.stderr.isTTY) process.stderr.write('\n');
    if (out === 'stopped') {
      await repo.transition(ctx.db, ws.id, importId, ['running'], 'cancelled', { finished: true, error: 'Interrupted' });
      const imp = await repo.findImport(ctx.db, ws.id, importId);
      console.error(`clarion import: interrupted; the first ${imp?.committed_record ?? 0} records were imported.`);
      return 130;
    }
    const imp = (await repo.findImport(ctx.db, ws.id, importId))!;
    if (out !== 'done') {
      console.error(`clarion import: the import failed: ${imp.error ?? out}`);
      return 1;
    }
    const report = await buildReport(ctx, ws.id, imp);
    if (a.json) console.log(JSON.stringify(report));
    else printSummary(report, a.group, imp.id);
    return 0;
  } catch (err) {
    if (importId !== null) await failImport(ctx, workspaceId, importId, (err as Error).message).catch(() => undefined);
    if (err instanceof UsageError || isAppError(err)) {
      console.error(`clarion import: ${err.message}`);
      return 2;
    }
    console.error(`clarion import: failed: ${(err as Error).message}`);
    return 1;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

async function buildReport(ctx: AppContext, workspaceId: number, imp: repo.ImportRow) {
  const invalid: { line: number; column: string; reason: string }[] = [];
  const conflicts: { line: number; emailContactId: number | null; phoneContactId: number | null; reason: string }[] = [];
  let after: { line: number; record: number } | null = null;
  for (;;) {
    const rows = await repo.listIssues(ctx.db, workspaceId, imp.id, null, after, 5000);
    if (!rows.length) break;
    for (const r of rows) {
      if (r.kind === 'invalid') invalid.push({ line: r.line, column: r.column_name ?? '', reason: r.reason });
      else conflicts.push({ line: r.line, emailContactId: r.email_contact_id, phoneContactId: r.phone_contact_id, reason: r.reason });
    }
    after = { line: rows[rows.length - 1].line, record: rows[rows.length - 1].record };
  }
  const merged: { line: number; into: number }[] = [];
  for (let afterLine = 0; ; ) {
    const rows = await repo.listMerges(ctx.db, workspaceId, imp.id, afterLine, 5000);
    if (!rows.length) break;
    for (const m of rows) merged.push({ line: Number(m.line), into: Number(m.intoLine) });
    afterLine = Number(rows[rows.length - 1].line);
  }
  return {
    records: imp.processed_records,
    created: imp.created_count,
    updated: imp.updated_count,
    addedToGroup: imp.added_to_group_count,
    duplicatesInFile: imp.duplicates_in_file,
    merged,
    invalid,
    conflicts,
  };
}

function printSummary(r: Awaited<ReturnType<typeof buildReport>>, group: string, id: number) {
  const lines = [
    `Imported ${r.records} records (import #${id}) into "${group}":`,
    `  created ${r.created}, updated ${r.updated}, added to the group ${r.addedToGroup}, duplicates in the file ${r.duplicatesInFile}`,
    `  invalid ${r.invalid.length}, conflicts ${r.conflicts.length}`,
  ];
  for (const x of r.merged.slice(0, 20)) lines.push(`  line ${x.line} merged into line ${x.into} (the same contact)`);
  if (r.merged.length > 20) lines.push(`  … and ${r.merged.length - 20} more merged lines`);
  for (const x of r.invalid.slice(0, 20)) lines.push(`  line ${x.line}${x.column ? ` (${x.column})` : ''}: ${x.reason}`);
  if (r.invalid.length > 20) lines.push(`  … and ${r.invalid.length - 20} more invalid rows (see the import in the web app for all of them)`);
  for (const x of r.conflicts.slice(0, 20)) lines.push(`  line ${x.line}: conflict: ${x.reason}`);
  console.log(lines.join('\n'));
}
