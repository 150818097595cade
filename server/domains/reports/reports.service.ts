/**
 * Report rules: the funnel and its rates, which counts are "unique" (people, machine opens and scanner clicks
 * excluded), saving a step's contacts as a group (audited), the CSV, the contact card and the dashboard.
 * Every query is scoped to the caller's workspace: another workspace's campaign or contact is a 404.
 */
import type { AppContext } from '../../app/context.js';
import { notFound } from '../../lib/errors.js';
import { recordAudit, type Actor } from '../audit/index.js';
import { createGroup } from '../groups/index.js';
import { campaignLinks } from '../tracking/links.js';
import * as activity from './activity.repo.js';
import * as contacts from './report-contacts.js';
import * as repo from './reports.repo.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const rate = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 10000) / 10000 : 0);

async function mustFind(ctx: AppContext, ws: number, id: number) {
  const c = await repo.findCampaignHead(ctx.db, ws, id);
  if (!c) throw notFound('Campaign');
  return c;
}

/** The campaign's funnel. */
export async function campaignFunnel(ctx: AppContext, ws: number, id: number) {
  const [d, skipped, e] = await Promise.all([repo.deliveryCounts(ctx.db, ws, id), repo.skippedByReason(ctx.db, ws, id), repo.engagementTotals(ctx.db, ws, id)]);
  const bounced = d.bouncedHard + d.bouncedSoft;
  return {
    audience: d.audience,
    skipped: d.skipped,
    skippedByReason: skipped,
    sent: d.sent,
    failed: d.failed,
    unknown: d.unknown,
    pending: d.pending,
    delivered: d.delivered,
    opened: { unique: d.opened, total: e.open.human, machine: { total: e.open.bot, unique: e.open.botUnique }, anonymous: e.open.anonymous },
    clicked: { unique: d.clicked, total: e.click.human, scanner: { total: e.click.bot, unique: e.click.botUnique }, anonymous: e.click.anonymous },
    unsubscribed: d.unsubscribed,
    bounced: { hard: d.bouncedHard, soft: d.bouncedSoft, total: bounced },
    complained: d.complained,
    rates: {
      open: rate(d.opened, d.delivered),
      click: rate(d.clicked, d.delivered),
      clickToOpen: rate(d.clicked, d.opened),
      // Base: every attempt that reached a verdict — delivered plus bounced (at send time or afterwards).
      bounce: rate(bounced, d.delivered + bounced),
      unsubscribe: rate(d.unsubscribed, d.delivered),
      complaint: rate(d.complained, d.delivered),
    },
  };
}

/** The whole report of a campaign. */
export async function campaignReport(ctx: AppContext, ws: number, id: number) {
  const c = await mustFind(ctx, ws, id);
  await campaignLinks(ctx, id); // makes sure the link table exists (rebuilt from frozen content if needed)
  const [funnel, timeline, links, domains, settings] = await Promise.all([
    campaignFunnel(ctx, ws, id),
    repo.timeline(ctx.db, ws, id),
    repo.linkTable(ctx.db, ws, id),
    repo.domainTable(ctx.db, ws, id),
    ctx.db.selectFrom('email_settings').select('individual_tracking').where('workspace_id', '=', ws).executeTakeFirst(),
  ]);
  return {
    campaign: { ...c, createdAt: c.createdAt.toISOString(), startedAt: iso(c.startedAt), finishedAt: iso(c.finishedAt) },
    individualTracking: settings?.individual_tracking ?? true,
    funnel,
    timeline: timeline.map((t) => ({ ...t, at: t.at.toISOString() })),
    links,
    domains,
  };
}

/** Sub-parts of the report for screens that load them separately. */
export async function campaignTimeline(ctx: AppContext, ws: number, id: number) {
  await mustFind(ctx, ws, id);
  return (await repo.timeline(ctx.db, ws, id)).map((t) => ({ ...t, at: t.at.toISOString() }));
}
export async function campaignLinkTable(ctx: AppContext, ws: number, id: number) {
  await mustFind(ctx, ws, id);
  await campaignLinks(ctx, id);
  return repo.linkTable(ctx.db, ws, id);
}
export async function campaignDomainTable(ctx: AppContext, ws: number, id: number) {
  await mustFind(ctx, ws, id);
  return repo.domainTable(ctx.db, ws, id);
}

