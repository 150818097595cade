/**
 * Campaign-wide stops decided by the WhatsApp channel: a template-terminal error pauses the campaign with the
 * explanation; an account-halt error halts the number (workspace alert, see whatsapp/alerts) and pauses every
 * unfinished WhatsApp campaign sending through it. Claimed rows go back to the queue; resume is the shared one.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { recordAudit, systemActor } from '../audit/index.js';
import { releaseCampaignClaims } from '../deliveries/deliveries.repo.js';
import { haltWhatsappConnection } from '../whatsapp/index.js';

type Db = Kysely<Database>;

/** Pauses one campaign (if still running) with a reason shown to the user. Returns true when it paused it now. */
export async function pauseWaCampaign(db: Db, campaignId: number, reason: string): Promise<boolean> {
  const r = await sql<{ workspace_id: number }>`update campaigns set status = 'paused', pause_reason = ${reason.slice(0, 1000)}, updated_at = now()
    where id = ${campaignId} and status in ('sending','building') returning workspace_id`.execute(db);
  if (!r.rows.length) return false;
  await releaseCampaignClaims(db, campaignId);
  await recordAudit(db, Number(r.rows[0].workspace_id), systemActor('whatsapp'), 'campaign.paused', 'campaign', campaignId, { reason });
  return true;
}

/** Pauses every unfinished WhatsApp campaign of a number. Returns the ids paused. */
export async function pauseNumberCampaigns(db: Db, connectionId: number, reason: string): Promise<number[]> {
  const r = await sql<{ id: number; workspace_id: number }>`update campaigns set status = 'paused', pause_reason = ${reason.slice(0, 1000)}, updated_at = now()
    where channel = 'whatsapp' and status in ('sending','building','scheduled') and deleted_at is null
      and (settings->>'connectionId')::bigint = ${connectionId}
    returning id, workspace_id`.execute(db);
  for (const c of r.rows) {
    await releaseCampaignClaims(db, Number(c.id));
    await recordAudit(db, Number(c.workspace_id), systemActor('whatsapp'), 'campaign.paused', 'campaign', Number(c.id), { reason });
  }
  return r.rows.map((c) => Number(c.id));
}

/** Account-halt: the number stops (alert raised by haltWhatsappConnection) and its campaigns pause. */
export async function haltNumber(db: Db, workspaceId: number, connectionId: number, code: number, explanation: string): Promise<void> {
  const reason = `WhatsApp error ${code}: ${explanation} Every campaign on this number is paused; fix the account, clear the halt, then resume.`;
  await haltWhatsappConnection(db, workspaceId, connectionId, reason, { code });
  await pauseNumberCampaigns(db, connectionId, reason);
}
