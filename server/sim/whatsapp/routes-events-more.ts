/**
 * More event injection under `/_sim/`, so tests can drive every webhook Clarion handles:
 *  - `POST /_sim/templates/category`  a `template_category_update` (re-categorised now, or announced with
 *    `correctCategory` + `at`); the simulated template's category changes with it;
 *  - `POST /_sim/events/user-preferences`  a `user_preferences`-field change (the user stopped / resumed marketing);
 *  - `POST /_sim/events/messages`  any `messages`-field value as given (edits, revokes, system "changed number",
 *    unknown types, username-only identities, value-level `errors`), wrapped with the number's metadata;
 *  - `POST /_sim/events/change`  any WABA-level field with the value as given (unknown fields included).
 */
import type { FastifyInstance } from 'fastify';
import type { SimContext } from './context.js';
import { ControlError } from './http.js';

type NumberRef = { phoneNumberId?: string };

function numberOf(ctx: SimContext, b: NumberRef) {
  const number = b.phoneNumberId ? ctx.number(b.phoneNumberId) : ctx.config.numbers[0];
  if (!number) throw new ControlError(404, `no simulated number ${b.phoneNumberId}`);
  return number;
}

const CATEGORIES = ['MARKETING', 'UTILITY', 'AUTHENTICATION'];

/** Registers the extra injection routes. */
export function registerMoreEventRoutes(app: FastifyInstance, ctx: SimContext): void {
  app.post('/_sim/templates/category', async (req) => {
    const b = (req.body ?? {}) as { id?: string; name?: string; language?: string; newCategory?: string; correctCategory?: string; at?: number };
    const list = [...ctx.state.templates.values()].filter((t) => t.status !== 'DELETED');
    const tpl = b.id ? list.find((t) => t.id === String(b.id)) : list.find((t) => t.name === b.name && (!b.language || t.language === b.language));
    if (!tpl) throw new ControlError(404, `no template ${b.id ?? b.name}`);
    const next = String(b.newCategory ?? '').toUpperCase();
    if (!CATEGORIES.includes(next)) throw new ControlError(400, `newCategory must be one of ${CATEGORIES.join(', ')}`);
    const correct = b.correctCategory ? String(b.correctCategory).toUpperCase() : null;
    if (correct && !CATEGORIES.includes(correct)) throw new ControlError(400, `correctCategory must be one of ${CATEGORIES.join(', ')}`);
    const previous = tpl.category;
    tpl.category = next;
    const number = ctx.numberForWaba(tpl.wabaId);
    if (!number) throw new ControlError(404, `no simulated number for WABA ${tpl.wabaId}`);
    const value: Record<string, unknown> = { message_template_id: Number(tpl.id), message_template_name: tpl.name, message_template_language: tpl.language, previous_category: previous, new_category: next };
    if (correct) {
      value.correct_category = correct;
      value.category_update_timestamp = b.at ?? ctx.clock.nowSeconds() + 86_400;
    }
    ctx.webhooks.sendWabaChange(number, 'template_category_update', value, ctx.clock.nowSeconds());
    return { ok: true, value };
  });

  app.post('/_sim/events/user-preferences', async (req) => {
    const b = (req.body ?? {}) as NumberRef & { from?: string; value?: string; detail?: string };
    const number = numberOf(ctx, b);
    if (typeof b.from !== 'string' || !/[0-9]{5,}/.test(b.from)) throw new ControlError(400, "from must be the user's phone number (digits)");
    const v = String(b.value ?? '').toLowerCase();
    if (v !== 'stop' && v !== 'resume') throw new ControlError(400, 'value must be stop or resume');
    const waId = ctx.canonicalWaId(b.from);
    const value = {
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: number.displayPhoneNumber, phone_number_id: number.phoneNumberId },
      contacts: [{ wa_id: waId, profile: { name: '' } }],
      user_preferences: [{ wa_id: waId, detail: b.detail ?? (v === 'stop' ? 'User requested to stop marketing messages' : 'User requested to resume marketing messages'), category: 'marketing_messages', value: v, timestamp: String(ctx.clock.nowSeconds()) }],
    };
    ctx.webhooks.sendWabaChange(number, 'user_preferences', value, ctx.clock.nowSeconds());
    return { ok: true, value };
  });

  app.post('/_sim/events/messages', async (req) => {
    const b = (req.body ?? {}) as NumberRef & { value?: Record<string, unknown> };
    if (!b.value || typeof b.value !== 'object') throw new ControlError(400, 'value (the messages-field value without metadata) is required');
    const number = numberOf(ctx, b);
    ctx.webhooks.sendMessagesValue(number, b.value);
    return { ok: true };
  });

  app.post('/_sim/events/change', async (req) => {
    const b = (req.body ?? {}) as NumberRef & { field?: string; value?: Record<string, unknown> };
    if (!b.field || typeof b.field !== 'string') throw new ControlError(400, 'field is required');
    if (!b.value || typeof b.value !== 'object') throw new ControlError(400, 'value is required');
    const number = numberOf(ctx, b);
    ctx.webhooks.sendWabaChange(number, b.field, b.value, ctx.clock.nowSeconds());
    return { ok: true };
  });
}
