/** Pre-flight checks run before a campaign email is sent (and in the editor). */
export { preflightEmail, GMAIL_CLIP_BYTES, type PreflightInput, type PreflightResult } from './preflight.js';
export type { Finding } from './preflight-checks.js';
