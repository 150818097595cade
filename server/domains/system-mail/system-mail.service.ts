/**
 * sendSystemMail: the one way the server mails people on the instance's behalf (invitations, password
 * resets, sign-in notices, alerts). Without configured system mail nothing is sent and the caller gets
 * `{ sent: false, reason: 'not_configured' }`. Nothing here logs a body, a link or a token: messages carry
 * one-time secrets. With CLARION_DEV_PRINT_LINKS=1 the message's `devLink` is printed to the terminal
 * (stdout, not the JSON log), for development without a mail server.
 */
import type { AppContext, SystemMail, SystemMailResult } from '../../app/context.js';

export type { SystemMail, SystemMailResult };

export async function sendSystemMail(ctx: AppContext, msg: SystemMail): Promise<SystemMailResult> {
  if (ctx.config.devPrintLinks && msg.devLink) {
    process.stdout.write(`[dev] system mail "${msg.subject}" to ${msg.to}: ${msg.devLink}\n`);
  }
  let result: SystemMailResult;
  try {
    result = await ctx.mailer.send(msg);
  } catch {
    result = { sent: false, reason: 'smtp_error' };
  }
  if (!result.sent) {
    // Subject and reason only: the body holds links with one-time tokens.
    ctx.log.warn('system mail not sent', { subject: msg.subject, reason: result.reason });
  }
  return result;
}

/** What the owner's settings page shows (never the SMTP password). */
export function systemMailStatus(ctx: AppContext) {
  const c = ctx.config.systemMail;
  return {
    configured: c !== null && ctx.mailer.configured,
    host: c?.host ?? null,
    port: c?.port ?? null,
    tls: c?.tls ?? null,
    from: c?.from ?? null,
    authenticated: c?.user != null,
    devPrintLinks: ctx.config.devPrintLinks,
  };
}

/** The start-up line about system mail: plain about what is not sent when it is missing. */
export function systemMailStartupNotice(ctx: AppContext): string {
  const c = ctx.config.systemMail;
  if (c) return `System mail: sending through ${c.host}:${c.port} as ${c.from}.`;
  return (
    'System mail is NOT configured: invitations, password resets and sign-in notices are not emailed. ' +
    'Set CLARION_SYSTEM_SMTP_HOST and CLARION_SYSTEM_MAIL_FROM (see docs/configuration.md).'
  );
}
