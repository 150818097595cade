/**
 * WABA-level webhook fields, each applied in the direction it means, with a workspace alert a person sees:
 *  - templates: template-events.ts;
 *  - `phone_number_quality_update`: tier (max_daily_conversations_per_business, else current_limit), quality
 *    flag, throughput (THROUGHPUT_UPGRADE → 1,000 mps); downgrades warn, upgrades inform;
 *  - `account_update`: a restriction on messaging or a ban (DISABLED_UPDATE with waba_ban_state DISABLE) or a
 *    deletion halts the number; a reinstatement (REINSTATE) or a lifted restriction clears the halt and resumes
 *    the campaigns that halt had paused; violations, scheduled disables, verification, partner and volume
 *    pricing tier events are stored and shown;
 *  - `business_capability_update` (portfolio messaging limit), `phone_number_name_update` (display name
 *    decision), `account_alerts`, `account_review_update`, `security`: applied or alerted;
 *  - anything else is recorded raw in the change log (outcome 'recorded' or 'unsupported'), never dropped.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.js';
import { parseTierLabel } from '../../channels/whatsapp/graph-client.js';
import { haltWhatsappConnection, raiseAlert } from '../alerts/alerts.js';
import type { Conn } from './collect.js';
import { applyTemplateChange, type Outcome } from './template-events.js';

type Db = Kysely<Database>;
type V = Record<string, unknown>;
export type WabaConn = Conn;

/** A number Meta reinstated (after a ban or restriction), inside the webhook transaction. */
export type ReinstatedHook = (db: Db, n: { workspaceId: number; connectionId: number; haltReason: string | null }) => Promise<void>;
const reinstatedHooks: ReinstatedHook[] = [];

/** Lets the campaign side resume what a halt paused when Meta lifts it. */
export function onWhatsappNumberReinstated(hook: ReinstatedHook): void {
  reinstatedHooks.push(hook);
}

const str = (x: unknown) => (x === undefined || x === null || x === '' ? null : String(x));
const digits = (s: unknown) => String(s ?? '').replace(/\D/g, '');

/** Restrictions that stop sending (others, like adding phone numbers, do not touch messaging). */
const MESSAGING_RESTRICTIONS = new Set(['RESTRICTED_BIZ_INITIATED_MESSAGING', 'RESTRICTED_CUSTOMER_INITIATED_MESSAGING']);

/** Fields Clarion keeps but has nothing to act on. */
const RECORDED_FIELDS: Record<string, string> = {
  history: 'Chat history shared from the WhatsApp Business app (coexistence); Clarion does not import it.',
  smb_app_state_sync: 'Contact list sync from the WhatsApp Business app (coexistence); not imported.',
  partner_solutions: 'Multi-partner solution event.',
  payment_configuration_update: 'Payment configuration change (payments are not used by Clarion).',
  message_template_components_update: 'Template components were edited in WhatsApp Manager; sync templates to see them.',
};

/** Applies one WABA-level change to the verified connections it names. */
export async function applyWabaChange(db: Db, field: string, value: V, conns: Conn[], time: number | null = null): Promise<Outcome> {
  const at = time ? new Date(time * 1000) : new Date();
  if (!conns.length) return { outcome: 'recorded', event: null, detail: 'No verified number of this account.' };
  const tpl = applyTemplateChange(db, field, value, conns, at);
  if (tpl) return tpl;
  switch (field) {
    case 'phone_number_quality_update':
      return phoneQuality(db, value, conns);
    case 'account_update':
      return accountUpdate(db, value, conns);
    case 'business_capability_update':
      return capability(db, value, conns);
    case 'phone_number_name_update':
      return nameUpdate(db, value, conns);
    case 'account_alerts':
    case 'account_review_update':
    case 'security':
      return accountNotice(db, field, value, conns);
    default:
      return RECORDED_FIELDS[field]
        ? { outcome: 'recorded', event: str(value.event), detail: RECORDED_FIELDS[field] }
        : { outcome: 'unsupported', event: str(value.event), detail: `Webhook field "${field}" is not one Clarion knows; kept as received.` };
  }
}

