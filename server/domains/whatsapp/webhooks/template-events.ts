/**
 * Template fields: `message_template_status_update` (status, reason, rejection/other info; a category Meta gives
 * on approval), `message_template_quality_update` (new and previous score) and `template_category_update` (a
 * template re-categorised now, or announced to be in 24 h). The new values are stored and shown; a template that
 * becomes MARKETING is from then on sent only under the marketing consent rule: the campaign adapter reads the
 * category when it builds a sender, and the hook registered here (whatsapp-campaigns) pauses running campaigns
 * that would now reach recipients who did not opt in, saying why.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.js';
import { raiseAlert } from '../alerts/alerts.js';
import type { Conn } from './collect.js';

type Db = Kysely<Database>;
type V = Record<string, unknown>;
export type Outcome = { outcome: 'applied' | 'recorded' | 'unsupported'; detail: string | null; event: string | null };

/** A template whose category changed (old → new), inside the webhook transaction. */
export type RecategorisedHook = (db: Db, t: { id: number; workspaceId: number; connectionId: number; name: string; from: string; to: string }) => Promise<void>;
const recategorisedHooks: RecategorisedHook[] = [];

/** Lets the campaign side act when Meta changes a template's category (pause campaigns that lost consent cover). */
export function onWhatsappTemplateRecategorised(hook: RecategorisedHook): void {
  recategorisedHooks.push(hook);
}

const str = (x: unknown) => (x === undefined || x === null || x === '' ? null : String(x));

/** Template status events → our template status ('REINSTATED'/'UNARCHIVED'/'UNLOCKED' → APPROVED). */
const STATUS_EVENTS = new Set(['APPROVED', 'REJECTED', 'PENDING', 'PAUSED', 'DISABLED', 'IN_APPEAL', 'PENDING_DELETION', 'DELETED', 'ARCHIVED', 'LIMIT_EXCEEDED', 'REINSTATED', 'UNARCHIVED', 'LOCKED', 'UNLOCKED']);

function templateRows(db: Db, value: V, conns: Conn[]) {
  const metaId = str(value.message_template_id);
  const name = str(value.message_template_name);
  const language = str(value.message_template_language);
  return db
    .selectFrom('wa_templates')
    .select(['id', 'workspace_id', 'connection_id', 'name', 'status', 'category', 'quality_rating'])
    .where('connection_id', 'in', conns.map((c) => c.id))
    .where('deleted_at', 'is', null)
    .where((eb) => {
      // By Meta's id first; name + language only when the id is not given (Meta's own examples mix languages).
      if (metaId) return eb('meta_template_id', '=', metaId);
      if (name && language) return eb.and([eb('name', '=', name), eb('language', '=', language)]);
      return eb.val(false);
    })
    .execute();
}

type TplRow = Awaited<ReturnType<typeof templateRows>>[number];

async function changeCategory(db: Db, t: TplRow, to: string, at: Date): Promise<boolean> {
  const from = String(t.category).toUpperCase();
  if (from === to) return false;
  await db
    .updateTable('wa_templates')
    .set({ category: to, previous_category: from, category_changed_at: at, pending_category: null, pending_category_at: null, updated_at: new Date() })
    .where('id', '=', t.id)
    .execute();
  await raiseAlert(db, t.workspace_id, {
    kind: 'whatsapp_template_recategorised',
    severity: to === 'MARKETING' ? 'warning' : 'info',
    title: `WhatsApp template "${t.name}" is now ${to}`,
    message:
      to === 'MARKETING'
        ? `Meta re-categorised the template from ${from} to MARKETING. From now on it is sent only to contacts who opted in to WhatsApp marketing; running campaigns that would reach others are paused.`
        : `Meta re-categorised the template from ${from} to ${to}.`,
    entityType: 'wa_template',
    entityId: t.id,
    data: { from, to },
  });
  for (const hook of recategorisedHooks) await hook(db, { id: t.id, workspaceId: t.workspace_id, connectionId: t.connection_id, name: t.name, from, to });
  return true;
}

