/**
 * Writes one batch of normalised rows set-based: a handful of statements per batch whatever its size, arrays as
 * parameters (`unnest`), so it is fast on PostgreSQL and PGlite alike. The batch, its issues and the import's
 * progress (`committed_record`, counters) commit in ONE transaction: a crash either keeps all of a batch or none,
 * which is what makes resuming from `committed_record` exact.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { intArrayLiteral, textArrayLiteral } from '../../db/array-literal.js';
import { msg } from '../../lib/messages/index.js';
import type { NormalizedContact } from './parse/index.js';
import type { ImportMode } from './import-options.js';
import { insertIssues, insertMerges, type NewIssue } from './imports.repo.js';

type Db = Kysely<Database>;

/** A first occurrence in the file (with in-batch duplicates already merged into it). */
export interface PendingRow {
  record: number;
  line: number;
  contact: NormalizedContact;
  raw: string[];
}

export interface BatchInput {
  rows: PendingRow[];
  /**
   * Later duplicates whose first occurrence was written by an earlier batch, already merged per first occurrence:
   * their non-empty values win over the written contact's, field by field.
   */
  fills: NormalizedContact[];
  /** Lines of this batch merged into an earlier line of the file (the import report lists them). */
  merges: { line: number; intoLine: number }[];
  invalid: NewIssue[];
  duplicates: number;
  /** Records read in this batch (valid, invalid and duplicates). */
  processed: number;
  lastRecord: number;
  bytesRead: number;
}

export interface WriteScope {
  workspaceId: number;
  importId: number;
  mode: ImportMode;
  groupIds: number[];
  wording: string;
  actor: string;
  /**
   * The workspace had no live contacts when the run started: rows are inserted without looking for matches. A
   * contact created meanwhile by someone else makes the insert fail on a unique index (23505), which rolls the
   * batch back; the pipeline then writes it again with lookups, and every batch after it too.
   */
  assumeNew?: boolean;
  /** The consent records the contacts this import creates share, per channel (importConsentRecords). */
  consentIds?: { email: number; whatsapp: number };
}

export interface BatchCounts {
  created: number;
  updated: number;
  addedToGroup: number;
  conflicts: number;
}

/** Column arrays of a set of contacts, in the order the SQL below unnests them. */
function columns(cs: NormalizedContact[]) {
  return {
    email: textArrayLiteral(cs.map((c) => c.email)),
    phone: textArrayLiteral(cs.map((c) => c.phone_e164)),
    phoneRaw: textArrayLiteral(cs.map((c) => c.phone_raw)),
    first: textArrayLiteral(cs.map((c) => c.first_name)),
    last: textArrayLiteral(cs.map((c) => c.last_name)),
    fields: textArrayLiteral(cs.map((c) => JSON.stringify(c.fields))),
  };
}

/**
 * How a batch runs beside the one before it (PostgreSQL runs two batches at once: one database core each).
 * Batches are key-disjoint (the in-file dedupe gives every email and phone to one record), so two in flight never
 * write the same new contact. What they could share is an existing contact both match by different keys: then the
 * later batch waits for the earlier one's commit before touching anything. Commits stay in file order, so
 * `committed_record` stays exact for resuming.
 */
export interface BatchOrder {
  /** The contacts the batch before matched (null when it ended without matching). */
  prevMatched: Promise<Set<number> | null>;
  /** Whether the batch before committed. */
  prevCommitted: Promise<boolean>;
  /** Called with this batch's matched contacts as soon as they are known; only the first call counts. */
  onMatched: (ids: Set<number> | null) => void;
}

/** Thrown inside a batch transaction to roll it back because the batch before it did not commit. */
export class PredecessorFailed extends Error {
  constructor() {
    super('the batch before this one did not commit');
  }
}

/** Thrown inside a batch transaction to roll it back when the import is no longer ours to write. */
class ImportLost extends Error {}

