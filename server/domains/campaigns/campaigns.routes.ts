/** HTTP routes of campaigns (every channel): CRUD, audience count, pre-flight, send/schedule/pause/resume/cancel, follow-ups, progress. */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.js';
import { principalOf } from '../../api/auth-hook.js';
import { Data, errorResponses, IdParams, Page } from '../../api/common-schemas.js';
import { actorOf } from '../auth/auth.service.js';
import { notFound } from '../../lib/errors.js';
import type { Channel } from '../../db/schema.js';
import type { Audience } from '../segments/index.js';
import { campaignPreflight } from './campaign-preflight.js';
import * as repo from './campaigns.repo.js';
import * as S from './campaigns.schema.js';
import * as svc from './campaigns.service.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const ids = (v: unknown) => (Array.isArray(v) ? v.map(Number) : []);

/** The API shape of a campaign row. */
export function campaignView(c: repo.CampaignRow) {
  const a = (c.audience ?? {}) as { include?: { groups?: unknown; segments?: unknown }; exclude?: { groups?: unknown; segments?: unknown } };
  return {
    id: c.id,
    channel: c.channel,
    name: c.name,
    status: c.status,
    kind: c.kind,
    parentCampaignId: c.parent_campaign_id,
    templateId: c.template_id,
    content: (c.frozen ?? c.content ?? {}) as Record<string, unknown>,
    settings: (c.settings ?? {}) as Record<string, unknown>,
    audience: {
      include: { groups: ids(a.include?.groups), segments: ids(a.include?.segments) },
      exclude: { groups: ids(a.exclude?.groups), segments: ids(a.exclude?.segments) },
    },
    scheduledAt: iso(c.scheduled_at),
    timezone: c.timezone,
    pauseReason: c.pause_reason,
    error: c.error,
    audienceTotal: Number(c.audience_total),
    skippedTotal: Number(c.skipped_total),
    createdAt: c.created_at.toISOString(),
    updatedAt: c.updated_at.toISOString(),
    startedAt: iso(c.started_at),
    finishedAt: iso(c.finished_at),
  };
}

const tags = { tags: ['campaigns'] };
type Id = Static<typeof IdParams>;

