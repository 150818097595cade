/**
 * Report API. Paths of the issue, plus the aliases the web app's client (web/src/api/reports.ts) calls:
 *   GET  /api/v1/campaigns/:id/report                     funnel, timeline, links, domains
 *   GET  /api/v1/campaigns/:id/report/{timeline,links,domains}
 *   GET  /api/v1/campaigns/:id/report/contacts?step=…     (alias …/report/recipients)
 *   POST /api/v1/campaigns/:id/report/save-as-group       (alias …/report/recipients/group)
 *   GET  /api/v1/campaigns/:id/report.csv                 (alias …/report/export.csv)
 *   GET  /api/v1/contacts/:id/messages
 *   GET  /api/v1/dashboard                                (alias /api/v1/reports/email?days=)
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import type { AppContext } from '../../app/context.js';
import { principalOf } from '../../api/auth-hook.js';
import { Data, errorResponses, IdParams, Page } from '../../api/common-schemas.js';
import { badRequest } from '../../lib/errors.js';
import { actorOf } from '../auth/auth.service.js';
import * as S from './reports.schema.js';
import * as svc from './reports.service.js';

const tags = ['reports'];
const idOf = (req: FastifyRequest) => (req.params as { id: number }).id;
const wsOf = (req: FastifyRequest) => principalOf(req).workspaceId;

export async function registerReportRoutes(app: FastifyInstance, ctx: AppContext) {
  const read = { access: 'read' as const };

  app.get('/api/v1/campaigns/:id/report', {
    config: read,
    schema: { tags, summary: 'Campaign report: funnel (machine opens and scanner clicks apart), hourly opens/clicks, links, recipient domains', params: IdParams, response: { 200: Data(S.CampaignReport), ...errorResponses } },
    handler: async (req) => ({ data: await svc.campaignReport(ctx, wsOf(req), idOf(req)) }),
  });
  app.get('/api/v1/campaigns/:id/report/timeline', {
    config: read,
    schema: { tags, summary: 'Opens and clicks per hour', params: IdParams, response: { 200: Data(Type.Array(S.TimelinePoint)), ...errorResponses } },
    handler: async (req) => ({ data: await svc.campaignTimeline(ctx, wsOf(req), idOf(req)) }),
  });
  app.get('/api/v1/campaigns/:id/report/links', {
    config: read,
    schema: { tags, summary: 'Clicks per link', params: IdParams, response: { 200: Data(Type.Array(S.LinkRow)), ...errorResponses } },
    handler: async (req) => ({ data: await svc.campaignLinkTable(ctx, wsOf(req), idOf(req)) }),
  });
  app.get('/api/v1/campaigns/:id/report/domains', {
    config: read,
    schema: { tags, summary: 'Results by recipient domain (top 20 by sent, the rest as "(other)")', params: IdParams, response: { 200: Data(Type.Array(S.DomainRow)), ...errorResponses } },
    handler: async (req) => ({ data: await svc.campaignDomainTable(ctx, wsOf(req), idOf(req)) }),
  });

  const recipients = {
    config: read,
    schema: { tags, summary: 'The recipients of a funnel step (paged by cursor)', params: IdParams, querystring: S.StepQuery, response: { 200: Page(S.Recipient), ...errorResponses } },
    handler: async (req: FastifyRequest) => svc.stepRecipients(ctx, wsOf(req), idOf(req), req.query as Static<typeof S.StepQuery>),
  };
  app.get('/api/v1/campaigns/:id/report/contacts', recipients);
  app.get('/api/v1/campaigns/:id/report/recipients', recipients);

  const saveGroup = {
    config: { access: 'write' as const },
    schema: { tags, summary: 'Save the contacts of a funnel step as a new group', params: IdParams, body: S.SaveAsGroupBody, response: { 200: Data(S.SaveAsGroupResult), ...errorResponses } },
    handler: async (req: FastifyRequest) => {
      const p = principalOf(req);
      const b = req.body as Static<typeof S.SaveAsGroupBody>;
      const name = (b.groupName ?? b.name ?? '').trim();
      if (!name) throw badRequest('Give the new group a name.', 'groupName');
      return { data: await svc.saveStepAsGroup(ctx, p.workspaceId, idOf(req), b.step, name, actorOf(p, req.ip)) };
    },
  };
  app.post('/api/v1/campaigns/:id/report/save-as-group', saveGroup);
  app.post('/api/v1/campaigns/:id/report/recipients/group', saveGroup);

  const csv = {
    config: read,
    schema: { tags, summary: 'One CSV line per recipient with what happened', params: IdParams, response: { 200: Type.String({ description: 'text/csv' }), ...errorResponses } },
    handler: async (req: FastifyRequest, reply: FastifyReply) => {
      const id = idOf(req);
      const gen = svc.campaignCsv(ctx, wsOf(req), id);
      const first = await gen.next(); // surfaces a 404 before the headers go out
      const stream = Readable.from((async function* () {
        if (!first.done) yield first.value;
        yield* gen;
      })());
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="campaign-${id}-report.csv"`).send(stream);
    },
  };
  app.get('/api/v1/campaigns/:id/report.csv', csv);
  app.get('/api/v1/campaigns/:id/report/export.csv', csv);

  app.get('/api/v1/contacts/:id/messages', {
    config: read,
    schema: {
      tags,
      summary: "Every message sent to the contact (any channel) and what happened to it",
      params: IdParams,
      querystring: Type.Object({ cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })) }),
      response: { 200: Page(S.ContactMessage), ...errorResponses },
    },
    handler: async (req) => svc.messagesOfContact(ctx, wsOf(req), idOf(req), req.query as { cursor?: string; limit?: number }),
  });

  const dash = {
    config: read,
    schema: {
      tags,
      summary: 'Dashboard: recent campaigns with key rates and totals of the last days (default 30)',
      querystring: Type.Object({ days: Type.Optional(Type.Integer({ minimum: 1, maximum: 366, default: 30 })) }),
      response: { 200: Data(S.Dashboard), ...errorResponses },
    },
    handler: async (req: FastifyRequest) => ({ data: await svc.dashboard(ctx, wsOf(req), (req.query as { days?: number }).days ?? 30) }),
  };
  app.get('/api/v1/dashboard', dash);
  app.get('/api/v1/reports/email', dash);
}
