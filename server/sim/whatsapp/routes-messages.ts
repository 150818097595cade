/**
 * `POST /{version}/{phone-number-id}/messages` — the hot path. Order of checks mirrors Meta:
 * auth, number, payload, account state, service window, throughput (130429), pair rate (131056),
 * messaging-limit tier, injected failures; then a wamid, a 200, and status webhooks later.
 * Nothing here logs or awaits I/O, so acceptance stays cheap under load.
 */
import type { FastifyInstance } from 'fastify';
import type { SendMessageRequest, SendMessageResponse } from '../../domains/channels/whatsapp/wa-types.js';
import { tierLimit, type ErrorMode } from './config.js';
import type { SimContext } from './context.js';
import { errorInfo, GraphError } from './graph-errors.js';
import { checkVersion, requireToken, unknownObject } from './http.js';
import { newWamid } from './ids.js';
import { checkSend } from './send-validation.js';
import type { SentMessage } from './state.js';
import { scheduleOutcome } from './status-pipeline.js';

/** Registers the messages route. */
export function registerMessageRoutes(app: FastifyInstance, ctx: SimContext): void {
  app.post<{ Params: { ver: string; id: string } }>('/:ver/:id/messages', async (req, reply) => {
    try {
      return send(ctx, req.params.ver, req.params.id, req);
    } catch (err) {
      if (err instanceof GraphError) ctx.stats.reject(err.code);
      throw err;
    }
  });
}

function send(ctx: SimContext, ver: string, phoneNumberId: string, req: { headers: Record<string, unknown>; body: unknown } & Parameters<typeof requireToken>[1]): SendMessageResponse | { success: true } {
  requireToken(ctx, req);
  checkVersion(ver);
  const number = ctx.number(phoneNumberId);
  if (!number) throw unknownObject(phoneNumberId, 'post');
  const body = req.body as SendMessageRequest | undefined;
  if (!body || typeof body !== 'object') throw new GraphError(100, 'The request body must be a JSON object.');
  if (body.messaging_product !== 'whatsapp') throw new GraphError(100, 'The parameter messaging_product is required and must be "whatsapp".');
  const cfg = ctx.config;

  if (body.status === 'read') {
    const inbound = typeof body.message_id === 'string' ? ctx.state.inboundById.get(body.message_id) : undefined;
    if (!inbound) throw new GraphError(100, 'Invalid parameter: message_id does not identify a message received by this number.');
    (inbound.message as { status?: string }).status = 'read';
    return { success: true };
  }
  if (cfg.accountHaltCode !== null) throw new GraphError(cfg.accountHaltCode);
  if (typeof body.to !== 'string' || body.to.trim() === '') throw new GraphError(100, 'The parameter to is required.');
  const waId = ctx.canonicalWaId(body.to);
  if (waId.length < 5 || waId.length > 15) throw new GraphError(131009, `"${body.to}" is not a valid phone number.`);
  if (waId === number.displayPhoneNumber.replace(/[^0-9]/g, '')) throw new GraphError(131021);

  const checked = checkSend(ctx, number.wabaId, body);
  const now = ctx.clock.now();
  const windowOpen = ctx.state.windows.isOpen(`${phoneNumberId}:${waId}`, now, ctx.windowMs);
  const freeForm = checked.type !== 'template';
  let failCode = checked.asyncFailure;
  if (freeForm && !windowOpen && cfg.limits.enforceWindow) {
    if (cfg.limits.windowErrorMode === 'sync') throw new GraphError(131047);
    failCode ??= 131047;
  }
  if (!ctx.throughput(phoneNumberId).tryTake(now)) throw new GraphError(130429, undefined, undefined, cfg.limits.throughputHttpStatus);
  const pair = ctx.pair();
  if (pair && !pair.tryTake(`${phoneNumberId}:${waId}`, now)) throw new GraphError(131056);
  const businessInitiated = !freeForm && !windowOpen;
  if (businessInitiated) {
    if (!ctx.state.tier.allows(waId, now, tierLimit(cfg.limits.tier))) {
      const details = `The business portfolio reached its messaging limit of ${cfg.limits.tier} unique recipients in 24 hours.`;
      if (cfg.limits.tierErrorMode === 'sync') throw new GraphError(cfg.limits.tierErrorCode, details);
      failCode ??= cfg.limits.tierErrorCode;
    } else {
      ctx.state.tier.record(waId, now);
    }
  }
  const injected = injectedFailure(ctx, waId);
  if (injected) {
    if (injected.mode === 'sync') throw new GraphError(injected.code);
    failCode ??= injected.code;
  }

  const tpl = checked.template;
  const category = tpl ? tpl.category.toLowerCase() : 'service';
  const free = freeForm || (category === 'utility' && windowOpen);
  const msg: SentMessage = {
    id: newWamid(waId),
    phoneNumberId,
    to: body.to,
    waId,
    type: checked.type,
    payload: body as Record<string, unknown>,
    acceptedAt: now,
    state: 'accepted',
    history: [{ status: 'accepted', at: now }],
    errorCode: null,
    template: tpl ? { id: tpl.id, name: tpl.name, language: tpl.language, category: tpl.category } : null,
    pricingCategory: category,
    pricingType: free ? 'free_customer_service' : 'regular',
    businessInitiated,
  };
  ctx.state.addMessage(msg, cfg.maxStoredMessages);
  ctx.stats.accept(phoneNumberId, now);
  if (failCode !== null) ctx.stats.asyncFailure(failCode);
  scheduleOutcome(ctx, msg, failCode);
  return {
    messaging_product: 'whatsapp',
    contacts: [{ input: body.to, wa_id: waId }],
    messages: [tpl ? { id: msg.id, message_status: 'accepted' } : { id: msg.id }],
  };
}

/** A configured failure for this recipient: the explicit map first, then the seeded probability. */
function injectedFailure(ctx: SimContext, waId: string): { code: number; mode: ErrorMode } | null {
  const f = ctx.config.failures;
  const entry = f.byRecipient[waId];
  if (entry !== undefined) {
    const code = typeof entry === 'number' ? entry : entry.code;
    const mode = typeof entry === 'number' ? undefined : entry.mode;
    return { code, mode: mode ?? (errorInfo(code).where === 'W' ? 'async' : 'sync') };
  }
  if (f.probability > 0 && f.codes.length && ctx.rng.chance(f.probability)) {
    const code = ctx.rng.pick(f.codes);
    return { code, mode: errorInfo(code).where === 'W' ? 'async' : 'sync' };
  }
  return null;
}
