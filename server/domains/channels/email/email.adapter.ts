/**
 * The email channel adapter: who may receive an email campaign (eligibility SQL for the audience build) and the
 * per-campaign sender (template compiled once, DKIM key, SMTP pools, VERP, List-Unsubscribe, Feedback-ID).
 */
import { sql } from 'kysely';
import type { AppContext } from '../../../app/context.js';
import { decryptSecret } from '../../../lib/crypto.js';
import { compileEmailTemplate } from '../../templates/render/index.js';
import { findDomainFor, findIdentity, getEmailSettings, listIdentities, listSmtpServers } from '../../sending/sending.repo.js';
import { registerChannel, type AudienceRules, type CampaignForSend, type ChannelAdapter, type ChannelSender } from '../channel.js';
import { EmailSender } from './smtp/email-sender.js';

/** The content of an email campaign (editable until sent, then frozen). */
export interface EmailContent {
  format: 'mjml' | 'html';
  source: string;
  subject: string;
  preheader?: string;
  textOverride?: string | null;
  dir?: 'ltr' | 'rtl';
  /** BCP 47 language of the content; absent = the workspace's locale. */
  lang?: string;
}

/** Settings of an email campaign. */
export interface EmailCampaignSettings {
  senderIdentityId?: number | null;
  /** Restrict to these SMTP servers; empty/absent = every enabled server of the workspace. */
  smtpServerIds?: number[];
  utm?: Record<string, string> | null;
  trackOpens?: boolean;
  trackClicks?: boolean;
}

/** A campaign cannot be sent; the pipeline pauses it with this message. */
export class SendSetupError extends Error {}

/**
 * Email eligibility, set-based over `contacts c`: no address → no_email; the contact's email status; the
 * suppression list; blocked recipient domains; and the workspace's bounce rule (X bounce events in Y days).
 */
export async function emailAudienceRules(ctx: AppContext, workspaceId: number): Promise<AudienceRules> {
  const s = await getEmailSettings(ctx.db, workspaceId);
  const joins = sql`
    left join suppressions sup on sup.workspace_id = ${workspaceId} and sup.channel = 'email' and sup.value = lower(c.email)
    left join blocked_domains bd on bd.workspace_id = ${workspaceId} and bd.domain = split_part(lower(c.email), '@', 2)
    left join (
      select e.contact_id from events e
      where e.workspace_id = ${workspaceId} and e.type = 'bounce' and coalesce(e.data->>'policyBlock', 'false') <> 'true' and e.at > now() - make_interval(days => ${s.bounce_rule_days})
      group by e.contact_id having count(*) >= ${s.bounce_rule_count}
    ) bo on bo.contact_id = c.id`;
  const skipReason = sql<string | null>`case
    when c.email is null or c.email = '' then 'no_email'
    when c.email_status = 'unsubscribed' then 'unsubscribed'
    when c.email_status = 'complained' then 'complained'
    when c.email_status = 'bounced' then 'bounced'
    when c.email_status = 'invalid' then 'invalid'
    when sup.id is not null then 'suppressed'
    when bd.domain is not null then 'blocked_domain'
    when bo.contact_id is not null then 'bounced_out'
  end`;
  return { joins, skipReason, address: sql<string | null>`c.email` };
}

