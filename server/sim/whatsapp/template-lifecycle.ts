/**
 * Template lifecycle as Meta runs it: created PENDING, reviewed after a delay (REJECTED with a
 * reason when `validateTemplate` finds a broken rule, else APPROVED), paused for low quality
 * (3 h, then 6 h, then DISABLED for good), and every change announced with a
 * `message_template_status_update` webhook (§3.7, §4.5).
 */
import { validateTemplate } from '../../domains/channels/whatsapp/template-rules.js';
import type { CreateTemplateRequest, TemplateStatus } from '../../domains/channels/whatsapp/wa-types.js';
import type { SimContext } from './context.js';
import { GraphError } from './graph-errors.js';
import { newObjectId } from './ids.js';
import type { SimTemplate } from './state.js';

const PAUSE_HOURS = [3, 6];

/** Creates a template in `wabaId` (status PENDING) and schedules its review. */
export function createTemplate(ctx: SimContext, wabaId: string, body: CreateTemplateRequest): SimTemplate {
  for (const field of ['name', 'language', 'category'] as const)
    if (typeof body?.[field] !== 'string' || body[field] === '') throw new GraphError(100, `The parameter ${field} is required.`);
  if (!Array.isArray(body.components)) throw new GraphError(100, 'The parameter components is required.');
  const category = body.category.toUpperCase();
  if (!['MARKETING', 'UTILITY', 'AUTHENTICATION'].includes(category))
    throw new GraphError(100, `Param category must be one of {AUTHENTICATION, MARKETING, UTILITY} - got "${body.category}".`);
  if (ctx.state.findTemplate(wabaId, body.name, body.language))
    throw new GraphError(100, `Content in this language already exists: a template named ${body.name} in ${body.language} exists.`, 2388024);
  const now = ctx.clock.now();
  const recent = (ctx.state.templateCreates.get(wabaId) ?? []).filter((t) => t > now - 3600_000);
  if (recent.length >= ctx.config.review.createsPerHour)
    throw new GraphError(100, `You can create at most ${ctx.config.review.createsPerHour} message templates per hour.`, 2388299);
  recent.push(now);
  ctx.state.templateCreates.set(wabaId, recent);
  const tpl: SimTemplate = {
    id: newObjectId(),
    wabaId,
    name: body.name,
    language: body.language,
    category,
    parameterFormat: String(body.parameter_format ?? 'positional').toUpperCase() === 'NAMED' ? 'NAMED' : 'POSITIONAL',
    components: body.components,
    status: 'PENDING',
    rejectedReason: 'NONE',
    violations: [],
    qualityScore: 'UNKNOWN',
    pauseCount: 0,
    createdAt: now,
  };
  ctx.state.templates.set(tpl.id, tpl);
  scheduleReview(ctx, tpl);
  return tpl;
}

/** Edits components/category of an existing template; it goes back to PENDING for review. */
export function editTemplate(ctx: SimContext, tpl: SimTemplate, body: Partial<CreateTemplateRequest>): void {
  if (!['APPROVED', 'REJECTED', 'PAUSED'].includes(tpl.status)) throw new GraphError(100, `A template in status ${tpl.status} cannot be edited.`);
  if (Array.isArray(body.components)) tpl.components = body.components;
  if (typeof body.category === 'string') tpl.category = body.category.toUpperCase();
  tpl.status = 'PENDING';
  scheduleReview(ctx, tpl);
}

/** Approves (or instantly approves) a template without review — for pre-loaded demo templates. */
export function approveNow(ctx: SimContext, tpl: SimTemplate): void {
  setTemplateStatus(ctx, tpl, 'APPROVED');
}

function scheduleReview(ctx: SimContext, tpl: SimTemplate): void {
  if (!ctx.config.review.autoApprove) return; // stays PENDING until /_sim/templates/status
  const createdStatus = tpl.status;
  ctx.scheduler.after(ctx.config.review.delayMs, () => {
    if (tpl.status !== createdStatus || !ctx.state.templates.has(tpl.id)) return; // changed by hand meanwhile
    const res = validateTemplate({ name: tpl.name, language: tpl.language, category: tpl.category, parameter_format: tpl.parameterFormat, components: tpl.components });
    if (res.ok) setTemplateStatus(ctx, tpl, 'APPROVED');
    else {
      tpl.violations = res.violations;
      setTemplateStatus(ctx, tpl, 'REJECTED', { reason: 'INVALID_FORMAT' });
    }
  });
}

