/** HTTP routes for suppression lists: /api/v1/suppressions (list, add, remove, CSV export and import). */
import { Readable } from 'node:stream';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ChannelSchema } from '../../../common/contacts.js';
import type { AppContext } from '../../app/context.js';
import { principalOf } from '../../api/auth-hook.js';
import { Data, errorResponses, IdParams, Page, ReasonFields } from '../../api/common-schemas.js';
import type { Channel } from '../../db/schema.js';
import { validationFailed } from '../../lib/errors.js';
import { msg } from '../../lib/messages/index.js';
import { splitPastedValues } from '../../../common/paste-values.js';
import { actorOf } from '../auth/auth.service.js';
import * as repo from './suppressions.repo.js';
import * as svc from './suppressions.service.js';

const tags = ['suppressions'];

const SuppressionView = Type.Object({
  id: Type.Integer(),
  channel: ChannelSchema,
  value: Type.String({ description: 'Email, E.164 phone, or sha256:<hex> for an erased contact' }),
  reason: Type.String(),
  source: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});

const AddBody = Type.Object(
  {
    channel: ChannelSchema,
    value: Type.Optional(Type.String({ maxLength: 320 })),
    values: Type.Optional(Type.Array(Type.String({ maxLength: 320 }), { maxItems: 10_000 })),
    text: Type.Optional(Type.String({ maxLength: 1_000_000, description: 'Pasted text: one entry per line or comma; spaces do not split. Invalid entries are reported with their 1-based line as index' })),
    reason: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

const Report = Type.Object({
  added: Type.Integer(),
  alreadyPresent: Type.Integer(),
  duplicates: Type.Integer({ description: 'Values repeated in the request' }),
  invalid: Type.Array(Type.Object({ index: Type.Integer({ description: 'Array index (values), or 1-based line number (text, CSV)' }), value: Type.String(), ...ReasonFields })),
});

const ListQuery = Type.Object({
  channel: Type.Optional(ChannelSchema),
  q: Type.Optional(Type.String({ maxLength: 320, description: 'Value prefix' })),
  cursor: Type.Optional(Type.String({ pattern: '^[0-9]+$' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
});

const view = (r: repo.SuppressionRow) => ({ id: r.id, channel: r.channel, value: r.value, reason: r.reason, source: r.source, createdAt: r.created_at.toISOString() });

const csvCell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** Largest CSV accepted by the import: a list of a million addresses fits. */
const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

export async function registerSuppressionRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/suppressions', {
    config: { access: 'read' },
    schema: { tags, summary: 'Suppressed addresses, newest first', querystring: ListQuery, response: { 200: Page(SuppressionView), ...errorResponses } },
    handler: async (req) => {
      const ws = principalOf(req).workspaceId;
      const q = req.query as Static<typeof ListQuery>;
      const limit = q.limit ?? 50;
      const rows = await repo.listSuppressions(ctx.db, ws, { channel: q.channel, q: q.q?.trim().toLowerCase(), beforeId: q.cursor ? Number(q.cursor) : undefined, limit });
      const total = await repo.countSuppressions(ctx.db, ws, { channel: q.channel, q: q.q?.trim().toLowerCase() });
      return { data: rows.map(view), meta: { nextCursor: rows.length === limit ? String(rows[rows.length - 1].id) : null, total } };
    },
  });

  app.post('/api/v1/suppressions', {
    config: { access: 'write' },
    schema: { tags, summary: 'Suppress one value or a JSON array of values on a channel', body: AddBody, response: { 201: Data(Report), ...errorResponses } },
    handler: async (req, reply) => {
      const p = principalOf(req);
      const b = req.body as Static<typeof AddBody>;
      const raw = b.text !== undefined
        ? splitPastedValues(b.text).map((v) => ({ index: v.line, value: v.value }))
        : (b.values ?? (b.value !== undefined ? [b.value] : [])).map((value, index) => ({ index, value }));
      if (!raw.length) throw validationFailed('value', msg('guard.suppression_value_needed'));
      if (raw.length > 10_000) throw validationFailed('text', msg('guard.suppression_paste_limit', { limit: 10_000 }));
      const report = await svc.addSuppressions(ctx.db, p.workspaceId, b.channel as Channel, raw, {
        reason: b.reason ?? '', source: 'manual', actor: actorOf(p, req.ip),
      });
      if (b.value !== undefined && !b.values && report.invalid.length) throw validationFailed('value', msg('suppressions.value_invalid', { value: b.value, problem: { code: report.invalid[0].reasonCode, params: report.invalid[0].reasonParams ?? {} } }));
      return reply.status(201).send({ data: report });
    },
  });

  app.delete('/api/v1/suppressions/:id', {
    config: { access: 'write' },
    schema: { tags, summary: 'Remove an entry from the suppression list', params: IdParams, response: { 204: Type.Null(), ...errorResponses } },
    handler: async (req, reply) => {
      const p = principalOf(req);
      await svc.removeSuppression(ctx.db, p.workspaceId, (req.params as { id: number }).id, actorOf(p, req.ip));
      return reply.status(204).send();
    },
  });

  app.get('/api/v1/suppressions/export', {
    config: { access: 'read' },
    schema: {
      tags,
      summary: 'Download a channel’s suppression list as CSV (streamed)',
      querystring: Type.Object({ channel: ChannelSchema }),
      response: { 200: Type.String({ description: 'text/csv: value,reason,source,created_at' }), ...errorResponses },
    },
    handler: async (req, reply) => {
      const ws = principalOf(req).workspaceId;
      const channel = (req.query as { channel: Channel }).channel;
      async function* rows() {
        yield 'value,reason,source,created_at\r\n';
        let after = 0;
        for (;;) {
          const page = await repo.suppressionPage(ctx.db, ws, channel, after, 5000);
          if (!page.length) return;
          yield page.map((r) => [r.value, r.reason, r.source, r.created_at.toISOString()].map(csvCell).join(',')).join('\r\n') + '\r\n';
          after = page[page.length - 1].id;
        }
      }
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="suppressions-${channel}.csv"`)
        .send(Readable.from(rows()));
    },
  });

  // The CSV body parser is scoped to this plugin so it cannot clash with other modules' parsers.
  await app.register(async (scope) => {
    scope.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string', bodyLimit: Math.max(ctx.config.maxBodyBytes, MAX_IMPORT_BYTES) }, (_req, body, done) => done(null, body));
    scope.post('/api/v1/suppressions/import', {
      config: { access: 'write' },
      bodyLimit: Math.max(ctx.config.maxBodyBytes, MAX_IMPORT_BYTES),
      schema: {
        tags,
        summary: 'Import a suppression list: text/csv body, one value per line (first column; a header line is skipped)',
        querystring: Type.Object({ channel: ChannelSchema, reason: Type.Optional(Type.String({ maxLength: 200 })) }),
        consumes: ['text/csv', 'text/plain'],
        body: Type.String({ description: 'CSV text' }),
        response: { 200: Data(Type.Object({ lines: Type.Integer(), ...Report.properties })), ...errorResponses },
      },
      handler: async (req) => {
        const p = principalOf(req);
        const q = req.query as { channel: Channel; reason?: string };
        const values = svc.valuesFromCsv(req.body as string);
        const report = await svc.addSuppressions(ctx.db, p.workspaceId, q.channel, values, { reason: q.reason ?? 'imported', source: 'import', actor: actorOf(p, req.ip) });
        // Line numbers are what a person fixes the file by; cap the list so a wrong file does not produce a huge answer.
        return { data: { lines: values.length, ...report, invalid: report.invalid.slice(0, 1000) } };
      },
    });
  });
}
