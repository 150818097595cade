/**
 * Campaigns (every channel): the state machine, content frozen at send time, the set-based audience build with skip
 * reasons, scheduling, follow-ups (resend, non-openers) and live progress. Sending itself is the deliveries
 * pipeline; channel specifics are adapters (channels/channel.ts).
 */
export {
  createCampaign, updateCampaign, deleteCampaign, sendCampaign, scheduleCampaign, pauseCampaign, resumeCampaign, cancelCampaign,
  copyCampaign, resendCampaign, nonOpenersCampaign, audienceCount, campaignProgress, runBuild, startDueCampaigns, sendProblems,
  effectiveContent, type CampaignInput,
} from './campaigns.service.js';
export { buildAudience, countAudienceFor, REACHED, type AudienceSource } from './audience.js';
export { campaignPreflight } from './campaign-preflight.js';
export { registerCampaignRoutes, campaignView } from './campaigns.routes.js';
export { findCampaign, type CampaignRow } from './campaigns.repo.js';
