/** The files and file_chunks tables: blobs stored in the database in ~1 MB chunks, scoped by workspace. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

type Db = Kysely<Database>;

export interface FileRow {
  id: number;
  workspace_id: number;
  purpose: string;
  name: string;
  content_type: string;
  size_bytes: number;
  complete: boolean;
  created_at: Date;
}

export async function insertFile(db: Db, f: { workspaceId: number; purpose: string; name: string; contentType: string }): Promise<number> {
  const row = await db
    .insertInto('files')
    .values({ workspace_id: f.workspaceId, purpose: f.purpose, name: f.name, content_type: f.contentType })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertChunk(db: Db, fileId: number, seq: number, data: Buffer): Promise<void> {
  await db.insertInto('file_chunks').values({ file_id: fileId, seq, data }).execute();
}

export async function markComplete(db: Db, fileId: number, size: number): Promise<void> {
  await db.updateTable('files').set({ complete: true, size_bytes: size }).where('id', '=', fileId).execute();
}

export async function findFile(db: Db, workspaceId: number, fileId: number): Promise<FileRow | undefined> {
  return db.selectFrom('files').selectAll().where('id', '=', fileId).where('workspace_id', '=', workspaceId).executeTakeFirst() as Promise<
    FileRow | undefined
  >;
}

/** Reads `limit` chunks after `afterSeq` (keyset), so a large file never sits in memory whole. */
export async function readChunks(db: Db, fileId: number, afterSeq: number, limit: number): Promise<{ seq: number; data: Buffer }[]> {
  const rows = await db
    .selectFrom('file_chunks')
    .select(['seq', 'data'])
    .where('file_id', '=', fileId)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ seq: r.seq, data: Buffer.from(r.data as Uint8Array) }));
}

export async function deleteFile(db: Db, workspaceId: number, fileId: number): Promise<void> {
  await db.deleteFrom('files').where('id', '=', fileId).where('workspace_id', '=', workspaceId).execute();
}

/** Incomplete uploads older than the cutoff (abandoned by a crashed or cancelled request). */
export async function deleteStaleIncomplete(db: Db, olderThan: Date): Promise<number> {
  const r = await sql`delete from files where complete = false and created_at < ${olderThan}`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
