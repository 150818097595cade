/** HTTP: the contacts list (GET /contacts) and the same query with a JSON body (POST /contacts/search). */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ContactSchema, EmailStatusSchema } from '../../../common/contacts.js';
import { FilterInputSchema } from '../../../common/segments.js';
import type { AppContext } from '../../app/context.js';
import { principalOf } from '../../api/auth-hook.js';
import { errorResponses, Page } from '../../api/common-schemas.js';
import { badRequest } from '../../lib/errors.js';
import { contactView, listContacts, type ContactQuery } from './contacts-query.service.js';

const lit = <T extends string>(v: readonly T[]) => Type.Union(v.map((x) => Type.Literal(x)));

const common = {
  sort: Type.Optional(lit(['created_at', 'updated_at', 'email', 'first_name', 'last_name'] as const)),
  order: Type.Optional(lit(['asc', 'desc'] as const)),
  cursor: Type.Optional(Type.String({ maxLength: 2000, description: 'nextCursor of the previous page' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  groupId: Type.Optional(Type.Integer({ minimum: 1 })),
  segmentId: Type.Optional(Type.Integer({ minimum: 1 })),
  emailStatus: Type.Optional(EmailStatusSchema),
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Prefix of an email, phone (+972…, 05…), first, last or full name' })),
};

const ListQuery = Type.Object({
  ...common,
  filter: Type.Optional(Type.String({ maxLength: 16000, description: 'A filter tree (see POST /segments) as JSON' })),
  withTotal: Type.Optional(lit(['0', '1', 'true', 'false'] as const)),
});

const SearchBody = Type.Object(
  { ...common, filter: Type.Optional(FilterInputSchema), withTotal: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);

/** Serialises a page of contacts for the API. */
export async function contactPage(ctx: AppContext, workspaceId: number, q: ContactQuery) {
  const r = await listContacts(ctx.db, workspaceId, q);
  return { data: r.rows.map(contactView), meta: { nextCursor: r.nextCursor, ...(r.total !== undefined ? { total: r.total } : {}) } };
}

export async function registerContactQueryRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/contacts', {
    config: { access: 'read' },
    schema: {
      tags: ['contacts'],
      summary: 'List contacts: cursor pages, sort, filter tree, group/segment/status shortcuts, prefix search; total only with withTotal=1',
      querystring: ListQuery,
      response: { 200: Page(ContactSchema), ...errorResponses },
    },
    handler: async (req) => {
      const q = req.query as Static<typeof ListQuery>;
      let filter: unknown;
      if (q.filter !== undefined && q.filter !== '') {
        try {
          filter = JSON.parse(q.filter);
        } catch {
          throw badRequest('filter must be a JSON-encoded filter tree.', 'filter');
        }
      }
      return contactPage(ctx, principalOf(req).workspaceId, { ...q, filter, withTotal: q.withTotal === '1' || q.withTotal === 'true' });
    },
  });

  app.post('/api/v1/contacts/search', {
    config: { access: 'read' },
    schema: {
      tags: ['contacts'],
      summary: 'The contacts list query with a JSON body (for long filters)',
      body: SearchBody,
      response: { 200: Page(ContactSchema), ...errorResponses },
    },
    handler: async (req) => contactPage(ctx, principalOf(req).workspaceId, req.body as Static<typeof SearchBody>),
  });
}
