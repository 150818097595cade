/**
 * The SMTP transport of system mail, built from the operator's CLARION_SYSTEM_* settings. Uses nodemailer:
 * system mail is a handful of messages, so its composer is worth more here than the campaign path's speed.
 * The server is the operator's own (from the environment, never from a workspace), so no outbound policy applies.
 */
import nodemailer from 'nodemailer';
import type { SystemMailConfig } from '../../config/config.js';
import type { SystemMail, SystemMailer, SystemMailResult } from '../../app/context.js';

/** A mailer that sends nothing and says why: what runs until the operator configures system mail. */
export const unconfiguredMailer: SystemMailer = {
  configured: false,
  async send(): Promise<SystemMailResult> {
    return { sent: false, reason: 'not_configured' };
  },
};

/** Sends through the configured SMTP server; failures come back as a reason, never as provider text. */
export function createSmtpMailer(cfg: SystemMailConfig): SystemMailer {
  const transport = nodemailer.createTransport({
    host: cfg.host,
    port: cfg.port,
    secure: cfg.tls === 'tls',
    requireTLS: cfg.tls === 'starttls',
    ignoreTLS: cfg.tls === 'none',
    auth: cfg.user ? { user: cfg.user, pass: cfg.password ?? '' } : undefined,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
    logger: false,
    debug: false,
  });
  return {
    configured: true,
    async send(msg: SystemMail): Promise<SystemMailResult> {
      try {
        await transport.sendMail({ from: cfg.from, to: msg.to, subject: msg.subject, text: msg.text, html: msg.html });
        return { sent: true };
      } catch (err) {
        return { sent: false, reason: classify(err) };
      }
    },
    close: () => transport.close(),
  };
}

/** Maps nodemailer's error codes onto the reasons we show an owner (the raw text may carry server details). */
function classify(err: unknown): NonNullable<SystemMailResult['reason']> {
  const code = (err as { code?: string; responseCode?: number }).code;
  const responseCode = (err as { responseCode?: number }).responseCode;
  if (code === 'EAUTH') return 'auth_failed';
  if (code === 'ETLS') return 'tls_failed';
  if (code === 'ETIMEDOUT') return 'timeout';
  if (code === 'EENVELOPE' || code === 'EMESSAGE' || (responseCode && responseCode >= 500)) return 'rejected';
  if (code === 'ECONNECTION' || code === 'ESOCKET' || code === 'EDNS' || code === 'ECONNREFUSED') return 'connection_failed';
  return 'smtp_error';
}
