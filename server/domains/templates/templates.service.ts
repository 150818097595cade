/**
 * Email templates: CRUD where every save keeps a version (list, view, restore), preview as a contact, pre-flight.
 * The template's content is what a campaign copies when it is created from it (and freezes when it is sent).
 */
import type { Kysely, Selectable } from 'kysely';
import type { AppContext } from '../../app/context.js';
import type { Database, TemplatesTable, TemplateVersionsTable } from '../../db/schema.js';
import { badRequest, notFound } from '../../lib/errors.js';
import { recordAudit, type Actor } from '../audit/index.js';
import { findIdentity, listIdentities } from '../sending/sending.repo.js';
import { preflightEmail } from './preflight/index.js';
import { compileEmailTemplate, renderEmail, TemplateCompileError, TemplateRenderError, type TemplateContact } from './render/index.js';

type Db = Kysely<Database>;
export type TemplateRow = Selectable<TemplatesTable>;
type VersionRow = Selectable<TemplateVersionsTable>;

export interface TemplateInput {
  name?: string;
  channel?: 'email';
  format?: 'mjml' | 'html';
  source?: string;
  project?: Record<string, unknown> | null;
  subject?: string;
  preheader?: string;
  textOverride?: string | null;
  dir?: 'ltr' | 'rtl';
}

const CONTENT = ['name', 'format', 'source', 'project', 'subject', 'preheader', 'text_override', 'dir'] as const;

export function templateView(t: TemplateRow | (VersionRow & { updated_at?: Date })) {
  return {
    id: 'template_id' in t ? t.template_id : t.id,
    name: t.name,
    format: t.format as 'mjml' | 'html',
    subject: t.subject,
    version: t.version,
    source: t.source,
    project: (t.project ?? null) as Record<string, unknown> | null,
    preheader: t.preheader,
    textOverride: t.text_override,
    dir: t.dir as 'ltr' | 'rtl',
    createdAt: t.created_at.toISOString(),
    updatedAt: ('updated_at' in t && t.updated_at ? t.updated_at : t.created_at).toISOString(),
  };
}

async function findLive(db: Db, ws: number, id: number) {
  return db.selectFrom('templates').selectAll().where('workspace_id', '=', ws).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
}

export async function getTemplate(ctx: AppContext, ws: number, id: number) {
  const t = await findLive(ctx.db, ws, id);
  if (!t) throw notFound('Template');
  return t;
}

export const listTemplates = (ctx: AppContext, ws: number, channel = 'email') =>
  ctx.db.selectFrom('templates').selectAll().where('workspace_id', '=', ws).where('channel', '=', channel as 'email').where('deleted_at', 'is', null).orderBy('updated_at', 'desc').limit(1000).execute();

async function keepVersion(db: Db, t: TemplateRow, actor: Actor) {
  await db
    .insertInto('template_versions')
    .values({
      workspace_id: t.workspace_id, template_id: t.id, version: t.version, name: t.name, format: t.format, source: t.source,
      project: t.project === null ? null : JSON.stringify(t.project), subject: t.subject, preheader: t.preheader,
      text_override: t.text_override, dir: t.dir, created_by: actor.label,
    })
    .onConflict((oc) => oc.columns(['template_id', 'version']).doNothing())
    .execute();
}

function columns(b: TemplateInput): Record<string, unknown> {
  const v: Record<string, unknown> = {};
  if (b.name !== undefined) v.name = b.name.trim() || 'Untitled template';
  if (b.format !== undefined) v.format = b.format;
  if (b.source !== undefined) v.source = b.source;
  if (b.project !== undefined) v.project = b.project === null ? null : JSON.stringify(b.project);
  if (b.subject !== undefined) v.subject = b.subject;
  if (b.preheader !== undefined) v.preheader = b.preheader;
  if (b.textOverride !== undefined) v.text_override = b.textOverride?.trim() ? b.textOverride : null;
  if (b.dir !== undefined) v.dir = b.dir;
  return v;
}

export async function createTemplate(ctx: AppContext, ws: number, actor: Actor, b: TemplateInput) {
  return ctx.db.transaction().execute(async (trx) => {
    const t = await trx
      .insertInto('templates')
      .values({ workspace_id: ws, channel: 'email', name: 'Untitled template', ...columns(b) } as never)
      .returningAll()
      .executeTakeFirstOrThrow();
    await keepVersion(trx, t, actor);
    await recordAudit(trx, ws, actor, 'template.created', 'template', t.id, { name: t.name });
    return t;
  });
}

/** Saves new content as the next version (the previous one stays in the version list). */
export async function saveTemplate(ctx: AppContext, ws: number, id: number, actor: Actor, b: TemplateInput) {
  return ctx.db.transaction().execute(async (trx) => {
    const cur = await trx.selectFrom('templates').selectAll().where('workspace_id', '=', ws).where('id', '=', id).where('deleted_at', 'is', null).forUpdate().executeTakeFirst();
    if (!cur) throw notFound('Template');
    const t = await trx
      .updateTable('templates')
      .set({ ...columns(b), version: cur.version + 1, updated_at: new Date() } as never)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await keepVersion(trx, t, actor);
    await recordAudit(trx, ws, actor, 'template.saved', 'template', id, { version: t.version });
    return t;
  });
}

