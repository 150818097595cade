/**
 * What WABA webhooks do to campaigns (registered with the whatsapp domain's hooks, inside the webhook transaction):
 *  - a template Meta re-categorised to MARKETING: every unfinished campaign sending it that still has pending
 *    recipients who did not opt in to WhatsApp marketing pauses with a coded reason (whatsapp.campaign_paused_recategorised).
 *    On resume the adapter prepares a new sender from the stored category, so those recipients are skipped as
 *    `no_consent`; a campaign not built yet needs no pause (its audience is built under the new category).
 *  - a number Meta reinstated: the campaigns that the halt paused (pause reason = the halt's reason) resume.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { msg } from '../../lib/messages/index.js';
import { enqueueJob } from '../../workers/jobs.repo.js';
import { recordAudit, systemActor } from '../audit/index.js';
import { releaseCampaignClaims } from '../deliveries/deliveries.repo.js';
import { onWhatsappNumberReinstated, onWhatsappTemplateRecategorised } from '../whatsapp/index.js';

type Db = Kysely<Database>;

/** Pauses the campaigns that would now reach non-opted-in recipients with a MARKETING template. Returns their ids. */
export async function pauseForRecategorised(db: Db, t: { id: number; workspaceId: number; name: string; from: string; to: string }): Promise<number[]> {
  if (t.to !== 'MARKETING' || t.from === 'MARKETING') return [];
  const { rows } = await sql<{ id: number; n: string }>`
    select c.id, count(*) as n from campaigns c
    join deliveries d on d.campaign_id = c.id and d.status in ('queued', 'claimed', 'deferred')
    join contacts k on k.id = d.contact_id and k.workspace_id = c.workspace_id
    where c.workspace_id = ${t.workspaceId} and c.channel = 'whatsapp' and c.deleted_at is null
      and c.status in ('sending', 'building') and (c.content->>'waTemplateId')::bigint = ${t.id}
      and k.whatsapp_status is distinct from 'opted_in'
    group by c.id`.execute(db);
  const paused: number[] = [];
  for (const r of rows) {
    const reason = msg('whatsapp.campaign_paused_recategorised', { template: t.name, from: t.from, count: Number(r.n) });
    const u = await sql<{ id: number }>`update campaigns set status = 'paused', pause_reason = ${reason.message.slice(0, 1000)}, updated_at = now()
      where id = ${r.id} and status in ('sending', 'building') returning id`.execute(db);
    if (!u.rows.length) continue;
    await releaseCampaignClaims(db, Number(r.id));
    await recordAudit(db, t.workspaceId, systemActor('whatsapp'), 'campaign.paused', 'campaign', Number(r.id), { reason: reason.message, messageCode: reason.code, params: reason.params });
    paused.push(Number(r.id));
  }
  return paused;
}

/** Resumes the campaigns of a number that its halt paused. Returns their ids. */
export async function resumeAfterReinstated(db: Db, n: { workspaceId: number; connectionId: number; haltReason: string | null }): Promise<number[]> {
  if (!n.haltReason) return [];
  const { rows } = await sql<{ id: number; started_at: Date | null }>`select id, started_at from campaigns
    where workspace_id = ${n.workspaceId} and channel = 'whatsapp' and status = 'paused' and deleted_at is null
      and (settings->>'connectionId')::bigint = ${n.connectionId} and pause_reason = ${n.haltReason.slice(0, 1000)}`.execute(db);
  const note = msg('whatsapp.campaign_resumed_reinstated');
  for (const c of rows) {
    if (c.started_at) {
      await sql`update campaigns set status = 'sending', pause_reason = null, updated_at = now() where id = ${c.id}`.execute(db);
    } else {
      await enqueueJob(db, { kind: 'campaign.build', workspaceId: n.workspaceId, payload: { campaignId: Number(c.id) }, uniqueKey: `campaign:${c.id}` });
      await sql`update campaigns set status = 'building', pause_reason = null, updated_at = now() where id = ${c.id}`.execute(db);
    }
    await recordAudit(db, n.workspaceId, systemActor('whatsapp'), 'campaign.resumed', 'campaign', Number(c.id), { reason: note.message, messageCode: note.code });
  }
  return rows.map((c) => Number(c.id));
}

onWhatsappTemplateRecategorised(async (db, t) => {
  await pauseForRecategorised(db, t);
});
onWhatsappNumberReinstated(async (db, n) => {
  await resumeAfterReinstated(db, n);
});
