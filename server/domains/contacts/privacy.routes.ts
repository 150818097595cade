/** Privacy requests: export everything about a contact (JSON) and erase it. */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ConsentSchema, ContactSchema } from '../../../common/contacts.js';
import type { AppContext } from '../../app/context.js';
import { Data, errorResponses, IdParams } from '../../api/common-schemas.js';
import { callerOf } from './caller.js';
import { toContactView } from './contact-view.js';
import { eraseContact, exportContact } from './privacy.service.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const ContactExport = Type.Object({
  exportedAt: Type.String({ format: 'date-time' }),
  contact: ContactSchema,
  consents: Type.Array(ConsentSchema),
  groups: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), addedAt: Type.String({ format: 'date-time' }) })),
  importIssues: Type.Array(Type.Object({
    id: Type.Integer(), importId: Type.Integer(), fileName: Type.String(), kind: Type.String(), line: Type.Integer(), column: Nullable(Type.String()),
    reason: Type.String(), raw: Type.Unknown(), resolution: Nullable(Type.String()), importedAt: Type.String({ format: 'date-time' }),
  })),
  auditEntries: Type.Array(Type.Object({
    id: Type.Integer(), action: Type.String(), actorType: Type.String(), actorLabel: Type.String(), details: Type.Unknown(), at: Type.String({ format: 'date-time' }),
  })),
  suppressions: Type.Array(Type.Object({ channel: Type.String(), value: Type.String(), reason: Type.String(), source: Type.String(), createdAt: Type.String({ format: 'date-time' }) })),
});

export async function registerPrivacyRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/contacts/:id/export', {
    config: { access: 'read' },
    schema: { tags: ['privacy'], summary: 'Everything held about one contact, as JSON (right of access / portability)', params: IdParams, response: { 200: Data(ContactExport), ...errorResponses } },
    handler: async (req, reply) => {
      const id = (req.params as { id: number }).id;
      const data = await exportContact(ctx.db, callerOf(req).workspaceId, id);
      return reply.header('content-disposition', `attachment; filename="contact-${id}.json"`).send({ data });
    },
  });

  app.post('/api/v1/contacts/:id/erase', {
    config: { access: 'admin' },
    schema: {
      tags: ['privacy'],
      summary: 'Erase a contact’s personal data for good (right to erasure); anonymous counts and a hashed suppression stay',
      params: IdParams,
      response: { 200: Data(ContactSchema), ...errorResponses },
    },
    handler: async (req) => ({ data: toContactView(await eraseContact(ctx.db, callerOf(req), (req.params as { id: number }).id)) }),
  });
}
