/**
 * WhatsApp campaigns: the WhatsApp side of the shared campaign pipeline. Owns the campaign content model
 * (template + variable mapping + header media), the sender (consent at send time, tier admission, throughput
 * slices, Cloud API error mapping), the asynchronous-failure hook, campaign-wide pauses and number halts, the
 * report and number dashboard, test sends, and the workspace's WhatsApp campaign settings (utility opt-in policy,
 * price list). The adapter itself is server/domains/channels/whatsapp/whatsapp.adapter.ts.
 */
export { registerWhatsappCampaignRoutes } from './whatsapp-campaigns.routes.js';
export { campaignReport, campaignWaProgress, numberDashboard } from './report.service.js';
export { pauseWaCampaign, pauseNumberCampaigns, haltNumber } from './pause.js';
export { getWaCampaignSettings, saveWaCampaignSettings, DEFAULT_RATES } from './settings.repo.js';
export { checkHeaderMedia } from './media-check.js';
export { testSend } from './test-send.js';
export type { WaCampaignContent, WaCampaignSettings, VarSource } from './content.js';
