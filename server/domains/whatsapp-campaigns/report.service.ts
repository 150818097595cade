/**
 * WhatsApp campaign report and number dashboard, set-based over deliveries and the inbox:
 *  - sent / delivered / read from the delivery timestamps the status webhooks fill;
 *  - replied: recipients who wrote to the number after their message was sent (inbox, keyed on wa_id);
 *  - button clicks: quick-reply taps whose payload names this campaign (the sender puts clarion:c<id>:d<id>:b<i>);
 *  - failed by error code with the plain-language explanation (en/he), skipped by reason, deferred by reason with
 *    the number's tier (messaging_limit);
 *  - the cost estimate: delivered templates × the workspace's editable per-message rate of the template category.
 */
import { sql } from 'kysely';
import type { AppContext } from '../../app/context.js';
import { notFound } from '../../lib/errors.js';
import { explainWaError } from '../channels/whatsapp/errors-map.js';
import { NumberClock } from '../channels/whatsapp/limits/clock.js';
import { tierLimit, tierUsage } from '../channels/whatsapp/limits/tier.js';
import { getWaCampaignSettings } from './settings.repo.js';

/** Plain labels of skip/defer reasons. */
export const REASON_LABELS: Record<string, { en: string; he: string }> = {
  messaging_limit: { en: 'deferred: messaging limit', he: 'נדחה: מגבלת הודעות' },
  meta_user_limit: { en: 'deferred: Meta per-user marketing limit (retried after 24 h)', he: 'נדחה: מגבלת שיווק למשתמש של מטא (ינוסה שוב אחרי 24 שעות)' },
  no_phone: { en: 'no phone number', he: 'אין מספר טלפון' },
  opted_out: { en: 'opted out of WhatsApp', he: 'הוסר מוואטסאפ' },
  no_consent: { en: 'not opted in to WhatsApp marketing', he: 'לא נתן הסכמה לשיווק בוואטסאפ' },
  unreachable: { en: 'number unreachable on WhatsApp', he: 'המספר לא נגיש בוואטסאפ' },
  suppressed: { en: 'on the suppression list', he: 'ברשימת החסימה' },
  deleted: { en: 'contact deleted', he: 'איש הקשר נמחק' },
  meta_experiment: { en: 'held back by Meta (marketing experiment)', he: 'עוכב על ידי מטא (ניסוי שיווקי)' },
  missing_variable_value: { en: 'a template variable had no value and no fallback', he: 'למשתנה בתבנית לא היה ערך וגם לא ברירת מחדל' },
};

const label = (reason: string) => REASON_LABELS[reason] ?? { en: reason, he: reason };

async function campaignRow(ctx: AppContext, ws: number, id: number) {
  const c = await ctx.db.selectFrom('campaigns').selectAll().where('workspace_id', '=', ws).where('id', '=', id).where('channel', '=', 'whatsapp').where('deleted_at', 'is', null).executeTakeFirst();
  if (!c) throw notFound('Campaign');
  return c;
}

