/** SQL of outbound webhooks: endpoints, the delivery queue (claimed FOR UPDATE SKIP LOCKED) and attempts. */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { WebhookDeliveriesTable, WebhookEndpointsTable } from './webhooks.tables.js';

type Db = Kysely<Database>;
export type EndpointRow = Selectable<WebhookEndpointsTable>;
export type DeliveryRow = Selectable<WebhookDeliveriesTable>;

export const listEndpoints = (db: Db, ws: number) => db.selectFrom('webhook_endpoints').selectAll().where('workspace_id', '=', ws).orderBy('id').execute();
export const getEndpoint = (db: Db, ws: number, id: number) => db.selectFrom('webhook_endpoints').selectAll().where('workspace_id', '=', ws).where('id', '=', id).executeTakeFirst();

export const insertEndpoint = (db: Db, ws: number, v: { url: string; description: string; event_types: string[]; channels: string[]; secret_enc: string }) =>
  db.insertInto('webhook_endpoints').values({ workspace_id: ws, ...v }).returningAll().executeTakeFirstOrThrow();

export const updateEndpoint = (db: Db, ws: number, id: number, v: Partial<Omit<EndpointRow, 'id' | 'workspace_id' | 'created_at'>>) =>
  db.updateTable('webhook_endpoints').set({ ...v, updated_at: new Date() }).where('workspace_id', '=', ws).where('id', '=', id).returningAll().executeTakeFirst();

export const deleteEndpoint = async (db: Db, ws: number, id: number) =>
  Number((await db.deleteFrom('webhook_endpoints').where('workspace_id', '=', ws).where('id', '=', id).executeTakeFirst()).numDeletedRows) > 0;

