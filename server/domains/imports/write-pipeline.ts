/**
 * Keeps up to `writers` import batches in the database at once and hands their results back in file order.
 *
 * Each batch is one transaction (import-writer.ts). A batch in flight waits for the one before it to commit before
 * it advances the import's `committed_record`, and before it touches an existing contact the one before also
 * matched, so commits stay in file order and a resumed run stays exact. When batches trip over each other anyway
 * (a deadlock or lock timeout between them, a contact created meanwhile by someone else), the batch is written again
 * alone — a failed batch wrote nothing — and the ones queued behind it are started again after it.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { PredecessorFailed, writeBatch, type BatchCounts, type BatchInput, type BatchOrder, type WriteScope } from './import-writer.js';

type Outcome = { ok: true; counts: BatchCounts | null } | { ok: false; error: unknown };

interface Slot {
  input: BatchInput;
  done: Promise<Outcome>;
  committed: Promise<boolean>;
  matched: Promise<Set<number> | null>;
}

/** A committed batch. */
export interface SettledBatch {
  counts: BatchCounts;
  lastRecord: number;
  bytesRead: number;
}

/** PostgreSQL errors after which writing the batch again, alone, is expected to succeed. */
const RETRY_ALONE = new Set([
  '40P01', // deadlock_detected
  '55P03', // lock_not_available (lock_timeout)
  '40001', // serialization_failure
  '23505', // unique_violation: a contact with the same email or phone was created after the batch looked
]);

/** The SQLSTATE of a database error ('' for anything else). */
const sqlState = (err: unknown): string => (err as { code?: string } | null)?.code ?? '';

function retryable(err: unknown): boolean {
  return err instanceof PredecessorFailed || RETRY_ALONE.has(sqlState(err));
}

export class WritePipeline {
  private slots: Slot[] = [];

  constructor(
    private readonly db: Kysely<Database>,
    private scope: WriteScope,
    private readonly writers: number,
  ) {}

  full(): boolean {
    return this.slots.length >= this.writers;
  }

  size(): number {
    return this.slots.length;
  }

  /** Starts writing `input` after the batches already in flight. */
  start(input: BatchInput): void {
    const prev = this.slots.at(-1);
    // A promise's resolver: the first call counts, later ones are no-ops (as BatchOrder.onMatched requires).
    let onMatched!: (ids: Set<number> | null) => void;
    const matched = new Promise<Set<number> | null>((resolve) => (onMatched = resolve));
    const order: BatchOrder = {
      prevMatched: prev ? prev.matched : Promise.resolve(null),
      // Nothing in flight before it: everything earlier has been settled, i.e. committed.
      prevCommitted: prev ? prev.committed : Promise.resolve(true),
      onMatched,
    };
    const done = writeBatch(this.db, this.scope, input, order).then(
      (counts): Outcome => ({ ok: true, counts }),
      (error: unknown): Outcome => ({ ok: false, error }),
    );
    const committed = done.then((o) => o.ok && o.counts !== null);
    this.slots.push({ input, done, committed, matched });
  }

  /**
   * Waits for the oldest batch in flight. Returns null when the import is no longer ours to write (cancelled or
   * taken over). Throws what cannot be fixed by writing again.
   */
  async settleOldest(): Promise<SettledBatch | null> {
    const slot = this.slots.shift();
    if (!slot) throw new Error('no batch in flight');
    const o = await slot.done;
    let counts: BatchCounts | null;
    if (o.ok) counts = o.counts;
    else {
      if (!retryable(o.error)) throw o.error;
      // The batches behind it were waiting for it: they roll back. Write this one alone, then start them again.
      const behind = this.slots.map((s) => s.input);
      await this.drain();
      // A contact with one of the batch's keys exists after all: look for matches from now on.
      if (this.scope.assumeNew && sqlState(o.error) === '23505') this.scope = { ...this.scope, assumeNew: false };
      counts = await writeBatch(this.db, this.scope, slot.input);
      if (counts !== null) for (const input of behind) this.start(input);
    }
    return counts === null ? null : { counts, lastRecord: slot.input.lastRecord, bytesRead: slot.input.bytesRead };
  }

  /** Lets every batch in flight finish (commit or fail), ignoring how. */
  async drain(): Promise<void> {
    const slots = this.slots;
    this.slots = [];
    await Promise.all(slots.map((s) => s.done));
  }
}
