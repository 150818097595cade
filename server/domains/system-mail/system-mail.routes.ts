/**
 * The owner's view of system mail: whether and how it is configured (never the password), and a test
 * message to the signed-in owner's own address (only there, so the button cannot mail strangers).
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app/context.js';
import { principalOf } from '../../api/auth-hook.js';
import { Data, errorResponses } from '../../api/common-schemas.js';
import { badRequest } from '../../lib/errors.js';
import { findUserById } from '../auth/auth.repo.js';
import { sendSystemMail, systemMailStatus } from './system-mail.service.js';

const Status = Type.Object({
  configured: Type.Boolean(),
  host: Type.Union([Type.String(), Type.Null()]),
  port: Type.Union([Type.Integer(), Type.Null()]),
  tls: Type.Union([Type.String(), Type.Null()]),
  from: Type.Union([Type.String(), Type.Null()]),
  authenticated: Type.Boolean(),
  devPrintLinks: Type.Boolean(),
});
const TestResult = Type.Object({ sent: Type.Boolean(), reason: Type.Optional(Type.String()), to: Type.String() });

export async function registerSystemMailRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/system-mail', {
    config: { access: 'owner' },
    schema: { tags: ['system-mail'], summary: 'Whether system mail (invitations, resets, notices) is configured, and how', response: { 200: Data(Status), ...errorResponses } },
    handler: async () => ({ data: systemMailStatus(ctx) }),
  });

  app.post('/api/v1/system-mail/test', {
    config: { access: 'owner' },
    schema: { tags: ['system-mail'], summary: 'Send a test system mail to the signed-in owner’s own address', response: { 200: Data(TestResult), ...errorResponses } },
    handler: async (req) => {
      const p = principalOf(req);
      const user = p.userId ? await findUserById(ctx.db, p.userId) : null;
      if (!user) throw badRequest('Sign in as a user to send a test: it goes to your own address.');
      const r = await sendSystemMail(ctx, {
        to: user.email,
        subject: 'Clarion system mail test',
        text: `This is a test of Clarion's system mail, sent from ${ctx.config.publicUrl}. Invitations and password resets will arrive like this.\n\nזוהי הודעת בדיקה של דואר המערכת של Clarion.`,
      });
      return { data: { ...r, to: user.email } };
    },
  });
}