/** Options for a status change. */
export interface StatusChange {
  reason?: string;
  otherInfo?: { title: string; description: string };
}

/** Sets a template's status and sends the status webhook (unless unchanged). */
export function setTemplateStatus(ctx: SimContext, tpl: SimTemplate, status: TemplateStatus | 'FLAGGED' | 'REINSTATED', change: StatusChange = {}): void {
  const now = ctx.clock.now();
  if (status !== 'FLAGGED' && status !== 'REINSTATED') tpl.status = status;
  if (status === 'REINSTATED') tpl.status = 'APPROVED';
  tpl.rejectedReason = status === 'REJECTED' ? change.reason ?? 'INVALID_FORMAT' : 'NONE';
  const value: Record<string, unknown> = {
    event: status,
    message_template_id: Number(tpl.id),
    message_template_name: tpl.name,
    message_template_language: tpl.language,
    reason: status === 'REJECTED' ? tpl.rejectedReason : change.reason ?? 'NONE',
    message_template_category: tpl.category,
  };
  if (status === 'REJECTED' && tpl.violations.length)
    value.rejection_info = { reason: tpl.violations[0].message, recommendation: tpl.violations.map((v) => `${v.component}: ${v.message}`).join(' ') };
  if (status === 'DISABLED') value.disable_info = { disable_date: String(Math.floor(now / 1000)) };
  if (change.otherInfo) value.other_info = change.otherInfo;
  const number = ctx.numberForWaba(tpl.wabaId);
  if (number) ctx.webhooks.sendWabaChange(number, 'message_template_status_update', value, Math.floor(now / 1000));
}

/** Pauses for low quality: 3 h the first time, 6 h the second, disabled the third time (§4.5). */
export function pauseForQuality(ctx: SimContext, tpl: SimTemplate): void {
  tpl.pauseCount++;
  tpl.qualityScore = 'RED';
  if (tpl.pauseCount > PAUSE_HOURS.length) return setTemplateStatus(ctx, tpl, 'DISABLED', { reason: 'NONE' });
  const hours = PAUSE_HOURS[tpl.pauseCount - 1];
  setTemplateStatus(ctx, tpl, 'PAUSED', {
    otherInfo: {
      title: tpl.pauseCount === 1 ? 'FIRST_PAUSE' : 'SECOND_PAUSE',
      description: `Your WhatsApp message template has been paused for ${hours} hours until ${new Date(ctx.clock.now() + hours * 3600_000).toISOString()} due to low quality.`,
    },
  });
  const pausedAt = tpl.pauseCount;
  ctx.scheduler.after(hours * 3600_000, () => {
    if (tpl.status === 'PAUSED' && tpl.pauseCount === pausedAt) {
      tpl.qualityScore = 'YELLOW';
      setTemplateStatus(ctx, tpl, 'APPROVED');
    }
  });
}

/** Changes the quality score and sends `message_template_quality_update` (§3.8, shape [U]). */
export function setTemplateQuality(ctx: SimContext, tpl: SimTemplate, score: SimTemplate['qualityScore']): void {
  const previous = tpl.qualityScore;
  tpl.qualityScore = score;
  const number = ctx.numberForWaba(tpl.wabaId);
  if (!number) return;
  ctx.webhooks.sendWabaChange(number, 'message_template_quality_update', {
    previous_quality_score: previous,
    new_quality_score: score,
    message_template_id: Number(tpl.id),
    message_template_name: tpl.name,
    message_template_language: tpl.language,
  }, ctx.clock.nowSeconds());
}

/** Template as the Graph API returns it. */
export function presentTemplate(tpl: SimTemplate): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: tpl.id,
    name: tpl.name,
    language: tpl.language,
    status: tpl.status,
    category: tpl.category,
    parameter_format: tpl.parameterFormat,
    components: tpl.components,
    quality_score: { score: tpl.qualityScore },
  };
  if (tpl.status === 'REJECTED') out.rejected_reason = tpl.rejectedReason;
  if (tpl.violations.length) out.sim_violations = tpl.violations;
  return out;
}
