/**
 * Reports: campaign funnels (audience → skipped → sent → delivered → opened → clicked → unsubscribed → bounced →
 * complained, machine opens and scanner clicks apart), hourly opens/clicks, per-link and per-domain tables, the
 * contacts behind a step (list, save as group, CSV), the contact card's message history and the dashboard.
 * Read-only over deliveries/events/campaign_links (written by deliveries, tracking and bounces). See docs/reports.md.
 */
export { registerReportRoutes } from './reports.routes.js';
export { campaignReport, campaignFunnel, stepRecipients, saveStepAsGroup, campaignCsv, messagesOfContact, dashboard } from './reports.service.js';
export { STEPS, type Step } from './report-contacts.js';
