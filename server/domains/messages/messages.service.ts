/**
 * sendMessages: the one consent-checked send seam for single messages (API, journeys, forms). Resolves each
 * recipient (creating the contact when asked), checks the content against the channel, applies the SAME
 * eligibility SQL campaigns use (channels' audienceRules), and stores a queued (or skipped, with the reason)
 * delivery row per message for the messages lanes (messages.lanes.ts) to send.
 */
import { emitWebhookEvent } from '../webhooks/index.js';
import { sql } from 'kysely';
import type { AppContext } from '../../app/context.js';
import type { Actor } from '../audit/index.js';
import { emailAudienceRules } from '../channels/email/email.adapter.js';
import { whatsappAudienceRules } from '../channels/whatsapp/whatsapp.adapter.js';
import { createContact, normaliseEmail, normalisePhone } from '../contacts/index.js';
import { contentProblems, type TemplateDef } from '../whatsapp-campaigns/content.js';
import { AppError, isAppError, notFound, validationFailed } from '../../lib/errors.js';
import * as repo from './messages.repo.js';
import { PRIORITY_RANK, type MessageResult, type SendMessageInput } from './messages.schema.js';
import { validateMessage } from './messages.validate.js';
import { wakeMessageLanes } from './wake.js';

/** Who asks, and from where (kept on the message; `sourceRef` e.g. a journey step or form id). */
export interface SendOptions {
  actor: Actor;
  source: 'api' | 'journey' | 'form' | 'system' | string;
  sourceRef?: string | null;
}

interface Resolved {
  input: SendMessageInput;
  contactId: number;
  address: string;
  content: Record<string, unknown>;
  /** The WhatsApp template's category (UTILITY/AUTHENTICATION need no opt-in unless the workspace says so). */
  waTemplateId?: number;
  freeText: boolean;
  connectionId?: number;
}

type Db = AppContext['db'];

async function workspaceCountry(db: Db, ws: number): Promise<string> {
  const w = await db.selectFrom('workspaces').select('default_country').where('id', '=', ws).executeTakeFirst();
  return w?.default_country ?? 'IL';
}

/** Finds (or creates, when `to.create`) the recipient contact; 400/404 naming the field otherwise. */
async function resolveContact(ctx: AppContext, ws: number, m: SendMessageInput, opts: SendOptions, country: string) {
  const to = m.to;
  if (to.contactId) {
    const c = await ctx.db.selectFrom('contacts').select(['id', 'email', 'phone_e164']).where('workspace_id', '=', ws).where('id', '=', to.contactId).where('deleted_at', 'is', null).executeTakeFirst();
    if (!c) throw new AppError(404, 'not_found', 'Contact not found.', 'to.contactId');
    return c;
  }
  let email: string | undefined;
  let phone: string | undefined;
  if (to.email) {
    const n = normaliseEmail(to.email);
    if (!n.ok) throw validationFailed('to.email', `to.email: ${n.reason}`);
    email = n.value;
  }
  if (to.phone) {
    const n = normalisePhone(to.phone, country);
    if (!n.ok) throw validationFailed('to.phone', `to.phone: ${n.reason}`);
    phone = n.value;
  }
  const key = m.channel === 'email' ? { col: 'email' as const, v: email! } : { col: 'phone_e164' as const, v: phone! };
  const found = await ctx.db.selectFrom('contacts').select(['id', 'email', 'phone_e164']).where('workspace_id', '=', ws).where(key.col, '=', key.v).where('deleted_at', 'is', null).executeTakeFirst();
  if (found) return found;
  if (!to.create) throw new AppError(404, 'not_found', `No contact has this ${m.channel === 'email' ? 'address' : 'number'}; pass to.create: true to create one.`, m.channel === 'email' ? 'to.email' : 'to.phone');
  const row = await createContact(ctx.db, { workspaceId: ws, actor: opts.actor, isAdmin: false }, { email, phone, firstName: to.firstName, lastName: to.lastName, consent: { source: opts.source, reason: 'Created by a transactional message' } } as never, null);
  return { id: Number(row.id), email: row.email, phone_e164: row.phone_e164 };
}

async function waConnection(ctx: AppContext, ws: number, from: number | undefined) {
  let q = ctx.db.selectFrom('wa_connections').select(['id']).where('workspace_id', '=', ws).where('deleted_at', 'is', null);
  if (from) q = q.where('id', '=', from);
  const c = await q.orderBy('id').executeTakeFirst();
  if (!c) throw from ? new AppError(404, 'not_found', 'WhatsApp number not found.', 'from') : validationFailed('from', 'The workspace has no WhatsApp number connected.');
  return Number(c.id);
}

