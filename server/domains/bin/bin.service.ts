/**
 * Recycle bin rules: deleted contacts, groups and segments stay 7 days, can be restored with their memberships
 * unless a live row took their unique key meanwhile (those are reported with the reason), and are purged afterwards.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { notFound } from '../../lib/errors.js';
import { msg, reasonFields, type Message } from '../../lib/messages/index.js';
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

/** Why one item cannot be restored, as a coded message. */
function clashReason(c: repo.RestoreConflict): Message {
  if (c.existingId === null) return msg('bin.same_in_selection', { value: c.value });
  return msg(c.field === 'email' ? 'bin.email_taken' : c.field === 'phone' ? 'bin.phone_taken' : 'bin.name_taken', { value: c.value });
}

/**
 * Restores deleted items: every one that can be, and reports each that cannot with the reason (its email, phone
 * or name is now used by a live row, or by another item of the selection, which is restored instead). Ids that are
 * not in this workspace's bin are listed as notFound; when none of the ids is in the bin, 404.
 */
export async function restoreItems(db: Db, workspaceId: number, type: repo.BinType, ids: number[], actor: Actor) {
  const unique = [...new Set(ids)];
  return db.transaction().execute(async (trx) => {
    const clashes = type === 'contacts' ? await repo.contactRestoreConflicts(trx, workspaceId, unique) : await repo.nameRestoreConflicts(trx, workspaceId, type, unique);
    const blocked = new Map<number, repo.RestoreConflict>();
    for (const c of clashes) if (!blocked.has(c.id)) blocked.set(c.id, c);
    const restorable = unique.filter((id) => !blocked.has(id));
    const restored = restorable.length ? await repo.restore(trx, workspaceId, type, restorable) : [];
    if (!restored.length && !blocked.size) throw notFound(`Deleted ${type === 'contacts' ? 'contact' : type.slice(0, -1)}`);
    if (restored.length) {
      await recordAudit(trx, workspaceId, actor, `${ENTITY[type]}.restored`, ENTITY[type], restored.length === 1 ? restored[0] : null, {
        ids: restored.slice(0, 1000), count: restored.length,
      });
    }
    const labels = blocked.size ? await repo.labelsOf(trx, workspaceId, type, [...blocked.keys()]) : new Map<number, string>();
    return {
      restored: restored.length,
      notRestored: [...blocked.values()].map((c) => ({
        id: c.id, label: labels.get(c.id) ?? '', field: c.field, value: c.value, existingId: c.existingId, ...reasonFields(clashReason(c)),
      })),
      notFound: restorable.filter((id) => !restored.includes(id)),
    };
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
