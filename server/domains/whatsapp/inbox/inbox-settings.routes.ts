/** HTTP: keyword auto-reply rules (CRUD) and the workspace's inbox settings (history cap, opt-out reply). */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../app/context.js';
import { principalOf } from '../../../api/auth-hook.js';
import { Data, errorResponses, IdParams } from '../../../api/common-schemas.js';
import { badRequest, notFound } from '../../../lib/errors.js';
import { recordAudit } from '../../audit/index.js';
import { actorOf } from '../../auth/auth.service.js';
import * as rules from './auto-replies.js';

const NullableInt = Type.Union([Type.Integer(), Type.Null()]);
const RuleView = Type.Object({
  id: Type.Integer(),
  connectionId: NullableInt,
  keyword: Type.String(),
  matchMode: Type.String(),
  replyText: Type.Union([Type.String(), Type.Null()]),
  templateId: NullableInt,
  templateVariables: Type.Array(Type.String()),
  groupId: NullableInt,
  enabled: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
const ruleFields = {
  connectionId: Type.Optional(NullableInt),
  keyword: Type.String({ minLength: 1, maxLength: 200 }),
  matchMode: Type.Optional(Type.Union([Type.Literal('exact'), Type.Literal('contains')])),
  replyText: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 4096 }), Type.Null()])),
  templateId: Type.Optional(NullableInt),
  templateVariables: Type.Optional(Type.Array(Type.String({ maxLength: 1024 }), { maxItems: 100 })),
  groupId: Type.Optional(NullableInt),
  enabled: Type.Optional(Type.Boolean()),
};
const RuleCreate = Type.Object(ruleFields, { additionalProperties: false });
const RulePatch = Type.Partial(Type.Object(ruleFields), { additionalProperties: false });
const SettingsView = Type.Object({ historyCap: Type.Integer(), optOutReply: Type.String() });
const SettingsPatch = Type.Object({ historyCap: Type.Optional(Type.Integer({ minimum: 10, maximum: 1_000_000 })), optOutReply: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })) }, { additionalProperties: false });