/** Queues one delivery per enabled endpoint of the workspace whose filters match; returns how many. */
export async function enqueueForMatching(db: Db, ws: number, ev: { eventId: string; type: string; payload: string; channel: string | null; now: Date }): Promise<number> {
  const r = await sql`
    insert into webhook_deliveries (workspace_id, endpoint_id, event_id, event_type, payload, next_attempt_at, created_at, updated_at)
    select e.workspace_id, e.id, ${ev.eventId}, ${ev.type}, ${ev.payload}::jsonb, ${ev.now}, ${ev.now}, ${ev.now}
      from webhook_endpoints e
     where e.workspace_id = ${ws} and e.enabled
       and (cardinality(e.event_types) = 0 or ${ev.type} = any(e.event_types))
       and (cardinality(e.channels) = 0 or ${ev.channel}::text is null or ${ev.channel}::text = any(e.channels))`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

export async function enqueueFor(db: Db, ws: number, endpointId: number, ev: { eventId: string; type: string; payload: string; now: Date }): Promise<number> {
  const row = await db
    .insertInto('webhook_deliveries')
    .values({ workspace_id: ws, endpoint_id: endpointId, event_id: ev.eventId, event_type: ev.type, payload: ev.payload, next_attempt_at: ev.now, created_at: ev.now, updated_at: ev.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Claims due deliveries: pending ones whose time has come and delivering ones whose lease ran out (a worker died
 * mid-delivery). The claim pushes next_attempt_at to the lease end, so an unfinished claim is re-claimed then.
 */
export async function claimDue(db: Db, now: Date, leaseMs: number, limit: number): Promise<DeliveryRow[]> {
  const leaseEnd = new Date(now.getTime() + leaseMs);
  const r = await sql<DeliveryRow>`
    update webhook_deliveries d set status = 'delivering', attempts = d.attempts + 1, lease_until = ${leaseEnd}, next_attempt_at = ${leaseEnd}, updated_at = ${now}
     where d.id in (select id from webhook_deliveries
                     where status in ('pending','delivering') and next_attempt_at <= ${now}
                     order by next_attempt_at, id limit ${limit} for update skip locked)
    returning d.*`.execute(db);
  return r.rows;
}

export const finishDelivery = (db: Db, id: number, v: { status: 'succeeded' | 'failed' | 'pending'; next_attempt_at?: Date; last_status: number | null; last_error: string | null; now: Date }) =>
  db
    .updateTable('webhook_deliveries')
    .set({ status: v.status, next_attempt_at: v.next_attempt_at ?? v.now, lease_until: null, last_status: v.last_status, last_error: v.last_error, updated_at: v.now })
    .where('id', '=', id)
    .where('status', '=', 'delivering')
    .execute();

export const insertAttempt = (db: Db, v: { delivery_id: number; attempt: number; status_code: number | null; response_excerpt: string; error: string | null; duration_ms: number; created_at: Date }) =>
  db.insertInto('webhook_attempts').values(v).execute();

export function listDeliveries(db: Db, ws: number, endpointId: number, opts: { before?: number; limit: number; status?: string }) {
  let q = db.selectFrom('webhook_deliveries').selectAll().where('workspace_id', '=', ws).where('endpoint_id', '=', endpointId);
  if (opts.before) q = q.where('id', '<', opts.before);
  if (opts.status) q = q.where('status', '=', opts.status as DeliveryRow['status']);
  return q.orderBy('id', 'desc').limit(opts.limit).execute();
}

export const getDelivery = (db: Db, ws: number, id: number) => db.selectFrom('webhook_deliveries').selectAll().where('workspace_id', '=', ws).where('id', '=', id).executeTakeFirst();
export const listAttempts = (db: Db, deliveryIds: number[]) =>
  deliveryIds.length ? db.selectFrom('webhook_attempts').selectAll().where('delivery_id', 'in', deliveryIds).orderBy('id').execute() : Promise.resolve([]);

/** Puts finished deliveries back in the queue (resend one, or all failed since T). */
export async function requeue(db: Db, ws: number, where: { id?: number; endpointId: number; failedSince?: Date }, now: Date): Promise<number> {
  let q = db.updateTable('webhook_deliveries').set({ status: 'pending', next_attempt_at: now, attempts: 0, updated_at: now }).where('workspace_id', '=', ws).where('endpoint_id', '=', where.endpointId);
  if (where.id) q = q.where('id', '=', where.id).where('status', 'in', ['succeeded', 'failed']);
  else q = q.where('status', '=', 'failed').where('created_at', '>=', where.failedSince ?? new Date(0));
  return Number((await q.executeTakeFirst()).numUpdatedRows);
}

/** Marks the start of a failure run (kept if already set) and answers it. */
export async function markFailing(db: Db, endpointId: number, now: Date): Promise<Date> {
  const r = await db
    .updateTable('webhook_endpoints')
    .set((eb) => ({ failing_since: eb.fn.coalesce('failing_since', eb.val(now)) }))
    .where('id', '=', endpointId)
    .returning('failing_since')
    .executeTakeFirst();
  return r?.failing_since ?? now;
}

export const clearFailing = (db: Db, endpointId: number) => db.updateTable('webhook_endpoints').set({ failing_since: null }).where('id', '=', endpointId).where('failing_since', 'is not', null).execute();

export async function ownerEmails(db: Db, ws: number): Promise<string[]> {
  const rows = await db.selectFrom('memberships').innerJoin('users', 'users.id', 'memberships.user_id').select('users.email').where('memberships.workspace_id', '=', ws).where('memberships.role', '=', 'owner').execute();
  return rows.map((r) => r.email);
}

/** A disabled endpoint's waiting deliveries become failed (so "resend all failed since T" brings them back). */
export const failPendingOf = (db: Db, endpointId: number, now: Date) =>
  db.updateTable('webhook_deliveries').set({ status: 'failed', last_error: 'endpoint_disabled', updated_at: now }).where('endpoint_id', '=', endpointId).where('status', '=', 'pending').execute();

export const isEnabled = async (db: Db, endpointId: number) =>
  (await db.selectFrom('webhook_endpoints').select('enabled').where('id', '=', endpointId).executeTakeFirst())?.enabled === true;
