/**
 * Database access of bounce/complaint intake: the delivery an event names (locked while it is applied), the
 * event log, the delivery's bounce/complaint columns, soft-bounce counting, and webhook idempotency.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

type Db = Kysely<Database>;

export interface BouncedDelivery {
  id: number;
  workspaceId: number;
  campaignId: number;
  contactId: number;
  channel: string;
  address: string | null;
  bounceClass: string | null;
  bouncedAt: Date | null;
  complainedAt: Date | null;
}

/** Locks and returns the delivery (only when it belongs to `campaignId`, and to `workspaceId` when given). */
export async function lockDelivery(db: Db, deliveryId: number, campaignId: number, workspaceId: number | null): Promise<BouncedDelivery | null> {
  let q = db
    .selectFrom('deliveries')
    .select(['id', 'workspace_id', 'campaign_id', 'contact_id', 'channel', 'address', 'bounce_class', 'bounced_at', 'complained_at'])
    .where('id', '=', deliveryId)
    .where('campaign_id', '=', campaignId);
  if (workspaceId !== null) q = q.where('workspace_id', '=', workspaceId);
  const r = await q.forUpdate().executeTakeFirst();
  if (!r) return null;
  return {
    id: Number(r.id),
    workspaceId: Number(r.workspace_id),
    campaignId: Number(r.campaign_id),
    contactId: Number(r.contact_id),
    channel: r.channel,
    address: r.address,
    bounceClass: r.bounce_class,
    bouncedAt: r.bounced_at,
    complainedAt: r.complained_at,
  };
}

/** Appends one event for the delivery. */
export async function insertEvent(db: Db, d: BouncedDelivery, type: string, at: Date, data: Record<string, unknown>): Promise<void> {
  await db
    .insertInto('events')
    .values({ workspace_id: d.workspaceId, campaign_id: d.campaignId, delivery_id: d.id, contact_id: d.contactId, channel: d.channel, type, at, data: JSON.stringify(data) })
    .execute();
}

/** Records a bounce on the delivery; a hard bounce overrides an earlier soft one, never the reverse. */
export async function markBounced(db: Db, deliveryId: number, cls: 'hard' | 'soft', at: Date): Promise<void> {
  await sql`update deliveries set
      bounce_class = case when bounce_class = 'hard' then 'hard' else ${cls}::text end,
      bounced_at = coalesce(bounced_at, ${at}::timestamptz)
    where id = ${deliveryId}`.execute(db);
}

/** Records a complaint on the delivery (a complaint is also an unsubscribe). */
export async function markComplained(db: Db, deliveryId: number, at: Date): Promise<void> {
  await sql`update deliveries set complained_at = coalesce(complained_at, ${at}::timestamptz),
      unsubscribed_at = coalesce(unsubscribed_at, ${at}::timestamptz) where id = ${deliveryId}`.execute(db);
}

/** Stamps a provider's delivery confirmation. */
export async function markDelivered(db: Db, deliveryId: number, at: Date): Promise<void> {
  await sql`update deliveries set delivered_at = coalesce(delivered_at, ${at}::timestamptz) where id = ${deliveryId}`.execute(db);
}

/** Stamps an unsubscribe made through the provider. */
export async function markUnsubscribed(db: Db, deliveryId: number, at: Date): Promise<void> {
  await sql`update deliveries set unsubscribed_at = coalesce(unsubscribed_at, ${at}::timestamptz) where id = ${deliveryId}`.execute(db);
}

/** The workspace's "X bounces in Y days" rule. */
export async function bounceRule(db: Db, workspaceId: number): Promise<{ count: number; days: number }> {
  const r = await db.selectFrom('email_settings').select(['bounce_rule_count', 'bounce_rule_days']).where('workspace_id', '=', workspaceId).executeTakeFirst();
  return { count: r?.bounce_rule_count ?? 3, days: r?.bounce_rule_days ?? 60 };
}

/** Bounce events of a contact in the last `days` days (what the audience build's rule counts). */
export async function countRecentBounces(db: Db, workspaceId: number, contactId: number, days: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from events
    where workspace_id = ${workspaceId} and contact_id = ${contactId} and type = 'bounce' and at > now() - make_interval(days => ${days})`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/** Marks a provider event as processed; false when it was seen before (providers retry and duplicate). */
export async function markSeen(db: Db, provider: string, eventId: string): Promise<boolean> {
  const r = await db.insertInto('provider_events_seen').values({ provider, event_id: eventId.slice(0, 300) }).onConflict((oc) => oc.doNothing()).returning('event_id').executeTakeFirst();
  return !!r;
}

/** True when the id was processed before (Mailgun replay protection). */
export async function wasSeen(db: Db, provider: string, eventId: string): Promise<boolean> {
  const r = await db.selectFrom('provider_events_seen').select('event_id').where('provider', '=', provider).where('event_id', '=', eventId.slice(0, 300)).executeTakeFirst();
  return !!r;
}

/** Distinct bounce domains configured in any workspace (what the built-in receiver accepts mail for). */
export async function configuredBounceDomains(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('email_settings').select('bounce_domain').distinct().where('bounce_domain', 'is not', null).execute();
  return rows.map((r) => (r.bounce_domain ?? '').trim().toLowerCase()).filter(Boolean).sort();
}
