/**
 * Streams bytes into and out of chunked database storage. Uploads and generated exports live in the database
 * (not on a local disk) so they survive restarts and any API or worker process on any machine can read them.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { tooLarge } from '../../lib/errors.js';
import * as repo from './files.repo.js';

type Db = Kysely<Database>;

/** Size of a stored chunk: big enough that a 100 MB file is ~100 rows, small enough to hold a few in memory. */
export const CHUNK_BYTES = 1024 * 1024;

/** Accumulates bytes and writes full chunks as they fill. Call `finish()` to store the tail and mark the file complete. */
export class FileWriter {
  #parts: Buffer[] = [];
  #pending = 0;
  #seq = 0;
  #size = 0;
  #head: Buffer[] = [];
  #headBytes = 0;

  constructor(
    private readonly db: Db,
    readonly fileId: number,
    private readonly opts: { maxBytes?: number; headBytes?: number } = {},
  ) {}

  get size(): number {
    return this.#size;
  }

  /** The first `headBytes` bytes written (for sniffing an upload without reading it back). */
  get head(): Buffer {
    return Buffer.concat(this.#head);
  }

  async write(data: Buffer | Uint8Array | string): Promise<void> {
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    if (buf.byteLength === 0) return;
    this.#size += buf.byteLength;
    if (this.opts.maxBytes !== undefined && this.#size > this.opts.maxBytes) {
      throw tooLarge(`The file is larger than the limit of ${Math.round(this.opts.maxBytes / 1048576)} MB.`);
    }
    const want = this.opts.headBytes ?? 0;
    if (this.#headBytes < want) {
      const take = buf.subarray(0, want - this.#headBytes);
      this.#head.push(Buffer.from(take));
      this.#headBytes += take.byteLength;
    }
    this.#parts.push(buf);
    this.#pending += buf.byteLength;
    while (this.#pending >= CHUNK_BYTES) await this.#flush(CHUNK_BYTES);
  }

  async #flush(n: number): Promise<void> {
    const all = this.#parts.length === 1 ? this.#parts[0] : Buffer.concat(this.#parts);
    const chunk = all.subarray(0, n);
    const rest = all.subarray(n);
    // Copy the chunk so the stored Buffer does not pin the whole concatenation.
    await repo.insertChunk(this.db, this.fileId, ++this.#seq, Buffer.from(chunk));
    this.#parts = rest.byteLength ? [rest] : [];
    this.#pending = rest.byteLength;
  }

  async finish(): Promise<number> {
    if (this.#pending > 0) await this.#flush(this.#pending);
    await repo.markComplete(this.db, this.fileId, this.#size);
    return this.#size;
  }
}

/** Creates an empty file record and returns a writer for it. */
export async function createFile(
  db: Db,
  f: { workspaceId: number; purpose: string; name: string; contentType?: string; maxBytes?: number; headBytes?: number },
): Promise<FileWriter> {
  const id = await repo.insertFile(db, { workspaceId: f.workspaceId, purpose: f.purpose, name: f.name, contentType: f.contentType ?? 'application/octet-stream' });
  return new FileWriter(db, id, { maxBytes: f.maxBytes, headBytes: f.headBytes });
}

/**
 * Stores a byte stream as a new file. On any error (client gone, too large) the partial file is deleted.
 * Returns the file id, its size and the first `headBytes` bytes.
 */
export async function storeStream(
  db: Db,
  source: AsyncIterable<Buffer | Uint8Array | string>,
  f: { workspaceId: number; purpose: string; name: string; contentType?: string; maxBytes?: number; headBytes?: number },
): Promise<{ fileId: number; size: number; head: Buffer }> {
  const w = await createFile(db, f);
  try {
    for await (const chunk of source) await w.write(chunk);
    const size = await w.finish();
    return { fileId: w.fileId, size, head: w.head };
  } catch (err) {
    await repo.deleteFile(db, f.workspaceId, w.fileId).catch(() => undefined);
    throw err;
  }
}

/** Reads a stored file as a stream of chunks (a few chunks per query, in order). */
export async function* readFile(db: Db, fileId: number, opts: { chunksPerQuery?: number } = {}): AsyncGenerator<Buffer> {
  let after = 0;
  const per = opts.chunksPerQuery ?? 4;
  for (;;) {
    const rows = await repo.readChunks(db, fileId, after, per);
    for (const r of rows) yield r.data;
    if (rows.length < per) return;
    after = rows[rows.length - 1].seq;
  }
}

export { findFile, deleteFile, deleteStaleIncomplete, type FileRow } from './files.repo.js';
