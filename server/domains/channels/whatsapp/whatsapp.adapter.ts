/**
 * The WhatsApp channel adapter of the shared campaign pipeline (channels/channel.ts):
 *  - audienceRules: eligibility SQL for the one INSERT … SELECT audience build — a phone, not opted out, not
 *    suppressed/unreachable, and opted in when the template is MARKETING (or UTILITY/AUTHENTICATION when the
 *    workspace policy `utilityRequiresOptIn` says so); everyone else becomes a 'skipped' delivery with the reason;
 *  - prepare: the number (token decrypted once), the APPROVED template compiled with the variable mapping, the
 *    WhatsappSender (whatsapp-campaigns/sender.ts: halt check, tier admission, mps slices, error mapping);
 *  - validateForSend: number, template status, variable mapping and header media checked before leaving draft.
 * Also registers the asynchronous-failure hook (131026/131050/131049/130472/template/halt from status webhooks).
 */
import { sql } from 'kysely';
import type { AppContext } from '../../../app/context.js';
import { decryptSecret } from '../../../lib/crypto.js';
import { onWhatsappDeliveryFailures, getWhatsappHalt, type ConnectionRow } from '../../whatsapp/index.js';
import { onAsyncFailures } from '../../whatsapp-campaigns/async-failures.js';
import '../../whatsapp-campaigns/webhook-effects.js';
import { compileTemplate, contentProblems, headerMediaKind, type TemplateDef, type WaCampaignContent, type WaCampaignSettings } from '../../whatsapp-campaigns/content.js';
import { GraphPoster } from '../../whatsapp-campaigns/http-send.js';
import { checkHeaderMedia } from '../../whatsapp-campaigns/media-check.js';
import { WhatsappSender } from '../../whatsapp-campaigns/sender.js';
import { getWaCampaignSettings } from '../../whatsapp-campaigns/settings.repo.js';
import { registerChannel, type AudienceRules, type CampaignForSend, type ChannelAdapter, type ChannelSender } from '../channel.js';

/** A WhatsApp campaign cannot be sent as set up (the pipeline pauses it with this message). */
export class WaSetupError extends Error {}

async function loadConnection(ctx: AppContext, campaign: CampaignForSend): Promise<ConnectionRow | undefined> {
  const id = Number((campaign.settings as Partial<WaCampaignSettings>).connectionId);
  if (!id) return undefined;
  return ctx.db.selectFrom('wa_connections').selectAll().where('workspace_id', '=', campaign.workspaceId).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
}

async function loadTemplate(ctx: AppContext, campaign: CampaignForSend): Promise<TemplateDef | undefined> {
  const id = Number((campaign.content as Partial<WaCampaignContent>).waTemplateId);
  if (!id) return undefined;
  return ctx.db
    .selectFrom('wa_templates')
    .select(['id', 'name', 'language', 'category', 'status', 'parameter_format', 'components', 'connection_id'])
    .where('workspace_id', '=', campaign.workspaceId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

/** Whether contacts must have opted in to WhatsApp to get this template category. */
export function requiresOptIn(category: string, utilityRequiresOptIn: boolean): boolean {
  return String(category).toUpperCase() === 'MARKETING' || utilityRequiresOptIn;
}

/** Eligibility of contacts for a WhatsApp campaign, set-based over `contacts c`. */
export async function whatsappAudienceRules(ctx: AppContext, workspaceId: number, campaign: CampaignForSend): Promise<AudienceRules> {
  const t = await loadTemplate(ctx, campaign);
  const policy = await getWaCampaignSettings(ctx.db, workspaceId);
  const optIn = requiresOptIn(t?.category ?? 'MARKETING', policy.utilityRequiresOptIn);
  const joins = sql`left join suppressions wsup on wsup.workspace_id = ${workspaceId} and wsup.channel = 'whatsapp' and wsup.value = lower(c.phone_e164)`;
  const skipReason = sql<string | null>`case
    when c.phone_e164 is null or c.phone_e164 = '' then 'no_phone'
    when c.whatsapp_status = 'opted_out' then 'opted_out'
    when wsup.id is not null and wsup.source = 'meta_131026' then 'unreachable'
    when wsup.id is not null then 'suppressed'
    when ${optIn} and c.whatsapp_status <> 'opted_in' then 'no_consent'
  end`;
  return { joins, skipReason, address: sql<string | null>`c.phone_e164` };
}

/** Builds the sender of one campaign in this process. Throws WaSetupError with a plain-language reason. */
export async function prepareWhatsappSender(ctx: AppContext, campaign: CampaignForSend): Promise<ChannelSender> {
  const conn = await loadConnection(ctx, campaign);
  if (!conn) throw new WaSetupError('The WhatsApp number of this campaign was removed; choose another number.');
  const t = await loadTemplate(ctx, campaign);
  if (!t || Number((t as { connection_id?: number }).connection_id) !== conn.id) throw new WaSetupError('The WhatsApp template of this campaign no longer exists on its number.');
  if (t.status !== 'APPROVED') throw new WaSetupError(`The template "${t.name}" is ${t.status.toLowerCase()}, not approved; the campaign waits until it is approved again (or switch templates).`);
  const content = campaign.content as unknown as WaCampaignContent;
  const problems = contentProblems(t, content);
  if (problems.length) throw new WaSetupError(problems.join(' '));
  const policy = await getWaCampaignSettings(ctx.db, campaign.workspaceId);
  const token = decryptSecret(ctx.keys.encryptionKey, conn.access_token_enc);
  const sockets = Math.max(4, Math.min(64, Math.ceil(conn.messages_per_second / 15)));
  return new WhatsappSender(ctx, {
    campaignId: campaign.id,
    workspaceId: campaign.workspaceId,
    conn,
    category: t.category,
    requiresOptIn: requiresOptIn(t.category, policy.utilityRequiresOptIn),
    build: compileTemplate(t, content),
    poster: new GraphPoster(ctx.outbound, conn.graph_base_url, conn.api_version, token, sockets),
  });
}

/** Everything that would stop the send, in plain language (empty = ready). */
export async function validateWhatsappCampaign(ctx: AppContext, campaign: CampaignForSend): Promise<string[]> {
  const problems: string[] = [];
  const conn = await loadConnection(ctx, campaign);
  if (!conn) problems.push('Choose the WhatsApp number to send from.');
  else {
    const halt = await getWhatsappHalt(ctx.db, conn.id);
    if (halt.halted) problems.push(`The number is halted: ${halt.reason ?? 'account problem'}.`);
  }
  const t = await loadTemplate(ctx, campaign);
  if (!t) return [...problems, 'Choose an approved WhatsApp template.'];
  if (conn && Number((t as { connection_id?: number }).connection_id) !== conn.id) problems.push('The template belongs to another number.');
  if (t.status !== 'APPROVED') problems.push(`The template "${t.name}" is ${t.status.toLowerCase()}; only approved templates can be sent.`);
  const content = campaign.content as unknown as WaCampaignContent;
  problems.push(...contentProblems(t, content));
  const kind = headerMediaKind(t);
  if (kind && content.headerMediaUrl) {
    const p = await checkHeaderMedia(ctx.outbound, content.headerMediaUrl, kind, { allowHttp: !!conn?.sandbox });
    if (p) problems.push(p);
  }
  return problems;
}

export const whatsappAdapter: ChannelAdapter = {
  channel: 'whatsapp',
  audienceRules: whatsappAudienceRules,
  prepare: prepareWhatsappSender,
  validateForSend: validateWhatsappCampaign,
};

registerChannel(whatsappAdapter);
onWhatsappDeliveryFailures(onAsyncFailures);
