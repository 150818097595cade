import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWhatsappSimulator, type WhatsappSimulator } from '../../../sim/whatsapp/index.js';
import { createOutboundPolicy } from '../../../lib/outbound/index.js';
import { TEST_OUTBOUND_ALLOW } from '../../../test/app.js';
import { GraphApiError, GraphClient, graphRetryClass, parseTierLabel } from './graph-client.js';

let sim: WhatsappSimulator;
const PHONE = '106540352242922';
const WABA = '102290129340398';
beforeAll(async () => {
  sim = await createWhatsappSimulator({ accessToken: 'tok', limits: { pairRate: false } });
});
afterAll(async () => sim?.close());

const outbound = createOutboundPolicy({ allow: TEST_OUTBOUND_ALLOW });
const client = (token = 'tok', baseUrl = sim.url) => new GraphClient({ baseUrl, version: 'v24.0', accessToken: token, timeoutMs: 5000, outbound });

describe('GraphClient against the simulator', () => {
  it('reads number info and sends a message', async () => {
    const info = await client().getPhoneNumber(PHONE);
    expect(info.display_phone_number).toBe('15550783881');
    expect(parseTierLabel(info.whatsapp_business_manager_messaging_limit)).toBe('250');
    await fetch(`${sim.url}/_sim/inbound`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: '972501234567', text: 'hi' }) });
    const res = await client().sendMessage(PHONE, { to: '+972 50-123-4567', type: 'text', text: { body: 'hello' } });
    expect(res.messages[0].id).toMatch(/^wamid\./);
    expect(res.contacts[0].wa_id).toBe('972501234567');
  });

  it('parses Graph error bodies into typed errors with their retry class', async () => {
    const err = await client('bad').getPhoneNumber(PHONE).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphApiError);
    expect(err).toMatchObject({ kind: 'graph', code: 190, httpStatus: 401, retryClass: 'account_halt' });
    const unknown = await client().getPhoneNumber('123').catch((e: unknown) => e);
    expect(unknown).toMatchObject({ code: 100, subcode: 33 });
    const bad = await client().sendMessage(PHONE, { to: '972501234567', type: 'template', template: { name: 'nope', language: { code: 'en_US' } } }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: 132001, retryClass: 'template' });
  });

  it('reports an unreachable base URL as a network error', async () => {
    const err = await client('tok', 'http://127.0.0.1:9').getPhoneNumber(PHONE).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'network', code: null, retryClass: 'throttle' });
    expect((err as Error).message).toMatch(/Could not reach http:\/\/127\.0\.0\.1:9/);
  });

  it('follows template paging', async () => {
    for (let i = 0; i < 3; i++) {
      await client().createTemplate(WABA, { name: `paged_${i}`, language: 'en_US', category: 'UTILITY', components: [{ type: 'BODY', text: 'Hello there, this is a test.' }] });
    }
    const page = await client().listTemplates(WABA, { limit: 2 });
    expect(page.data).toHaveLength(2);
    const all = [];
    let after: string | undefined;
    for (;;) {
      const p = await client().listTemplates(WABA, { limit: 2, after });
      all.push(...p.data);
      if (!p.paging?.next) break;
      after = p.paging.cursors?.after;
    }
    expect(all.map((t) => t.name).sort()).toEqual(['paged_0', 'paged_1', 'paged_2']);
    expect((await client().listAllTemplates(WABA)).length).toBe(3);
  });

  it('classifies codes as the reference says', () => {
    expect(graphRetryClass(130429)).toBe('throttle');
    expect(graphRetryClass(131026)).toBe('recipient');
    expect(graphRetryClass(131047)).toBe('template');
    expect(graphRetryClass(131031)).toBe('account_halt');
    expect(graphRetryClass(250)).toBe('account_halt');
    expect(graphRetryClass(131008)).toBe('permanent');
  });
});
