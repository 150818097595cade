/**
 * WhatsApp template rules: drafts are edited freely; submission validates locally first (the same rules the
 * simulator's review and `clarion whatsapp lint` use), then creates the template on the WABA (→ PENDING);
 * templates Meta has seen are never edited in place — they are copied to a new draft. Sync imports what
 * already exists on the WABA.
 */
import type { AppContext } from '../../../app/context.js';
import { AppError, conflict, notFound } from '../../../lib/errors.js';
import { recordAudit, type Actor } from '../../audit/index.js';
import { GraphApiError } from '../../channels/whatsapp/graph-client.js';
import { validateTemplate, type TemplateValidation } from '../../channels/whatsapp/template-rules.js';
import type { CreateTemplateRequest } from '../../channels/whatsapp/wa-types.js';
import { getConnection, graphClientFor } from '../connections/connections.service.js';
import * as repo from './templates.repo.js';

export type { TemplateRow } from './templates.repo.js';

/** The builder's content of a template. */
export interface TemplateInput {
  connectionId: number;
  name: string;
  language: string;
  category: string;
  parameterFormat?: 'positional' | 'named';
  components: Record<string, unknown>[];
}

/** A provider problem the user must see (HTTP 502 with Meta's explanation). */
export const providerError = (message: string, details?: Record<string, unknown>) => new AppError(502, 'provider_error', message, undefined, details);

/** Meta's create-template request body for a stored template. */
export function toCreateRequest(t: Pick<repo.TemplateRow, 'name' | 'language' | 'category' | 'parameter_format' | 'components'>): CreateTemplateRequest {
  return { name: t.name, language: t.language, category: t.category, parameter_format: t.parameter_format, components: t.components as CreateTemplateRequest['components'] };
}

/** Local validation of a stored template. */
export const validateRow = (t: repo.TemplateRow): TemplateValidation => validateTemplate(toCreateRequest(t));

/** Only drafts are edited in place. */
function assertEditable(t: repo.TemplateRow) {
  if (t.status === 'DRAFT') return;
  if (t.status === 'PENDING') throw conflict('This template is under review by Meta and cannot be edited. Wait for the decision, then copy it to a new draft.', 'status');
  throw conflict(`${t.status === 'APPROVED' ? 'Approved' : t.status === 'REJECTED' ? 'Rejected' : `${t.status}`} templates are not edited in place. Copy it to a new draft (POST /api/v1/whatsapp/templates/${t.id}/copy), change it, and submit that.`, 'status', { templateId: t.id, status: t.status });
}

export async function createDraft(ctx: AppContext, ws: number, actor: Actor, input: TemplateInput) {
  await getConnection(ctx, ws, input.connectionId);
  if (await repo.nameTaken(ctx.db, input.connectionId, input.name, input.language)) {
    throw conflict(`A template named "${input.name}" in ${input.language} already exists for this number.`, 'name');
  }
  return ctx.db.transaction().execute(async (trx) => {
    const row = await repo.insertTemplate(trx, {
      workspace_id: ws,
      connection_id: input.connectionId,
      name: input.name,
      language: input.language,
      category: input.category.toUpperCase(),
      parameter_format: input.parameterFormat ?? 'positional',
      components: input.components,
    });
    await recordAudit(trx, ws, actor, 'whatsapp.template.created', 'wa_template', row.id, { name: row.name, language: row.language });
    return row;
  });
}

export async function getTemplate(ctx: AppContext, ws: number, id: number) {
  const t = await repo.findTemplate(ctx.db, ws, id);
  if (!t) throw notFound('Template');
  return t;
}

export async function updateDraft(ctx: AppContext, ws: number, id: number, actor: Actor, patch: Partial<TemplateInput>) {
  const t = await getTemplate(ctx, ws, id);
  assertEditable(t);
  const name = patch.name ?? t.name;
  const language = patch.language ?? t.language;
  const connectionId = patch.connectionId ?? t.connection_id;
  if (patch.connectionId) await getConnection(ctx, ws, patch.connectionId);
  if ((name !== t.name || language !== t.language || connectionId !== t.connection_id) && (await repo.nameTaken(ctx.db, connectionId, name, language, id))) {
    throw conflict(`A template named "${name}" in ${language} already exists for this number.`, 'name');
  }
  const set: Record<string, unknown> = { name, language, connection_id: connectionId };
  if (patch.category) set.category = patch.category.toUpperCase();
  if (patch.parameterFormat) set.parameter_format = patch.parameterFormat;
  if (patch.components) set.components = patch.components;
  return ctx.db.transaction().execute(async (trx) => {
    const row = await repo.updateTemplate(trx, ws, id, set);
    if (!row) throw notFound('Template');
    await recordAudit(trx, ws, actor, 'whatsapp.template.updated', 'wa_template', id, { fields: Object.keys(patch) });
    return row;
  });
}