/** The connections a number-level change is about: matched by number, else every verified one of the WABA. */
function numberConns(value: V, conns: Conn[], key: string): Conn[] {
  const d = digits(value[key]);
  const exact = d ? conns.filter((c) => digits(c.display_number) === d) : [];
  return exact.length ? exact : conns;
}

async function phoneQuality(db: Db, value: V, conns: Conn[]): Promise<Outcome> {
  const tier = parseTierLabel(value.max_daily_conversations_per_business ?? value.current_limit);
  const event = String(value.event ?? '').toUpperCase();
  for (const c of numberConns(value, conns, 'display_phone_number')) {
    const set: Record<string, unknown> = { updated_at: new Date() };
    if (tier) set.tier = tier;
    if (event === 'FLAGGED') set.quality_rating = 'RED';
    if (event === 'UNFLAGGED') set.quality_rating = 'GREEN';
    if (event === 'THROUGHPUT_UPGRADE') set.messages_per_second = 1000;
    await db.updateTable('wa_connections').set(set).where('id', '=', c.id).execute();
    const down = event === 'FLAGGED' || event === 'DOWNGRADE';
    await raiseAlert(db, c.workspace_id, {
      kind: down ? 'whatsapp_number_quality' : `whatsapp_number_${event.toLowerCase() || 'update'}`,
      severity: down ? 'warning' : 'info',
      title: down ? 'WhatsApp number quality dropped' : event === 'THROUGHPUT_UPGRADE' ? 'WhatsApp number throughput raised to 1,000 messages/s' : `WhatsApp messaging limit: ${tier ?? 'unchanged'}`,
      message: down
        ? `Meta reported ${event} for ${c.display_number || 'a number'}${tier ? ` (messaging limit ${tier})` : ''}. Send less, to people who asked for it.`
        : `Meta reported ${event || 'an update'} for ${c.display_number || 'a number'}${tier ? `: messaging limit ${tier} unique recipients a day` : ''}.`,
      entityType: 'wa_connection',
      entityId: c.id,
      data: { value },
    });
    if (!down && (event === 'UNFLAGGED' || event === 'UPGRADE')) {
      await db.updateTable('workspace_alerts').set({ resolved_at: new Date() }).where('kind', '=', 'whatsapp_number_quality').where('entity_id', '=', String(c.id)).where('resolved_at', 'is', null).execute();
    }
  }
  return { outcome: 'applied', event, detail: tier ? `Messaging limit ${tier}` : null };
}

/** Clears a halt Meta lifted, resolves its alert and lets the campaign side resume what it paused. */
async function reinstate(db: Db, c: Conn, why: string) {
  const row = await db.selectFrom('wa_connections').select(['halted_at', 'halt_reason']).where('id', '=', c.id).executeTakeFirst();
  await db.updateTable('wa_connections').set({ halted_at: null, halt_reason: null, account_status: 'connected', restrictions: '[]', updated_at: new Date() }).where('id', '=', c.id).execute();
  await db.updateTable('workspace_alerts').set({ resolved_at: new Date() }).where('workspace_id', '=', c.workspace_id).where('kind', '=', 'whatsapp_number_halted').where('entity_id', '=', String(c.id)).where('resolved_at', 'is', null).execute();
  await raiseAlert(db, c.workspace_id, { kind: 'whatsapp_number_reinstated', severity: 'info', title: 'WhatsApp sending resumed for a number', message: why, entityType: 'wa_connection', entityId: c.id });
  if (row?.halted_at) for (const hook of reinstatedHooks) await hook(db, { workspaceId: c.workspace_id, connectionId: c.id, haltReason: row.halt_reason });
}

