/**
 * Landing page rules: unique slugs per workspace, a gallery template to start from, every content change saved as a
 * version (restorable), publish renders the current version once, pause shows a message, copy makes a draft. Only
 * owners may set the custom head snippet (it runs on the page). Publishing needs manager or owner (route access).
 */
import type { AppContext } from '../../app/context.js';
import { PAGE_TEMPLATES, type PageLang } from '../../../common/page-blocks.js';
import type { PageCreate, PagePatch, PageSettings, PageView } from '../../../common/pages.js';
import { conflict, forbidden, notFound, validationFailed } from '../../lib/errors.js';
import { recordAudit, type Actor } from '../audit/index.js';
import type { Role } from '../../db/schema.js';
import * as repo from './pages.repo.js';
import { renderPage } from './render-page.js';
import { forgetPages } from './serve.js';

const base = (ctx: AppContext) => ctx.config.publicUrl.replace(/\/+$/, '');

export async function pageUrl(ctx: AppContext, ws: number, slug: string) {
  const w = await ctx.db.selectFrom('workspaces').select('slug').where('id', '=', ws).executeTakeFirstOrThrow();
  return `${base(ctx)}/p/${w.slug}/${slug}`;
}

export async function pageView(ctx: AppContext, p: repo.PageRow): Promise<PageView> {
  return {
    id: Number(p.id), name: p.name, slug: p.slug, status: p.status, lang: p.lang, settings: p.settings as PageSettings, html: p.html, css: p.css,
    project: (p.project as Record<string, unknown> | null) ?? null, version: p.version, publishedVersion: p.published_version,
    url: await pageUrl(ctx, p.workspace_id, p.slug), createdAt: p.created_at.toISOString(), updatedAt: p.updated_at.toISOString(),
    deletedAt: p.deleted_at ? p.deleted_at.toISOString() : null,
  };
}

function assertHeadAllowed(role: Role, next: PageSettings | undefined, prev: PageSettings | null) {
  if (next?.customHead !== undefined && (next.customHead ?? '') !== (prev?.customHead ?? '') && role !== 'owner') {
    throw forbidden('Only owners can set the custom head snippet (it runs on the page).');
  }
}

export async function createPage(ctx: AppContext, ws: number, role: Role, actor: Actor, b: PageCreate) {
  assertHeadAllowed(role, b.settings, null);
  if (await repo.slugTaken(ctx.db, ws, b.slug)) throw conflict(`Another page already uses the address "${b.slug}".`, 'slug');
  const lang = b.lang ?? 'en';
  let html = b.html ?? '';
  if (b.templateId) {
    const tpl = PAGE_TEMPLATES.find((t) => t.id === b.templateId);
    if (!tpl) throw validationFailed('templateId', `There is no template "${b.templateId}".`);
    let formPublicId = '';
    if (b.formId) {
      const f = await ctx.db.selectFrom('forms').select('public_id').where('workspace_id', '=', ws).where('id', '=', b.formId).where('deleted_at', 'is', null).executeTakeFirst();
      if (!f) throw validationFailed('formId', `Form #${b.formId} does not exist.`);
      formPublicId = f.public_id;
    }
    html = tpl.build(lang === 'he' ? 'he' : 'en', formPublicId);
  }
  const p = await repo.insertPage(ctx.db, { workspace_id: ws, slug: b.slug, name: b.name.trim(), html, css: b.css ?? '', project: null, settings: { title: b.name.trim(), ...b.settings }, lang });
  await recordAudit(ctx.db, ws, actor, 'page.created', 'page', Number(p.id), { slug: p.slug, template: b.templateId ?? null });
  return p;
}

export async function getPage(ctx: AppContext, ws: number, id: number) {
  const p = await repo.findPage(ctx.db, ws, id);
  if (!p) throw notFound('Page');
  return p;
}

