/**
 * A test send of a WhatsApp campaign to one number: the same template, mapping and header media as the campaign,
 * with values from the contact that has this number (else the fallbacks). It goes through the number's throughput
 * bucket and counts against the messaging limit like any template. Refusals come back with the plain explanation.
 */
import type { AppContext } from '../../app/context.js';
import { decryptSecret } from '../../lib/crypto.js';
import { badRequest, notFound } from '../../lib/errors.js';
import { waErrorInfo } from '../channels/whatsapp/errors-map.js';
import { NumberClock } from '../channels/whatsapp/limits/clock.js';
import { takeThroughput } from '../channels/whatsapp/limits/throughput.js';
import { admitRecipients, tierLimit } from '../channels/whatsapp/limits/tier.js';
import { normalisePhone } from '../contacts/index.js';
import { compileTemplate, contentProblems, type WaCampaignContent } from './content.js';
import { GraphPoster } from './http-send.js';

export async function testSend(ctx: AppContext, ws: number, campaignId: number, to: string): Promise<{ wamid: string; to: string }> {
  const c = await ctx.db.selectFrom('campaigns').selectAll().where('workspace_id', '=', ws).where('id', '=', campaignId).where('channel', '=', 'whatsapp').where('deleted_at', 'is', null).executeTakeFirst();
  if (!c) throw notFound('Campaign');
  const content = (c.frozen ?? c.content) as unknown as WaCampaignContent;
  const connId = Number((c.settings as { connectionId?: number }).connectionId);
  const conn = connId ? await ctx.db.selectFrom('wa_connections').selectAll().where('workspace_id', '=', ws).where('id', '=', connId).where('deleted_at', 'is', null).executeTakeFirst() : undefined;
  if (!conn) throw badRequest('Choose the WhatsApp number to send from.', 'settings.connectionId');
  const t = await ctx.db.selectFrom('wa_templates').selectAll().where('workspace_id', '=', ws).where('id', '=', Number(content.waTemplateId)).where('deleted_at', 'is', null).executeTakeFirst();
  if (!t || t.connection_id !== conn.id) throw badRequest('Choose an approved template of this number.', 'content.waTemplateId');
  if (t.status !== 'APPROVED') throw badRequest(`The template is ${t.status.toLowerCase()}; only approved templates can be sent.`, 'content.waTemplateId');
  const problems = contentProblems(t, content);
  if (problems.length) throw badRequest(problems.join(' '), 'content');
  const phone = normalisePhone(to, 'IL');
  if (!phone.ok) throw badRequest('That is not a valid phone number.', 'to');
  const contact = await ctx.db.selectFrom('contacts').selectAll().where('workspace_id', '=', ws).where('phone_e164', '=', phone.value).where('deleted_at', 'is', null).executeTakeFirst();
  const waId = phone.value.replace(/\D/g, '');
  const now = await new NumberClock(ctx, conn).now();
  const adm = await admitRecipients(ctx.db, conn.id, tierLimit(conn.tier), [waId], now);
  if (!adm.admitted.has(waId)) throw badRequest('The number has reached its messaging limit for the last 24 hours; the test cannot be sent now.', 'to');
  for (let i = 0; i < 50; i++) {
    if ((await takeThroughput(ctx.db, conn.id, conn.messages_per_second, 1)).granted) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const template = compileTemplate(t, content)(
    {
      id: contact?.id ?? 0,
      email: contact?.email ?? null,
      phone: phone.value,
      firstName: contact?.first_name ?? '',
      lastName: contact?.last_name ?? '',
      fields: (contact?.fields ?? {}) as Record<string, unknown>,
      emailStatus: 'subscribed',
      whatsappStatus: 'opted_in',
      smsStatus: 'unknown',
      deleted: false,
    },
    { campaignId, deliveryId: 0 },
  );
  const poster = new GraphPoster(ctx.outbound, conn.graph_base_url, conn.api_version, decryptSecret(ctx.keys.encryptionKey, conn.access_token_enc), 1, 15_000);
  try {
    const o = await poster.post(`${conn.phone_number_id}/messages`, { messaging_product: 'whatsapp', to: waId, type: 'template', template });
    if (o.kind === 'ok') {
      const id = (o.body as { messages?: { id?: string }[] })?.messages?.[0]?.id;
      if (id) return { wamid: id, to: phone.value };
    }
    if (o.kind === 'http') {
      const code = (o.body as { error?: { code?: number } } | null)?.error?.code;
      if (typeof code === 'number') throw badRequest(`WhatsApp refused the test (${code}): ${waErrorInfo(code, o.status).en}`, 'to');
    }
    throw badRequest(`The test could not be sent: ${'reason' in o ? o.reason : `HTTP ${'status' in o ? o.status : '?'}`}.`, 'to');
  } finally {
    poster.close();
  }
}
