/**
 * Account-level webhook fields: template status and quality (message_template_status_update,
 * message_template_quality_update), the number's tier/quality (phone_number_quality_update) and account
 * events (account_update). They update what the UI shows; restrictions and bans halt the number and alert.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.js';
import { parseTierLabel } from '../../channels/whatsapp/graph-client.js';
import { haltWhatsappConnection, raiseAlert } from '../alerts/alerts.js';

/** The verified connection(s) a WABA-level change may touch. */
export interface WabaConn {
  id: number;
  workspace_id: number;
  waba_id: string;
  display_number: string;
}

type V = Record<string, unknown>;
const str = (x: unknown) => (x === undefined || x === null ? null : String(x));
const digits = (s: unknown) => String(s ?? '').replace(/\D/g, '');

/** Template status events → our template status ('REINSTATED' → APPROVED; FLAGGED keeps the status). */
const STATUS_EVENTS = new Set(['APPROVED', 'REJECTED', 'PENDING', 'PAUSED', 'DISABLED', 'IN_APPEAL', 'PENDING_DELETION', 'DELETED', 'ARCHIVED', 'LIMIT_EXCEEDED', 'REINSTATED', 'UNARCHIVED']);

/** Applies one WABA-level change to the connections of its WABA that verified the webhook. */
export async function applyWabaChange(db: Kysely<Database>, field: string, value: V, conns: WabaConn[]): Promise<void> {
  if (!conns.length) return;
  switch (field) {
    case 'message_template_status_update':
      return templateStatus(db, value, conns);
    case 'message_template_quality_update':
      return templateQuality(db, value, conns);
    case 'phone_number_quality_update':
      return phoneQuality(db, value, conns);
    case 'account_update':
      return accountUpdate(db, value, conns);
    default:
      return; // other fields (business_capability_update, …) are not used yet
  }
}

function templateRows(db: Kysely<Database>, value: V, conns: WabaConn[]) {
  const metaId = str(value.message_template_id);
  const name = str(value.message_template_name);
  const language = str(value.message_template_language);
  return db
    .selectFrom('wa_templates')
    .select(['id', 'workspace_id', 'name', 'status'])
    .where('connection_id', 'in', conns.map((c) => c.id))
    .where('deleted_at', 'is', null)
    .where((eb) => {
      const ors = [];
      if (metaId) ors.push(eb('meta_template_id', '=', metaId));
      if (name && language) ors.push(eb.and([eb('name', '=', name), eb('language', '=', language)]));
      return ors.length ? eb.or(ors) : eb.val(false);
    })
    .execute();
}

async function templateStatus(db: Kysely<Database>, value: V, conns: WabaConn[]) {
  const event = String(value.event ?? '').toUpperCase();
  const rows = await templateRows(db, value, conns);
  const info = value.rejection_info as { reason?: string; recommendation?: string } | undefined;
  const other = value.other_info as { title?: string; description?: string } | undefined;
  const detail = info ? [info.reason, info.recommendation].filter(Boolean).join(' — ') : other ? [other.title, other.description].filter(Boolean).join(': ') : null;
  for (const t of rows) {
    if (event === 'FLAGGED') {
      await db.updateTable('wa_templates').set({ rejection_detail: detail ?? 'Flagged for low quality: it will be disabled unless quality improves.', updated_at: new Date() }).where('id', '=', t.id).execute();
      continue;
    }
    if (!STATUS_EVENTS.has(event)) continue;
    const status = event === 'REINSTATED' || event === 'UNARCHIVED' ? 'APPROVED' : event;
    await db
      .updateTable('wa_templates')
      .set({
        status,
        rejection_reason: status === 'REJECTED' ? str(value.reason) : null,
        rejection_detail: status === 'APPROVED' ? null : detail,
        meta_template_id: str(value.message_template_id) ?? undefined,
        status_changed_at: new Date(),
        updated_at: new Date(),
      })
      .where('id', '=', t.id)
      .execute();
    if (status === 'DISABLED' || status === 'PAUSED' || status === 'REJECTED') {
      await raiseAlert(db, t.workspace_id, {
        kind: `whatsapp_template_${status.toLowerCase()}`,
        severity: status === 'REJECTED' ? 'info' : 'warning',
        title: `WhatsApp template "${t.name}" ${status.toLowerCase()}`,
        message:
          status === 'REJECTED'
            ? `Meta rejected the template (${str(value.reason) ?? 'no reason given'}).${detail ? ` ${detail}` : ''} Copy it to a new draft, fix it and submit again.`
            : status === 'PAUSED'
              ? `Meta paused the template for low quality.${detail ? ` ${detail}` : ''} Campaigns using it cannot send until it is active again.`
              : 'Meta disabled the template permanently; create a new one.',
        entityType: 'wa_template',
        entityId: t.id,
      });
    }
  }
}