const NO_COUNTS: BatchCounts = { created: 0, updated: 0, addedToGroup: 0, conflicts: 0 };
/** What matchExisting finds in a workspace that had no contacts: nothing (fresh maps, never shared between batches). */
const noMatches = () => ({ existing: new Map<number, number>(), conflicts: new Map<number, [number, number]>() });

/**
 * Applies a batch. Returns null (and writes nothing) when the import is no longer running (cancelled, or taken
 * over after a lost lease): the caller stops. The batch commits only if the import's `committed_record` is
 * then just before the batch's first record (set by the batch before, or by an earlier run).
 */
export async function writeBatch(db: Db, scope: WriteScope, b: BatchInput, order?: BatchOrder): Promise<BatchCounts | null> {
  try {
    return await db.transaction().execute(async (trx) => {
      // Batch statements are cheap per row but large in estimated cost: JIT compilation would cost more than it
      // saves. No WAL flush wait at commit: a batch lost to a server crash was never acknowledged, its
      // `committed_record` is lost with it (same transaction), so the resumed run simply writes that batch again.
      // A lock wait longer than a minute means something is stuck: fail (the job retries from committed_record).
      await sql`select set_config('jit', 'off', true), set_config('synchronous_commit', 'off', true),
        set_config('lock_timeout', '60s', true)`.execute(trx);
      const st = await sql<{ status: string; committed_record: number }>`
        select status, committed_record from imports where id = ${scope.importId} and workspace_id = ${scope.workspaceId}`.execute(trx);
      const cur = st.rows[0];
      if (!cur || cur.status !== 'running') return null;
      if (cur.committed_record >= b.lastRecord) return NO_COUNTS; // already applied

      let { existing, conflicts } = scope.assumeNew ? noMatches() : await matchExisting(trx, scope.workspaceId, b.rows);
      const matched = new Set(existing.values());
      order?.onMatched(matched);
      if (order && matched.size) {
        const before = await order.prevMatched;
        if (before && [...matched].some((id) => before.has(id))) {
          // Shared contacts: wait for the batch before, then look again — in update mode it may have changed the
          // very email or phone this batch matched them by, and the result must be the one-writer result.
          if (!(await order.prevCommitted)) throw new PredecessorFailed();
          ({ existing, conflicts } = await matchExisting(trx, scope.workspaceId, b.rows));
        }
      }
      const { apply, matchIds, conflictIssues } = splitConflicts(b.rows, existing, conflicts);
      const issues: NewIssue[] = [...b.invalid, ...conflictIssues];

      const counts = apply.length ? await applyRows(trx, scope, apply.map((r) => r.contact), matchIds) : { created: 0, updated: 0, addedToGroup: 0 };
      await insertIssues(trx, scope.workspaceId, scope.importId, issues);
      // From here on the batch before must have committed: fills update contacts it may have created, and the
      // import's progress advances in file order.
      if (order && !(await order.prevCommitted)) throw new PredecessorFailed();
      if (b.fills.length) await fillFromDuplicates(trx, scope, b.fills);
      await insertMerges(trx, scope.workspaceId, scope.importId, b.merges);
      const nConflicts = conflictIssues.length;
      const up = await sql<{ id: number }>`
        update imports set
          committed_record = ${b.lastRecord},
          processed_records = processed_records + ${b.processed},
          created_count = created_count + ${counts.created},
          updated_count = updated_count + ${counts.updated},
          added_to_group_count = added_to_group_count + ${counts.addedToGroup},
          duplicates_in_file = duplicates_in_file + ${b.duplicates},
          invalid_count = invalid_count + ${b.invalid.length},
          conflict_count = conflict_count + ${nConflicts},
          options = jsonb_set(options, '{bytesRead}', to_jsonb(${b.bytesRead}::int8))
        where id = ${scope.importId} and status = 'running' and committed_record = ${b.lastRecord - b.processed}
        returning id`.execute(trx);
      // Cancelled meanwhile, or another runner moved the import on: roll back everything this batch wrote.
      if (!up.rows.length) throw new ImportLost();
      return { ...counts, conflicts: nConflicts };
    });
  } catch (err) {
    if (err instanceof ImportLost) return null;
    throw err;
  } finally {
    order?.onMatched(null); // ended before matching: the batch after has nothing to wait for (no-op otherwise)
  }
}