export async function updatePage(ctx: AppContext, ws: number, role: Role, actor: Actor, id: number, b: PagePatch) {
  const prev = await getPage(ctx, ws, id);
  if (prev.deleted_at) throw notFound('Page');
  assertHeadAllowed(role, b.settings, prev.settings as PageSettings);
  if (b.slug && b.slug !== prev.slug && (await repo.slugTaken(ctx.db, ws, b.slug, id))) throw conflict(`Another page already uses the address "${b.slug}".`, 'slug');
  const content = b.html !== undefined || b.css !== undefined || b.project !== undefined || b.settings !== undefined || b.lang !== undefined;
  const p = await repo.updatePage(ctx.db, ws, id, { name: b.name?.trim(), slug: b.slug, lang: b.lang, html: b.html, css: b.css, project: b.project, settings: b.settings }, content);
  if (!p) throw notFound('Page');
  forgetPages();
  await recordAudit(ctx.db, ws, actor, 'page.updated', 'page', id, { version: p.version });
  return p;
}

/** Renders the current version once and serves it from now on. */
export async function publishPage(ctx: AppContext, ws: number, actor: Actor, id: number) {
  const p = await getPage(ctx, ws, id);
  if (p.deleted_at) throw notFound('Page');
  const url = await pageUrl(ctx, ws, p.slug);
  await repo.setRendered(ctx.db, p.id, p.version, renderPage({ html: p.html, css: p.css, lang: p.lang, settings: p.settings as PageSettings }, base(ctx), url));
  const out = await repo.updatePage(ctx.db, ws, id, { status: 'published', published_version: p.version }, false);
  forgetPages();
  await recordAudit(ctx.db, ws, actor, 'page.published', 'page', id, { version: p.version });
  return out!;
}

export async function setPageStatus(ctx: AppContext, ws: number, actor: Actor, id: number, status: 'paused' | 'draft') {
  const p = await repo.updatePage(ctx.db, ws, id, { status }, false);
  if (!p) throw notFound('Page');
  forgetPages();
  await recordAudit(ctx.db, ws, actor, `page.${status === 'paused' ? 'paused' : 'unpublished'}`, 'page', id, {});
  return p;
}

export async function restoreVersion(ctx: AppContext, ws: number, role: Role, actor: Actor, id: number, version: number) {
  const v = await repo.findVersion(ctx.db, ws, id, version);
  if (!v) throw notFound('Page version');
  const settings = v.settings as PageSettings;
  const prev = await getPage(ctx, ws, id);
  assertHeadAllowed(role, settings, prev.settings as PageSettings);
  const p = await repo.updatePage(ctx.db, ws, id, { html: v.html, css: v.css, project: v.project, settings, lang: v.lang }, true);
  if (!p) throw notFound('Page');
  await recordAudit(ctx.db, ws, actor, 'page.version_restored', 'page', id, { from: version, version: p.version });
  return p;
}

export async function copyPage(ctx: AppContext, ws: number, actor: Actor, id: number) {
  const p = await getPage(ctx, ws, id);
  let slug = `${p.slug}-copy`.slice(0, 80);
  for (let n = 2; await repo.slugTaken(ctx.db, ws, slug); n++) slug = `${p.slug.slice(0, 70)}-copy-${n}`;
  const c = await repo.insertPage(ctx.db, { workspace_id: ws, slug, name: `${p.name} (copy)`, html: p.html, css: p.css, project: p.project, settings: p.settings as Record<string, unknown>, lang: p.lang });
  await recordAudit(ctx.db, ws, actor, 'page.copied', 'page', Number(c.id), { from: id });
  return c;
}

export async function deletePage(ctx: AppContext, ws: number, actor: Actor, id: number, deleted: boolean) {
  if (!deleted) {
    const p = await repo.findPage(ctx.db, ws, id);
    if (p?.deleted_at && (await repo.slugTaken(ctx.db, ws, p.slug))) throw conflict(`Another page now uses the address "${p.slug}"; change its address first.`, 'slug');
  }
  if (!(await repo.setDeleted(ctx.db, ws, id, deleted))) throw notFound(deleted ? 'Page' : 'Page in the recycle bin');
  forgetPages();
  await recordAudit(ctx.db, ws, actor, deleted ? 'page.deleted' : 'page.restored', 'page', id, {});
}

export const templateGallery = () =>
  PAGE_TEMPLATES.flatMap((t) => (['en', 'he'] as PageLang[]).map((lang) => ({ id: t.id, lang, name: t.name[lang], description: t.description[lang], html: t.build(lang) })));
