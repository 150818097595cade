/**
 * Test send: the saved template to up to 10 addresses through the workspace's first enabled SMTP server, signed
 * with the sender domain's DKIM key, personalised for a chosen contact (or sample data). Links are not tracked and
 * nothing is recorded as a delivery; the subject is prefixed with [Test].
 */
import { isOutboundRefused } from '../../lib/outbound/index.js';
import { randomBytes } from 'node:crypto';
import type { AppContext } from '../../app/context.js';
import { decryptSecret } from '../../lib/crypto.js';
import { badRequest } from '../../lib/errors.js';
import { makeVerpAddress } from '../channels/email/bounces/index.js';
import { createMessageBuilder } from '../channels/email/mime/index.js';
import { SmtpConnection } from '../channels/email/smtp/smtp-connection.js';
import { findDomainFor, findIdentity, getEmailSettings, listIdentities, listSmtpServers } from '../sending/sending.repo.js';
import { compileEmailTemplate, renderEmailForSend } from './render/index.js';
import { getTemplate, previewContact } from './templates.service.js';

export async function testSendTemplate(
  ctx: AppContext,
  ws: number,
  id: number,
  b: { emails: string[]; contactId?: number | null; senderIdentityId?: number | null },
): Promise<{ sent: number; failed: { email: string; reason: string }[] }> {
  const emails = [...new Set(b.emails.map((e) => e.trim().toLowerCase()))];
  if (!emails.length || emails.length > 10) throw badRequest('Give between 1 and 10 addresses.', 'emails');
  const bad = emails.find((e) => !/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(e));
  if (bad) throw badRequest(`"${bad}" is not an email address.`, 'emails');
  const t = await getTemplate(ctx, ws, id);
  const identity = b.senderIdentityId ? await findIdentity(ctx.db, ws, b.senderIdentityId) : (await listIdentities(ctx.db, ws)).sort((x, y) => Number(y.is_default) - Number(x.is_default))[0];
  if (!identity) throw badRequest('Add a sender identity first (Settings → Sending).', 'senderIdentityId');
  const server = (await listSmtpServers(ctx.db, ws)).find((s) => s.enabled);
  if (!server) throw badRequest('Add an SMTP server first (Settings → Sending).');
  const fromDomain = identity.from_address.split('@')[1];
  const domain = await findDomainFor(ctx.db, ws, fromDomain);
  const settings = await getEmailSettings(ctx.db, ws);
  const compiled = await compileEmailTemplate({
    format: t.format, source: t.source, subject: `[Test] ${t.subject}`, preheader: t.preheader, textOverride: t.text_override, dir: t.dir, trackLinks: false,
  }).catch((err) => {
    throw badRequest(`The template cannot be sent: ${(err as Error).message}`, 'source');
  });
  const contact = await previewContact(ctx, ws, b.contactId);
  const workspace = await ctx.db.selectFrom('workspaces').select('name').where('id', '=', ws).executeTakeFirstOrThrow();
  const builder = createMessageBuilder(
    domain ? { dkim: { domainName: domain.domain, keySelector: domain.dkim_selector, privateKeyPem: decryptSecret(ctx.keys.encryptionKey, domain.dkim_private_key_enc) } } : {},
  );
  const base = ctx.config.publicUrl.replace(/\/+$/, '');
  const bounceDomain = settings.bounce_domain ?? fromDomain;
  const failed: { email: string; reason: string }[] = [];
  let sent = 0;
  let conn: SmtpConnection | null = null;
  try {
    conn = await SmtpConnection.open({
      host: server.host, port: server.port, tlsMode: server.tls_mode, username: server.username,
      password: server.password_enc ? decryptSecret(ctx.keys.encryptionKey, server.password_enc) : null, clientName: fromDomain, timeoutMs: 30_000, outbound: ctx.outbound,
    });
    for (const to of emails) {
      const r = renderEmailForSend(compiled, {
        contact, campaign: { name: t.name }, workspace: { name: workspace.name },
        urls: { unsubscribe: `${base}/u/test`, viewInBrowser: `${base}/t/v/test`, openPixel: null, click: () => '#' },
      });
      const tag = `test-${randomBytes(6).toString('hex')}`;
      const msg = builder.build({
        messageId: `${tag}@${fromDomain}`, from: { name: identity.from_name, address: identity.from_address }, replyTo: identity.reply_to ?? undefined,
        to, subject: r.subject, html: r.html, text: r.text, returnPath: makeVerpAddress(tag, bounceDomain),
        listUnsubscribeUrl: `${base.replace(/^http:/, 'https:')}/u/test`, listUnsubscribeMailto: `mailto:unsubscribe+test@${bounceDomain}`,
        feedbackId: `test:${ws}:email:clarion`,
      });
      const reply = await conn.send(msg.envelope.from, to, msg.raw);
      if (reply.code >= 200 && reply.code < 300) sent++;
      else failed.push({ email: to, reason: `${reply.code} ${reply.text}`.slice(0, 300) });
    }
  } catch (err) {
    if (isOutboundRefused(err)) throw err; // the SMTP host is an internal address: 400 naming `host`
    for (const e of emails.slice(sent + failed.length)) failed.push({ email: e, reason: (err as Error).message.slice(0, 300) });
  } finally {
    conn?.close();
  }
  return { sent, failed };
}
