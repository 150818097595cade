/**
 * Campaign rules: the state machine (draft → scheduled → building → sending ⇄ paused → done; cancel from any
 * unfinished state), freezing the content at send time, follow-ups (resend, non-openers), progress.
 * Every change writes an audit entry in the same transaction.
 */
import type { AppContext } from '../../app/context.js';
import type { Channel } from '../../db/schema.js';
import { badRequest, conflict, notFound } from '../../lib/errors.js';
import { assertCampaignRefs } from './campaign-refs.js';
import { msg } from '../../lib/messages/index.js';
import { recordAudit, type Actor } from '../audit/index.js';
import { channelAdapter, hasChannel, type CampaignForSend } from '../channels/channel.js';
import '../channels/adapters.js';
import { enqueueJob } from '../../workers/jobs.repo.js';
import type { Audience } from '../segments/index.js';
import { buildAudience, countAudienceFor, type AudienceSource } from './audience.js';
import * as repo from './campaigns.repo.js';
import type { CampaignRow } from './campaigns.repo.js';
import { isValidTimeZone, toInstant } from './schedule-time.js';

export const EDITABLE = ['draft', 'scheduled'];
const UNFINISHED = ['draft', 'scheduled', 'building', 'sending', 'paused'];

export interface CampaignInput {
  name?: string;
  channel?: Channel;
  templateId?: number | null;
  content?: Record<string, unknown>;
  settings?: Record<string, unknown>;
  audience?: Audience;
}

const emptyAudience = (): Audience => ({ include: { groups: [], segments: [] }, exclude: { groups: [], segments: [] } });

async function mustFind(ctx: AppContext, ws: number, id: number, db = ctx.db) {
  const c = await repo.findCampaign(db, ws, id);
  if (!c) throw notFound('Campaign');
  return c;
}

async function templateContent(ctx: AppContext, ws: number, templateId: number, db = ctx.db): Promise<Record<string, unknown>> {
  const t = await db.selectFrom('templates').selectAll().where('workspace_id', '=', ws).where('id', '=', templateId).where('deleted_at', 'is', null).executeTakeFirst();
  if (!t) throw badRequest(msg('campaigns.template_missing'), 'templateId');
  return { format: t.format, source: t.source, subject: t.subject, preheader: t.preheader, textOverride: t.text_override, dir: t.dir, templateVersion: t.version };
}

/** The content that will be sent: the campaign's own, filled from its template where the campaign has none. */
export async function effectiveContent(ctx: AppContext, c: CampaignRow, db = ctx.db): Promise<Record<string, unknown>> {
  const own = (c.content ?? {}) as Record<string, unknown>;
  if (!c.template_id) return own;
  const fromTemplate = await templateContent(ctx, c.workspace_id, c.template_id, db);
  const merged: Record<string, unknown> = { ...fromTemplate };
  for (const [k, v] of Object.entries(own)) if (v !== undefined && v !== null && v !== '') merged[k] = v;
  return merged;
}

export function forSend(c: CampaignRow, content: Record<string, unknown>): CampaignForSend {
  return { id: c.id, workspaceId: c.workspace_id, channel: c.channel, name: c.name, content, settings: (c.settings ?? {}) as Record<string, unknown> };
}

export function audienceSource(c: CampaignRow, content: Record<string, unknown>): AudienceSource {
  return {
    workspaceId: c.workspace_id,
    campaignId: c.id,
    channel: c.channel,
    name: c.name,
    kind: c.kind,
    parentCampaignId: c.parent_campaign_id,
    audience: (c.audience ?? emptyAudience()) as unknown as Audience,
    content,
    settings: (c.settings ?? {}) as Record<string, unknown>,
  };
}

export async function createCampaign(ctx: AppContext, ws: number, actor: Actor, input: CampaignInput) {
  const channel = input.channel ?? 'email';
  if (!hasChannel(channel)) throw badRequest(msg('campaigns.channel_unavailable', { channel }), 'channel');
  if (input.templateId) await templateContent(ctx, ws, input.templateId);
  await assertCampaignRefs(ctx.db, ws, input);
  return ctx.db.transaction().execute(async (trx) => {
    const c = await repo.insertCampaign(trx, {
      workspace_id: ws,
      channel,
      name: input.name?.trim() || 'Untitled campaign',
      template_id: input.templateId ?? null,
      content: input.content ?? {},
      settings: input.settings ?? {},
      audience: (input.audience ?? emptyAudience()) as unknown as Record<string, unknown>,
      created_by: actor.label,
    });
    await recordAudit(trx, ws, actor, 'campaign.created', 'campaign', c.id, { name: c.name, channel });
    return c;
  });
}