const view = (r: rules.AutoReplyRow) => ({
  id: r.id,
  connectionId: r.connection_id,
  keyword: r.keyword,
  matchMode: r.match_mode,
  replyText: r.reply_text,
  templateId: r.template_id,
  templateVariables: r.template_variables ?? [],
  groupId: r.group_id,
  enabled: r.enabled,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

const DEFAULT_REPLY = 'You will no longer receive marketing messages from us on WhatsApp. / הוסרת מרשימת הדיוור שלנו בוואטסאפ.';
const tags = ['whatsapp-inbox'];

export async function registerInboxSettingsRoutes(app: FastifyInstance, ctx: AppContext) {
  /** Checks that referenced number, template and group belong to the workspace. */
  async function checkRefs(ws: number, b: Partial<Static<typeof RuleCreate>>) {
    if (b.connectionId && !(await ctx.db.selectFrom('wa_connections').select('id').where('workspace_id', '=', ws).where('id', '=', b.connectionId).where('deleted_at', 'is', null).executeTakeFirst())) throw badRequest('Unknown WhatsApp number.', 'connectionId');
    if (b.templateId && !(await ctx.db.selectFrom('wa_templates').select('id').where('workspace_id', '=', ws).where('id', '=', b.templateId).where('deleted_at', 'is', null).executeTakeFirst())) throw badRequest('Unknown template.', 'templateId');
    if (b.groupId && !(await ctx.db.selectFrom('groups').select('id').where('workspace_id', '=', ws).where('id', '=', b.groupId).where('deleted_at', 'is', null).executeTakeFirst())) throw badRequest('Unknown group.', 'groupId');
  }
  const columns = (b: Partial<Static<typeof RuleCreate>>) => {
    const c: Record<string, unknown> = {};
    if (b.connectionId !== undefined) c.connection_id = b.connectionId;
    if (b.keyword !== undefined) c.keyword = b.keyword.trim();
    if (b.matchMode !== undefined) c.match_mode = b.matchMode;
    if (b.replyText !== undefined) c.reply_text = b.replyText;
    if (b.templateId !== undefined) c.template_id = b.templateId;
    if (b.templateVariables !== undefined) c.template_variables = JSON.stringify(b.templateVariables);
    if (b.groupId !== undefined) c.group_id = b.groupId;
    if (b.enabled !== undefined) c.enabled = b.enabled;
    return c;
  };

  app.get('/api/v1/whatsapp/auto-replies', {
    config: { access: 'read' },
    schema: { tags, summary: 'Keyword auto-reply rules (first matching rule wins)', response: { 200: Data(Type.Array(RuleView)), ...errorResponses } },
    handler: async (req) => ({ data: (await rules.listAutoReplies(ctx.db, principalOf(req).workspaceId)).map(view) }),
  });

  app.post('/api/v1/whatsapp/auto-replies', {
    config: { access: 'write' },
    schema: { tags, summary: 'Create a rule: keyword → reply text or template, optionally add the contact to a group', body: RuleCreate, response: { 201: Data(RuleView), ...errorResponses } },
    handler: async (req, reply) => {
      const p = principalOf(req);
      const b = req.body as Static<typeof RuleCreate>;
      if (!b.replyText && !b.templateId && !b.groupId) throw badRequest('Give a reply text, a template or a group.', 'replyText');
      await checkRefs(p.workspaceId, b);
      const row = await rules.insertAutoReply(ctx.db, { workspace_id: p.workspaceId, ...columns(b) });
      await recordAudit(ctx.db, p.workspaceId, actorOf(p, req.ip), 'whatsapp.auto_reply.created', 'wa_auto_reply', row.id, { keyword: row.keyword });
      return reply.status(201).send({ data: view(row) });
    },
  });

  app.patch('/api/v1/whatsapp/auto-replies/:id', {
    config: { access: 'write' },
    schema: { tags, summary: 'Change a rule', params: IdParams, body: RulePatch, response: { 200: Data(RuleView), ...errorResponses } },
    handler: async (req) => {
      const p = principalOf(req);
      const b = req.body as Partial<Static<typeof RuleCreate>>;
      await checkRefs(p.workspaceId, b);
      const row = await rules.updateAutoReply(ctx.db, p.workspaceId, (req.params as { id: number }).id, columns(b));
      if (!row) throw notFound('Auto-reply rule');
      await recordAudit(ctx.db, p.workspaceId, actorOf(p, req.ip), 'whatsapp.auto_reply.updated', 'wa_auto_reply', row.id, { fields: Object.keys(b) });
      return { data: view(row) };
    },
  });

  app.delete('/api/v1/whatsapp/auto-replies/:id', {
    config: { access: 'write' },
    schema: { tags, summary: 'Delete a rule', params: IdParams, response: { 204: Type.Null(), ...errorResponses } },
    handler: async (req, reply) => {
      const p = principalOf(req);
      const id = (req.params as { id: number }).id;
      if (!(await rules.deleteAutoReply(ctx.db, p.workspaceId, id))) throw notFound('Auto-reply rule');
      await recordAudit(ctx.db, p.workspaceId, actorOf(p, req.ip), 'whatsapp.auto_reply.deleted', 'wa_auto_reply', id);
      return reply.status(204).send();
    },
  });

  const settingsOf = async (ws: number) => {
    const s = await ctx.db.selectFrom('wa_settings').select(['history_cap', 'opt_out_reply']).where('workspace_id', '=', ws).executeTakeFirst();
    return { historyCap: s?.history_cap ?? 1000, optOutReply: s?.opt_out_reply ?? DEFAULT_REPLY };
  };

  app.get('/api/v1/whatsapp/settings', {
    config: { access: 'read' },
    schema: { tags, summary: 'Inbox settings: history cap per chat (default 1,000 messages), opt-out confirmation text', response: { 200: Data(SettingsView), ...errorResponses } },
    handler: async (req) => ({ data: await settingsOf(principalOf(req).workspaceId) }),
  });

  app.patch('/api/v1/whatsapp/settings', {
    config: { access: 'admin' },
    schema: { tags, summary: 'Change inbox settings', body: SettingsPatch, response: { 200: Data(SettingsView), ...errorResponses } },
    handler: async (req) => {
      const p = principalOf(req);
      const b = req.body as Static<typeof SettingsPatch>;
      const cur = await settingsOf(p.workspaceId);
      const next = { history_cap: b.historyCap ?? cur.historyCap, opt_out_reply: b.optOutReply ?? cur.optOutReply };
      await ctx.db
        .insertInto('wa_settings')
        .values({ workspace_id: p.workspaceId, ...next })
        .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ ...next, updated_at: new Date() }))
        .execute();
      await recordAudit(ctx.db, p.workspaceId, actorOf(p, req.ip), 'whatsapp.settings.updated', 'wa_settings', p.workspaceId, b);
      return { data: await settingsOf(p.workspaceId) };
    },
  });
}
