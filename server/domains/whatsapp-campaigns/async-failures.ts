/**
 * Asynchronous failures (a `failed` status webhook) mapped like synchronous ones, inside the webhook processor's
 * transaction (registered with onWhatsappDeliveryFailures):
 *  131026 → the number is suppressed for WhatsApp as unreachable; 131050 → WhatsApp marketing opt-out
 *  (source meta_131050); 130472 → the delivery is skipped (experiment); 131049 → the recipient is re-queued once,
 *  ≥ 24 h later (a second 131049 stays failed: never a hot loop); template-terminal → the campaign pauses;
 *  account-halt → the number halts and its campaigns pause.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { waErrorInfo } from '../channels/whatsapp/errors-map.js';
import { setChannelStatus } from '../contacts/index.js';
import type { DeliveryFailure } from '../whatsapp/index.js';
import { haltNumber, pauseWaCampaign } from './pause.js';

type Db = Kysely<Database>;

/** How long a 131049 recipient waits (Meta: more than 24 h). */
export const USER_LIMIT_WAIT_MS = 24 * 3600_000 + 5 * 60_000;

/** Marks phone numbers unreachable for WhatsApp (a suppression with source meta_131026), set-based. */
export async function suppressUnreachable(db: Db, deliveryIds: number[]): Promise<void> {
  if (!deliveryIds.length) return;
  await sql`insert into suppressions (workspace_id, channel, value, reason, source)
    select d.workspace_id, 'whatsapp', lower(d.address), 'Not reachable on WhatsApp (Meta error 131026)', 'meta_131026'
    from deliveries d where d.id = any(${deliveryIds}::bigint[]) and d.address is not null
    on conflict (workspace_id, channel, value) do nothing`.execute(db);
}

/** Opts contacts out of WhatsApp marketing because Meta reported 131050. */
export async function optOutFromMeta(db: Db, byWorkspace: Map<number, number[]>): Promise<void> {
  for (const [ws, ids] of byWorkspace) {
    await setChannelStatus(db, ws, ids, 'whatsapp', 'opted_out', { source: 'meta_131050', reason: 'The recipient stopped marketing messages in WhatsApp (Meta error 131050)', actor: 'system' });
  }
}

/** The failure hook. */
export async function onAsyncFailures(db: Db, failures: DeliveryFailure[]): Promise<void> {
  const unreachable: number[] = [];
  const optOut = new Map<number, number[]>();
  const experiment: number[] = [];
  const userLimit: number[] = [];
  const pauses = new Map<number, string>();
  const halts = new Map<number, { ws: number; code: number; en: string; campaignId: number }>();
  for (const f of failures) {
    if (f.code === null) continue;
    const info = waErrorInfo(f.code);
    if (info.action === 'unreachable') unreachable.push(f.deliveryId);
    else if (info.action === 'opt_out') optOut.set(f.workspaceId, [...(optOut.get(f.workspaceId) ?? []), f.contactId]);
    else if (info.action === 'experiment') experiment.push(f.deliveryId);
    else if (info.action === 'user_limit') userLimit.push(f.deliveryId);
    else if (info.action === 'template') pauses.set(f.campaignId, `WhatsApp error ${f.code}: ${info.en}`);
    else if (info.action === 'halt') halts.set(f.campaignId, { ws: f.workspaceId, code: f.code, en: info.en, campaignId: f.campaignId });
  }
  await suppressUnreachable(db, unreachable);
  await optOutFromMeta(db, optOut);
  if (experiment.length) {
    await sql`update deliveries set status = 'skipped', reason = 'meta_experiment'
      where id = any(${experiment}::bigint[]) and status = 'failed' and error_code = '130472'`.execute(db);
  }
  if (userLimit.length) {
    // Re-queue once: only deliveries whose event log holds exactly this one 131049 failure.
    await sql`update deliveries d set status = 'deferred', reason = 'meta_user_limit', provider_message_id = null, finished_at = null,
        next_attempt_at = now() + make_interval(secs => ${USER_LIMIT_WAIT_MS / 1000})
      where d.id = any(${userLimit}::bigint[]) and d.status = 'failed' and d.error_code = '131049'
        and (select count(*) from events e where e.delivery_id = d.id and e.type = 'failed' and (e.data->>'code') = '131049') = 1`.execute(db);
    // A campaign that finished meanwhile goes back to sending so its waiting recipients are picked up.
    await sql`update campaigns c set status = 'sending', finished_at = null, updated_at = now()
      where c.status = 'done' and exists (select 1 from deliveries d where d.campaign_id = c.id and d.id = any(${userLimit}::bigint[]) and d.status = 'deferred')`.execute(db);
  }
  for (const [campaignId, reason] of pauses) await pauseWaCampaign(db, campaignId, reason);
  for (const h of halts.values()) {
    const c = await sql<{ cid: string | null }>`select settings->>'connectionId' as cid from campaigns where id = ${h.campaignId}`.execute(db);
    const connectionId = Number(c.rows[0]?.cid);
    if (connectionId) await haltNumber(db, h.ws, connectionId, h.code, h.en);
  }
}