export async function updateCampaign(ctx: AppContext, ws: number, id: number, actor: Actor, input: CampaignInput) {
  if (input.templateId) await templateContent(ctx, ws, input.templateId);
  await assertCampaignRefs(ctx.db, ws, input);
  return ctx.db.transaction().execute(async (trx) => {
    const c = await repo.lockCampaign(trx, ws, id);
    if (!c) throw notFound('Campaign');
    if (!EDITABLE.includes(c.status)) throw conflict(msg('campaigns.sent_not_editable'), 'status', { status: c.status });
    const next = await repo.updateCampaignRow(trx, ws, id, {
      ...(input.name !== undefined ? { name: input.name.trim() || c.name } : {}),
      ...(input.templateId !== undefined ? { template_id: input.templateId } : {}),
      ...(input.content !== undefined ? { content: { ...(c.content as object), ...input.content } } : {}),
      ...(input.settings !== undefined ? { settings: { ...(c.settings as object), ...input.settings } } : {}),
      ...(input.audience !== undefined ? { audience: input.audience as unknown as Record<string, unknown> } : {}),
    });
    await recordAudit(trx, ws, actor, 'campaign.updated', 'campaign', id, { fields: Object.keys(input) });
    return next;
  });
}

export async function deleteCampaign(ctx: AppContext, ws: number, id: number, actor: Actor) {
  await ctx.db.transaction().execute(async (trx) => {
    const c = await repo.lockCampaign(trx, ws, id);
    if (!c) throw notFound('Campaign');
    if (['building', 'sending'].includes(c.status)) throw conflict(msg('campaigns.stop_before_delete'), 'status');
    await repo.updateCampaignRow(trx, ws, id, { deleted_at: new Date() });
    await recordAudit(trx, ws, actor, 'campaign.deleted', 'campaign', id, { name: c.name });
  });
}

/** Problems that would stop the campaign from sending (empty = ready). */
export async function sendProblems(ctx: AppContext, c: CampaignRow): Promise<string[]> {
  const content = await effectiveContent(ctx, c);
  const problems = await channelAdapter(c.channel).validateForSend(ctx, forSend(c, content));
  const a = (c.audience ?? emptyAudience()) as unknown as Audience;
  if (c.kind === 'regular' && !(a.include?.groups?.length || a.include?.segments?.length)) problems.push('Choose at least one group or segment to send to.');
  return problems;
}

/** Send now: freeze the content, move to building and queue the audience build. */
export async function sendCampaign(ctx: AppContext, ws: number, id: number, actor: Actor) {
  const c0 = await mustFind(ctx, ws, id);
  if (!EDITABLE.includes(c0.status)) throw conflict(msg('campaigns.not_sendable', { status: c0.status }), 'status');
  const problems = await sendProblems(ctx, c0);
  if (problems.length) throw badRequest(problems.join(' '), undefined, { problems });
  const content = await effectiveContent(ctx, c0);
  return ctx.db.transaction().execute(async (trx) => {
    const c = await repo.lockCampaign(trx, ws, id);
    if (!c || !EDITABLE.includes(c.status)) throw conflict(msg('campaigns.changed_meanwhile'), 'status');
    const next = await repo.updateCampaignRow(trx, ws, id, { status: 'building', frozen: content, pause_reason: null, error: null });
    await enqueueJob(trx, { kind: 'campaign.build', workspaceId: ws, payload: { campaignId: id }, uniqueKey: `campaign:${id}` });
    await recordAudit(trx, ws, actor, 'campaign.sent', 'campaign', id, {});
    return next;
  });
}