async function accountUpdate(db: Db, value: V, conns: Conn[]): Promise<Outcome> {
  const event = String(value.event ?? '').toUpperCase();
  const targets = numberConns(value, conns, 'phone_number');
  const alert = (c: Conn, kind: string, severity: 'info' | 'warning' | 'critical', title: string, message: string) =>
    raiseAlert(db, c.workspace_id, { kind, severity, title, message, entityType: 'wa_connection', entityId: c.id, data: { value } });
  if (event === 'ACCOUNT_RESTRICTION') {
    const list = (Array.isArray(value.restriction_info) ? value.restriction_info : []) as { restriction_type?: string; expiration?: number }[];
    const stopping = list.filter((r) => MESSAGING_RESTRICTIONS.has(String(r.restriction_type)));
    const text = list.map((r) => `${r.restriction_type}${r.expiration ? ` until ${new Date(r.expiration * 1000).toISOString()}` : ''}`).join(', ');
    for (const c of targets) {
      await db.updateTable('wa_connections').set({ restrictions: JSON.stringify(list), updated_at: new Date() }).where('id', '=', c.id).execute();
      if (stopping.length) {
        await haltWhatsappConnection(db, c.workspace_id, c.id, `Meta restricted this WhatsApp account (${text}). Sending through this number is halted until the restriction ends.`, { accountStatus: 'restricted', data: { event, value } });
      } else if (list.length) {
        await alert(c, 'whatsapp_account_restriction', 'warning', 'Meta restricted the WhatsApp account', `Restrictions: ${text}. Messaging is not restricted.`);
      } else {
        await reinstate(db, c, 'Meta lifted the restrictions on the WhatsApp account.');
      }
    }
    return { outcome: 'applied', event, detail: text || 'restrictions lifted' };
  }
  if (event === 'DISABLED_UPDATE') {
    const ban = (value.ban_info ?? {}) as { waba_ban_state?: string; waba_ban_date?: string };
    const state = String(ban.waba_ban_state ?? 'DISABLE').toUpperCase();
    for (const c of targets) {
      if (state === 'REINSTATE') await reinstate(db, c, `Meta reinstated the WhatsApp account${ban.waba_ban_date ? ` (${ban.waba_ban_date})` : ''}. Sending resumes.`);
      else if (state === 'SCHEDULE_FOR_DISABLE') await alert(c, 'whatsapp_account_disable_scheduled', 'critical', 'Meta will disable the WhatsApp account', `The account is scheduled to be disabled${ban.waba_ban_date ? ` on ${ban.waba_ban_date}` : ''}. Appeal in WhatsApp Manager.`);
      else await haltWhatsappConnection(db, c.workspace_id, c.id, `Meta disabled this WhatsApp account${ban.waba_ban_date ? ` (${ban.waba_ban_date})` : ''}. Sending through this number is halted.`, { accountStatus: 'disabled', data: { event, value } });
    }
    return { outcome: 'applied', event, detail: state };
  }
  if (event === 'ACCOUNT_DELETED') {
    for (const c of targets) await haltWhatsappConnection(db, c.workspace_id, c.id, 'Meta reports that this WhatsApp account was deleted. Sending through this number is halted.', { accountStatus: 'deleted', data: { event, value } });
    return { outcome: 'applied', event, detail: 'halted' };
  }
  if (event === 'ACCOUNT_VIOLATION') {
    const type = str((value.violation_info as V | undefined)?.violation_type) ?? 'unspecified';
    for (const c of targets) await alert(c, 'whatsapp_account_violation', 'critical', 'Meta reported a policy violation on the WhatsApp account', `Violation: ${type}. Further violations can restrict or ban the account; review what you send.`);
    return { outcome: 'applied', event, detail: type };
  }
  if (event === 'VOLUME_BASED_PRICING_TIER_UPDATE') {
    const info = (value.volume_tier_info ?? {}) as V;
    for (const c of targets) {
      await db.updateTable('wa_connections').set({ pricing_tier: JSON.stringify(info), updated_at: new Date() }).where('id', '=', c.id).execute();
      await alert(c, 'whatsapp_pricing_tier', 'info', 'WhatsApp volume pricing tier changed', `${String(info.pricing_category ?? '')} messages: tier ${String(info.tier ?? '?')} from ${String(info.effective_month ?? '?')}${info.region ? ` (${String(info.region)})` : ''}.`);
    }
    return { outcome: 'applied', event, detail: String(info.tier ?? '') };
  }
  const notes: Record<string, [string, string]> = {
    VERIFIED_ACCOUNT: ['whatsapp_account_verified', 'Meta verified the WhatsApp business account.'],
    PARTNER_ADDED: ['whatsapp_partner_added', 'A solution partner was added to the WhatsApp account.'],
    PARTNER_REMOVED: ['whatsapp_partner_removed', 'A solution partner was removed from the WhatsApp account.'],
    PARTNER_APP_INSTALLED: ['whatsapp_partner_app', 'A partner app was installed on the WhatsApp account.'],
    PARTNER_APP_UNINSTALLED: ['whatsapp_partner_app', 'A partner app was removed from the WhatsApp account.'],
  };
  if (notes[event]) {
    for (const c of targets) await alert(c, notes[event][0], 'info', notes[event][1], notes[event][1]);
    return { outcome: 'applied', event, detail: notes[event][1] };
  }
  return { outcome: 'unsupported', event, detail: `account_update event ${event || '(none)'} is not one Clarion knows; kept as received.` };
}