async function templateQuality(db: Kysely<Database>, value: V, conns: WabaConn[]) {
  const score = str(value.new_quality_score)?.toUpperCase();
  if (!score) return;
  const rows = await templateRows(db, value, conns);
  if (!rows.length) return;
  await db.updateTable('wa_templates').set({ quality_rating: score, updated_at: new Date() }).where('id', 'in', rows.map((r) => r.id)).execute();
}

/** The connections a number-level change is about: matched by display number, else every verified one of the WABA. */
function numberConns(value: V, conns: WabaConn[], key: string): WabaConn[] {
  const d = digits(value[key]);
  const exact = d ? conns.filter((c) => digits(c.display_number) === d) : [];
  return exact.length ? exact : conns;
}

async function phoneQuality(db: Kysely<Database>, value: V, conns: WabaConn[]) {
  const tier = parseTierLabel(value.max_daily_conversations_per_business ?? value.current_limit);
  const event = String(value.event ?? '').toUpperCase();
  for (const c of numberConns(value, conns, 'display_phone_number')) {
    const set: Record<string, unknown> = { updated_at: new Date() };
    if (tier) set.tier = tier;
    if (event === 'FLAGGED') set.quality_rating = 'RED';
    if (event === 'UNFLAGGED') set.quality_rating = 'GREEN';
    if (event === 'THROUGHPUT_UPGRADE') set.messages_per_second = 1000;
    await db.updateTable('wa_connections').set(set).where('id', '=', c.id).execute();
    if (event === 'FLAGGED' || event === 'DOWNGRADE') {
      await raiseAlert(db, c.workspace_id, {
        kind: 'whatsapp_number_quality',
        severity: 'warning',
        title: 'WhatsApp number quality dropped',
        message: `Meta reported ${event} for ${c.display_number || 'a number'}${tier ? ` (messaging limit ${tier})` : ''}. Send less, to people who asked for it.`,
        entityType: 'wa_connection',
        entityId: c.id,
      });
    }
  }
}

const HALT_EVENTS: Record<string, string> = {
  ACCOUNT_RESTRICTION: 'restricted',
  DISABLED_UPDATE: 'disabled',
  ACCOUNT_DELETED: 'deleted',
};

async function accountUpdate(db: Kysely<Database>, value: V, conns: WabaConn[]) {
  const event = String(value.event ?? '').toUpperCase();
  const targets = numberConns(value, conns, 'phone_number');
  const details = JSON.stringify(value.restriction_info ?? value.ban_info ?? value.violation_info ?? {});
  if (HALT_EVENTS[event]) {
    for (const c of targets) {
      await haltWhatsappConnection(db, c.workspace_id, c.id, `Meta reported ${event} for this WhatsApp account (${details}). Sending through this number is halted until the account is fine again; then resume it.`, {
        accountStatus: HALT_EVENTS[event],
        data: { event, value },
      });
    }
    return;
  }
  if (event === 'ACCOUNT_VIOLATION') {
    for (const c of targets) {
      await raiseAlert(db, c.workspace_id, {
        kind: 'whatsapp_account_violation',
        severity: 'critical',
        title: 'Meta reported a policy violation on the WhatsApp account',
        message: `Violation: ${details}. Further violations can restrict or ban the account; review what you send.`,
        entityType: 'wa_connection',
        entityId: c.id,
        data: { value },
      });
    }
  }
}
