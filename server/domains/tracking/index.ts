/**
 * Tracking: what happens to a message after it is sent, as seen from the links inside it — the open pixel, click
 * redirects (the destination comes from the campaign's stored link table, never from the URL), view in browser,
 * and the unsubscribe page / RFC 8058 one-click / mailto unsubscribe. Machine opens and scanner clicks are flagged
 * (`data.bot` on the events) and left out of unique rates. Hits are written in batches (hit-buffer.ts).
 * Owns campaign_links and tracking_settings; writes events and the engagement columns of deliveries.
 * Token formats: tokens.ts (owned by the delivery pipeline). See docs/tracking.md.
 */
export { registerTrackingRoutes, activeTracker } from './tracking.routes.js';
export { recordOpen, recordClick, honeypotUrl, type Tracker, type RequestInfo, type ClickOutcome } from './tracking.service.js';
export { classifyOpen, classifyClick, HONEYPOT_LINK_INDEX, DEFAULT_SCANNER_CLICK_SECONDS, DEFAULT_MACHINE_OPEN_SECONDS } from './detect.js';
export { campaignLinks, storeCampaignLinks } from './links.js';
export { HitBuffer } from './hit-buffer.js';
export { unsubscribeByToken, unsubscribeTarget, findUnsubscribeTarget, type UnsubscribeMethod, type UnsubscribeOutcome } from './unsubscribe.service.js';
export { renderViewInBrowser } from './view.js';