/** Checks the content against the channel's saved objects and builds the stored content. */
async function resolveContent(ctx: AppContext, ws: number, m: SendMessageInput, phone: string | null): Promise<Omit<Resolved, 'input' | 'contactId' | 'address'>> {
  if (m.channel === 'email') {
    if (m.from) {
      const ident = await ctx.db.selectFrom('sender_identities').select('id').where('workspace_id', '=', ws).where('id', '=', m.from).executeTakeFirst();
      if (!ident) throw new AppError(404, 'not_found', 'Sender identity not found.', 'from');
    }
    if (m.template) {
      const t = await ctx.db.selectFrom('templates').select(['id', 'channel']).where('workspace_id', '=', ws).where('id', '=', m.template.id).where('deleted_at', 'is', null).executeTakeFirst();
      if (!t || t.channel !== 'email') throw new AppError(404, 'not_found', 'Email template not found.', 'template.id');
      return { content: { templateId: m.template.id, variables: m.template.variables ?? {}, from: m.from ?? null }, freeText: false };
    }
    return { content: { subject: m.subject, text: m.text, html: m.html ?? null, from: m.from ?? null }, freeText: true };
  }
  const connectionId = await waConnection(ctx, ws, m.from);
  if (m.template) {
    const t = await ctx.db
      .selectFrom('wa_templates')
      .select(['id', 'name', 'language', 'category', 'status', 'parameter_format', 'components', 'connection_id'])
      .where('workspace_id', '=', ws)
      .where('id', '=', m.template.id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!t || Number(t.connection_id) !== connectionId) throw new AppError(404, 'not_found', 'WhatsApp template not found on this number.', 'template.id');
    if (t.status !== 'APPROVED') throw validationFailed('template.id', `The template "${t.name}" is ${String(t.status).toLowerCase()}; only approved templates can be sent.`);
    const vars = m.template.variables ?? {};
    const mapped = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, { text: v }]));
    const problems = contentProblems(t as TemplateDef, { waTemplateId: t.id, variables: mapped, headerMediaUrl: m.template.headerMediaUrl });
    if (problems.length) throw validationFailed('template.variables', problems.join(' '));
    return { content: { waTemplateId: Number(t.id), variables: vars, headerMediaUrl: m.template.headerMediaUrl ?? null, connectionId }, freeText: false, waTemplateId: Number(t.id), connectionId };
  }
  // Free text / media: only inside the 24-hour customer-service window the contact opened.
  const waId = (phone ?? '').replace(/\D/g, '');
  const conv = await ctx.db.selectFrom('wa_conversations').select('window_expires_at').where('workspace_id', '=', ws).where('connection_id', '=', connectionId).where('wa_id', '=', waId).executeTakeFirst();
  if (!conv?.window_expires_at || conv.window_expires_at.getTime() <= Date.now()) {
    throw validationFailed(m.media ? 'media' : 'text', 'Free-form WhatsApp messages can only be sent inside the 24-hour window after the contact last wrote to you; use an approved template.');
  }
  return { content: { text: m.text ?? null, media: m.media ?? null, connectionId }, freeText: true, connectionId };
}

/** Eligibility of the resolved messages with the campaigns' rules (one query per rule set). */
async function skipReasons(ctx: AppContext, ws: number, items: Resolved[]): Promise<(string | null)[]> {
  const out: (string | null)[] = new Array(items.length).fill(null);
  const groups = new Map<string, number[]>();
  items.forEach((r, i) => {
    const k = `${r.input.channel}:${r.waTemplateId ?? ''}:${r.freeText}`;
    groups.set(k, [...(groups.get(k) ?? []), i]);
  });
  for (const idx of groups.values()) {
    const first = items[idx[0]];
    const ids = idx.map((i) => items[i].contactId);
    let rules;
    if (first.input.channel === 'email') rules = await emailAudienceRules(ctx, ws);
    else if (first.waTemplateId) {
      rules = await whatsappAudienceRules(ctx, ws, { id: 0, workspaceId: ws, channel: 'whatsapp', name: 'message', content: { waTemplateId: first.waTemplateId }, settings: {} });
    } else {
      // A reply inside the window needs no marketing opt-in, but never goes to an opted-out or suppressed number.
      rules = {
        joins: sql`left join suppressions wsup on wsup.workspace_id = ${ws} and wsup.channel = 'whatsapp' and wsup.value = lower(c.phone_e164)`,
        skipReason: sql<string | null>`case when c.phone_e164 is null or c.phone_e164 = '' then 'no_phone' when c.whatsapp_status = 'opted_out' then 'opted_out'
          when wsup.id is not null and wsup.source = 'meta_131026' then 'unreachable' when wsup.id is not null then 'suppressed' end`,
        address: sql<string | null>`c.phone_e164`,
      };
    }
    const { rows } = await sql<{ id: number; reason: string | null; status: string }>`
      select c.id, ${rules.skipReason} as reason, ${first.input.channel === 'email' ? sql`c.email_status` : sql`c.whatsapp_status`} as status
      from contacts c ${rules.joins} where c.workspace_id = ${ws} and c.id = any(${ids}::bigint[])`.execute(ctx.db);
    const byId = new Map(rows.map((r) => [Number(r.id), r]));
    for (const i of idx) {
      const r = byId.get(items[i].contactId);
      let reason = r ? r.reason : 'deleted';
      // A message declared marketing needs the marketing consent campaigns need, whatever the template's category.
      if (!reason && items[i].input.kind === 'marketing' && items[i].input.channel === 'whatsapp' && r?.status !== 'opted_in') reason = 'no_consent';
      out[i] = reason;
    }
  }
  return out;
}

