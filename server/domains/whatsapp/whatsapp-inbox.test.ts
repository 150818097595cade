import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectNumber, startWaHarness, waitFor, type WaHarness } from './test-support.js';

let h: WaHarness;
let ws: { id: number; key: string };
let connId: number;
beforeAll(async () => {
  h = await startWaHarness();
  ws = await h.t.workspace();
  connId = (await connectNumber(h, ws.key)).id;
});
afterAll(async () => h?.close());

const conversationOf = (waId: string) =>
  waitFor(async () => {
    const list = await h.t.api('GET', `/api/v1/whatsapp/conversations?q=${waId}`, { key: ws.key });
    return list.body.data.find((c: { waId: string }) => c.waId === waId);
  });
const simMessagesTo = async (waId: string) => (await h.simApi.control(`/messages?to=${waId}&limit=50`)).body.data as { payload: Record<string, any>; id: string }[];

describe('inbox', () => {
  it('an unknown sender becomes a contact and a conversation; replies work inside the window, only templates after it', async () => {
    const from = '972501111111';
    await h.simApi.control('/inbound', { from, name: 'Dana Levi', text: 'שלום, מתי המשלוח?' });
    const conv = await conversationOf(from);
    expect(conv).toMatchObject({ name: 'Dana Levi', unreadCount: 1, windowOpen: true, lastMessagePreview: 'שלום, מתי המשלוח?' });
    const contact = await h.t.ctx.db.selectFrom('contacts').selectAll().where('id', '=', conv.contactId).executeTakeFirstOrThrow();
    expect(contact).toMatchObject({ phone_e164: '+972501111111', first_name: 'Dana', last_name: 'Levi', workspace_id: ws.id });

    const reply = await h.t.api('POST', `/api/v1/whatsapp/conversations/${conv.id}/messages`, { key: ws.key, body: { type: 'text', text: 'Tomorrow morning!' } });
    expect(reply.status).toBe(201);
    expect(reply.body.data.status).toBe('accepted');
    expect((await simMessagesTo(from)).some((m) => m.payload.text?.body === 'Tomorrow morning!')).toBe(true);
    // Status ticks arrive through the webhook.
    await waitFor(async () => {
      const msgs = await h.t.api('GET', `/api/v1/whatsapp/conversations/${conv.id}/messages`, { key: ws.key });
      return msgs.body.data.find((m: { id: number; status: string }) => m.id === reply.body.data.id && m.status === 'read');
    });

    // An approved template, imported from the WhatsApp account.
    await h.simApi.control('/templates', { name: 'delivery_update', language: 'en_US', category: 'UTILITY', components: [{ type: 'BODY', text: 'Hi {{1}}, your delivery is on its way.', example: { body_text: [['Dana']] } }] });
    await h.t.api('POST', `/api/v1/whatsapp/numbers/${connId}/templates/sync`, { key: ws.key });
    const tpl = (await h.t.api('GET', '/api/v1/whatsapp/templates?q=delivery_update', { key: ws.key })).body.data[0];

    await h.simApi.control('/clock', { advanceSeconds: 25 * 3600 });
    const closed = await h.t.api('POST', `/api/v1/whatsapp/conversations/${conv.id}/messages`, { key: ws.key, body: { type: 'text', text: 'Still there?' } });
    expect(closed.status).toBe(409);
    expect(closed.body.error.code).toBe('window_closed');
    const after = await h.t.api('GET', `/api/v1/whatsapp/conversations/${conv.id}`, { key: ws.key });
    expect(after.body.data.windowOpen).toBe(false);
    const missing = await h.t.api('POST', `/api/v1/whatsapp/conversations/${conv.id}/messages`, { key: ws.key, body: { type: 'template', templateId: tpl.id } });
    expect(missing.status).toBe(400);
    const viaTemplate = await h.t.api('POST', `/api/v1/whatsapp/conversations/${conv.id}/messages`, { key: ws.key, body: { type: 'template', templateId: tpl.id, variables: ['Dana'] } });
    expect(viaTemplate.status).toBe(201);
    expect(viaTemplate.body.data).toMatchObject({ status: 'accepted', text: 'Hi Dana, your delivery is on its way.' });
    const sent = await simMessagesTo(from);
    expect(sent.some((m) => m.payload.template?.name === 'delivery_update')).toBe(true);
    await h.simApi.control('/clock', { reset: true });
  });

  it('STOP (any case, trimmed, also as a button) opts the contact out and sends a confirmation; marketing templates are then refused', async () => {
    const from = '972502222222';
    await h.simApi.control('/inbound', { from, name: 'Avi', text: '  Stop ' });
    const conv = await conversationOf(from);
    const contact = await waitFor(async () => {
      const c = await h.t.ctx.db.selectFrom('contacts').selectAll().where('id', '=', conv.contactId).executeTakeFirstOrThrow();
      return c.whatsapp_status === 'opted_out' ? c : null;
    });
    const consent = await h.t.ctx.db.selectFrom('consents').selectAll().where('contact_id', '=', contact.id).executeTakeFirstOrThrow();
    expect(consent).toMatchObject({ channel: 'whatsapp', status: 'opted_out', source: 'keyword' });
    await waitFor(async () => (await simMessagesTo(from)).find((m) => /no longer receive marketing/.test(m.payload.text?.body ?? '')));

    await h.simApi.control('/templates', { name: 'big_sale', language: 'en_US', category: 'MARKETING', components: [{ type: 'BODY', text: 'Big sale today only, come and see.' }] });
    await h.t.api('POST', `/api/v1/whatsapp/numbers/${connId}/templates/sync`, { key: ws.key });
    const tpl = (await h.t.api('GET', '/api/v1/whatsapp/templates?q=big_sale', { key: ws.key })).body.data[0];
    const refused = await h.t.api('POST', `/api/v1/whatsapp/conversations/${conv.id}/messages`, { key: ws.key, body: { type: 'template', templateId: tpl.id } });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('opted_out');
    // A service reply inside the window they opened is still allowed.
    const service = await h.t.api('POST', `/api/v1/whatsapp/conversations/${conv.id}/messages`, { key: ws.key, body: { type: 'text', text: 'Done, sorry to see you go.' } });
    expect(service.status).toBe(201);

    const from2 = '972503333333';
    await h.simApi.control('/inbound', { from: from2, button: { text: 'הסר', payload: 'OPT_OUT' } });
    const c2 = await conversationOf(from2);
    await waitFor(async () => (await h.t.ctx.db.selectFrom('contacts').select('whatsapp_status').where('id', '=', c2.contactId).executeTakeFirstOrThrow()).whatsapp_status === 'opted_out');
  });

  it('a keyword auto-reply rule answers and adds the contact to a group', async () => {
    const group = await h.t.api('POST', '/api/v1/groups', { key: ws.key, body: { name: 'price askers' } });
    const rule = await h.t.api('POST', '/api/v1/whatsapp/auto-replies', { key: ws.key, body: { keyword: 'price', matchMode: 'contains', replyText: 'Our price list: https://example.com/prices', groupId: group.body.data.id } });
    expect(rule.status).toBe(201);
    const from = '972504444444';
    await h.simApi.control('/inbound', { from, name: 'Noa', text: 'What is the PRICE?' });
    const conv = await conversationOf(from);
    await waitFor(async () => (await simMessagesTo(from)).find((m) => m.payload.text?.body?.startsWith('Our price list')));
    const member = await h.t.ctx.db.selectFrom('group_members').selectAll().where('group_id', '=', group.body.data.id).where('contact_id', '=', conv.contactId).executeTakeFirst();
    expect(member).toBeDefined();
    const msgs = await h.t.api('GET', `/api/v1/whatsapp/conversations/${conv.id}/messages`, { key: ws.key });
    expect(msgs.body.data.map((m: { direction: string }) => m.direction)).toEqual(['out', 'in']);
    expect(msgs.body.data[0].automated).toBe(`auto_reply:${rule.body.data.id}`);
  });

  it('assignment, labels and filters; another workspace sees no conversations', async () => {
    const from = '972505555555';
    await h.simApi.control('/inbound', { from, text: 'hello' });
    const conv = await conversationOf(from);
    const user = await h.t.user(ws.id, 'editor');
    const patched = await h.t.api('PATCH', `/api/v1/whatsapp/conversations/${conv.id}`, { key: ws.key, body: { assigneeUserId: user.id, labels: ['vip'] } });
    expect(patched.body.data).toMatchObject({ assigneeUserId: user.id, labels: ['vip'] });
    const vip = await h.t.api('GET', '/api/v1/whatsapp/conversations?label=vip', { key: ws.key });
    expect(vip.body.data.map((c: { id: number }) => c.id)).toEqual([conv.id]);
    const unassigned = await h.t.api('GET', '/api/v1/whatsapp/conversations?assigned=unassigned', { key: ws.key });
    expect(unassigned.body.data.some((c: { id: number }) => c.id === conv.id)).toBe(false);
    await h.t.api('POST', `/api/v1/whatsapp/conversations/${conv.id}/read`, { key: ws.key });
    expect((await h.t.api('GET', `/api/v1/whatsapp/conversations/${conv.id}`, { key: ws.key })).body.data.unreadCount).toBe(0);
    const other = await h.t.workspace();
    expect((await h.t.api('GET', '/api/v1/whatsapp/conversations', { key: other.key })).body.data).toEqual([]);
    expect((await h.t.api('GET', `/api/v1/whatsapp/conversations/${conv.id}/messages`, { key: other.key })).status).toBe(404);
  });
});