export async function scheduleCampaign(ctx: AppContext, ws: number, id: number, actor: Actor, at: string, timezone: string) {
  if (!isValidTimeZone(timezone)) throw badRequest(msg('campaigns.time_zone_unknown', { timezone }), 'timezone');
  const when = toInstant(at, timezone);
  if (!when) throw badRequest(msg('campaigns.time_format'), 'at');
  if (when.getTime() < Date.now() - 60_000) throw badRequest(msg('campaigns.time_past'), 'at');
  const c0 = await mustFind(ctx, ws, id);
  const problems = EDITABLE.includes(c0.status) ? await sendProblems(ctx, c0) : [];
  if (problems.length) throw badRequest(problems.join(' '), undefined, { problems });
  return ctx.db.transaction().execute(async (trx) => {
    const c = await repo.lockCampaign(trx, ws, id);
    if (!c) throw notFound('Campaign');
    if (!EDITABLE.includes(c.status)) throw conflict(msg('campaigns.not_schedulable', { status: c.status }), 'status');
    const next = await repo.updateCampaignRow(trx, ws, id, { status: 'scheduled', scheduled_at: when, timezone });
    await recordAudit(trx, ws, actor, 'campaign.scheduled', 'campaign', id, { at: when.toISOString(), timezone });
    return next;
  });
}

/** Moves due scheduled campaigns to building (the recurring job). Returns how many started. */
export async function startDueCampaigns(ctx: AppContext): Promise<number> {
  const due = await ctx.db.transaction().execute(async (trx) => {
    const rows = await repo.dueScheduled(trx);
    const started: { id: number; workspace_id: number }[] = [];
    for (const r of rows) {
      const c = (await repo.findCampaign(trx, r.workspace_id, r.id))!;
      const content = await effectiveContent(ctx, c, trx);
      await repo.updateCampaignRow(trx, r.workspace_id, r.id, { status: 'building', frozen: content });
      await enqueueJob(trx, { kind: 'campaign.build', workspaceId: r.workspace_id, payload: { campaignId: r.id }, uniqueKey: `campaign:${r.id}` });
      await recordAudit(trx, r.workspace_id, { type: 'system', id: null, label: 'scheduler' }, 'campaign.started', 'campaign', r.id, {});
      started.push(r);
    }
    return started;
  });
  return due.length;
}

/**
 * The 'campaign.build' job: creates the deliveries (one statement, idempotent), then lets the senders start.
 * No transaction around it: the INSERT is atomic on its own and a re-run after a crash adds nothing twice.
 */
export async function runBuild(ctx: AppContext, campaignId: number): Promise<void> {
  const c = await ctx.db.selectFrom('campaigns').selectAll().where('id', '=', campaignId).executeTakeFirst();
  if (!c || !['building', 'paused'].includes(c.status)) return;
  const t = await buildAudience(ctx, audienceSource(c, (c.frozen ?? {}) as Record<string, unknown>));
  await ctx.db
    .updateTable('campaigns')
    .set({ audience_total: t.total, skipped_total: t.skipped, started_at: c.started_at ?? new Date(), updated_at: new Date() })
    .where('id', '=', campaignId)
    .execute();
  await ctx.db.updateTable('campaigns').set({ status: 'sending' }).where('id', '=', campaignId).where('status', '=', 'building').execute();
  ctx.log.info('campaign audience built', { campaignId, ...t });
}

async function transition(ctx: AppContext, ws: number, id: number, actor: Actor, from: string[], action: string, apply: (c: CampaignRow, trx: typeof ctx.db) => Promise<CampaignRow>) {
  return ctx.db.transaction().execute(async (trx) => {
    const c = await repo.lockCampaign(trx, ws, id);
    if (!c) throw notFound('Campaign');
    if (!from.includes(c.status)) throw conflict(msg('campaigns.transition_refused', { status: c.status, action }), 'status', { status: c.status });
    const next = await apply(c, trx);
    await recordAudit(trx, ws, actor, `campaign.${action}`, 'campaign', id, { from: c.status });
    return next;
  });
}

export const pauseCampaign = (ctx: AppContext, ws: number, id: number, actor: Actor, reason?: string) =>
  transition(ctx, ws, id, actor, ['building', 'sending'], 'paused', async (c, trx) => {
    const next = await repo.updateCampaignRow(trx, ws, id, { status: 'paused', pause_reason: reason ?? 'Paused by a user.' });
    // Claimed rows go back to the queue; a worker's mark-as-sending then no longer matches them.
    const { releaseCampaignClaims } = await import('../deliveries/deliveries.repo.js');
    await releaseCampaignClaims(trx, c.id);
    return next;
  });

export const resumeCampaign = (ctx: AppContext, ws: number, id: number, actor: Actor) =>
  transition(ctx, ws, id, actor, ['paused'], 'resumed', async (c, trx) => {
    if (c.started_at) return repo.updateCampaignRow(trx, ws, id, { status: 'sending', pause_reason: null });
    await enqueueJob(trx, { kind: 'campaign.build', workspaceId: ws, payload: { campaignId: id }, uniqueKey: `campaign:${id}` });
    return repo.updateCampaignRow(trx, ws, id, { status: 'building', pause_reason: null });
  });

