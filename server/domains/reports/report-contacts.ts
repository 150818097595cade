/**
 * The contacts behind a funnel step: a keyset-paged list, a set-based copy into a new group, and the CSV of every
 * recipient. A step is a predicate over the campaign's deliveries (`d`), so each is one indexed statement.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../db/schema.js';

type Db = Kysely<Database>;

/** Funnel steps that can be listed (and saved as a group). */
export const STEPS = [
  'audience', 'skipped', 'sent', 'failed', 'delivered', 'opened', 'not_opened', 'clicked', 'unsubscribed',
  'bounced', 'bounced_hard', 'bounced_soft', 'complained',
] as const;
export type Step = (typeof STEPS)[number];

/** The SQL predicate of a step over deliveries `d`. */
export function stepPredicate(step: Step): RawBuilder<boolean> {
  switch (step) {
    case 'audience': return sql<boolean>`true`;
    case 'skipped': return sql<boolean>`d.status = 'skipped'`;
    case 'sent': return sql<boolean>`d.sent_at is not null`;
    case 'failed': return sql<boolean>`d.status = 'failed'`;
    case 'delivered': return sql<boolean>`d.sent_at is not null and d.bounced_at is null`;
    case 'opened': return sql<boolean>`d.opened_at is not null`;
    case 'not_opened': return sql<boolean>`d.sent_at is not null and d.bounced_at is null and d.opened_at is null`;
    case 'clicked': return sql<boolean>`d.clicked_at is not null`;
    case 'unsubscribed': return sql<boolean>`d.unsubscribed_at is not null`;
    case 'bounced': return sql<boolean>`d.bounced_at is not null`;
    case 'bounced_hard': return sql<boolean>`d.bounce_class = 'hard'`;
    case 'bounced_soft': return sql<boolean>`d.bounce_class = 'soft'`;
    case 'complained': return sql<boolean>`d.complained_at is not null`;
  }
}

/** The moment that put a recipient into the step (shown next to them). */
function stepTime(step: Step): RawBuilder<Date | null> {
  switch (step) {
    case 'opened': return sql`d.opened_at`;
    case 'clicked': return sql`d.clicked_at`;
    case 'unsubscribed': return sql`d.unsubscribed_at`;
    case 'bounced': case 'bounced_hard': case 'bounced_soft': return sql`d.bounced_at`;
    case 'complained': return sql`d.complained_at`;
    case 'skipped': case 'audience': return sql`coalesce(d.sent_at, d.finished_at, d.created_at)`;
    default: return sql`coalesce(d.sent_at, d.finished_at)`;
  }
}

export interface StepRow {
  deliveryId: number;
  contactId: number;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  status: string;
  reason: string | null;
  bounceClass: string | null;
  at: Date | null;
}

/** One page of a step's recipients in delivery order, after `afterId`. */
export async function listStep(db: Db, ws: number, campaignId: number, step: Step, afterId: number, limit: number): Promise<StepRow[]> {
  const { rows } = await sql<{ id: number; contact_id: number; email: string | null; address: string | null; first_name: string | null; last_name: string | null; status: string; reason: string | null; bounce_class: string | null; at: Date | null }>`
    select d.id, d.contact_id, c.email, d.address, c.first_name, c.last_name, d.status, d.reason, d.bounce_class, ${stepTime(step)} as at
    from deliveries d left join contacts c on c.id = d.contact_id and c.workspace_id = d.workspace_id
    where d.workspace_id = ${ws} and d.campaign_id = ${campaignId} and d.id > ${afterId} and ${stepPredicate(step)}
    order by d.id limit ${limit}`.execute(db);
  return rows.map((r) => ({
    deliveryId: Number(r.id), contactId: Number(r.contact_id), email: r.email ?? r.address, firstName: r.first_name, lastName: r.last_name,
    status: r.status, reason: r.reason, bounceClass: r.bounce_class, at: r.at ? new Date(r.at) : null,
  }));
}

/** How many recipients a step holds. */
export async function countStep(db: Db, ws: number, campaignId: number, step: Step): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from deliveries d
    where d.workspace_id = ${ws} and d.campaign_id = ${campaignId} and ${stepPredicate(step)}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/** Adds the live contacts of a step to a group in ONE INSERT … SELECT; returns how many became members. */
export async function addStepToGroup(db: Db, ws: number, campaignId: number, step: Step, groupId: number): Promise<number> {
  const r = await sql`
    insert into group_members (workspace_id, group_id, contact_id)
    select ${ws}, ${groupId}, d.contact_id from deliveries d
    join contacts c on c.id = d.contact_id and c.workspace_id = d.workspace_id and c.deleted_at is null and c.erased_at is null
    where d.workspace_id = ${ws} and d.campaign_id = ${campaignId} and ${stepPredicate(step)}
    on conflict do nothing`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

export interface CsvRow {
  id: number;
  contact_id: number;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  status: string;
  reason: string | null;
  sent_at: Date | null;
  opened_at: Date | null;
  clicked_at: Date | null;
  bounce_class: string | null;
  bounced_at: Date | null;
  complained_at: Date | null;
  unsubscribed_at: Date | null;
  opens: number;
  clicks: number;
}

/** One page of the per-recipient CSV (keyset on delivery id) with each recipient's human open/click counts. */
export async function csvPage(db: Db, ws: number, campaignId: number, afterId: number, limit: number): Promise<CsvRow[]> {
  const { rows } = await sql<CsvRow>`
    with page as (
      select * from deliveries d where d.workspace_id = ${ws} and d.campaign_id = ${campaignId} and d.id > ${afterId} order by d.id limit ${limit}
    )
    select p.id, p.contact_id, coalesce(c.email, p.address) as email, c.first_name, c.last_name, p.status, p.reason, p.sent_at, p.opened_at,
      p.clicked_at, p.bounce_class, p.bounced_at, p.complained_at, p.unsubscribed_at,
      coalesce(e.opens, 0)::int as opens, coalesce(e.clicks, 0)::int as clicks
    from page p
    left join contacts c on c.id = p.contact_id and c.workspace_id = p.workspace_id
    left join (
      select delivery_id, count(*) filter (where type = 'open') as opens, count(*) filter (where type = 'click') as clicks
      from events where delivery_id in (select id from page) and type in ('open','click') and data->>'bot' = 'false' group by 1
    ) e on e.delivery_id = p.id
    order by p.id`.execute(db);
  return rows.map((r) => ({ ...r, id: Number(r.id), contact_id: Number(r.contact_id) }));
}