/** Rows to apply (with the contact each matched, or null) and conflict issues for rows matching two contacts. */
function splitConflicts(rows: PendingRow[], existing: Map<number, number>, conflicts: Map<number, [number, number]>) {
  const apply: PendingRow[] = [];
  const matchIds: (number | null)[] = [];
  const conflictIssues: NewIssue[] = [];
  rows.forEach((r, i) => {
    const c = conflicts.get(i);
    if (!c) {
      apply.push(r);
      matchIds.push(existing.get(i) ?? null);
      return;
    }
    conflictIssues.push({
      kind: 'conflict',
      record: r.record,
      line: r.line,
      column: null,
      reason: msg('imports.conflict_email_phone', { emailContactId: c[0], phoneContactId: c[1] }),
      raw: r.raw,
      emailContactId: c[0],
      phoneContactId: c[1],
    });
  });
  return { apply, matchIds, conflictIssues };
}

/** Finds, per row index, the existing contact it matches, and the rows whose email and phone match two different contacts. */
async function matchExisting(db: Db, workspaceId: number, rows: PendingRow[]) {
  const existing = new Map<number, number>();
  const conflicts = new Map<number, [number, number]>();
  if (!rows.length) return { existing, conflicts };
  // Scalar subqueries force one index probe per key: a hash join would scan every contact of the workspace per batch.
  const { rows: found } = await sql<{ ord: number; ce: number | null; cp: number | null }>`
    select * from (
      select t.ord::int as ord,
        (select c.id from contacts c where c.workspace_id = ${workspaceId} and c.email = t.email and c.deleted_at is null) as ce,
        (select c.id from contacts c where c.workspace_id = ${workspaceId} and c.phone_e164 = t.phone and c.deleted_at is null) as cp
      from unnest(${textArrayLiteral(rows.map((r) => r.contact.email))}::text[], ${textArrayLiteral(rows.map((r) => r.contact.phone_e164))}::text[]) with ordinality as t(email, phone, ord)
    ) m
    where m.ce is not null or m.cp is not null`.execute(db);
  for (const f of found) {
    const i = f.ord - 1;
    if (f.ce !== null && f.cp !== null && f.ce !== f.cp) conflicts.set(i, [f.ce, f.cp]);
    else existing.set(i, (f.ce ?? f.cp)!);
  }
  return { existing, conflicts };
}

/**
 * Creates the unmatched rows (pointing at the import's shared consent record), applies the mode to matched ones
 * (with a consent record per changed status), adds all of them to the target groups — one statement, one round
 * trip. `match[i]` is the existing contact of row i or null.
 */
