/**
 * Test support for tracking, bounce and report tests: a campaign that was "sent" (frozen content, one delivery per
 * contact, sent_at in the past) written straight into the real database, signed URLs of its deliveries, and
 * polling helpers. Nothing is mocked: the tests then call the real HTTP endpoints.
 */
import { sql } from 'kysely';
import type { AppContext } from '../../app/context.js';
import { makeVerpToken, signToken } from './tokens.js';

/** A newsletter with two tracked links (indexes 0 and 1), a merge field and the unsubscribe link. */
export const NEWSLETTER_MJML = `<mjml><mj-body><mj-section><mj-column>
<mj-text>Hello {{ contact.first_name | default: "friend" }}</mj-text>
<mj-button href="https://www.example.com/a">A</mj-button><mj-text><a href="https://www.example.com/b?x=1">B</a></mj-text>
<mj-text><a href="{{ unsubscribe_url }}">Unsubscribe</a></mj-text>
</mj-column></mj-section></mj-body></mjml>`;

export interface SeededDelivery {
  id: number;
  contactId: number;
  address: string;
}

/**
 * Inserts `emails.length` contacts (or reuses existing ones with the same address), a done campaign with frozen
 * content, and one 'sent' delivery each, sent `sentSecondsAgo` seconds ago.
 */
export async function seedSentCampaign(
  ctx: AppContext,
  ws: number,
  emails: string[],
  o: { sentSecondsAgo?: number; settings?: Record<string, unknown>; name?: string; protectedEmails?: string[] } = {},
): Promise<{ campaignId: number; deliveries: SeededDelivery[] }> {
  const frozen = { format: 'mjml', source: NEWSLETTER_MJML, subject: 'News for {{ contact.first_name }}' };
  const c = await ctx.db
    .insertInto('campaigns')
    .values({ workspace_id: ws, name: o.name ?? 'Seeded', status: 'done', content: JSON.stringify(frozen), frozen: JSON.stringify(frozen), settings: JSON.stringify(o.settings ?? {}), audience: JSON.stringify({}), started_at: new Date(), finished_at: new Date() })
    .returning('id')
    .executeTakeFirstOrThrow();
  const campaignId = Number(c.id);
  const prot = new Set(o.protectedEmails ?? []);
  const { rows } = await sql<{ id: number; email: string }>`
    insert into contacts (workspace_id, email, first_name, protected)
    select ${ws}, e, initcap(split_part(e, '@', 1)), e = any(${[...prot]}::text[]) from unnest(${emails}::text[]) e
    on conflict (workspace_id, email) where deleted_at is null and email is not null do update set updated_at = now()
    returning id, email`.execute(ctx.db);
  const byEmail = new Map(rows.map((r) => [r.email, Number(r.id)]));
  const secs = o.sentSecondsAgo ?? 3600;
  const inserted = await ctx.db
    .insertInto('deliveries')
    .values(emails.map((e) => ({ workspace_id: ws, campaign_id: campaignId, contact_id: byEmail.get(e)!, channel: 'email', address: e, status: 'sent' as const, sent_at: new Date(Date.now() - secs * 1000), finished_at: new Date() })))
    .returning(['id', 'contact_id', 'address'])
    .execute();
  const order = new Map(emails.map((e, i) => [e, i]));
  const deliveries = inserted.map((d) => ({ id: Number(d.id), contactId: Number(d.contact_id), address: d.address! })).sort((a, b) => order.get(a.address)! - order.get(b.address)!);
  return { campaignId, deliveries };
}

/** Signed public paths of a delivery, as the sender puts them in the message. */
export function urlsOf(ctx: AppContext, deliveryId: number) {
  const key = ctx.keys.signingKey;
  return {
    open: `/t/o/${signToken(key, 'o', deliveryId)}`,
    click: (i: number) => `/t/c/${signToken(key, 'c', deliveryId, i)}`,
    unsubscribe: `/u/${signToken(key, 'u', deliveryId)}`,
    view: `/t/v/${signToken(key, 'v', deliveryId)}`,
    unsubscribeToken: signToken(key, 'u', deliveryId),
  };
}

/** The VERP token of a delivery. */
export function verpOf(ctx: AppContext, deliveryId: number, campaignId: number): string {
  return makeVerpToken(ctx.keys.signingKey, deliveryId, campaignId);
}

/** Polls until `check` returns a truthy value (generous; not a timing assertion). */
export async function eventually<T>(check: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Events of a campaign of the given type. */
export async function eventsOf(ctx: AppContext, campaignId: number, type: string) {
  return ctx.db.selectFrom('events').selectAll().where('campaign_id', '=', campaignId).where('type', '=', type).orderBy('id').execute();
}
