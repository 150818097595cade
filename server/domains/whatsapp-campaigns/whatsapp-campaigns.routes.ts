/**
 * HTTP: the WhatsApp-specific parts of campaigns (create/schedule/pause/resume/cancel are the shared campaign
 * endpoints): the report, live progress with waiting reasons, a test send to one number, the header-media check,
 * the workspace's campaign policy and price list, the number's dashboard and limits, and the error table.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app/context.js';
import { principalOf } from '../../api/auth-hook.js';
import { Data, errorResponses, IdParams } from '../../api/common-schemas.js';
import { badRequest, notFound } from '../../lib/errors.js';
import { recordAudit } from '../audit/index.js';
import { actorOf } from '../auth/auth.service.js';
import { waErrorTable } from '../channels/whatsapp/errors-map.js';
import { wakeLimitDeferred } from '../channels/whatsapp/limits/tier.js';
import { checkHeaderMedia } from './media-check.js';
import { assertOutboundTarget, isOutboundRefused } from '../../lib/outbound/index.js';
import { campaignReport, campaignWaProgress, numberDashboard } from './report.service.js';
import { getWaCampaignSettings, saveWaCampaignSettings } from './settings.repo.js';
import { testSend } from './test-send.js';

const tags = ['whatsapp-campaigns'];
const Any = Type.Unknown();
const Label = Type.Object({ en: Type.String(), he: Type.String() });

const Report = Type.Object({
  campaignId: Type.Integer(), status: Type.String(), pauseReason: Type.Union([Type.String(), Type.Null()]),
  template: Type.Union([Type.Object({ name: Type.String(), category: Type.String() }), Type.Null()]),
  total: Type.Integer(), queued: Type.Integer(), sent: Type.Integer(), delivered: Type.Integer(), read: Type.Integer(), replied: Type.Integer(), unknown: Type.Integer(),
  buttonClicks: Type.Object({ total: Type.Integer(), byButton: Type.Array(Type.Object({ button: Type.String(), clicks: Type.Integer(), people: Type.Integer() })) }),
  failedByCode: Type.Array(Type.Object({ code: Type.String(), count: Type.Integer(), explanation: Label })),
  skippedByReason: Type.Array(Type.Object({ reason: Type.String(), count: Type.Integer(), label: Label })),
  deferredByReason: Type.Array(Type.Object({ reason: Type.String(), count: Type.Integer(), label: Label, tier: Type.Union([Type.String(), Type.Null()]) })),
  cost: Type.Object({ currency: Type.String(), category: Type.String(), ratePerMessage: Type.Number(), billableMessages: Type.Integer(), estimate: Type.Number(), editableRates: Type.Boolean(), note: Type.String(),
    fromMeta: Type.Object({ billable: Type.Integer(), free: Type.Integer(), byCategory: Type.Record(Type.String(), Type.Integer()) }, { description: 'delivered messages Meta priced on the status webhook' }),
    estimated: Type.Integer({ description: 'delivered messages without pricing from Meta, estimated from the template category' }) }),
});
const Progress = Type.Object({
  status: Type.String(), pauseReason: Type.Union([Type.String(), Type.Null()]), counts: Type.Record(Type.String(), Type.Integer()),
  waiting: Type.Array(Type.Object({ reason: Type.String(), count: Type.Integer(), label: Type.String() })), summary: Type.String(),
});
const Dashboard = Type.Object({
  connectionId: Type.Integer(), displayNumber: Type.String(), tier: Type.String(), tierLimit: Type.Union([Type.Integer(), Type.Null()]),
  uniqueRecipients24h: Type.Integer(), tierRemaining: Type.Union([Type.Integer(), Type.Null()]), deferredForTier: Type.Integer(),
  qualityRating: Type.String(), messagesPerSecond: Type.Integer(), sentLastMinute: Type.Integer(), currentRatePerSecond: Type.Number(),
  halted: Type.Boolean(), haltReason: Type.Union([Type.String(), Type.Null()]), accountStatus: Type.String(),
});
const Settings = Type.Object({ utilityRequiresOptIn: Type.Boolean(), currency: Type.String(), rates: Type.Record(Type.String(), Type.Number()), defaultRates: Type.Boolean() });
const SettingsPatch = Type.Object({
  utilityRequiresOptIn: Type.Optional(Type.Boolean({ description: 'whatsapp.utilityRequiresOptIn: utility/authentication templates also need WhatsApp opt-in' })),
  currency: Type.Optional(Type.String({ minLength: 3, maxLength: 3 })),
  rates: Type.Optional(Type.Record(Type.String(), Type.Number({ minimum: 0 }), { description: 'price per delivered template by category (marketing, utility, authentication…)' })),
});
const TestSendBody = Type.Object({ to: Type.String({ minLength: 6, maxLength: 20, description: 'phone number in international format' }) });
const MediaBody = Type.Object({ url: Type.String({ maxLength: 2000 }), kind: Type.Union([Type.Literal('image'), Type.Literal('video'), Type.Literal('document')]) });
const LimitsBody = Type.Object({
  tier: Type.Optional(Type.Union([Type.Literal('250'), Type.Literal('2000'), Type.Literal('10000'), Type.Literal('100000'), Type.Literal('unlimited')])),
  messagesPerSecond: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
});

export async function registerWhatsappCampaignRoutes(app: FastifyInstance, ctx: AppContext) {
  const idOf = (req: { params: unknown }) => (req.params as { id: number }).id;

  app.get('/api/v1/whatsapp/campaigns/:id/report', {
    config: { access: 'read' },
    schema: { tags, summary: 'Report of a WhatsApp campaign: sent, delivered, read, replied, button clicks, failures by code (explained), skips, deferrals, cost estimate', params: IdParams, response: { 200: Data(Report), ...errorResponses } },
    handler: async (req) => ({ data: await campaignReport(ctx, principalOf(req).workspaceId, idOf(req)) }),
  });

  app.get('/api/v1/whatsapp/campaigns/:id/progress', {
    config: { access: 'read' },
    schema: { tags, summary: 'Live progress with what the waiting recipients wait for (e.g. "deferred: messaging limit")', params: IdParams, response: { 200: Data(Progress), ...errorResponses } },
    handler: async (req) => ({ data: await campaignWaProgress(ctx, principalOf(req).workspaceId, idOf(req)) }),
  });

  app.post('/api/v1/whatsapp/campaigns/:id/test', {
    config: { access: 'write' },
    schema: { tags, summary: 'Send the campaign’s template to one number (values from the contact with that number, else the fallbacks)', params: IdParams, body: TestSendBody, response: { 200: Data(Type.Object({ wamid: Type.String(), to: Type.String() })), ...errorResponses } },
    handler: async (req) => {
      const p = principalOf(req);
      const r = await testSend(ctx, p.workspaceId, idOf(req), (req.body as Static<typeof TestSendBody>).to);
      await recordAudit(ctx.db, p.workspaceId, actorOf(p, req.ip), 'campaign.test_sent', 'campaign', idOf(req), { to: r.to });
      return { data: r };
    },
  });

  app.post('/api/v1/whatsapp/media-check', {
    config: { access: 'write' },
    schema: { tags, summary: 'Check a header media URL (type and size Meta accepts) before using it', body: MediaBody, response: { 200: Data(Type.Object({ ok: Type.Boolean(), problem: Type.Union([Type.String(), Type.Null()]) })), ...errorResponses } },
    handler: async (req) => {
      const b = req.body as Static<typeof MediaBody>;
      // An internal address is a 400 naming the field (nothing is fetched); other problems are answers.
      const refused = await assertOutboundTarget(ctx.outbound, b.url, { field: 'url' }).then(() => null, (e: unknown) => e);
      if (isOutboundRefused(refused) && refused.reason !== 'scheme' && refused.reason !== 'invalid_url') throw refused;
      const problem = await checkHeaderMedia(ctx.outbound, b.url, b.kind, { allowHttp: ctx.config.publicUrl.startsWith('http://') });
      return { data: { ok: problem === null, problem } };
    },
  });

  app.get('/api/v1/whatsapp/campaign-settings', {
    config: { access: 'read' },
    schema: { tags, summary: 'WhatsApp campaign policy and per-message price list', response: { 200: Data(Settings), ...errorResponses } },
    handler: async (req) => ({ data: await getWaCampaignSettings(ctx.db, principalOf(req).workspaceId) }),
  });

  app.patch('/api/v1/whatsapp/campaign-settings', {
    config: { access: 'admin' },
    schema: { tags, summary: 'Change the utility opt-in policy or the price list', body: SettingsPatch, response: { 200: Data(Settings), ...errorResponses } },
    handler: async (req) => {
      const p = principalOf(req);
      const body = req.body as Static<typeof SettingsPatch>;
      await ctx.db.transaction().execute(async (trx) => {
        await saveWaCampaignSettings(trx, p.workspaceId, body);
        await recordAudit(trx, p.workspaceId, actorOf(p, req.ip), 'whatsapp.campaign_settings.updated', 'workspace', p.workspaceId, { fields: Object.keys(body) });
      });
      return { data: await getWaCampaignSettings(ctx.db, p.workspaceId) };
    },
  });

  app.get('/api/v1/whatsapp/numbers/:id/dashboard', {
    config: { access: 'read' },
    schema: { tags, summary: 'The number’s tier and its use in the rolling 24 h, quality rating and throughput', params: IdParams, response: { 200: Data(Dashboard), ...errorResponses } },
    handler: async (req) => ({ data: await numberDashboard(ctx, principalOf(req).workspaceId, idOf(req)) }),
  });

  app.put('/api/v1/whatsapp/numbers/:id/limits', {
    config: { access: 'admin' },
    schema: { tags, summary: 'Edit the number’s tier or messages/second; recipients waiting for the messaging limit are re-checked at once', params: IdParams, body: LimitsBody, response: { 200: Data(Dashboard), ...errorResponses } },
    handler: async (req) => {
      const p = principalOf(req);
      const b = req.body as Static<typeof LimitsBody>;
      if (b.tier === undefined && b.messagesPerSecond === undefined) throw badRequest('Give a tier or messagesPerSecond.');
      await ctx.db.transaction().execute(async (trx) => {
        const r = await trx
          .updateTable('wa_connections')
          .set({ ...(b.tier ? { tier: b.tier } : {}), ...(b.messagesPerSecond ? { messages_per_second: b.messagesPerSecond } : {}), updated_at: new Date() })
          .where('workspace_id', '=', p.workspaceId)
          .where('id', '=', idOf(req))
          .where('deleted_at', 'is', null)
          .executeTakeFirst();
        if (!Number(r.numUpdatedRows)) throw notFound('WhatsApp number');
        await recordAudit(trx, p.workspaceId, actorOf(p, req.ip), 'whatsapp.connection.limits_updated', 'wa_connection', idOf(req), b);
      });
      await wakeLimitDeferred(ctx.db, idOf(req));
      return { data: await numberDashboard(ctx, p.workspaceId, idOf(req)) };
    },
  });

  app.get('/api/v1/whatsapp/error-codes', {
    config: { access: 'read' },
    schema: { tags, summary: 'Cloud API error codes: what Clarion does about each and a plain explanation (en/he)', response: { 200: Data(Type.Array(Any)), ...errorResponses } },
    handler: async () => ({ data: waErrorTable() }),
  });
}