async function templateStatus(db: Db, value: V, conns: Conn[], at: Date): Promise<Outcome> {
  // Meta's own reference example carries a quality change on this field: treat it as what it is.
  if (!value.event && value.new_quality_score) return templateQuality(db, value, conns);
  const event = String(value.event ?? '').toUpperCase();
  const rows = await templateRows(db, value, conns);
  if (!rows.length) return { outcome: 'recorded', event, detail: 'No template in Clarion has this id; run a template sync to bring it in.' };
  const info = value.rejection_info as { reason?: string; recommendation?: string } | undefined;
  const other = value.other_info as { title?: string; description?: string } | undefined;
  const disable = value.disable_info as { disable_date?: unknown } | undefined;
  const detail =
    (info ? [info.reason, info.recommendation].filter(Boolean).join(' — ') : other ? [other.title, other.description].filter(Boolean).join(': ') : null) ||
    (disable?.disable_date ? `Disabled on ${String(disable.disable_date)}` : null);
  for (const t of rows) {
    if (event === 'FLAGGED') {
      await db.updateTable('wa_templates').set({ rejection_detail: detail ?? 'Flagged for low quality: it will be disabled unless quality improves.', updated_at: new Date() }).where('id', '=', t.id).execute();
      await raiseAlert(db, t.workspace_id, { kind: 'whatsapp_template_flagged', severity: 'warning', title: `WhatsApp template "${t.name}" flagged`, message: detail ?? 'Meta flagged the template for low quality; it will be disabled unless quality improves.', entityType: 'wa_template', entityId: t.id });
      continue;
    }
    if (!STATUS_EVENTS.has(event)) continue;
    const status = event === 'REINSTATED' || event === 'UNARCHIVED' || event === 'UNLOCKED' ? 'APPROVED' : event;
    await db
      .updateTable('wa_templates')
      .set({ status, rejection_reason: status === 'REJECTED' ? str(value.reason) : null, rejection_detail: status === 'APPROVED' ? null : detail, status_changed_at: new Date(), updated_at: new Date() })
      .where('id', '=', t.id)
      .execute();
    const category = str(value.message_template_category)?.toUpperCase();
    if (category) await changeCategory(db, t, category, at);
    if (status === 'DISABLED' || status === 'PAUSED' || status === 'REJECTED' || status === 'LOCKED') {
      await raiseAlert(db, t.workspace_id, {
        kind: `whatsapp_template_${status.toLowerCase()}`,
        severity: status === 'REJECTED' ? 'info' : 'warning',
        title: `WhatsApp template "${t.name}" ${status.toLowerCase()}`,
        message:
          status === 'REJECTED'
            ? `Meta rejected the template (${str(value.reason) ?? 'no reason given'}).${detail ? ` ${detail}` : ''} Copy it to a new draft, fix it and submit again.`
            : status === 'PAUSED'
              ? `Meta paused the template for low quality.${detail ? ` ${detail}` : ''} Campaigns using it cannot send until it is active again.`
              : status === 'LOCKED'
                ? `Meta locked the template: it cannot be edited.${detail ? ` ${detail}` : ''}`
                : `Meta disabled the template permanently; create a new one.${detail ? ` ${detail}` : ''}`,
        entityType: 'wa_template',
        entityId: t.id,
      });
    }
  }
  return STATUS_EVENTS.has(event) || event === 'FLAGGED'
    ? { outcome: 'applied', event, detail: `Template status ${event}${detail ? `: ${detail}` : ''}` }
    : { outcome: 'unsupported', event, detail: `Template event ${event || '(none)'} is not one Clarion knows; kept as received.` };
}

async function templateQuality(db: Db, value: V, conns: Conn[]): Promise<Outcome> {
  const score = str(value.new_quality_score)?.toUpperCase();
  if (!score) return { outcome: 'recorded', event: null, detail: 'No new_quality_score in the change.' };
  const rows = await templateRows(db, value, conns);
  if (!rows.length) return { outcome: 'recorded', event: score, detail: 'No template in Clarion has this id; run a template sync to bring it in.' };
  for (const t of rows) {
    await db
      .updateTable('wa_templates')
      .set({ quality_rating: score, previous_quality_rating: str(value.previous_quality_score)?.toUpperCase() ?? t.quality_rating, updated_at: new Date() })
      .where('id', '=', t.id)
      .execute();
    if (score === 'RED') {
      await raiseAlert(db, t.workspace_id, { kind: 'whatsapp_template_quality', severity: 'warning', title: `WhatsApp template "${t.name}" quality is low`, message: 'Meta rated the template RED: recipients block or report it. It may be paused; send it to fewer, more interested people.', entityType: 'wa_template', entityId: t.id });
    }
  }
  return { outcome: 'applied', event: score, detail: `Quality ${str(value.previous_quality_score) ?? '?'} → ${score}` };
}

async function templateCategory(db: Db, value: V, conns: Conn[], at: Date): Promise<Outcome> {
  const rows = await templateRows(db, value, conns);
  const next = str(value.new_category)?.toUpperCase() ?? null;
  const correct = str(value.correct_category)?.toUpperCase();
  if (!rows.length) return { outcome: 'recorded', event: next, detail: 'No template in Clarion has this id; run a template sync to bring it in.' };
  for (const t of rows) {
    if (correct && correct !== next) {
      // Announced: the template keeps `new_category` until the stated time, then becomes `correct_category`.
      const when = Number(value.category_update_timestamp) ? new Date(Number(value.category_update_timestamp) * 1000) : null;
      await db.updateTable('wa_templates').set({ pending_category: correct, pending_category_at: when, updated_at: new Date() }).where('id', '=', t.id).execute();
      if (next) await changeCategory(db, t, next, at);
      await raiseAlert(db, t.workspace_id, {
        kind: 'whatsapp_template_recategorisation_announced',
        severity: 'warning',
        title: `WhatsApp template "${t.name}" will become ${correct}`,
        message: `Meta will re-categorise the template to ${correct}${when ? ` on ${when.toISOString()}` : ''}. From then on it is sent only under that category's consent rule.`,
        entityType: 'wa_template',
        entityId: t.id,
      });
    } else if (next) {
      await changeCategory(db, t, next, at);
    }
  }
  return { outcome: 'applied', event: next, detail: correct && correct !== next ? `Announced: ${next} → ${correct}` : `Category ${str(value.previous_category) ?? '?'} → ${next ?? '?'}` };
}

/** Applies one template-level change. */
export function applyTemplateChange(db: Db, field: string, value: V, conns: Conn[], at: Date): Promise<Outcome> | null {
  if (field === 'message_template_status_update') return templateStatus(db, value, conns, at);
  if (field === 'message_template_quality_update') return templateQuality(db, value, conns);
  if (field === 'template_category_update') return templateCategory(db, value, conns, at);
  return null;
}