/** Deletes a template; one Meta knows is deleted on the WABA too (a template already gone there is fine). */
export async function deleteTemplate(ctx: AppContext, ws: number, id: number, actor: Actor) {
  const t = await getTemplate(ctx, ws, id);
  if (t.meta_template_id && t.status !== 'DELETED') {
    const conn = await getConnection(ctx, ws, t.connection_id);
    try {
      await graphClientFor(ctx, conn).deleteTemplate(conn.waba_id, t.name, t.meta_template_id);
    } catch (err) {
      if (!(err instanceof GraphApiError && err.code === 100)) throw providerError(`Meta did not delete the template: ${(err as Error).message}`);
    }
  }
  await ctx.db.transaction().execute(async (trx) => {
    await repo.softDeleteTemplate(trx, ws, id);
    await recordAudit(trx, ws, actor, 'whatsapp.template.deleted', 'wa_template', id, { name: t.name, language: t.language });
  });
}

/**
 * Submits a draft: local validation first (400 listing every violation), then `POST /{waba}/message_templates`.
 * The template takes the status Meta answers (normally PENDING) and Meta's id.
 */
export async function submitTemplate(ctx: AppContext, ws: number, id: number, actor: Actor) {
  const t = await getTemplate(ctx, ws, id);
  if (t.status !== 'DRAFT') throw conflict(`Only drafts are submitted; this template is ${t.status}. Copy it to a new draft to submit a changed version.`, 'status');
  const validation = validateRow(t);
  if (!validation.ok) {
    throw new AppError(400, 'template_invalid', `Meta would reject this template: ${validation.violations.length} problem(s) to fix first.`, undefined, { violations: validation.violations });
  }
  const conn = await getConnection(ctx, ws, t.connection_id);
  let res: { id: string; status: string; category: string };
  try {
    res = await graphClientFor(ctx, conn).createTemplate(conn.waba_id, toCreateRequest(t));
  } catch (err) {
    if (err instanceof GraphApiError && err.subcode === 2388024) {
      throw conflict(`The WhatsApp account already has a template "${t.name}" in ${t.language}. Sync templates to import it, or copy this draft under a new name.`, 'name');
    }
    if (err instanceof GraphApiError) throw providerError(`Meta refused the template (${err.code ?? err.kind}): ${err.details ?? err.message}`, { code: err.code });
    throw err;
  }
  return ctx.db.transaction().execute(async (trx) => {
    const row = await repo.updateTemplate(trx, ws, id, {
      status: String(res.status ?? 'PENDING').toUpperCase(),
      category: String(res.category ?? t.category).toUpperCase(),
      meta_template_id: String(res.id),
      submitted_at: new Date(),
      status_changed_at: new Date(),
    });
    await recordAudit(trx, ws, actor, 'whatsapp.template.submitted', 'wa_template', id, { metaTemplateId: res.id, status: res.status });
    return row!;
  });
}

/** Copies any template to a new draft (name `<name>_v2`, `_v3`… unless given). */
export async function copyTemplate(ctx: AppContext, ws: number, id: number, actor: Actor, name?: string) {
  const t = await getTemplate(ctx, ws, id);
  let newName = name;
  if (!newName) {
    const base = t.name.replace(/_v\d+$/, '');
    for (let n = 2; n < 1000; n++) {
      const candidate = `${base}_v${n}`;
      if (!(await repo.nameTaken(ctx.db, t.connection_id, candidate, t.language))) {
        newName = candidate;
        break;
      }
    }
  }
  return createDraft(ctx, ws, actor, {
    connectionId: t.connection_id,
    name: newName!,
    language: t.language,
    category: t.category,
    parameterFormat: t.parameter_format,
    components: t.components as Record<string, unknown>[],
  });
}

/** Imports/updates every template that exists on the connection's WABA. */
export async function syncTemplates(ctx: AppContext, ws: number, connectionId: number) {
  const conn = await getConnection(ctx, ws, connectionId);
  let list;
  try {
    list = await graphClientFor(ctx, conn).listAllTemplates(conn.waba_id);
  } catch (err) {
    if (err instanceof GraphApiError) throw providerError(`Could not list the templates of WABA ${conn.waba_id}: ${err.message}`, { code: err.code });
    throw err;
  }
  return ctx.db.transaction().execute(async (trx) => {
    const { inserted, updated } = await repo.upsertRemoteTemplates(trx, ws, conn.id, list);
    const removed = await repo.markMissingDeleted(trx, conn.id, list.map((t) => String(t.id)));
    return { total: list.length, inserted, updated, removed };
  });
}
