/**
 * What an import left behind: rejected rows (invalid and conflicting) as a page or as a CSV download, and
 * resolving a conflict by choosing which contact — the one with the email or the one with the phone — gets the row.
 */
import type { AppContext } from '../../app/context.js';
import { conflict, notFound } from '../../lib/errors.js';
import { recordAudit, type Actor } from '../audit/index.js';
import { csvLine, UTF8_BOM } from '../exports/csv-format.js';
import { applyRows, type WriteScope } from './import-writer.js';
import { normalizerFor } from './import-run.js';
import * as repo from './imports.repo.js';

/** Loads an import of the workspace or throws 404 (another workspace's id is a 404 too). */
export async function getImport(ctx: AppContext, workspaceId: number, id: number) {
  const imp = await repo.findImport(ctx.db, workspaceId, id);
  if (!imp) throw notFound('Import');
  return imp;
}

/** A page of issues in file order; the cursor is `line:record` of the last one. */
export async function issuesPage(ctx: AppContext, workspaceId: number, importId: number, q: { kind?: 'invalid' | 'conflict'; cursor?: string; limit?: number }) {
  await getImport(ctx, workspaceId, importId);
  const limit = q.limit ?? 100;
  const after = q.cursor ? { line: Number(q.cursor.split(':')[0]), record: Number(q.cursor.split(':')[1]) } : null;
  const rows = await repo.listIssues(ctx.db, workspaceId, importId, q.kind ?? null, after, limit + 1);
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { rows: page, nextCursor: more && last ? `${last.line}:${last.record}` : null };
}

/**
 * The rejected rows as CSV: the file's own columns, then line, column and reason — so a user can fix the rows in a
 * spreadsheet and import that file again. Streams in pages; never holds all issues in memory.
 */
export async function* rejectedCsv(ctx: AppContext, workspaceId: number, importId: number): AsyncGenerator<string> {
  const imp = await getImport(ctx, workspaceId, importId);
  const header = imp.options.header;
  yield UTF8_BOM + csvLine([...header, 'line', 'column', 'reason']);
  let after: { line: number; record: number } | null = null;
  for (;;) {
    const rows = await repo.listIssues(ctx.db, workspaceId, importId, null, after, 2000);
    if (!rows.length) return;
    let chunk = '';
    for (const r of rows) {
      if (r.resolved_at) continue;
      const cells = header.map((_, i) => r.raw[i] ?? '');
      for (let i = header.length; i < r.raw.length; i++) cells.push(r.raw[i]);
      chunk += csvLine([...cells, r.line, r.column_name ?? '', r.reason]);
    }
    yield chunk;
    after = { line: rows[rows.length - 1].line, record: rows[rows.length - 1].record };
  }
}

/**
 * Applies a conflicting row to the chosen contact, following the import's mode (quick: only the target groups;
 * update: also the row's fields; unsubscribe: unsubscribes it). The key that belongs to the other contact is left
 * out, since two contacts cannot share an email or a phone.
 */
export async function resolveConflict(ctx: AppContext, workspaceId: number, importId: number, issueId: number, winner: 'email' | 'phone', actor: Actor) {
  const imp = await getImport(ctx, workspaceId, importId);
  const issue = await repo.findIssue(ctx.db, workspaceId, importId, issueId);
  if (!issue || issue.kind !== 'conflict') throw notFound('Conflict');
  if (issue.resolved_at) throw conflict(`This conflict was already resolved (${issue.resolution}).`, 'winner');
  const contactId = winner === 'email' ? issue.email_contact_id : issue.phone_contact_id;
  const normalize = await normalizerFor(ctx, workspaceId, imp.options);
  const res = normalize(issue.raw, issue.line);
  if (!res.ok || contactId === null) throw conflict('The row can no longer be applied: the field definitions changed.', 'winner');
  const row = { ...res.contact };
  if (winner === 'email') {
    row.phone_e164 = null;
    row.phone_raw = null;
  } else row.email = null;
  const scope: WriteScope = {
    workspaceId,
    importId,
    mode: imp.options.mode,
    groupIds: imp.options.groupIds,
    wording: `Imported from ${imp.file_name} (conflict resolved)`,
    actor: actor.label,
  };
  return ctx.db.transaction().execute(async (trx) => {
    const live = await trx
      .selectFrom('contacts')
      .select('id')
      .where('id', '=', contactId)
      .where('workspace_id', '=', workspaceId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!live) throw conflict(`Contact ${contactId} no longer exists; choose the other one.`, 'winner');
    if (!(await repo.markIssueResolved(trx, workspaceId, issueId, `${winner}:${contactId}`))) throw conflict('This conflict was already resolved.', 'winner');
    const counts = await applyRows(trx, scope, [row], [contactId]);
    await trx
      .updateTable('imports')
      .set((eb) => ({
        updated_count: eb('updated_count', '+', counts.updated),
        added_to_group_count: eb('added_to_group_count', '+', counts.addedToGroup),
      }))
      .where('id', '=', importId)
      .execute();
    await recordAudit(trx, workspaceId, actor, 'import.conflict_resolved', 'import', importId, { issueId, winner, contactId, line: issue.line });
    return { contactId, updated: counts.updated > 0, addedToGroups: counts.addedToGroup };
  });
}