export async function deleteTemplate(ctx: AppContext, ws: number, id: number, actor: Actor) {
  await ctx.db.transaction().execute(async (trx) => {
    const r = await trx.updateTable('templates').set({ deleted_at: new Date() }).where('workspace_id', '=', ws).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
    if (!Number(r.numUpdatedRows)) throw notFound('Template');
    await recordAudit(trx, ws, actor, 'template.deleted', 'template', id, {});
  });
}

export async function copyTemplate(ctx: AppContext, ws: number, id: number, actor: Actor) {
  const t = await getTemplate(ctx, ws, id);
  return createTemplate(ctx, ws, actor, {
    name: `Copy of ${t.name}`, format: t.format, source: t.source, project: (t.project ?? null) as Record<string, unknown> | null,
    subject: t.subject, preheader: t.preheader, textOverride: t.text_override, dir: t.dir,
  });
}

export async function listVersions(ctx: AppContext, ws: number, id: number) {
  await getTemplate(ctx, ws, id);
  return ctx.db.selectFrom('template_versions').selectAll().where('workspace_id', '=', ws).where('template_id', '=', id).orderBy('version', 'desc').execute();
}

export async function getVersion(ctx: AppContext, ws: number, id: number, version: number) {
  const v = await ctx.db.selectFrom('template_versions').selectAll().where('workspace_id', '=', ws).where('template_id', '=', id).where('version', '=', version).executeTakeFirst();
  if (!v) throw notFound('Template version');
  return v;
}

export async function restoreVersion(ctx: AppContext, ws: number, id: number, version: number, actor: Actor) {
  const v = await getVersion(ctx, ws, id, version);
  return saveTemplate(ctx, ws, id, actor, {
    name: v.name, format: v.format as 'mjml', source: v.source, project: (v.project ?? null) as Record<string, unknown> | null,
    subject: v.subject, preheader: v.preheader, textOverride: v.text_override, dir: v.dir as 'ltr',
  });
}

/** The contact as templates see it, or sample data. */
export async function previewContact(ctx: AppContext, ws: number, contactId?: number | null): Promise<TemplateContact> {
  if (!contactId) return { email: 'sample@example.com', first_name: 'Sample', last_name: 'Contact', phone: '+15555550100', fields: {} };
  const c = await ctx.db.selectFrom('contacts').select(['email', 'first_name', 'last_name', 'phone_e164', 'fields']).where('workspace_id', '=', ws).where('id', '=', contactId).where('deleted_at', 'is', null).executeTakeFirst();
  if (!c) throw notFound('Contact');
  return { email: c.email ?? 'no-email@example.com', first_name: c.first_name, last_name: c.last_name, phone: c.phone_e164, fields: (c.fields ?? {}) as Record<string, unknown> };
}

/** Renders content as `contact` would receive it (links point to their real targets; no tracking). */
export async function renderPreview(ctx: AppContext, ws: number, content: TemplateInput, contact: TemplateContact) {
  const workspace = await ctx.db.selectFrom('workspaces').select('name').where('id', '=', ws).executeTakeFirstOrThrow();
  try {
    const compiled = await compileEmailTemplate({
      format: content.format ?? 'mjml', source: content.source ?? '', subject: content.subject ?? '', preheader: content.preheader,
      textOverride: content.textOverride ?? null, dir: content.dir, trackLinks: false,
    });
    const base = ctx.config.publicUrl.replace(/\/+$/, '');
    return renderEmail(compiled, {
      contact, campaign: { name: 'Preview' }, workspace: { name: workspace.name },
      urls: { unsubscribe: `${base}/u/preview`, viewInBrowser: `${base}/t/v/preview`, openPixel: null, click: () => '#' },
    });
  } catch (err) {
    if (err instanceof TemplateCompileError) throw badRequest(err.issues.map((i) => i.message).join(' '), 'source', { issues: err.issues });
    if (err instanceof TemplateRenderError) throw badRequest(err.message, 'source');
    throw err;
  }
}

export async function templatePreflight(ctx: AppContext, ws: number, content: TemplateInput & { senderIdentityId?: number | null }) {
  const identity = content.senderIdentityId ? await findIdentity(ctx.db, ws, content.senderIdentityId) : (await listIdentities(ctx.db, ws))[0];
  return preflightEmail({
    subject: content.subject ?? '', fromName: identity?.from_name ?? '', fromEmail: identity?.from_address ?? '',
    source: content.source ?? '', format: content.format ?? 'mjml', preheader: content.preheader, textOverride: content.textOverride ?? null, dir: content.dir,
  });
}

export { CONTENT as TEMPLATE_CONTENT_COLUMNS };
