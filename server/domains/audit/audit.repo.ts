import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

/** Who did something: a signed-in user, an API key, or Clarion itself (jobs, webhooks). */
export interface Actor {
  type: 'user' | 'api_key' | 'system';
  id: number | null;
  label: string;
  ip?: string | null;
}

export const systemActor = (label = 'system'): Actor => ({ type: 'system', id: null, label });

export async function recordAudit(
  db: Kysely<Database>,
  workspaceId: number | null,
  actor: Actor,
  action: string,
  entityType: string,
  entityId: string | number | null,
  details: Record<string, unknown> = {},
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      workspace_id: workspaceId,
      actor_type: actor.type,
      actor_id: actor.id,
      actor_label: actor.label,
      action,
      entity_type: entityType,
      entity_id: entityId === null ? null : String(entityId),
      details: JSON.stringify(details),
      ip: actor.ip ?? null,
    })
    .execute();
}

export async function listAudit(
  db: Kysely<Database>,
  workspaceId: number,
  opts: { beforeId?: number; limit: number; entityType?: string; entityId?: string },
) {
  let q = db
    .selectFrom('audit_log')
    .select(['id', 'actor_type', 'actor_id', 'actor_label', 'action', 'entity_type', 'entity_id', 'details', 'ip', 'at'])
    .where('workspace_id', '=', workspaceId)
    .orderBy('id', 'desc')
    .limit(opts.limit);
  if (opts.beforeId) q = q.where('id', '<', opts.beforeId);
  if (opts.entityType) q = q.where('entity_type', '=', opts.entityType);
  if (opts.entityId) q = q.where('entity_id', '=', opts.entityId);
  return q.execute();
}