export const cancelCampaign = (ctx: AppContext, ws: number, id: number, actor: Actor) =>
  transition(ctx, ws, id, actor, UNFINISHED, 'cancelled', async (c, trx) => {
    await repo.cancelPending(trx, c.id);
    return repo.updateCampaignRow(trx, ws, id, { status: 'cancelled', finished_at: new Date() });
  });

/** A new draft with the same content, settings and audience. */
export async function copyCampaign(ctx: AppContext, ws: number, id: number, actor: Actor) {
  const c = await mustFind(ctx, ws, id);
  return createCampaign(ctx, ws, actor, {
    name: `Copy of ${c.name}`,
    channel: c.channel,
    templateId: c.template_id,
    content: (c.frozen ?? c.content) as Record<string, unknown>,
    settings: c.settings as Record<string, unknown>,
    audience: c.audience as unknown as Audience,
  });
}

async function followUp(ctx: AppContext, ws: number, id: number, actor: Actor, kind: 'resend' | 'non_openers') {
  const c = await mustFind(ctx, ws, id);
  if (!c.started_at) throw conflict(msg('campaigns.not_sent_yet'), 'status');
  // A resend always hangs off the original, so "already reached" covers the whole family.
  const root = kind === 'resend' && c.kind === 'resend' && c.parent_campaign_id ? c.parent_campaign_id : c.id;
  const frozen = (c.frozen ?? c.content) as Record<string, unknown>;
  return ctx.db.transaction().execute(async (trx) => {
    const child = await repo.insertCampaign(trx, {
      workspace_id: ws,
      channel: c.channel,
      name: kind === 'resend' ? `${c.name} (resend)` : `${c.name} (to non-openers)`,
      kind,
      parent_campaign_id: root,
      template_id: c.template_id,
      content: frozen,
      settings: c.settings as Record<string, unknown>,
      audience: c.audience as Record<string, unknown>,
      status: kind === 'resend' ? 'building' : 'draft',
      created_by: actor.label,
    });
    if (kind === 'resend') {
      await repo.updateCampaignRow(trx, ws, child.id, { frozen });
      await enqueueJob(trx, { kind: 'campaign.build', workspaceId: ws, payload: { campaignId: child.id }, uniqueKey: `campaign:${child.id}` });
    }
    await recordAudit(trx, ws, actor, `campaign.${kind}`, 'campaign', child.id, { parent: c.id });
    return (await repo.findCampaign(trx, ws, child.id))!;
  });
}

/** Re-sends to everyone in the audience the campaign has not reached yet (a child campaign, started at once). */
export const resendCampaign = (ctx: AppContext, ws: number, id: number, actor: Actor) => followUp(ctx, ws, id, actor, 'resend');
/** A follow-up draft to those who were sent the campaign and did not open it. */
export const nonOpenersCampaign = (ctx: AppContext, ws: number, id: number, actor: Actor) => followUp(ctx, ws, id, actor, 'non_openers');

export async function audienceCount(ctx: AppContext, ws: number, id: number) {
  const c = await mustFind(ctx, ws, id);
  return countAudienceFor(ctx, audienceSource(c, (c.frozen ?? c.content) as Record<string, unknown>));
}

export async function campaignProgress(ctx: AppContext, ws: number, id: number) {
  const c = await mustFind(ctx, ws, id);
  const { counts, sentLastMinute } = await repo.progressCounts(ctx.db, c.id);
  const n = (k: string) => counts[k] ?? 0;
  const queued = n('queued') + n('claimed');
  const rate = sentLastMinute / 60;
  const left = queued + n('sending') + n('deferred');
  return {
    status: c.status,
    pauseReason: c.pause_reason,
    total: Object.values(counts).reduce((a, b) => a + b, 0),
    queued,
    sending: n('sending'),
    sent: n('sent'),
    failed: n('failed'),
    skipped: n('skipped'),
    unknown: n('unknown'),
    deferred: n('deferred'),
    cancelled: n('cancelled'),
    ratePerSecond: Math.round(rate * 100) / 100,
    etaSeconds: left === 0 ? 0 : rate > 0 ? Math.ceil(left / rate) : null,
  };
}

export { buildAudience };
