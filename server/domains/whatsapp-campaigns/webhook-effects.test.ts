/**
 * Effects of WABA webhooks on campaigns, driven through the simulator's control API (signed webhooks over loopback):
 * a UTILITY template Meta re-categorises to MARKETING pauses the running campaign that would reach non-opted-in
 * recipients with a coded reason, and after resume only opted-in contacts are sent (the others skipped as
 * no_consent); a number halted by an account ban resumes the campaigns the halt paused when Meta reinstates it.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../audit/index.js';
import { resumeCampaign } from '../campaigns/campaigns.service.js';
import { DeliveryLoop } from '../deliveries/pipeline.js';
import { startWaHarness, waitFor, type WaHarness } from '../whatsapp/test-support.js';
import { outcomeCounts, setupWa, startWaCampaign } from './test-support.js';

let h: WaHarness;
let loop: DeliveryLoop | null = null;
beforeAll(async () => {
  h = await startWaHarness({ limits: { mps: 200, tier: 'unlimited', pairRate: false } });
});
afterAll(async () => {
  await loop?.stop();
  await h?.close();
});

/** One simulated number per harness: the previous test's connection is let go before the next connects it. */
const freeNumber = () => sql`update wa_connections set deleted_at = now() where deleted_at is null`.execute(h.t.ctx.db);
const campaign = (id: number) => h.t.ctx.db.selectFrom('campaigns').select(['status', 'pause_reason', 'started_at']).where('id', '=', id).executeTakeFirstOrThrow();

describe('template re-categorised to MARKETING', () => {
  it('pauses the campaign with a coded reason; after resume only opted-in recipients are sent', { timeout: 90_000 }, async () => {
    const s = await setupWa(h, 6, { category: 'UTILITY', optedIn: false });
    await sql`update contacts set whatsapp_status = 'opted_in' where id = any(${s.contactIds.slice(0, 2)}::bigint[])`.execute(h.t.ctx.db);
    const id = await startWaCampaign(h, s, 'utility run');
    const tpl = await h.t.ctx.db.selectFrom('wa_templates').select(['name', 'meta_template_id']).where('id', '=', s.templateId).executeTakeFirstOrThrow();
    expect((await campaign(id)).status).toMatch(/sending|building/);

    const r = await h.simApi.control('/templates/category', { id: tpl.meta_template_id, newCategory: 'MARKETING' });
    expect(r.status).toBe(200);
    const paused = await waitFor(async () => {
      const c = await campaign(id);
      return c.status === 'paused' ? c : null;
    });
    expect(paused.pause_reason).toContain(`"${tpl.name}" from UTILITY to MARKETING`);
    expect(paused.pause_reason).toContain('4 recipients have not opted in');
    const audit = await h.t.ctx.db.selectFrom('audit_log').select(['details']).where('entity_id', '=', String(id)).where('action', '=', 'campaign.paused').executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ messageCode: 'whatsapp.campaign_paused_recategorised', params: { template: tpl.name, from: 'UTILITY', count: 4 } });
    const row = await h.t.ctx.db.selectFrom('wa_templates').select(['category', 'previous_category']).where('id', '=', s.templateId).executeTakeFirstOrThrow();
    expect(row).toEqual({ category: 'MARKETING', previous_category: 'UTILITY' });
    const alert = await h.t.ctx.db.selectFrom('workspace_alerts').select(['kind', 'severity']).where('workspace_id', '=', s.ws.id).where('kind', '=', 'whatsapp_template_recategorised').executeTakeFirstOrThrow();
    expect(alert.severity).toBe('warning');

    await resumeCampaign(h.t.ctx, s.ws.id, id, systemActor('test'));
    loop = new DeliveryLoop(h.t.ctx, 'wa-recat', { pollMs: 100 }).start();
    const counts = await waitFor(async () => {
      const c = await outcomeCounts(h, id);
      return (c.byStatus.queued ?? 0) + (c.byStatus.claimed ?? 0) + (c.byStatus.sending ?? 0) === 0 ? c : null;
    }, 60_000);
    expect(counts.byReason['skipped:no_consent']).toBe(4);
    expect(counts.byStatus.sent).toBe(2);
    // The cost report uses Meta's pricing objects from the delivered statuses (billable, category), not the estimate.
    await waitFor(async () => (await sql<{ n: number }>`select count(*)::int as n from deliveries d join wa_status_details sd on sd.wamid = d.provider_message_id
      where d.campaign_id = ${id} and d.delivered_at is not null and sd.billable is not null`.execute(h.t.ctx.db)).rows[0].n === 2);
    const report = await h.t.api('GET', `/api/v1/whatsapp/campaigns/${id}/report`, { key: s.ws.key });
    expect(report.status).toBe(200);
    expect(report.body.data.cost).toMatchObject({ billableMessages: 2, estimated: 0, fromMeta: { billable: 2, free: 0, byCategory: { marketing: 2 } } });
    await loop.stop();
    loop = null;
  });

  it('does not pause a campaign whose pending recipients all opted in', { timeout: 60_000 }, async () => {
    await freeNumber();
    const s = await setupWa(h, 3, { category: 'UTILITY', optedIn: true });
    const id = await startWaCampaign(h, s, 'all opted in');
    const tpl = await h.t.ctx.db.selectFrom('wa_templates').select(['meta_template_id']).where('id', '=', s.templateId).executeTakeFirstOrThrow();
    await h.simApi.control('/templates/category', { id: tpl.meta_template_id, newCategory: 'MARKETING' });
    await waitFor(async () => (await h.t.ctx.db.selectFrom('wa_templates').select('category').where('id', '=', s.templateId).executeTakeFirstOrThrow()).category === 'MARKETING');
    expect((await campaign(id)).status).not.toBe('paused');
  });
});

