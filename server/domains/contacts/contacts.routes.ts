/** HTTP routes for single contacts: create, read (with groups and consents), update, delete, bulk delete. */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ContactCreateSchema, ContactDetailSchema, ContactPatchSchema, ContactSchema } from '../../../common/contacts.js';
import type { AppContext } from '../../app/context.js';
import { Data, errorResponses, IdParams } from '../../api/common-schemas.js';
import { callerOf } from './caller.js';
import { bulkDeleteContacts, BulkDeleteSchema } from './bulk-delete.js';
import { toConsentView, toContactView } from './contact-view.js';
import * as svc from './contacts.service.js';
import { registerPrivacyRoutes } from './privacy.routes.js';
import { registerStatusRoutes } from './status.routes.js';

const tags = ['contacts'];

export async function registerContactRoutes(app: FastifyInstance, ctx: AppContext) {
  app.post('/api/v1/contacts', {
    config: { access: 'write' },
    schema: { tags, summary: 'Create a contact (email and/or phone, names, custom fields, initial statuses with consent)', body: ContactCreateSchema, response: { 201: Data(ContactSchema), ...errorResponses } },
    handler: async (req, reply) => {
      const row = await svc.createContact(ctx.db, callerOf(req), req.body as Static<typeof ContactCreateSchema>, req.ip);
      return reply.status(201).send({ data: toContactView(row) });
    },
  });

  app.get('/api/v1/contacts/:id', {
    config: { access: 'read' },
    schema: { tags, summary: 'One contact with its groups and consent history (also while in the recycle bin)', params: IdParams, response: { 200: Data(ContactDetailSchema), ...errorResponses } },
    handler: async (req) => {
      const d = await svc.getContactDetail(ctx.db, callerOf(req).workspaceId, (req.params as { id: number }).id);
      return { data: { ...toContactView(d.row), groups: d.groups.map((g) => ({ id: g.id, name: g.name })), consents: d.consents.map(toConsentView) } };
    },
  });

  app.patch('/api/v1/contacts/:id', {
    config: { access: 'write' },
    schema: { tags, summary: 'Change a contact (null clears email/phone or a field; protected needs a manager)', params: IdParams, body: ContactPatchSchema, response: { 200: Data(ContactSchema), ...errorResponses } },
    handler: async (req) => {
      const row = await svc.updateContact(ctx.db, callerOf(req), (req.params as { id: number }).id, req.body as Static<typeof ContactPatchSchema>, req.ip);
      return { data: toContactView(row) };
    },
  });

  app.delete('/api/v1/contacts/:id', {
    config: { access: 'write' },
    schema: { tags, summary: 'Move a contact to the recycle bin (restorable for 7 days, with its groups)', params: IdParams, response: { 204: Type.Null(), ...errorResponses } },
    handler: async (req, reply) => {
      await svc.deleteContact(ctx.db, callerOf(req), (req.params as { id: number }).id);
      return reply.status(204).send();
    },
  });

  app.post('/api/v1/contacts/bulk-delete', {
    config: { access: 'write' },
    schema: {
      tags,
      summary: 'Move many contacts to the recycle bin: a list of ids, or every contact matching a segment filter',
      body: BulkDeleteSchema,
      response: { 200: Data(Type.Object({ deleted: Type.Integer() })), ...errorResponses },
    },
    handler: async (req) => ({ data: { deleted: await bulkDeleteContacts(ctx.db, callerOf(req), req.body as Static<typeof BulkDeleteSchema>) } }),
  });

  await registerStatusRoutes(app, ctx);
  await registerPrivacyRoutes(app, ctx);
}
