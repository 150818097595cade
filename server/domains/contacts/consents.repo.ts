/** The set-based status change: one statement updates the contacts and writes a consent row per change. */
import { sql, type Kysely } from 'kysely';
import type { Channel, Database } from '../../db/schema.js';

export const STATUS_COLUMN = { email: 'email_status', whatsapp: 'whatsapp_status', sms: 'sms_status' } as const;

export interface StatusUpdate {
  workspaceId: number;
  ids: number[];
  channel: Channel;
  status: string;
  source: string;
  reason: string | null;
  ip: string | null;
  wording: string | null;
  actor: string | null;
  /** Leave protected (whitelisted) contacts unchanged. */
  skipProtected: boolean;
  /** Current statuses that must not be overwritten (e.g. unsubscribed when re-subscribing without confirmation). */
  keepStatuses: string[];
}

/**
 * Updates the status of every listed live contact whose status differs, and inserts the matching consent rows,
 * in a single data-modifying CTE. Returns the ids that changed.
 */
export async function updateStatusesWithConsent(db: Kysely<Database>, u: StatusUpdate): Promise<number[]> {
  if (!u.ids.length) return [];
  const col = sql.ref(STATUS_COLUMN[u.channel]);
  const { rows } = await sql<{ contact_id: number }>`
    with changed as (
      update contacts set ${col} = ${u.status}::text, updated_at = now()
      where workspace_id = ${u.workspaceId}::bigint
        and id = any(${u.ids}::bigint[])
        and deleted_at is null and erased_at is null
        and ${col} <> ${u.status}::text
        and (${!u.skipProtected}::boolean or not protected)
        and not (${col} = any(${u.keepStatuses}::text[]))
      returning id
    )
    insert into consents (workspace_id, contact_id, channel, status, source, reason, ip, wording, actor)
    select ${u.workspaceId}::bigint, id, ${u.channel}::text, ${u.status}::text, ${u.source}::text, ${u.reason}::text, ${u.ip}::text, ${u.wording}::text, ${u.actor}::text
    from changed
    returning contact_id`.execute(db);
  return rows.map((r) => Number(r.contact_id));
}

/** Records consent evidence without a status change (e.g. the initial statuses of a new contact). */
export async function insertConsent(
  db: Kysely<Database>,
  row: { workspace_id: number; contact_id: number; channel: Channel; status: string; source: string; reason: string | null; ip: string | null; wording: string | null; actor: string | null },
) {
  await db.insertInto('consents').values(row).execute();
}