export async function applyRows(
  db: Db,
  scope: WriteScope,
  contacts: NormalizedContact[],
  match: (number | null)[],
): Promise<{ created: number; updated: number; addedToGroup: number }> {
  const c = columns(contacts);
  const ws = scope.workspaceId;
  const unsub = scope.mode === 'unsubscribe';
  // A created contact points at its consent evidence: the record this import shares among the contacts it creates.
  const consent = scope.consentIds;
  if (!consent && match.some((m) => m === null)) throw new Error('creating contacts needs the import\'s consent records');
  // Memberships of contacts created by this very statement cannot exist yet, so they are inserted plainly; the
  // speculative insertion of ON CONFLICT (about a third of the cost of a membership row) is paid only for matches.
  const groupIds = [...new Set(scope.groupIds)];
  const input = sql`select * from unnest(${intArrayLiteral(match)}::int8[], ${c.email}::text[], ${c.phone}::text[], ${c.phoneRaw}::text[],
      ${c.first}::text[], ${c.last}::text[], ${c.fields}::text[]) as t(match, email, phone, phone_raw, first_name, last_name, fields)`;
  const changes =
    scope.mode === 'update'
      ? sql`upd as (
          update contacts c set
            email = coalesce(i.email, c.email),
            phone_e164 = coalesce(i.phone, c.phone_e164),
            phone_raw = case when i.phone is not null then i.phone_raw else c.phone_raw end,
            first_name = coalesce(i.first_name, c.first_name),
            last_name = coalesce(i.last_name, c.last_name),
            fields = c.fields || i.fields::jsonb,
            updated_at = now()
          from input i
          where i.match is not null and c.id = i.match and c.workspace_id = ${ws}
            and (coalesce(i.email, c.email), coalesce(i.phone, c.phone_e164), coalesce(i.first_name, c.first_name),
                 coalesce(i.last_name, c.last_name), c.fields || i.fields::jsonb)
                is distinct from (c.email, c.phone_e164, c.first_name, c.last_name, c.fields)
          returning c.id),
        changed_consents as (select 1 where false),`
      : unsub
        ? sql`upd as (
          update contacts c set
            email_status = case when o.email is not null and o.email_status = 'subscribed' then 'unsubscribed' else o.email_status end,
            whatsapp_status = case when i.phone is not null then 'opted_out' else o.whatsapp_status end,
            sms_status = case when i.phone is not null then 'opted_out' else o.sms_status end,
            updated_at = now()
          from input i, contacts o
          where i.match is not null and c.id = i.match and o.id = c.id and c.workspace_id = ${ws}
            and ((o.email is not null and o.email_status = 'subscribed') or (i.phone is not null and (o.whatsapp_status <> 'opted_out' or o.sms_status <> 'opted_out')))
          returning c.id, o.email_status as old_email, c.email_status as new_email, o.whatsapp_status as old_wa, o.sms_status as old_sms,
                    c.whatsapp_status as new_wa, c.sms_status as new_sms),
        changed_consents as (
          insert into consents (workspace_id, contact_id, channel, status, source, wording, actor)
          select ${ws}, u.id, ch.channel, ch.status, 'import', ${scope.wording}, ${scope.actor}
          from upd u cross join lateral (values ('email', u.new_email, u.old_email), ('whatsapp', u.new_wa, u.old_wa), ('sms', u.new_sms, u.old_sms))
            as ch(channel, status, old)
          where ch.status is distinct from ch.old
          returning 1),
        supp as (
          insert into suppressions (workspace_id, channel, value, reason, source)
          select ${ws}, s.channel, s.value, 'Unsubscribe list import', 'import'
          from input i cross join lateral (values ('email', i.email), ('whatsapp', i.phone), ('sms', i.phone)) as s(channel, value)
          where s.value is not null
          on conflict do nothing
          returning 1),`
        : sql`upd as (select null::int8 as id where false),
        changed_consents as (select 1 where false),`;
  const r = await sql<{ created: number; updated: number; added: number }>`
    with input as (${input}),
    ins as (
      insert into contacts (workspace_id, email, phone_e164, phone_raw, first_name, last_name, fields, email_status, whatsapp_status, sms_status, source, consent_id)
      select ${ws}, email, phone, phone_raw, coalesce(first_name, ''), coalesce(last_name, ''), fields::jsonb,
        case when ${unsub} and email is not null then 'unsubscribed' else 'subscribed' end,
        case when ${unsub} and phone is not null then 'opted_out' else 'unknown' end,
        case when ${unsub} and phone is not null then 'opted_out' else 'unknown' end,
        'import',
        case when email is not null then ${consent?.email ?? null}::int8 else ${consent?.whatsapp ?? null}::int8 end
      from input where match is null
      returning id),
    ${changes}
    gm_new as (
      insert into group_members (workspace_id, group_id, contact_id)
      select ${ws}, g.id, n.id from ins n cross join unnest(${groupIds}::int8[]) as g(id)
      returning 1),
    gm as (
      insert into group_members (workspace_id, group_id, contact_id)
      select distinct ${ws}::int8, g.id, i.match from input i cross join unnest(${groupIds}::int8[]) as g(id)
      where i.match is not null
      on conflict do nothing
      returning 1)
    select (select count(*) from ins)::int as created, (select count(*) from upd)::int as updated,
      ((select count(*) from gm_new) + (select count(*) from gm))::int as added`.execute(db);
  const row = r.rows[0];
  return { created: row.created, updated: row.updated, addedToGroup: row.added };
}