/** The report of one WhatsApp campaign. */
export async function campaignReport(ctx: AppContext, ws: number, id: number) {
  const c = await campaignRow(ctx, ws, id);
  const content = (c.frozen ?? c.content) as { waTemplateId?: number };
  const connectionId = Number((c.settings as { connectionId?: number }).connectionId) || null;
  const conn = connectionId ? await ctx.db.selectFrom('wa_connections').select(['id', 'tier']).where('id', '=', connectionId).executeTakeFirst() : undefined;
  const tpl = content.waTemplateId ? await ctx.db.selectFrom('wa_templates').select(['name', 'category']).where('id', '=', Number(content.waTemplateId)).executeTakeFirst() : undefined;
  const totals = (
    await sql<{ total: number; sent: number; delivered: number; read: number; unknown: number; queued: number }>`
    select count(*)::int as total,
      count(*) filter (where sent_at is not null and status not in ('failed','skipped','deferred'))::int as sent,
      count(*) filter (where delivered_at is not null)::int as delivered,
      count(*) filter (where opened_at is not null)::int as read,
      count(*) filter (where status = 'unknown')::int as unknown,
      count(*) filter (where status in ('queued','claimed','sending'))::int as queued
    from deliveries where campaign_id = ${id}`.execute(ctx.db)
  ).rows[0];
  const grouped = await sql<{ status: string; key: string | null; n: number }>`
    select status, case when status = 'failed' then error_code else reason end as key, count(*)::int as n
    from deliveries where campaign_id = ${id} and status in ('failed','skipped','deferred') group by 1, 2 order by 3 desc`.execute(ctx.db);
  const replied = connectionId
    ? (
        await sql<{ n: number }>`select count(*)::int as n from deliveries d
      where d.campaign_id = ${id} and d.sent_at is not null and exists (
        select 1 from wa_conversations cv join wa_messages m on m.conversation_id = cv.id
        where cv.connection_id = ${connectionId} and cv.wa_id = ltrim(d.address, '+') and m.direction = 'in' and m.created_at > d.sent_at)`.execute(ctx.db)
      ).rows[0].n
    : 0;
  const clicks = await sql<{ button: string; n: number; people: number }>`
    select m.text as button, count(*)::int as n, count(distinct m.conversation_id)::int as people from wa_messages m
    where m.workspace_id = ${ws} and m.direction = 'in' and m.type = 'button' and (m.payload->'button'->>'payload') like ${`clarion:c${id}:%`}
    group by m.text order by 2 desc`.execute(ctx.db);
  const settings = await getWaCampaignSettings(ctx.db, ws);
  const category = String(tpl?.category ?? 'MARKETING').toLowerCase();
  const rate = settings.rates[category] ?? 0;
  const tier = conn?.tier ?? null;
  // What Meta said per delivered message (status `pricing`): billable and its category; estimates only where it said nothing.
  const priced = await sql<{ billable: boolean | null; pcat: string | null; n: number }>`
    select sd.billable, lower(sd.pricing_category) as pcat, count(*)::int as n from deliveries d
    left join wa_status_details sd on sd.workspace_id = d.workspace_id and sd.wamid = d.provider_message_id
    where d.campaign_id = ${id} and d.workspace_id = ${ws} and d.delivered_at is not null group by 1, 2`.execute(ctx.db);
  let metaBillable = 0;
  let metaFree = 0;
  let unpriced = 0;
  let amount = 0;
  const byCategory: Record<string, number> = {};
  for (const r of priced.rows) {
    if (r.billable === true) {
      const cat = r.pcat ?? category;
      metaBillable += r.n;
      byCategory[cat] = (byCategory[cat] ?? 0) + r.n;
      amount += r.n * (settings.rates[cat] ?? rate);
    } else if (r.billable === false) metaFree += r.n;
    else {
      unpriced += r.n;
      amount += r.n * rate;
    }
  }
  return {
    campaignId: id,
    status: c.status,
    pauseReason: c.pause_reason,
    template: tpl ? { name: tpl.name, category: tpl.category } : null,
    total: totals.total,
    queued: totals.queued,
    sent: totals.sent,
    delivered: totals.delivered,
    read: totals.read,
    replied,
    unknown: totals.unknown,
    buttonClicks: { total: clicks.rows.reduce((a, r) => a + r.n, 0), byButton: clicks.rows.map((r) => ({ button: r.button, clicks: r.n, people: r.people })) },
    failedByCode: grouped.rows.filter((r) => r.status === 'failed').map((r) => ({ code: r.key ?? 'unknown', count: r.n, explanation: { en: explainWaError(r.key, 'en'), he: explainWaError(r.key, 'he') } })),
    skippedByReason: grouped.rows.filter((r) => r.status === 'skipped').map((r) => ({ reason: r.key ?? 'unknown', count: r.n, label: label(r.key ?? 'unknown') })),
    deferredByReason: grouped.rows.filter((r) => r.status === 'deferred').map((r) => ({ reason: r.key ?? 'unknown', count: r.n, label: label(r.key ?? 'unknown'), tier: r.key === 'messaging_limit' ? tier : null })),
    cost: {
      currency: settings.currency,
      category,
      ratePerMessage: rate,
      billableMessages: metaBillable + unpriced,
      estimate: Math.round(amount * 10_000) / 10_000,
      /** From Meta's `pricing` objects: billable (by Meta's category) and free; `estimated` had no pricing and uses the template's category. */
      fromMeta: { billable: metaBillable, free: metaFree, byCategory },
      estimated: unpriced,
      editableRates: true,
      note: 'Per-message pricing: where Meta reported pricing on the status (billable, category) that is used; otherwise delivered templates are estimated by category (utility only outside an open customer-service window, so this is an upper bound for utility). Rates are the workspace settings; defaults are placeholders to edit.',
    },
  };
}