export async function registerCampaignRoutes(app: FastifyInstance, ctx: AppContext) {
  const who = (req: FastifyRequest) => {
    const p = principalOf(req);
    return { ws: p.workspaceId, actor: actorOf(p, req.ip) };
  };
  const one = Data(S.CampaignView);

  app.get('/api/v1/campaigns', {
    config: { access: 'read' },
    schema: { ...tags, summary: 'List campaigns, newest first', querystring: S.ListQuery, response: { 200: Page(S.CampaignView), ...errorResponses } },
    handler: async (req) => {
      const q = req.query as Static<typeof S.ListQuery>;
      const limit = q.limit ?? 50;
      const rows = await repo.listCampaigns(ctx.db, principalOf(req).workspaceId, { beforeId: q.cursor ? Number(q.cursor) || undefined : undefined, limit, status: q.status, channel: q.channel });
      return { data: rows.map(campaignView), meta: { nextCursor: rows.length === limit ? String(rows[rows.length - 1].id) : null } };
    },
  });

  app.post('/api/v1/campaigns', {
    config: { access: 'write' },
    schema: { ...tags, summary: 'Create a draft campaign', body: S.CampaignBody, response: { 201: one, ...errorResponses } },
    handler: async (req, reply) => {
      const { ws, actor } = who(req);
      const b = req.body as Static<typeof S.CampaignBody>;
      const c = await svc.createCampaign(ctx, ws, actor, { ...b, channel: b.channel as Channel | undefined, audience: b.audience as Audience | undefined });
      return reply.status(201).send({ data: campaignView(c) });
    },
  });

  app.get('/api/v1/campaigns/:id', {
    config: { access: 'read' },
    schema: { ...tags, summary: 'Get a campaign', params: IdParams, response: { 200: one, ...errorResponses } },
    handler: async (req) => {
      const c = await repo.findCampaign(ctx.db, principalOf(req).workspaceId, (req.params as Id).id);
      if (!c) throw notFound('Campaign');
      return { data: campaignView(c) };
    },
  });

  app.patch('/api/v1/campaigns/:id', {
    config: { access: 'write' },
    schema: { ...tags, summary: 'Edit a draft or scheduled campaign (a sent one answers 409: copy it instead)', params: IdParams, body: S.CampaignBody, response: { 200: one, ...errorResponses } },
    handler: async (req) => {
      const { ws, actor } = who(req);
      const b = req.body as Static<typeof S.CampaignBody>;
      const c = await svc.updateCampaign(ctx, ws, (req.params as Id).id, actor, { ...b, channel: undefined, audience: b.audience as Audience | undefined });
      return { data: campaignView(c) };
    },
  });

  app.delete('/api/v1/campaigns/:id', {
    config: { access: 'write' },
    schema: { ...tags, summary: 'Delete a campaign that is not sending', params: IdParams, response: { 204: Type.Null(), ...errorResponses } },
    handler: async (req, reply) => {
      const { ws, actor } = who(req);
      await svc.deleteCampaign(ctx, ws, (req.params as Id).id, actor);
      return reply.status(204).send();
    },
  });

  app.get('/api/v1/campaigns/:id/audience-count', {
    config: { access: 'read' },
    schema: { ...tags, summary: 'Live recipient count: total, eligible, skipped by reason', params: IdParams, response: { 200: Data(S.AudienceCountView), ...errorResponses } },
    handler: async (req) => ({ data: await svc.audienceCount(ctx, principalOf(req).workspaceId, (req.params as Id).id) }),
  });

  for (const method of ['get', 'post'] as const) {
    app[method]('/api/v1/campaigns/:id/preflight', {
      config: { access: 'read' },
      schema: { ...tags, summary: 'Pre-flight check of the content and set-up that will be sent', params: IdParams, response: { 200: Data(S.PreflightView), ...errorResponses } },
      handler: async (req) => {
        const c = await repo.findCampaign(ctx.db, principalOf(req).workspaceId, (req.params as Id).id);
        if (!c) throw notFound('Campaign');
        return { data: await campaignPreflight(ctx, c) };
      },
    });
  }

  const actions: [string, string, (ws: number, id: number, actor: ReturnType<typeof who>['actor']) => Promise<repo.CampaignRow>][] = [
    ['send', 'Send now: freeze the content and build the audience', (ws, id, a) => svc.sendCampaign(ctx, ws, id, a)],
    ['pause', 'Pause sending (messages already handed over finish)', (ws, id, a) => svc.pauseCampaign(ctx, ws, id, a)],
    ['resume', 'Resume a paused campaign', (ws, id, a) => svc.resumeCampaign(ctx, ws, id, a)],
    ['cancel', 'Cancel: nothing more is sent', (ws, id, a) => svc.cancelCampaign(ctx, ws, id, a)],
    ['copy', 'Copy into a new draft', (ws, id, a) => svc.copyCampaign(ctx, ws, id, a)],
    ['resend', 'Send again to the audience members it has not reached (a new campaign)', (ws, id, a) => svc.resendCampaign(ctx, ws, id, a)],
    ['non-openers', 'Create a follow-up draft to those who did not open', (ws, id, a) => svc.nonOpenersCampaign(ctx, ws, id, a)],
  ];
  for (const [verb, summary, run] of actions) {
    app.post(`/api/v1/campaigns/:id/${verb}`, {
      config: { access: 'write' },
      schema: { ...tags, summary, params: IdParams, response: { 200: one, ...errorResponses } },
      handler: async (req) => {
        const { ws, actor } = who(req);
        return { data: campaignView(await run(ws, (req.params as Id).id, actor)) };
      },
    });
  }

  app.post('/api/v1/campaigns/:id/schedule', {
    config: { access: 'write' },
    schema: { ...tags, summary: 'Schedule at a local date-time in a time zone', params: IdParams, body: S.ScheduleBody, response: { 200: one, ...errorResponses } },
    handler: async (req) => {
      const { ws, actor } = who(req);
      const b = req.body as Static<typeof S.ScheduleBody>;
      return { data: campaignView(await svc.scheduleCampaign(ctx, ws, (req.params as Id).id, actor, b.at, b.timezone)) };
    },
  });

  app.get('/api/v1/campaigns/:id/progress', {
    config: { access: 'read' },
    schema: { ...tags, summary: 'Live progress: counts by state, rate over the last minute, ETA', params: IdParams, response: { 200: Data(S.ProgressView), ...errorResponses } },
    handler: async (req) => ({ data: await svc.campaignProgress(ctx, principalOf(req).workspaceId, (req.params as Id).id) }),
  });
}
