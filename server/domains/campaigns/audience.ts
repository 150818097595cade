/**
 * The audience of a campaign, set-based: ONE INSERT … SELECT creates a delivery per distinct eligible contact and a
 * 'skipped' delivery (with the reason) per ineligible one, so the report can say why someone got nothing.
 * Who is included comes from the audience (groups ∪ segments minus exclusions, via segments' audienceWhere), or
 * for follow-ups from the parent campaign (resend: not yet reached; non_openers: sent and not opened). Who is
 * eligible comes from the channel adapter's rules (email: address, status, suppressions, blocked domains, bounces).
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import type { AppContext } from '../../app/context.js';
import type { Channel } from '../../db/schema.js';
import { channelAdapter } from '../channels/channel.js';
import '../channels/adapters.js';
import { audienceWhere, type Audience } from '../segments/index.js';

export interface AudienceSource {
  workspaceId: number;
  campaignId: number;
  channel: Channel;
  name: string;
  kind: 'regular' | 'resend' | 'non_openers';
  parentCampaignId: number | null;
  audience: Audience;
  content: Record<string, unknown>;
  settings: Record<string, unknown>;
}

/** Delivery states that mean "this contact has (or may have) received the campaign": never send again. */
export const REACHED = ['sent', 'sending', 'unknown', 'claimed'];

async function sourceWhere(ctx: AppContext, s: AudienceSource): Promise<Expression<SqlBool>> {
  if (s.kind === 'non_openers') {
    return sql<SqlBool>`exists (select 1 from deliveries p where p.campaign_id = ${s.parentCampaignId} and p.contact_id = c.id
      and p.status = 'sent' and p.opened_at is null)`;
  }
  const base = await audienceWhere(ctx.db, s.workspaceId, s.audience);
  if (s.kind === 'resend') {
    // The family: the original and every resend of it (a resend's parent is always the original).
    return sql<SqlBool>`(${base}) and not exists (select 1 from deliveries p join campaigns pc on pc.id = p.campaign_id
      where p.contact_id = c.id and p.status = any(${REACHED}::text[]) and pc.workspace_id = ${s.workspaceId}
        and (pc.id = ${s.parentCampaignId} or (pc.parent_campaign_id = ${s.parentCampaignId} and pc.kind = 'resend'))
        and pc.id <> ${s.campaignId})`;
  }
  return base;
}

async function audienceSelect(ctx: AppContext, s: AudienceSource) {
  const rules = await channelAdapter(s.channel).audienceRules(ctx, s.workspaceId, {
    id: s.campaignId,
    workspaceId: s.workspaceId,
    channel: s.channel,
    name: s.name,
    content: s.content,
    settings: s.settings,
  });
  const where = await sourceWhere(ctx, s);
  return sql`select c.id as contact_id, ${rules.address} as address, ${rules.skipReason} as reason
    from contacts c ${rules.joins}
    where c.workspace_id = ${s.workspaceId} and c.deleted_at is null and ${where}`;
}

/** Creates the deliveries of a campaign (idempotent: a re-run adds nothing twice). Returns totals. */
export async function buildAudience(ctx: AppContext, s: AudienceSource): Promise<{ total: number; skipped: number }> {
  const db = ctx.db;
  const select = await audienceSelect(ctx, s);
  await sql`insert into deliveries (workspace_id, campaign_id, contact_id, channel, address, status, reason, finished_at)
    select ${s.workspaceId}, ${s.campaignId}, a.contact_id, ${s.channel}, a.address,
      case when a.reason is null then 'queued' else 'skipped' end, a.reason,
      case when a.reason is null then null else now() end
    from (${select}) a
    on conflict (campaign_id, contact_id) do nothing`.execute(db);
  const { rows } = await sql<{ total: string; skipped: string }>`
    select count(*) as total, count(*) filter (where status = 'skipped') as skipped from deliveries where campaign_id = ${s.campaignId}`.execute(db);
  return { total: Number(rows[0].total), skipped: Number(rows[0].skipped) };
}

/** The live recipient count of an audience: total, eligible, and skipped by reason (nothing is written). */
export async function countAudienceFor(ctx: AppContext, s: AudienceSource): Promise<{ total: number; eligible: number; skipped: Record<string, number> }> {
  const select = await audienceSelect(ctx, s);
  const { rows } = await sql<{ reason: string | null; n: string }>`select a.reason, count(*) as n from (${select}) a group by a.reason`.execute(ctx.db);
  const skipped: Record<string, number> = {};
  let total = 0;
  let eligible = 0;
  for (const r of rows) {
    const n = Number(r.n);
    total += n;
    if (r.reason === null) eligible += n;
    else skipped[r.reason] = n;
  }
  return { total, eligible, skipped };
}
