/**
 * Channel status changes (POST /api/v1/contacts/:id/status) and the public re-subscribe confirmation page
 * (GET /confirm-subscription/:token, outside /api since the person opens it from their mailbox).
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { StatusChangeResultSchema, StatusChangeSchema } from '../../../common/contacts.js';
import type { AppContext } from '../../app/context.js';
import { Data, errorResponses, IdParams } from '../../api/common-schemas.js';
import { callerOf } from './caller.js';
import { toContactView } from './contact-view.js';
import { changeStatus, confirmSubscription, type ConfirmOutcome } from './status.service.js';

const PAGE: Record<ConfirmOutcome, { status: 200 | 404 | 410; en: string; he: string }> = {
  confirmed: { status: 200, en: 'Thank you — your subscription is confirmed.', he: 'תודה — המינוי שלך אושר.' },
  already: { status: 200, en: 'You are already subscribed.', he: 'את/ה כבר רשום/ה לקבלת הודעות.' },
  expired: { status: 410, en: 'This confirmation link has expired. Ask the sender for a new one.', he: 'תוקף הקישור פג. אפשר לבקש קישור חדש מהשולח.' },
  stale: { status: 410, en: 'This link is no longer valid because your subscription changed since it was sent.', he: 'הקישור אינו בתוקף עוד כי מצב המינוי השתנה מאז שנשלח.' },
  invalid: { status: 404, en: 'This confirmation link is not valid.', he: 'קישור האישור אינו תקין.' },
};

function page(o: ConfirmOutcome): string {
  const p = PAGE[o];
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>Subscription</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;line-height:1.5;color:#222}</style></head>
<body><p>${p.en}</p><p dir="rtl" lang="he">${p.he}</p></body></html>`;
}

export async function registerStatusRoutes(app: FastifyInstance, ctx: AppContext) {
  app.post('/api/v1/contacts/:id/status', {
    config: { access: 'write' },
    schema: {
      tags: ['contacts'],
      summary: 'Change a channel status with consent evidence (re-subscribing an unsubscribed email sends a confirmation link instead)',
      params: IdParams,
      body: StatusChangeSchema,
      response: { 200: Data(StatusChangeResultSchema), 202: Data(StatusChangeResultSchema), ...errorResponses },
    },
    handler: async (req, reply) => {
      const r = await changeStatus(ctx, callerOf(req), (req.params as { id: number }).id, req.body as Static<typeof StatusChangeSchema>, req.ip);
      return reply.status(r.pendingConfirmation ? 202 : 200).send({ data: { contact: toContactView(r.row), changed: r.changed, pendingConfirmation: r.pendingConfirmation } });
    },
  });

  app.get('/confirm-subscription/:token', {
    config: { access: 'public' },
    schema: {
      tags: ['public'],
      summary: 'The link in a re-subscribe confirmation email: re-subscribes the contact (source "confirmed") and shows a page',
      params: Type.Object({ token: Type.String({ maxLength: 1000 }) }),
      response: { 200: Type.String(), 404: Type.String(), 410: Type.String() },
    },
    handler: async (req, reply) => {
      const outcome = await confirmSubscription(ctx, (req.params as { token: string }).token, req.ip);
      return reply.status(PAGE[outcome].status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page(outcome));
    },
  });
}
