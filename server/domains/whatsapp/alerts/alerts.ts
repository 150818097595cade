/**
 * Workspace alerts (things a person must act on: an account restriction, a ban, a disabled template…) and the
 * "halt" flag of a WhatsApp number. The campaign adapter checks `getWhatsappHalt` before sending and calls
 * `haltWhatsappConnection` when a send answers an account-halt code (0, 190, 10, 200–299, 368, 131031, 131042,
 * 131048, 133010); account_update webhooks set it too. A manager clears it after fixing the cause.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database, WorkspaceAlertsTable } from '../../../db/schema.js';

type Db = Kysely<Database>;
export type AlertRow = Selectable<WorkspaceAlertsTable>;

/** A new alert. */
export interface NewAlert {
  kind: string;
  severity: 'info' | 'warning' | 'critical';
  title: string;
  message: string;
  entityType?: string | null;
  entityId?: string | number | null;
  data?: Record<string, unknown>;
}

/**
 * Raises an alert. An identical open alert (same kind and entity) is not repeated: a webhook replayed or a
 * burst of failing sends produces one alert, not hundreds.
 */
export async function raiseAlert(db: Db, workspaceId: number, a: NewAlert): Promise<number | null> {
  const entityId = a.entityId === undefined || a.entityId === null ? null : String(a.entityId);
  let q = db.selectFrom('workspace_alerts').select('id').where('workspace_id', '=', workspaceId).where('kind', '=', a.kind).where('resolved_at', 'is', null);
  q = entityId === null ? q.where('entity_id', 'is', null) : q.where('entity_id', '=', entityId);
  if (await q.executeTakeFirst()) return null;
  const row = await db
    .insertInto('workspace_alerts')
    .values({
      workspace_id: workspaceId,
      kind: a.kind,
      severity: a.severity,
      title: a.title,
      message: a.message,
      entity_type: a.entityType ?? null,
      entity_id: entityId,
      data: JSON.stringify(a.data ?? {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function listAlerts(db: Db, workspaceId: number, opts: { open?: boolean; limit?: number } = {}): Promise<AlertRow[]> {
  let q = db.selectFrom('workspace_alerts').selectAll().where('workspace_id', '=', workspaceId);
  if (opts.open) q = q.where('resolved_at', 'is', null);
  return q.orderBy('id', 'desc').limit(opts.limit ?? 100).execute();
}

export async function resolveAlert(db: Db, workspaceId: number, id: number): Promise<AlertRow | undefined> {
  return db
    .updateTable('workspace_alerts')
    .set((eb) => ({ resolved_at: eb.fn.coalesce('resolved_at', eb.val(new Date())) }))
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** Whether a WhatsApp number must not send right now, and why. */
export interface WhatsappHalt {
  halted: boolean;
  reason: string | null;
  since: Date | null;
  accountStatus: string;
}

/** The halt state of a number (campaign adapters call this before each batch; it is one indexed read). */
export async function getWhatsappHalt(db: Db, connectionId: number): Promise<WhatsappHalt> {
  const c = await db.selectFrom('wa_connections').select(['halted_at', 'halt_reason', 'account_status']).where('id', '=', connectionId).executeTakeFirst();
  if (!c) return { halted: true, reason: 'The WhatsApp number was removed.', since: null, accountStatus: 'deleted' };
  return { halted: c.halted_at !== null, reason: c.halt_reason, since: c.halted_at, accountStatus: c.account_status };
}

/**
 * Halts a number: no campaign may send through it until a person clears the halt. Raises a critical alert.
 * Idempotent: halting a halted number keeps the first time and reason.
 */
export async function haltWhatsappConnection(
  db: Db,
  workspaceId: number,
  connectionId: number,
  reason: string,
  opts: { accountStatus?: string; code?: number | null; data?: Record<string, unknown> } = {},
): Promise<void> {
  await db
    .updateTable('wa_connections')
    .set((eb) => ({
      halted_at: eb.fn.coalesce('halted_at', eb.val(new Date())),
      halt_reason: eb.fn.coalesce('halt_reason', eb.val(reason)),
      ...(opts.accountStatus ? { account_status: opts.accountStatus } : {}),
      updated_at: new Date(),
    }))
    .where('id', '=', connectionId)
    .where('workspace_id', '=', workspaceId)
    .execute();
  await raiseAlert(db, workspaceId, {
    kind: 'whatsapp_number_halted',
    severity: 'critical',
    title: 'WhatsApp sending is halted for a number',
    message: reason,
    entityType: 'wa_connection',
    entityId: connectionId,
    data: { code: opts.code ?? null, ...(opts.data ?? {}) },
  });
}

/** Lifts a halt (after the account problem is fixed) and resolves its alert. */
export async function clearWhatsappHalt(db: Db, workspaceId: number, connectionId: number): Promise<boolean> {
  const r = await db
    .updateTable('wa_connections')
    .set({ halted_at: null, halt_reason: null, account_status: 'connected', updated_at: new Date() })
    .where('id', '=', connectionId)
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  await db
    .updateTable('workspace_alerts')
    .set({ resolved_at: new Date() })
    .where('workspace_id', '=', workspaceId)
    .where('kind', '=', 'whatsapp_number_halted')
    .where('entity_id', '=', String(connectionId))
    .where('resolved_at', 'is', null)
    .execute();
  return Number(r.numUpdatedRows) > 0;
}
