/**
 * Bulk delete to the recycle bin: by ids, or by a segment filter compiled to one UPDATE (no per-contact loop,
 * so "delete everything matching" works at a million contacts).
 */
import { Type, type Static } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import { FilterInputSchema } from '../../../common/segments.js';
import type { Database } from '../../db/schema.js';
import { validationFailed } from '../../lib/errors.js';
import { recordAudit } from '../audit/index.js';
import { compileFilter } from '../segments/index.js';
import type { Caller } from './contacts.service.js';
import * as repo from './contacts.repo.js';

export const BulkDeleteSchema = Type.Object(
  {
    ids: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 100_000 })),
    filter: Type.Optional(FilterInputSchema),
  },
  { additionalProperties: false },
);
export type BulkDelete = Static<typeof BulkDeleteSchema>;

/** Moves the selected live contacts to the bin; returns how many moved (ids of other workspaces never match). */
export async function bulkDeleteContacts(db: Kysely<Database>, caller: Caller, body: BulkDelete): Promise<number> {
  if ((body.ids === undefined) === (body.filter === undefined)) throw validationFailed('ids', 'Give either ids or a filter.');
  const ws = caller.workspaceId;
  const where = body.filter ? await compileFilter(db, ws, body.filter) : null;
  return db.transaction().execute(async (trx) => {
    let n: number;
    if (where) n = await repo.softDeleteMatching(trx, ws, where);
    else n = (await repo.softDeleteContacts(trx, ws, [...new Set(body.ids!)])).length;
    await recordAudit(trx, ws, caller.actor, 'contact.bulk_deleted', 'contact', null, {
      deleted: n, ...(body.filter ? { filter: body.filter } : { ids: body.ids!.slice(0, 1000) }),
    });
    return n;
  });
}
