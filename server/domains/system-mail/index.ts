/**
 * System mail: the instance's own SMTP server (CLARION_SYSTEM_* settings) and `sendSystemMail`, used by
 * invitations, password resets, sign-in notices and alerts. Owns the owner's status page API with its
 * "send test" action. Must not log message bodies, links or tokens; must not send when unconfigured.
 */
export { sendSystemMail, systemMailStatus, systemMailStartupNotice, type SystemMail, type SystemMailResult } from './system-mail.service.js';
export { createSmtpMailer, unconfiguredMailer } from './system-mail.transport.js';
export { registerSystemMailRoutes } from './system-mail.routes.js';
