/**
 * The relay from the shared `events` log to outbound webhooks: every delivery event any channel records (sent,
 * delivered, read, failed, bounce, complaint, open, click, unsubscribe) becomes a `message.*` / `contact.*` webhook
 * event, with the message's metadata for API-sent messages. The cursor and the queued deliveries commit in one
 * transaction, so a relay that dies re-reads from its last commit (at-least-once, never lost).
 *
 * Bound: rows are read by id; a row whose transaction commits more than RELAY_SETTLE_MS after a higher id was read
 * could be passed over. Rows younger than RELAY_SETTLE_MS are left for the next pass to make that window small.
 */
import { sql } from 'kysely';
import type { AppContext } from '../../app/context.js';
import type { EventType } from './events.js';
import { emitWebhookEvent } from './webhooks.service.js';

export const RELAY_SETTLE_MS = 2000;

const MAP: Record<string, EventType> = {
  queued: 'message.queued',
  sent: 'message.sent',
  accepted: 'message.sent',
  delivered: 'message.delivered',
  read: 'message.read',
  failed: 'message.failed',
  bounce: 'message.bounced',
  bounced: 'message.bounced',
  hard_bounce: 'message.bounced',
  complaint: 'message.complained',
  complained: 'message.complained',
  open: 'message.opened',
  click: 'message.clicked',
  unsubscribe: 'contact.unsubscribed',
  unsubscribed: 'contact.unsubscribed',
};

interface EventRow { id: number; workspace_id: number; campaign_id: number | null; delivery_id: number | null; contact_id: number | null; channel: string; type: string; message_id: number | null; metadata: Record<string, unknown> | null }

/** One relay pass of up to `limit` events; answers how many webhook deliveries it queued. */
export async function relayEvents(ctx: AppContext, opts: { limit?: number; settleMs?: number } = {}): Promise<number> {
  return ctx.db.transaction().execute(async (trx) => {
    const cur = await sql<{ last_event_id: string }>`select last_event_id from webhook_relay_state where id = 1 for update skip locked`.execute(trx);
    if (!cur.rows[0]) return 0; // another process is relaying
    const from = Number(cur.rows[0].last_event_id);
    const settle = new Date(Date.now() - (opts.settleMs ?? RELAY_SETTLE_MS));
    const rows = (await sql<EventRow>`
      select e.id::int as id, e.workspace_id::int as workspace_id, e.campaign_id::int as campaign_id, e.delivery_id::int as delivery_id,
             e.contact_id::int as contact_id, e.channel, e.type, d.message_id::int as message_id, m.metadata
        from events e
        left join deliveries d on d.id = e.delivery_id
        left join outbound_messages m on m.id = d.message_id
       where e.id > ${from} and e.at <= ${settle}
       order by e.id limit ${opts.limit ?? 500}`.execute(trx)).rows;
    let queued = 0;
    for (const e of rows) {
      const type = MAP[e.type];
      if (!type) continue;
      const channel = (['email', 'whatsapp', 'sms'].includes(e.channel) ? e.channel : 'email') as 'email' | 'whatsapp' | 'sms';
      const data = type.startsWith('contact.')
        ? { contactId: e.contact_id, channel }
        : { messageId: e.message_id, deliveryId: e.delivery_id, campaignId: e.campaign_id, contactId: e.contact_id, channel, status: e.type, ...(e.metadata && { metadata: e.metadata }) };
      queued += await emitWebhookEvent(trx, e.workspace_id, type, data, { channel });
    }
    if (rows.length) await trx.updateTable('webhook_relay_state').set({ last_event_id: rows[rows.length - 1].id }).where('id', '=', 1).execute();
    return queued;
  });
}
