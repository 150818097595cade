/** HTTP: workspace alerts (list, resolve) and clearing a WhatsApp number's halt. */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../app/context.js';
import { principalOf } from '../../../api/auth-hook.js';
import { Data, errorResponses, IdParams } from '../../../api/common-schemas.js';
import { notFound } from '../../../lib/errors.js';
import { recordAudit } from '../../audit/index.js';
import { actorOf } from '../../auth/auth.service.js';
import { clearWhatsappHalt, listAlerts, resolveAlert, type AlertRow } from './alerts.js';

const AlertView = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  severity: Type.String(),
  title: Type.String(),
  message: Type.String(),
  entityType: Type.Union([Type.String(), Type.Null()]),
  entityId: Type.Union([Type.String(), Type.Null()]),
  data: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Type.String({ format: 'date-time' }),
  resolvedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

const view = (a: AlertRow) => ({
  id: a.id,
  kind: a.kind,
  severity: a.severity,
  title: a.title,
  message: a.message,
  entityType: a.entity_type,
  entityId: a.entity_id,
  data: a.data,
  createdAt: a.created_at.toISOString(),
  resolvedAt: a.resolved_at ? a.resolved_at.toISOString() : null,
});

export async function registerAlertRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/alerts', {
    config: { access: 'read' },
    schema: { tags: ['alerts'], summary: 'Workspace alerts, newest first (open=true: unresolved only)', querystring: Type.Object({ open: Type.Optional(Type.Boolean()) }), response: { 200: Data(Type.Array(AlertView)), ...errorResponses } },
    handler: async (req) => ({ data: (await listAlerts(ctx.db, principalOf(req).workspaceId, { open: (req.query as { open?: boolean }).open })).map(view) }),
  });

  app.post('/api/v1/alerts/:id/resolve', {
    config: { access: 'write' },
    schema: { tags: ['alerts'], summary: 'Mark an alert as dealt with', params: IdParams, response: { 200: Data(AlertView), ...errorResponses } },
    handler: async (req) => {
      const p = principalOf(req);
      const row = await resolveAlert(ctx.db, p.workspaceId, (req.params as { id: number }).id);
      if (!row) throw notFound('Alert');
      await recordAudit(ctx.db, p.workspaceId, actorOf(p, req.ip), 'alert.resolved', 'workspace_alert', row.id);
      return { data: view(row) };
    },
  });

  app.post('/api/v1/whatsapp/numbers/:id/resume', {
    config: { access: 'admin' },
    schema: { tags: ['whatsapp'], summary: 'Lift the halt of a number after fixing the account problem', params: IdParams, response: { 204: Type.Null(), ...errorResponses } },
    handler: async (req, reply) => {
      const p = principalOf(req);
      const id = (req.params as { id: number }).id;
      if (!(await clearWhatsappHalt(ctx.db, p.workspaceId, id))) throw notFound('WhatsApp number');
      await recordAudit(ctx.db, p.workspaceId, actorOf(p, req.ip), 'whatsapp.connection.resumed', 'wa_connection', id);
      return reply.status(204).send();
    },
  });
}
