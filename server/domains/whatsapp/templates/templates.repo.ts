/** Storage of WhatsApp templates (drafts and the ones known to Meta). */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, WaTemplatesTable } from '../../../db/schema.js';
import type { GraphTemplate } from '../../channels/whatsapp/graph-client.js';

type Db = Kysely<Database>;
export type TemplateRow = Selectable<WaTemplatesTable>;

/** Filters of the template list. */
export interface TemplateListFilter {
  connectionId?: number;
  status?: string;
  category?: string;
  q?: string;
}

export function listTemplates(db: Db, workspaceId: number, f: TemplateListFilter): Promise<TemplateRow[]> {
  let q = db.selectFrom('wa_templates').selectAll().where('workspace_id', '=', workspaceId).where('deleted_at', 'is', null);
  if (f.connectionId) q = q.where('connection_id', '=', f.connectionId);
  if (f.status) q = q.where('status', '=', f.status.toUpperCase());
  if (f.category) q = q.where('category', '=', f.category.toUpperCase());
  if (f.q) q = q.where('name', 'like', `%${f.q.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`);
  return q.orderBy('id', 'desc').limit(1000).execute();
}

export function findTemplate(db: Db, workspaceId: number, id: number): Promise<TemplateRow | undefined> {
  return db.selectFrom('wa_templates').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
}

/** Whether (connection, name, language) is taken by another live template. */
export async function nameTaken(db: Db, connectionId: number, name: string, language: string, exceptId?: number): Promise<boolean> {
  let q = db
    .selectFrom('wa_templates')
    .select('id')
    .where('connection_id', '=', connectionId)
    .where('name', '=', name)
    .where('language', '=', language)
    .where('deleted_at', 'is', null);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return !!(await q.executeTakeFirst());
}

export function insertTemplate(db: Db, v: { workspace_id: number; connection_id: number; name: string; language: string; category: string; parameter_format: 'positional' | 'named'; components: unknown[] }) {
  return db
    .insertInto('wa_templates')
    .values({ ...v, components: JSON.stringify(v.components) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function updateTemplate(db: Db, workspaceId: number, id: number, patch: Record<string, unknown>) {
  const p = { ...patch, updated_at: new Date() } as Record<string, unknown>;
  if (Array.isArray(p.components)) p.components = JSON.stringify(p.components);
  return db.updateTable('wa_templates').set(p as never).where('workspace_id', '=', workspaceId).where('id', '=', id).where('deleted_at', 'is', null).returningAll().executeTakeFirst();
}

export async function softDeleteTemplate(db: Db, workspaceId: number, id: number) {
  await db.updateTable('wa_templates').set({ deleted_at: new Date() }).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

/**
 * Upserts the templates listed by Meta for one connection in one statement: new ones are inserted, known
 * ones (same name + language) take Meta's status, category, components, quality and id. Returns counts.
 */
export async function upsertRemoteTemplates(db: Db, workspaceId: number, connectionId: number, list: GraphTemplate[]) {
  if (!list.length) return { inserted: 0, updated: 0 };
  const rows = list.map((t) => ({
    workspace_id: workspaceId,
    connection_id: connectionId,
    name: t.name,
    language: t.language,
    category: String(t.category ?? 'MARKETING').toUpperCase(),
    parameter_format: String(t.parameter_format ?? 'positional').toLowerCase() === 'named' ? ('named' as const) : ('positional' as const),
    components: JSON.stringify(t.components ?? []),
    status: String(t.status ?? 'PENDING').toUpperCase(),
    rejection_reason: t.status === 'REJECTED' ? (t.rejected_reason ?? null) : null,
    quality_rating: String(t.quality_score?.score ?? 'UNKNOWN').toUpperCase(),
    meta_template_id: String(t.id),
    status_changed_at: new Date(),
  }));
  const res = await db
    .insertInto('wa_templates')
    .values(rows)
    .onConflict((oc) =>
      oc
        .columns(['connection_id', 'name', 'language'])
        .where('deleted_at', 'is', null)
        .doUpdateSet((eb) => ({
          category: eb.ref('excluded.category'),
          parameter_format: eb.ref('excluded.parameter_format'),
          components: eb.ref('excluded.components'),
          status: eb.ref('excluded.status'),
          rejection_reason: eb.ref('excluded.rejection_reason'),
          quality_rating: eb.ref('excluded.quality_rating'),
          meta_template_id: eb.ref('excluded.meta_template_id'),
          status_changed_at: sql`case when wa_templates.status is distinct from excluded.status then now() else wa_templates.status_changed_at end`,
          updated_at: sql`now()`,
        })),
    )
    .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
    .execute();
  const inserted = res.filter((r) => r.inserted).length;
  return { inserted, updated: res.length - inserted };
}

/** Marks submitted templates of the connection that Meta no longer lists as DELETED. */
export async function markMissingDeleted(db: Db, connectionId: number, presentIds: string[]): Promise<number> {
  let q = db
    .updateTable('wa_templates')
    .set({ status: 'DELETED', status_changed_at: new Date(), updated_at: new Date() })
    .where('connection_id', '=', connectionId)
    .where('deleted_at', 'is', null)
    .where('meta_template_id', 'is not', null)
    .where('status', '<>', 'DELETED');
  if (presentIds.length) q = q.where('meta_template_id', 'not in', presentIds);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}
