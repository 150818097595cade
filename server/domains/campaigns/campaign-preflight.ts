/**
 * The campaign pre-flight: the template checks of preflightEmail on the content that will be sent, plus what would
 * stop the send itself (no sender, no SMTP server, no audience). Errors block sending; warnings don't.
 */
import type { AppContext } from '../../app/context.js';
import { msg } from '../../lib/messages/index.js';
import { findIdentity, listIdentities } from '../sending/sending.repo.js';
import { preflightEmail, type PreflightResult } from '../templates/preflight/index.js';
import { channelAdapter } from '../channels/channel.js';
import type { EmailCampaignSettings, EmailContent } from '../channels/email/email.adapter.js';
import type { CampaignRow } from './campaigns.repo.js';
import { effectiveContent, forSend, sendProblems } from './campaigns.service.js';

export async function campaignPreflight(ctx: AppContext, c: CampaignRow): Promise<PreflightResult> {
  const content = await effectiveContent(ctx, c);
  if (c.channel !== 'email') {
    const problems = await channelAdapter(c.channel).validateForSend(ctx, forSend(c, content));
    return { ok: !problems.length, errors: problems.map((detail) => msg('campaign.not_ready', { detail })), warnings: [], sizeBytes: 0, unsubscribeAdded: false };
  }
  const e = content as unknown as Partial<EmailContent>;
  const s = (c.settings ?? {}) as EmailCampaignSettings;
  const identity = s.senderIdentityId ? await findIdentity(ctx.db, c.workspace_id, s.senderIdentityId) : (await listIdentities(ctx.db, c.workspace_id))[0];
  const result = await preflightEmail({
    subject: e.subject ?? '',
    fromName: identity?.from_name ?? '',
    fromEmail: identity?.from_address ?? '',
    source: e.source ?? '',
    format: e.format ?? 'mjml',
    preheader: e.preheader,
    textOverride: e.textOverride ?? null,
    dir: e.dir,
    trackLinks: s.trackClicks !== false,
    utm: s.utm ?? null,
  });
  // Set-up problems the template checks can't see (their content findings are already in the result).
  const seen = new Set(result.errors.map((f) => f.message));
  for (const message of await sendProblems(ctx, c)) {
    if (/SMTP server|group or segment|sender identity/.test(message) && !seen.has(message)) result.errors.push(msg('campaign.not_ready', { detail: message }));
  }
  result.ok = result.errors.length === 0;
  return result;
}
