/**
 * Event injection under `/_sim/`: inbound user messages, phone-number quality/tier events,
 * account events, and template status/quality changes — each producing the signed webhook
 * Meta would send (§3.4, §3.7–§3.10).
 */
import type { FastifyInstance } from 'fastify';
import type { CreateTemplateRequest, TemplateStatus } from '../../domains/channels/whatsapp/wa-types.js';
import { parseTier, tierLabel } from './config.js';
import type { SimContext } from './context.js';
import { GraphError } from './graph-errors.js';
import { ControlError } from './http.js';
import { injectInbound, type InboundRequest } from './inbound.js';
import { approveNow, createTemplate, pauseForQuality, presentTemplate, setTemplateQuality, setTemplateStatus } from './template-lifecycle.js';
import type { SimTemplate } from './state.js';

type TemplateRef = { id?: string; name?: string; language?: string };

function findTemplate(ctx: SimContext, ref: TemplateRef): SimTemplate {
  const list = [...ctx.state.templates.values()].filter((t) => t.status !== 'DELETED');
  const tpl = ref.id ? list.find((t) => t.id === String(ref.id)) : list.find((t) => t.name === ref.name && (!ref.language || t.language === ref.language));
  if (!tpl) throw new ControlError(404, `no template ${ref.id ?? `${ref.name}/${ref.language ?? '*'}`}`);
  return tpl;
}

/** Registers the injection routes. */
export function registerEventRoutes(app: FastifyInstance, ctx: SimContext): void {
  app.post('/_sim/inbound', async (req) => injectInbound(ctx, (req.body ?? {}) as InboundRequest));

  app.post('/_sim/events/phone-quality', async (req) => {
    const b = (req.body ?? {}) as { phoneNumberId?: string; event?: string; tier?: string | number; quality?: 'GREEN' | 'YELLOW' | 'RED'; mps?: number };
    const number = b.phoneNumberId ? ctx.number(b.phoneNumberId) : ctx.config.numbers[0];
    if (!number) throw new ControlError(404, `no simulated number ${b.phoneNumberId}`);
    const old = tierLabel(ctx.config.limits.tier);
    const limits: Record<string, unknown> = {};
    try {
      if (b.tier !== undefined) limits.tier = parseTier(b.tier);
    } catch (err) {
      throw new ControlError(400, (err as Error).message);
    }
    if (typeof b.mps === 'number') limits.mps = b.mps;
    if (Object.keys(limits).length) ctx.update({ limits });
    if (b.quality) ctx.state.numberQuality.set(number.phoneNumberId, b.quality);
    const current = tierLabel(ctx.config.limits.tier);
    const event = b.event ?? (b.tier !== undefined ? (current === old ? 'ONBOARDING' : 'UPGRADE') : b.mps !== undefined ? 'THROUGHPUT_UPGRADE' : 'FLAGGED');
    const value: Record<string, unknown> = {
      display_phone_number: number.displayPhoneNumber,
      event,
      current_limit: current,
      max_daily_conversations_per_business: current,
    };
    if (current !== old) value.old_limit = old;
    ctx.webhooks.sendWabaChange(number, 'phone_number_quality_update', value, ctx.clock.nowSeconds());
    return { ok: true, value };
  });

  app.post('/_sim/events/account', async (req) => {
    const b = (req.body ?? {}) as { phoneNumberId?: string; event?: string; haltCode?: number | null; [k: string]: unknown };
    const number = b.phoneNumberId ? ctx.number(b.phoneNumberId) : ctx.config.numbers[0];
    if (!number) throw new ControlError(404, `no simulated number ${b.phoneNumberId}`);
    if (!b.event) throw new ControlError(400, 'event is required (e.g. ACCOUNT_VIOLATION, ACCOUNT_RESTRICTION, DISABLED_UPDATE, VERIFIED_ACCOUNT)');
    const { phoneNumberId: _p, haltCode, event, ...extra } = b;
    // Restrictions and bans make sends fail from now on unless the caller says otherwise.
    const halt = haltCode !== undefined ? haltCode : event === 'DISABLED_UPDATE' ? 368 : event === 'ACCOUNT_RESTRICTION' ? 131031 : undefined;
    if (halt !== undefined) ctx.update({ accountHaltCode: halt });
    const value = { phone_number: number.displayPhoneNumber, event, ...extra };
    ctx.webhooks.sendWabaChange(number, 'account_update', value, ctx.clock.nowSeconds());
    return { ok: true, value, accountHaltCode: ctx.config.accountHaltCode };
  });

  // Creates a template that is APPROVED at once (demo seeding); the body is Meta's create request.
  app.post('/_sim/templates', async (req) => {
    const b = (req.body ?? {}) as CreateTemplateRequest & { wabaId?: string };
    const wabaId = b.wabaId ?? ctx.config.numbers[0].wabaId;
    try {
      const tpl = createTemplate(ctx, wabaId, b);
      approveNow(ctx, tpl);
      return presentTemplate(tpl);
    } catch (err) {
      if (err instanceof GraphError) throw new ControlError(400, err.details ?? err.message);
      throw err;
    }
  });

  app.get('/_sim/templates', async () => ({ data: [...ctx.state.templates.values()].map(presentTemplate) }));

  app.post('/_sim/templates/status', async (req) => {
    const b = (req.body ?? {}) as TemplateRef & { status?: string; reason?: string };
    const tpl = findTemplate(ctx, b);
    const status = String(b.status ?? '').toUpperCase();
    const allowed = ['APPROVED', 'REJECTED', 'PENDING', 'PAUSED', 'DISABLED', 'FLAGGED', 'IN_APPEAL', 'PENDING_DELETION', 'REINSTATED', 'ARCHIVED', 'LIMIT_EXCEEDED'];
    if (!allowed.includes(status)) throw new ControlError(400, `status must be one of ${allowed.join(', ')}`);
    setTemplateStatus(ctx, tpl, status as TemplateStatus, { reason: b.reason });
    return presentTemplate(tpl);
  });

  app.post('/_sim/templates/pause', async (req) => {
    const tpl = findTemplate(ctx, (req.body ?? {}) as TemplateRef);
    pauseForQuality(ctx, tpl);
    return presentTemplate(tpl);
  });

  app.post('/_sim/templates/disable', async (req) => {
    const tpl = findTemplate(ctx, (req.body ?? {}) as TemplateRef);
    setTemplateStatus(ctx, tpl, 'DISABLED');
    return presentTemplate(tpl);
  });

  app.post('/_sim/templates/quality', async (req) => {
    const b = (req.body ?? {}) as TemplateRef & { score?: string };
    const tpl = findTemplate(ctx, b);
    const score = String(b.score ?? '').toUpperCase();
    if (!['GREEN', 'YELLOW', 'RED', 'UNKNOWN'].includes(score)) throw new ControlError(400, 'score must be GREEN, YELLOW, RED or UNKNOWN');
    setTemplateQuality(ctx, tpl, score as SimTemplate['qualityScore']);
    return presentTemplate(tpl);
  });
}
