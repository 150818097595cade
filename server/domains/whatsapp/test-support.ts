/**
 * Test support for the WhatsApp domain: a real Clarion (test app) wired to a real simulator over loopback,
 * with the webhook-processing loop running, plus helpers to connect a number and wait for conditions.
 */
import { createWhatsappSimulator, serializeWebhook, signWebhook, type SimOptions, type WhatsappSimulator } from '../../sim/whatsapp/index.js';
import { simClient } from '../../sim/whatsapp/test-support.js';
import { startTestApp, type TestApp } from '../../test/app.js';
import { whatsappWebhookLoop } from './whatsapp.jobs.js';

export const APP_SECRET = 'test-app-secret';
export const TOKEN = 'test-token';

export interface WaHarness {
  t: TestApp;
  sim: WhatsappSimulator;
  simApi: ReturnType<typeof simClient>;
  close(): Promise<void>;
}

/** Starts Clarion + simulator (webhooks pointed at Clarion) + the webhook loop. */
export async function startWaHarness(opts: SimOptions = {}): Promise<WaHarness> {
  const t = await startTestApp();
  const sim = await createWhatsappSimulator({
    appSecret: APP_SECRET,
    accessToken: TOKEN,
    webhookUrl: `${t.url}/webhooks/whatsapp`,
    latencies: { sentMs: 20, deliveredMs: 20, readMs: 20, jitterMs: 0 },
    review: { delayMs: 3_600_000, autoApprove: true, createsPerHour: 100 },
    ...opts,
  });
  const loop = whatsappWebhookLoop.start(t.ctx, 'test');
  return {
    t,
    sim,
    simApi: simClient(sim.url, TOKEN),
    async close() {
      await loop.stop();
      await sim.close();
      await t.close();
    },
  };
}

/** Connects the simulator's number `n` (0-based) to a workspace through the API. */
export async function connectNumber(h: WaHarness, key: string, n = 0, extra: Record<string, unknown> = {}) {
  const num = h.sim.config.numbers[n];
  const res = await h.t.api('POST', '/api/v1/whatsapp/numbers', {
    key,
    body: { name: `sandbox ${n}`, wabaId: num.wabaId, phoneNumberId: num.phoneNumberId, displayNumber: num.displayPhoneNumber, accessToken: TOKEN, appSecret: APP_SECRET, graphBaseUrl: h.sim.url, sandbox: true, ...extra },
  });
  if (res.status !== 201) throw new Error(`connect failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data as { id: number; phoneNumberId: string; wabaId: string };
}

/** Polls until `fn` returns a truthy value (generous timeout; no fixed sleeps). */
export async function waitFor<T>(fn: () => Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting for condition');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Posts a webhook body to Clarion signed with `secret` (undefined = no signature header). */
export async function postWebhook(url: string, payload: unknown, secret: string | undefined) {
  const body = serializeWebhook(payload);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (secret !== undefined) headers['x-hub-signature-256'] = signWebhook(body, secret);
  const res = await fetch(`${url}/webhooks/whatsapp`, { method: 'POST', headers, body });
  return { status: res.status, text: await res.text() };
}

/** A `messages` webhook with statuses for a phone number. */
export function statusPayload(wabaId: string, phoneNumberId: string, statuses: { id: string; status: string; timestamp?: number; code?: number }[]) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: wabaId,
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId },
              statuses: statuses.map((s) => ({
                id: s.id,
                status: s.status,
                timestamp: String(s.timestamp ?? Math.floor(Date.now() / 1000)),
                recipient_id: '972501234567',
                ...(s.code ? { errors: [{ code: s.code, title: `error ${s.code}`, message: `error ${s.code}` }] } : {}),
              })),
            },
          },
        ],
      },
    ],
  };
}
