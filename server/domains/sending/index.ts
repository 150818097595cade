/**
 * Sending set-up per workspace: SMTP servers (password encrypted, never returned), sending domains (DKIM key pair,
 * private key encrypted, DNS records to publish), sender identities, and email settings (VERP bounce domain, the
 * "X bounces in Y days" rule, individual tracking on/off). The email adapter reads these when a campaign starts.
 */
export { registerSendingRoutes } from './sending.routes.js';
export { getEmailSettings, findDomainFor, listSmtpServers, listIdentities, findIdentity, type EmailSettingsRow, type SmtpServerRow } from './sending.repo.js';
export { smtpServerView, identityView, settingsView, domainView } from './sending.service.js';
