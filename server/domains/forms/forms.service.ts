/**
 * Form rules: a definition must have unique field keys, at least one field mapped to email or phone, options for
 * selects, a channel for consent boxes, existing custom fields and groups of this workspace. Every change of the
 * definition or settings is a new version. Captcha secrets are stored encrypted and never shown again.
 */
import { randomBytes } from 'node:crypto';
import type { AppContext } from '../../app/context.js';
import type { FormCreate, FormDefinition, FormPatch, FormSettings, FormView } from '../../../common/forms.js';
import { encryptSecret } from '../../lib/crypto.js';
import { notFound, validationFailed } from '../../lib/errors.js';
import { recordAudit, type Actor } from '../audit/index.js';
import { listFields } from '../fields/index.js';
import * as repo from './forms.repo.js';

const MASK = '********';
const countryCache = new Map<number, { at: number; country: string }>();

/** The workspace's default phone country (cached for a minute: it rarely changes, and every submission needs it). */
export async function workspaceCountryOf(ctx: AppContext, ws: number): Promise<string> {
  const hit = countryCache.get(ws);
  if (hit && Date.now() - hit.at < 60_000) return hit.country;
  const w = await ctx.db.selectFrom('workspaces').select('default_country').where('id', '=', ws).executeTakeFirst();
  const country = w?.default_country ?? 'IL';
  countryCache.set(ws, { at: Date.now(), country });
  return country;
}

async function checkDefinition(ctx: AppContext, ws: number, def: FormDefinition) {
  const keys = new Set<string>();
  const custom = new Set((await listFields(ctx.db, ws)).map((f) => f.key));
  def.fields.forEach((f, i) => {
    const at = `definition.fields[${i}]`;
    if (keys.has(f.key)) throw validationFailed(`${at}.key`, `The field key "${f.key}" is used twice.`);
    keys.add(f.key);
    if (f.maps?.startsWith('field:') && !custom.has(f.maps.slice(6))) throw validationFailed(`${at}.maps`, `There is no custom field "${f.maps.slice(6)}".`);
    if ((f.type === 'select' || f.type === 'multiselect') && !f.options?.length) throw validationFailed(`${at}.options`, 'A select needs options.');
    if (f.type === 'consent' && !f.consentChannel) throw validationFailed(`${at}.consentChannel`, 'A consent box needs the channel it consents to.');
    if (f.type === 'consent' && !def.languages.every((l) => f.label?.[l]?.trim())) throw validationFailed(`${at}.label`, 'A consent box needs its exact wording in every language of the form.');
    if (f.maps === 'email' && f.type !== 'email') throw validationFailed(`${at}.type`, 'Only an email field can fill the contact email.');
    if (f.maps === 'phone' && f.type !== 'phone') throw validationFailed(`${at}.type`, 'Only a phone field can fill the contact phone.');
    if (f.pattern) {
      try {
        new RegExp(f.pattern, 'u');
      } catch {
        throw validationFailed(`${at}.pattern`, 'The pattern is not a valid regular expression.');
      }
    }
  });
  if (!def.fields.some((f) => f.maps === 'email' || f.maps === 'phone')) throw validationFailed('definition.fields', 'A form needs a field mapped to email or phone.');
  const groups = def.groupIds ?? [];
  const live = await repo.groupIdsLive(ctx.db, ws, groups);
  const missing = groups.find((g) => !live.includes(g));
  if (missing) throw validationFailed('definition.groupIds', `Group #${missing} does not exist.`);
}

function storedSettings(ctx: AppContext, next: FormSettings, prev: FormSettings | null): FormSettings {
  const s = { ...next };
  if (s.captcha) {
    const secret = s.captcha.secret === MASK && prev?.captcha ? prev.captcha.secret : encryptSecret(ctx.keys.encryptionKey, s.captcha.secret);
    s.captcha = { ...s.captcha, secret };
  }
  if (s.notifyEmails?.some((e) => !/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(e))) throw validationFailed('settings.notifyEmails', 'Each notify address must be an email address.');
  return s;
}

export function formView(ctx: AppContext, f: repo.FormRow, submissions: number): FormView {
  const s = { ...(f.settings as FormSettings) };
  if (s.captcha) s.captcha = { ...s.captcha, secret: MASK };
  return {
    id: Number(f.id), publicId: f.public_id, name: f.name, version: f.version, definition: f.definition as FormDefinition, settings: s, paused: f.paused,
    submissions, hostedUrl: `${ctx.config.publicUrl.replace(/\/+$/, '')}/f/${f.public_id}`,
    createdAt: f.created_at.toISOString(), updatedAt: f.updated_at.toISOString(), deletedAt: f.deleted_at ? f.deleted_at.toISOString() : null,
  };
}

export async function createForm(ctx: AppContext, ws: number, actor: Actor, b: FormCreate) {
  await checkDefinition(ctx, ws, b.definition);
  const f = await repo.insertForm(ctx.db, {
    workspace_id: ws, public_id: randomBytes(8).toString('base64url'), name: b.name.trim(), definition: b.definition,
    settings: storedSettings(ctx, b.settings ?? {}, null), paused: b.paused ?? false,
  });
  await recordAudit(ctx.db, ws, actor, 'form.created', 'form', Number(f.id), { name: f.name });
  return formView(ctx, f, 0);
}

export async function getForm(ctx: AppContext, ws: number, id: number) {
  const f = await repo.findForm(ctx.db, ws, id);
  if (!f) throw notFound('Form');
  return f;
}

export async function updateForm(ctx: AppContext, ws: number, actor: Actor, id: number, b: FormPatch) {
  const prev = await getForm(ctx, ws, id);
  if (prev.deleted_at) throw notFound('Form');
  if (b.definition) await checkDefinition(ctx, ws, b.definition);
  const f = await repo.updateForm(ctx.db, ws, id, {
    name: b.name?.trim(), definition: b.definition, paused: b.paused,
    settings: b.settings ? storedSettings(ctx, b.settings, prev.settings as FormSettings) : undefined,
  });
  if (!f) throw notFound('Form');
  await recordAudit(ctx.db, ws, actor, 'form.updated', 'form', id, { version: f.version, paused: f.paused });
  return formView(ctx, f, await repo.countSubmissions(ctx.db, id));
}

export async function deleteForm(ctx: AppContext, ws: number, actor: Actor, id: number) {
  if (!(await repo.setDeleted(ctx.db, ws, id, true))) throw notFound('Form');
  await recordAudit(ctx.db, ws, actor, 'form.deleted', 'form', id, {});
}

export async function restoreForm(ctx: AppContext, ws: number, actor: Actor, id: number) {
  if (!(await repo.setDeleted(ctx.db, ws, id, false))) throw notFound('Form in the recycle bin');
  await recordAudit(ctx.db, ws, actor, 'form.restored', 'form', id, {});
}
