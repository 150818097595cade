/**
 * Recycle bin rules: deleted contacts, groups and segments stay 7 days, can be restored with their memberships
 * unless a live row took their unique key meanwhile (409 listing the clashes), and are purged afterwards.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { conflict, notFound } from '../../lib/errors.js';
import { recordAudit, type Actor } from '../audit/index.js';
import * as repo from './bin.repo.js';

type Db = Kysely<Database>;

/** How long deleted items stay restorable. */
export const BIN_RETENTION_DAYS = 7;
const RETENTION_MS = BIN_RETENTION_DAYS * 86400_000;

const ENTITY: Record<repo.BinType, string> = { contacts: 'contact', groups: 'group', segments: 'segment' };

function encodeCursor(r: repo.BinRow) {
  return Buffer.from(`${r.deleted_at.toISOString()}|${r.id}`).toString('base64url');
}

function decodeCursor(c: string | undefined): { at: Date; id: number } | null {
  if (!c) return null;
  const [at, id] = Buffer.from(c, 'base64url').toString('utf8').split('|');
  const d = new Date(at);
  return Number.isNaN(d.getTime()) || !/^\d+$/.test(id ?? '') ? null : { at: d, id: Number(id) };
}

export async function listBin(db: Db, workspaceId: number, type: repo.BinType, cursor: string | undefined, limit: number) {
  const rows = await repo.listDeleted(db, workspaceId, type, decodeCursor(cursor), limit);
  const total = await repo.countDeleted(db, workspaceId, type);
  return {
    data: rows.map((r) => ({
      id: r.id,
      type,
      label: r.label,
      deletedAt: r.deleted_at.toISOString(),
      purgeAt: new Date(r.deleted_at.getTime() + RETENTION_MS).toISOString(),
    })),
    meta: { nextCursor: rows.length === limit ? encodeCursor(rows[rows.length - 1]) : null, total },
  };
}

/**
 * Restores deleted items. All or nothing: if any would clash with a live row (or with another restored one),
 * nothing is restored and the 409 lists every clash. Ids that are not in this workspace's bin are a 404.
 */
export async function restoreItems(db: Db, workspaceId: number, type: repo.BinType, ids: number[], actor: Actor) {
  const unique = [...new Set(ids)];
  return db.transaction().execute(async (trx) => {
    const clashes = type === 'contacts' ? await repo.contactRestoreConflicts(trx, workspaceId, unique) : await repo.nameRestoreConflicts(trx, workspaceId, type, unique);
    if (clashes.length) {
      throw conflict(
        `${clashes.length} item(s) cannot be restored: their ${clashes[0].field} is now used by another ${ENTITY[type]}.`,
        clashes[0].field,
        { conflicts: clashes },
      );
    }
    const restored = await repo.restore(trx, workspaceId, type, unique);
    if (!restored.length) throw notFound(`Deleted ${type === 'contacts' ? 'contact' : type.slice(0, -1)}`);
    await recordAudit(trx, workspaceId, actor, `${ENTITY[type]}.restored`, ENTITY[type], restored.length === 1 ? restored[0] : null, {
      ids: restored.slice(0, 1000), count: restored.length,
    });
    return { restored: restored.length, notFound: unique.filter((id) => !restored.includes(id)) };
  });
}

/** Purges now everything in the workspace's bin (or one type of it). */
export async function emptyBin(db: Db, workspaceId: number, type: repo.BinType | undefined, actor: Actor) {
  const counts: Record<string, number> = {};
  await db.transaction().execute(async (trx) => {
    for (const t of type ? [type] : repo.BIN_TYPES) counts[t] = await repo.purge(trx, t, new Date(Date.now() + 1000), workspaceId);
    await recordAudit(trx, workspaceId, actor, 'bin.emptied', 'bin', null, counts);
  });
  return { contacts: counts.contacts ?? 0, groups: counts.groups ?? 0, segments: counts.segments ?? 0 };
}

/** The scheduled purge: every workspace's items deleted more than 7 days ago. */
export async function purgeExpired(db: Db, now = new Date()) {
  const cutoff = new Date(now.getTime() - RETENTION_MS);
  const out: Record<repo.BinType, number> = { contacts: 0, groups: 0, segments: 0 };
  // Segments and groups first: nothing references contacts from them, and a group purge drops its memberships.
  for (const t of ['segments', 'groups', 'contacts'] as const) out[t] = await repo.purge(db, t, cutoff, null);
  return out;
}