/**
 * A duplicate met after its first occurrence was committed merges into it like the in-batch merge: its non-empty
 * names and custom fields win, its email and phone only fill blanks. In quick mode only contacts created since this import started are touched, so existing data stays as is.
 */
async function fillFromDuplicates(db: Db, scope: WriteScope, fills: NormalizedContact[]): Promise<void> {
  const c = columns(fills);
  const ws = scope.workspaceId;
  const anyContact = scope.mode === 'update';
  await sql`
    update contacts c set
      email = coalesce(c.email, f.email),
      phone_e164 = coalesce(c.phone_e164, case when f.phone_free then f.phone end),
      phone_raw = case when c.phone_e164 is null and f.phone_free then f.phone_raw else c.phone_raw end,
      first_name = coalesce(nullif(f.first_name, ''), c.first_name),
      last_name = coalesce(nullif(f.last_name, ''), c.last_name),
      fields = c.fields || f.fields::jsonb,
      updated_at = now()
    from (
      select t.*,
        coalesce((select x.id from contacts x where x.workspace_id = ${ws} and x.email = t.email and x.deleted_at is null),
                 (select x.id from contacts x where x.workspace_id = ${ws} and x.phone_e164 = t.phone and x.deleted_at is null)) as cid,
        not exists (select 1 from contacts x where x.workspace_id = ${ws} and x.phone_e164 = t.phone and x.deleted_at is null) as phone_free
      from unnest(${c.email}::text[], ${c.phone}::text[], ${c.phoneRaw}::text[], ${c.first}::text[], ${c.last}::text[], ${c.fields}::text[])
        as t(email, phone, phone_raw, first_name, last_name, fields)
    ) f
    where c.id = f.cid and c.workspace_id = ${ws} and (${anyContact} or c.created_at >= (select i.started_at from imports i where i.id = ${scope.importId}))
      and ((c.email is null and f.email is not null) or (c.phone_e164 is null and f.phone is not null and f.phone_free)
        or coalesce(nullif(f.first_name, ''), c.first_name) <> c.first_name or coalesce(nullif(f.last_name, ''), c.last_name) <> c.last_name
        or (c.fields || f.fields::jsonb) <> c.fields)`.execute(db);
}

/**
 * Refreshes the planner statistics of the tables an import grows. Without them a fresh or fast-growing table can be
 * planned as "tiny" and each key lookup scans every contact of the workspace (quadratic); the runner calls this at
 * the start and whenever the contacts it created doubled.
 */
export async function analyzeImportTables(db: Db): Promise<void> {
  // Only the columns the batch statements look up by: sampling `fields` (jsonb) is most of a full ANALYZE's cost,
  // and autovacuum still analyses every column in its own time. Row and page counts are refreshed either way.
  // A sample of 3,000 rows (statistics target 10) tells the planner what the lookups need — one workspace's many
  // rows, unique emails and phones — at a tenth of the default 30,000-row sample's cost: the default made these
  // refreshes ~7% of the database's work in a 1M-row import. The import changes enough rows that autovacuum
  // analyses the tables again afterwards, at the full target.
  await db.transaction().execute(async (trx) => {
    await sql`select set_config('default_statistics_target', '10', true)`.execute(trx);
    await sql`analyze contacts (workspace_id, email, phone_e164, deleted_at)`.execute(trx);
    await sql`analyze group_members (group_id, contact_id)`.execute(trx);
  });
}