describe('number reinstated', () => {
  it('a ban halts the number; the campaign the halt paused resumes when Meta reinstates it', { timeout: 60_000 }, async () => {
    await freeNumber();
    const s = await setupWa(h, 2);
    const id = await startWaCampaign(h, s, 'halted run');
    await h.simApi.control('/events/account', { event: 'DISABLED_UPDATE', ban_info: { waba_ban_state: 'DISABLE', waba_ban_date: '2026-12-04' }, haltCode: null });
    const halted = await waitFor(async () => {
      const c = await h.t.ctx.db.selectFrom('wa_connections').select(['halted_at', 'halt_reason']).where('id', '=', s.connectionId).executeTakeFirstOrThrow();
      return c.halted_at ? c : null;
    });
    // The sender pauses a campaign of a halted number with the halt's reason (what the delivery loop does).
    await sql`update campaigns set status = 'paused', pause_reason = ${halted.halt_reason} where id = ${id}`.execute(h.t.ctx.db);
    await h.simApi.control('/events/account', { event: 'DISABLED_UPDATE', ban_info: { waba_ban_state: 'REINSTATE', waba_ban_date: '2026-12-05' }, haltCode: null });
    const c = await waitFor(async () => {
      const x = await campaign(id);
      return x.status !== 'paused' ? x : null;
    });
    expect(c.status).toMatch(/sending|building/);
    expect(c.pause_reason).toBeNull();
    const conn = await h.t.ctx.db.selectFrom('wa_connections').select(['halted_at', 'account_status']).where('id', '=', s.connectionId).executeTakeFirstOrThrow();
    expect(conn.halted_at).toBeNull();
    const alerts = await h.t.ctx.db.selectFrom('workspace_alerts').select(['kind', 'resolved_at']).where('workspace_id', '=', s.ws.id).where('kind', '=', 'whatsapp_number_halted').execute();
    expect(alerts.length).toBe(1);
    expect(alerts[0].resolved_at).not.toBeNull();
  });
});

describe('user_preferences', () => {
  it('a stop is a WhatsApp opt-out with evidence and the campaign skips the contact; a resume opts back in', { timeout: 90_000 }, async () => {
    await freeNumber();
    const s = await setupWa(h, 3);
    // A number the phone normaliser accepts as Israeli mobile (the harness's test numbers are one digit short).
    await sql`update contacts set phone_e164 = '+972521234567' where id = ${s.contactIds[1]}`.execute(h.t.ctx.db);
    const r = await h.simApi.control('/events/user-preferences', { from: '972521234567', value: 'stop' });
    expect(r.status).toBe(200);
    const contact = () => h.t.ctx.db.selectFrom('contacts').select(['whatsapp_status']).where('id', '=', s.contactIds[1]).executeTakeFirstOrThrow();
    await waitFor(async () => (await contact()).whatsapp_status === 'opted_out');
    const evidence = await h.t.ctx.db.selectFrom('consents').select(['status', 'source', 'reason', 'actor']).where('contact_id', '=', s.contactIds[1]).where('channel', '=', 'whatsapp').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(evidence).toMatchObject({ status: 'opted_out', source: 'whatsapp_marketing_stop', actor: 'contact' });
    expect(evidence.reason).toContain('User requested to stop marketing messages');

    const id = await startWaCampaign(h, s, 'after stop');
    loop = new DeliveryLoop(h.t.ctx, 'wa-prefs', { pollMs: 100 }).start();
    const counts = await waitFor(async () => {
      const c = await outcomeCounts(h, id);
      return (c.byStatus.queued ?? 0) + (c.byStatus.claimed ?? 0) + (c.byStatus.sending ?? 0) === 0 && (c.byStatus.sent ?? 0) + (c.byStatus.skipped ?? 0) === 3 ? c : null;
    }, 60_000);
    expect(counts.byReason['skipped:opted_out']).toBe(1);
    expect(counts.byStatus.sent).toBe(2);
    await loop.stop();
    loop = null;

    await h.simApi.control('/events/user-preferences', { from: '972521234567', value: 'resume' });
    await waitFor(async () => (await contact()).whatsapp_status === 'opted_in');
  });
});
