/**
 * The two emails forms send. The double opt-in confirmation goes to the visitor through the workspace's own sending
 * path (its first enabled SMTP server and default sender identity, DKIM-signed, VERP return path: the same path a
 * template test send takes), after the consent check: never to an address on the suppression list or a contact that
 * bounced or complained. A workspace without SMTP set up falls back to the instance's system mailer. The manager
 * notification is an operational email and goes through the system mailer.
 */
import { randomBytes } from 'node:crypto';
import type { AppContext } from '../../app/context.js';
import { decryptSecret } from '../../lib/crypto.js';
import { makeVerpAddress } from '../channels/email/bounces/index.js';
import { createMessageBuilder } from '../channels/email/mime/index.js';
import { SmtpConnection } from '../channels/email/smtp/smtp-connection.js';
import { findDomainFor, getEmailSettings, listIdentities, listSmtpServers } from '../sending/index.js';

export type MailOutcome = 'sent' | 'suppressed' | 'failed';

/** True when no email may go to this address from this workspace (suppressed, bounced, complained). */
async function blocked(ctx: AppContext, ws: number, email: string): Promise<boolean> {
  const sup = await ctx.db.selectFrom('suppressions').select('id').where('workspace_id', '=', ws).where('channel', '=', 'email').where('value', '=', email).executeTakeFirst();
  if (sup) return true;
  const c = await ctx.db.selectFrom('contacts').select('email_status').where('workspace_id', '=', ws).where('email', '=', email).where('deleted_at', 'is', null).executeTakeFirst();
  return !!c && ['bounced', 'complained', 'invalid'].includes(c.email_status);
}

export async function sendVisitorEmail(ctx: AppContext, ws: number, msg: { to: string; subject: string; text: string; html: string }): Promise<MailOutcome> {
  if (await blocked(ctx, ws, msg.to)) return 'suppressed';
  const server = (await listSmtpServers(ctx.db, ws)).find((s) => s.enabled);
  const identity = (await listIdentities(ctx.db, ws)).sort((x, y) => Number(y.is_default) - Number(x.is_default))[0];
  if (!server || !identity) {
    await ctx.mailer.send({ to: msg.to, subject: msg.subject, text: msg.text, workspaceId: ws });
    return 'sent';
  }
  const fromDomain = identity.from_address.split('@')[1];
  const domain = await findDomainFor(ctx.db, ws, fromDomain);
  const settings = await getEmailSettings(ctx.db, ws);
  const builder = createMessageBuilder(
    domain ? { dkim: { domainName: domain.domain, keySelector: domain.dkim_selector, privateKeyPem: decryptSecret(ctx.keys.encryptionKey, domain.dkim_private_key_enc) } } : {},
  );
  const tag = `form-${randomBytes(6).toString('hex')}`;
  const bounceDomain = settings.bounce_domain ?? fromDomain;
  const built = builder.build({
    messageId: `${tag}@${fromDomain}`, from: { name: identity.from_name, address: identity.from_address }, replyTo: identity.reply_to ?? undefined,
    to: msg.to, subject: msg.subject, html: msg.html, text: msg.text, returnPath: makeVerpAddress(tag, bounceDomain), feedbackId: `form:${ws}:email:clarion`,
    // The person is not subscribed yet: the unsubscribe headers point at the no-op target a test send uses.
    listUnsubscribeUrl: `${ctx.config.publicUrl.replace(/\/+$/, '').replace(/^http:/, 'https:')}/u/test`, listUnsubscribeMailto: `mailto:unsubscribe+test@${bounceDomain}`,
  });
  let conn: SmtpConnection | null = null;
  try {
    conn = await SmtpConnection.open({
      host: server.host, port: server.port, tlsMode: server.tls_mode, username: server.username,
      password: server.password_enc ? decryptSecret(ctx.keys.encryptionKey, server.password_enc) : null, clientName: fromDomain, timeoutMs: 30_000, outbound: ctx.outbound,
    });
    const reply = await conn.send(built.envelope.from, msg.to, built.raw);
    if (reply.code >= 200 && reply.code < 300) return 'sent';
    ctx.log.warn('form email refused', { workspaceId: ws, code: reply.code });
    return 'failed';
  } catch (err) {
    ctx.log.warn('form email failed', { workspaceId: ws, error: (err as Error).message });
    return 'failed';
  } finally {
    conn?.close();
  }
}

/** Emails the submitted values to the form's notify addresses (operational mail, through the system mailer). */
export async function notifyManagers(ctx: AppContext, ws: number, formName: string, to: string[], values: Record<string, unknown>) {
  if (!to.length) return;
  const lines = Object.entries(values).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`);
  const text = `A new submission of the form "${formName}":\n\n${lines.join('\n')}\n\nהתקבלה הרשמה חדשה בטופס "${formName}".`;
  for (const addr of to) {
    await ctx.mailer.send({ to: addr, subject: `New sign-up: ${formName}`, text, workspaceId: ws }).catch((err) => ctx.log.warn('notify mail failed', { error: (err as Error).message }));
  }
}