/** One page of the recipients of a step. The cursor is the last delivery id of the previous page. */
export async function stepRecipients(ctx: AppContext, ws: number, id: number, q: { step: contacts.Step; cursor?: string; limit?: number; withTotal?: boolean }) {
  await mustFind(ctx, ws, id);
  const limit = q.limit ?? 100;
  const rows = await contacts.listStep(ctx.db, ws, id, q.step, q.cursor ? Number(q.cursor) : 0, limit + 1);
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  return {
    data: page.map((r) => ({ ...r, at: iso(r.at) })),
    meta: {
      nextCursor: more ? String(page[page.length - 1].deliveryId) : null,
      ...(q.withTotal || !q.cursor ? { total: await contacts.countStep(ctx.db, ws, id, q.step) } : {}),
    },
  };
}

/** Creates a group named `groupName` holding the contacts of a step (one INSERT … SELECT). */
export async function saveStepAsGroup(ctx: AppContext, ws: number, id: number, step: contacts.Step, groupName: string, actor: Actor) {
  const c = await mustFind(ctx, ws, id);
  const g = await createGroup(ctx.db, ws, actor, { name: groupName, description: `Recipients of "${c.name}" — ${step.replace('_', ' ')}` });
  const added = await ctx.db.transaction().execute(async (trx) => {
    const n = await contacts.addStepToGroup(trx, ws, id, step, g.id);
    await recordAudit(trx, ws, actor, 'group.members_added', 'group', g.id, { count: n, by: `campaign_report:${id}:${step}` });
    return n;
  });
  return { groupId: g.id, added };
}

const CSV_COLUMNS = ['delivery_id', 'contact_id', 'email', 'first_name', 'last_name', 'status', 'reason', 'sent_at', 'opened_at', 'clicked_at', 'opens', 'clicks', 'bounce', 'bounced_at', 'complained_at', 'unsubscribed_at'];

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = v instanceof Date ? v.toISOString() : String(v);
  // Spreadsheet formula injection: a cell starting with = + - @ is shown as text.
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Streams the per-recipient CSV in pages (constant memory at any campaign size). */
export async function* campaignCsv(ctx: AppContext, ws: number, id: number): AsyncGenerator<string> {
  await mustFind(ctx, ws, id);
  yield '\ufeff' + CSV_COLUMNS.join(',') + '\r\n';
  let after = 0;
  for (;;) {
    const rows = await contacts.csvPage(ctx.db, ws, id, after, 5000);
    if (!rows.length) return;
    yield rows
      .map((r) => [r.id, r.contact_id, r.email, r.first_name, r.last_name, r.status, r.reason, r.sent_at, r.opened_at, r.clicked_at, r.opens, r.clicks, r.bounce_class, r.bounced_at, r.complained_at, r.unsubscribed_at].map(csvCell).join(',') + '\r\n')
      .join('');
    after = rows[rows.length - 1].id;
  }
}

/** Every message sent (or skipped) to a contact, newest first, with what happened to it. */
export async function messagesOfContact(ctx: AppContext, ws: number, contactId: number, q: { cursor?: string; limit?: number }) {
  if (!(await activity.contactExists(ctx.db, ws, contactId))) throw notFound('Contact');
  const limit = q.limit ?? 100;
  const rows = await activity.contactMessages(ctx.db, ws, contactId, q.cursor ? Number(q.cursor) : null, limit + 1);
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  return {
    data: page.map((r) => ({
      ...r, sentAt: iso(r.sentAt), deliveredAt: iso(r.deliveredAt), openedAt: iso(r.openedAt), clickedAt: iso(r.clickedAt), bouncedAt: iso(r.bouncedAt),
      complainedAt: iso(r.complainedAt), unsubscribedAt: iso(r.unsubscribedAt), events: r.events.map((e) => ({ ...e, at: e.at.toISOString() })),
    })),
    meta: { nextCursor: more ? String(page[page.length - 1].deliveryId) : null },
  };
}

/** The dashboard: recent campaigns with their rates and the totals of the last `days` days. */
export async function dashboard(ctx: AppContext, ws: number, days = 30, recent = 10) {
  const [totals, campaigns] = await Promise.all([activity.periodTotals(ctx.db, ws, days), activity.recentCampaigns(ctx.db, ws, recent)]);
  return {
    days,
    totals,
    recent: campaigns.map((c) => ({ ...c, startedAt: iso(c.startedAt), finishedAt: iso(c.finishedAt), openRate: rate(c.opened, c.delivered), clickRate: rate(c.clicked, c.delivered) })),
  };
}