/** Live progress of a WhatsApp campaign with the waiting reasons spelled out ("deferred: messaging limit"). */
export async function campaignWaProgress(ctx: AppContext, ws: number, id: number) {
  const c = await campaignRow(ctx, ws, id);
  const r = await sql<{ status: string; reason: string | null; n: number }>`select status, reason, count(*)::int as n from deliveries where campaign_id = ${id} group by 1, 2`.execute(ctx.db);
  const counts: Record<string, number> = {};
  const waiting: { reason: string; count: number; label: string }[] = [];
  for (const x of r.rows) {
    counts[x.status] = (counts[x.status] ?? 0) + x.n;
    if (x.status === 'deferred') waiting.push({ reason: x.reason ?? 'retry', count: x.n, label: label(x.reason ?? 'retry').en });
  }
  return { status: c.status, pauseReason: c.pause_reason, counts, waiting, summary: waiting.map((w) => `${w.label}: ${w.count}`).join('; ') };
}

/** The number's tier, quality, throughput and current usage. */
export async function numberDashboard(ctx: AppContext, ws: number, connectionId: number) {
  const conn = await ctx.db.selectFrom('wa_connections').selectAll().where('workspace_id', '=', ws).where('id', '=', connectionId).where('deleted_at', 'is', null).executeTakeFirst();
  if (!conn) throw notFound('WhatsApp number');
  const now = await new NumberClock(ctx, conn).now();
  const used = await tierUsage(ctx.db, conn.id, now);
  const limit = tierLimit(conn.tier);
  const recent = (
    await sql<{ m: number; s: number }>`select count(*) filter (where sent_at > now() - interval '60 seconds')::int as m,
      count(*) filter (where sent_at > now() - interval '5 seconds')::int as s
    from deliveries where route_id = ${conn.id} and channel = 'whatsapp' and sent_at > now() - interval '60 seconds'`.execute(ctx.db)
  ).rows[0];
  const waiting = (
    await sql<{ n: number }>`select count(*)::int as n from deliveries d join campaigns c on c.id = d.campaign_id
    where c.workspace_id = ${ws} and c.channel = 'whatsapp' and (c.settings->>'connectionId')::bigint = ${conn.id} and d.status = 'deferred' and d.reason = 'messaging_limit'`.execute(ctx.db)
  ).rows[0].n;
  return {
    connectionId: conn.id,
    displayNumber: conn.display_number,
    tier: conn.tier,
    tierLimit: limit,
    uniqueRecipients24h: used,
    tierRemaining: limit === null ? null : Math.max(0, limit - used),
    deferredForTier: waiting,
    qualityRating: conn.quality_rating,
    messagesPerSecond: conn.messages_per_second,
    sentLastMinute: recent.m,
    currentRatePerSecond: Math.round((recent.s / 5) * 10) / 10,
    halted: conn.halted_at !== null,
    haltReason: conn.halt_reason,
    accountStatus: conn.account_status,
  };
}