/** The workspace's List-Id (RFC 2919): its name as the phrase, `<slug>.<sender domain>` as the id. */
export function workspaceListId(name: string, slug: string, fromDomain: string): string {
  const label = slug.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'list';
  // Only an ASCII name is used as the phrase: an encoded word would have to wrap the id too.
  const phrase = /^[\x20-\x7e]*$/.test(name) ? name.replace(/["\\]+/g, ' ').trim() : '';
  return `${phrase ? `"${phrase}" ` : ''}<${label}.${fromDomain}>`;
}

/** Loads everything a campaign needs to send and compiles its template once. Throws SendSetupError. */
export async function prepareEmailSender(ctx: AppContext, campaign: CampaignForSend): Promise<ChannelSender> {
  const content = campaign.content as unknown as EmailContent;
  const settings = campaign.settings as EmailCampaignSettings;
  const ws = campaign.workspaceId;
  const identity = settings.senderIdentityId
    ? await findIdentity(ctx.db, ws, settings.senderIdentityId)
    : (await listIdentities(ctx.db, ws)).sort((a, b) => Number(b.is_default) - Number(a.is_default))[0];
  if (!identity) throw new SendSetupError('The campaign has no sender: add a sender identity under Settings → Sending.');
  const fromDomain = identity.from_address.split('@')[1]?.toLowerCase();
  if (!fromDomain) throw new SendSetupError('The sender address has no domain.');
  let servers = (await listSmtpServers(ctx.db, ws)).filter((s) => s.enabled);
  if (settings.smtpServerIds?.length) servers = servers.filter((s) => settings.smtpServerIds!.includes(s.id));
  if (!servers.length) throw new SendSetupError('No enabled SMTP server: add one under Settings → Sending.');
  const domain = await findDomainFor(ctx.db, ws, fromDomain);
  const emailSettings = await getEmailSettings(ctx.db, ws);
  const workspace = await ctx.db.selectFrom('workspaces').select(['name', 'slug', 'locale']).where('id', '=', ws).executeTakeFirstOrThrow();
  const compiled = await compileEmailTemplate({
    format: content.format,
    source: content.source,
    subject: content.subject,
    preheader: content.preheader,
    textOverride: content.textOverride ?? null,
    dir: content.dir,
    lang: content.lang ?? workspace.locale,
    trackLinks: settings.trackClicks !== false,
    utm: settings.utm ?? null,
  });
  return new EmailSender(ctx, {
    campaign,
    compiled,
    workspaceName: workspace.name,
    from: { name: identity.from_name, address: identity.from_address },
    replyTo: identity.reply_to,
    dkim: domain
      ? { domainName: domain.domain, keySelector: domain.dkim_selector, privateKeyPem: decryptSecret(ctx.keys.encryptionKey, domain.dkim_private_key_enc) }
      : null,
    messageIdDomain: fromDomain,
    bounceDomain: emailSettings.bounce_domain ?? fromDomain,
    listId: workspaceListId(workspace.name, workspace.slug, fromDomain),
    trackOpens: settings.trackOpens !== false,
    servers: servers.map((s) => ({
      id: s.id,
      weight: s.weight,
      messagesPerSecond: s.messages_per_second,
      endpoint: {
        host: s.host,
        port: s.port,
        tlsMode: s.tls_mode,
        username: s.username,
        password: s.password_enc ? decryptSecret(ctx.keys.encryptionKey, s.password_enc) : null,
        clientName: fromDomain,
        outbound: ctx.outbound,
      },
      maxConnections: s.max_connections,
    })),
  });
}

/** Everything that would stop the send, found before it starts (the pre-flight check covers content quality). */
export async function validateEmailCampaign(ctx: AppContext, campaign: CampaignForSend): Promise<string[]> {
  const problems: string[] = [];
  const content = campaign.content as unknown as EmailContent;
  if (!content.subject?.trim()) problems.push('The subject is empty.');
  try {
    await compileEmailTemplate({ ...content, textOverride: content.textOverride ?? null, trackLinks: true });
  } catch (err) {
    const issues = (err as { issues?: { message: string }[] }).issues;
    problems.push(...(issues?.map((i) => i.message) ?? [(err as Error).message]));
  }
  const settings = campaign.settings as EmailCampaignSettings;
  const ws = campaign.workspaceId;
  const identity = settings.senderIdentityId ? await findIdentity(ctx.db, ws, settings.senderIdentityId) : (await listIdentities(ctx.db, ws))[0];
  if (!identity) problems.push('Choose a sender identity (add one under Settings → Sending).');
  const servers = (await listSmtpServers(ctx.db, ws)).filter((s) => s.enabled && (!settings.smtpServerIds?.length || settings.smtpServerIds.includes(s.id)));
  if (!servers.length) problems.push('No enabled SMTP server to send through (add one under Settings → Sending).');
  return problems;
}

export const emailAdapter: ChannelAdapter = {
  channel: 'email',
  audienceRules: (ctx, workspaceId) => emailAudienceRules(ctx, workspaceId),
  prepare: prepareEmailSender,
  validateForSend: validateEmailCampaign,
};

registerChannel(emailAdapter);