async function capability(db: Db, value: V, conns: Conn[]): Promise<Outcome> {
  const tier = parseTierLabel(value.max_daily_conversations_per_business ?? value.max_daily_conversation_per_phone);
  if (tier) for (const c of conns) await db.updateTable('wa_connections').set({ tier, updated_at: new Date() }).where('id', '=', c.id).execute();
  return { outcome: tier ? 'applied' : 'recorded', event: null, detail: tier ? `Messaging limit ${tier}` : 'No messaging limit in the change.' };
}

async function nameUpdate(db: Db, value: V, conns: Conn[]): Promise<Outcome> {
  const decision = String(value.decision ?? '').toUpperCase();
  const name = str(value.requested_verified_name);
  for (const c of numberConns(value, conns, 'display_phone_number')) {
    if (decision === 'APPROVED' && name) await db.updateTable('wa_connections').set({ verified_name: name, updated_at: new Date() }).where('id', '=', c.id).execute();
    await raiseAlert(db, c.workspace_id, {
      kind: 'whatsapp_display_name',
      severity: decision === 'APPROVED' ? 'info' : 'warning',
      title: `WhatsApp display name ${decision.toLowerCase() || 'updated'}`,
      message: `Meta's decision on the display name${name ? ` "${name}"` : ''}: ${decision || 'unknown'}${value.rejection_reason ? ` (${String(value.rejection_reason)})` : ''}.`,
      entityType: 'wa_connection',
      entityId: c.id,
    });
  }
  return { outcome: 'applied', event: decision, detail: name };
}

async function accountNotice(db: Db, field: string, value: V, conns: Conn[]): Promise<Outcome> {
  const severity = String((value.alert_info as V | undefined)?.alert_severity ?? '').toUpperCase() === 'CRITICAL' || String(value.decision ?? '').toUpperCase() === 'REJECTED' ? 'critical' : 'warning';
  const what = field === 'security' ? `Security event ${String(value.event ?? '')} on the WhatsApp account` : field === 'account_review_update' ? `WhatsApp account review: ${String(value.decision ?? '?')}` : 'Meta sent an alert about the WhatsApp account';
  const seen = new Set<number>();
  for (const c of conns) {
    if (seen.has(c.workspace_id)) continue;
    seen.add(c.workspace_id);
    await raiseAlert(db, c.workspace_id, { kind: `whatsapp_${field}`, severity: field === 'account_review_update' && severity !== 'critical' ? 'info' : severity, title: what, message: `${what}: ${JSON.stringify(value).slice(0, 500)}`, entityType: 'wa_connection', entityId: c.id, data: { value } });
  }
  return { outcome: 'applied', event: str(value.event) ?? str(value.decision), detail: what };
}
