/**
 * Test support for WhatsApp campaign tests: on top of the WhatsApp harness (Clarion + simulator over loopback +
 * webhook loop), a connected number, an approved template synced from the simulator, contacts with phones in a
 * group, and a campaign built and ready for a delivery loop. Real database, real HTTP, nothing mocked.
 */
import { sql } from 'kysely';
import { systemActor } from '../audit/index.js';
import { createCampaign, runBuild, sendCampaign } from '../campaigns/campaigns.service.js';
import { syncTemplates } from '../whatsapp/index.js';
import { connectNumber, type WaHarness } from '../whatsapp/test-support.js';

/** The i-th test phone (E.164) and its wa_id. */
export const phoneOf = (i: number) => `+9725${String(10_000_000 + i).slice(1)}`;
export const waIdOf = (i: number) => phoneOf(i).slice(1);

export interface WaSetup {
  ws: { id: number; key: string };
  connectionId: number;
  templateId: number;
  groupId: number;
  contactIds: number[];
}

/**
 * A workspace with the simulator's number connected (`tier`, `mps`), an approved template `promo_<n>` (body
 * "Hello {{1}}, our sale starts today in {{2}}!" + one quick reply) and `n` opted-in contacts in a group.
 */
export async function setupWa(h: WaHarness, n: number, o: { tier?: string; mps?: number; category?: string; optedIn?: boolean } = {}): Promise<WaSetup> {
  const ws = await h.t.workspace();
  const conn = await connectNumber(h, ws.key, 0, { tier: o.tier ?? 'unlimited', messagesPerSecond: o.mps ?? 200 });
  const name = `promo_${Math.random().toString(36).slice(2, 8)}`;
  const created = await h.simApi.control('/templates', {
    name,
    language: 'en',
    category: o.category ?? 'MARKETING',
    components: [
      { type: 'BODY', text: 'Hello {{1}}, our sale starts today in {{2}}!', example: { body_text: [['Dana', 'Haifa']] } },
      { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Stop promotions' }] },
    ],
  });
  if (created.status >= 300) throw new Error(`sim template: ${JSON.stringify(created.body)}`);
  await syncTemplates(h.t.ctx, ws.id, conn.id);
  const t = await h.t.ctx.db.selectFrom('wa_templates').select(['id', 'status']).where('workspace_id', '=', ws.id).where('name', '=', name).executeTakeFirstOrThrow();
  if (t.status !== 'APPROVED') throw new Error(`template not approved: ${t.status}`);
  const g = await h.t.ctx.db.insertInto('groups').values({ workspace_id: ws.id, name: `wa-${name}` }).returning('id').executeTakeFirstOrThrow();
  const { rows } = await sql<{ id: number }>`
    insert into contacts (workspace_id, phone_e164, first_name, fields, whatsapp_status)
    select ${ws.id}, '+9725' || substr((10000000 + i)::text, 2), 'Name' || i, jsonb_build_object('city', 'Haifa'), ${o.optedIn === false ? 'unknown' : 'opted_in'}
    from generate_series(0, ${n - 1}) i
    returning id`.execute(h.t.ctx.db);
  const contactIds = rows.map((r) => Number(r.id));
  await sql`insert into group_members (workspace_id, group_id, contact_id) select ${ws.id}, ${g.id}, unnest(${contactIds}::bigint[])`.execute(h.t.ctx.db);
  return { ws, connectionId: conn.id, templateId: Number(t.id), groupId: Number(g.id), contactIds };
}

/** Creates, sends and builds a WhatsApp campaign to the group (the delivery loop then sends it). */
export async function startWaCampaign(h: WaHarness, s: WaSetup, name = 'WA campaign') {
  const actor = systemActor('test');
  const c = await createCampaign(h.t.ctx, s.ws.id, actor, {
    name,
    channel: 'whatsapp',
    content: { waTemplateId: s.templateId, variables: { '1': { field: 'first_name', fallback: 'friend' }, '2': { field: 'city', fallback: 'town' } } },
    settings: { connectionId: s.connectionId },
    audience: { include: { groups: [s.groupId], segments: [] }, exclude: { groups: [], segments: [] } },
  });
  await sendCampaign(h.t.ctx, s.ws.id, c.id, actor);
  await runBuild(h.t.ctx, c.id);
  return c.id;
}

/** Delivery counts of a campaign by status (and reason/error code). */
export async function outcomeCounts(h: WaHarness, campaignId: number) {
  const { rows } = await sql<{ status: string; reason: string | null; error_code: string | null; n: string }>`
    select status, reason, error_code, count(*) as n from deliveries where campaign_id = ${campaignId} group by 1, 2, 3`.execute(h.t.ctx.db);
  const byStatus: Record<string, number> = {};
  const failedByCode: Record<string, number> = {};
  const byReason: Record<string, number> = {};
  for (const r of rows) {
    const n = Number(r.n);
    byStatus[r.status] = (byStatus[r.status] ?? 0) + n;
    if (r.status === 'failed') failedByCode[r.error_code ?? '?'] = (failedByCode[r.error_code ?? '?'] ?? 0) + n;
    if (r.reason && r.status !== 'failed') byReason[`${r.status}:${r.reason}`] = (byReason[`${r.status}:${r.reason}`] ?? 0) + n;
  }
  return { byStatus, failedByCode, byReason };
}