const errorResult = (err: unknown): MessageResult => {
  if (!isAppError(err)) throw err;
  return { id: null, status: 'rejected', error: { status: err.status, code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) } };
};

/**
 * Sends messages (one or a batch of up to 500): per-item results in input order. Items that fail validation are
 * `rejected` with the error naming the field; the others are stored `queued` (or `skipped` with the consent or
 * suppression reason) and sent by the messages lanes. Never throws for a per-item problem.
 */
export async function sendMessages(ctx: AppContext, workspaceId: number, inputs: SendMessageInput[], opts: SendOptions): Promise<MessageResult[]> {
  const results: (MessageResult | null)[] = new Array(inputs.length).fill(null);
  const resolved: { i: number; r: Resolved }[] = [];
  const country = await workspaceCountry(ctx.db, workspaceId);
  for (let i = 0; i < inputs.length; i++) {
    const m = inputs[i];
    try {
      validateMessage(m);
      const c = await resolveContact(ctx, workspaceId, m, opts, country);
      const address = (m.channel === 'email' ? c.email : c.phone_e164) ?? '';
      const content = await resolveContent(ctx, workspaceId, m, c.phone_e164);
      resolved.push({ i, r: { input: m, contactId: Number(c.id), address, ...content } });
    } catch (err) {
      results[i] = errorResult(err);
    }
  }
  if (resolved.length) {
    const reasons = await skipReasons(ctx, workspaceId, resolved.map((x) => x.r));
    const rows: repo.NewMessageRow[] = resolved.map(({ r }, k) => ({
      workspaceId,
      channel: r.input.channel,
      kind: r.input.kind ?? 'transactional',
      priority: r.input.priority ?? 'normal',
      rank: PRIORITY_RANK[r.input.priority ?? 'normal'],
      contactId: r.contactId,
      address: r.address,
      content: r.content,
      metadata: r.input.metadata ?? {},
      sendAt: r.input.sendAt ? new Date(r.input.sendAt) : null,
      source: opts.source,
      sourceRef: opts.sourceRef ?? null,
      actor: opts.actor.label,
      skipReason: reasons[k] ?? (r.address ? null : r.input.channel === 'email' ? 'no_email' : 'no_phone'),
    }));
    const ids = await repo.insertMessages(ctx.db, rows);
    resolved.forEach(({ i }, k) => {
      results[i] = rows[k].skipReason ? { id: ids[k].id, status: 'skipped', reason: rows[k].skipReason } : { id: ids[k].id, status: 'queued' };
    });
    for (const [k, r] of rows.entries()) {
      if (!r.skipReason) await emitWebhookEvent(ctx.db, workspaceId, 'message.queued', { messageId: ids[k].id, contactId: r.contactId, channel: r.channel, status: 'queued', metadata: r.metadata }, { channel: r.channel });
    }
    if (rows.some((r) => !r.skipReason)) wakeMessageLanes();
  }
  return results as MessageResult[];
}

/** GET /messages/:id — the message, its current status and its history (queued → sent → delivered/read/failed…). */
export async function getMessage(ctx: AppContext, workspaceId: number, id: number) {
  const m = await repo.findMessage(ctx.db, workspaceId, id);
  if (!m) throw notFound('Message');
  const events = m.delivery_id ? await repo.deliveryEvents(ctx.db, workspaceId, Number(m.delivery_id)) : [];
  return {
    id: Number(m.id),
    channel: m.channel,
    kind: m.kind,
    priority: m.priority,
    status: m.status ?? 'unknown',
    reason: m.reason,
    contactId: m.contact_id === null ? null : Number(m.contact_id),
    to: m.address,
    sendAt: m.send_at ? m.send_at.toISOString() : null,
    providerMessageId: m.provider_message_id,
    metadata: m.metadata ?? {},
    createdAt: m.created_at.toISOString(),
    history: events.map((e) => ({ status: e.type, at: new Date(e.at).toISOString(), ...(e.data && Object.keys(e.data).length ? { detail: e.data } : {}) })),
  };
}
