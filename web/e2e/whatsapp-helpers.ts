/**
 * Helpers of the WhatsApp browser test: the Cloud API simulator started in the test process (webhooks signed and
 * pointed at the Clarion under test), its control endpoints, and API calls made with the signed-in browser
 * session (cookie + CSRF), for setting up data the screens then show.
 */
import type { Page } from 'playwright-core';
import { createWhatsappSimulator, type WhatsappSimulator } from '../../server/sim/whatsapp/index.js';

export const SIM_SECRET = 'e2e-app-secret';
export const SIM_TOKEN = 'e2e-token';
export const SIM_VERIFY = 'e2e-verify-token';

/** Starts the simulator: review waits for the clock (advanced by the test), statuses arrive quickly. */
export function startSimulator(clarionUrl: string): Promise<WhatsappSimulator> {
  return createWhatsappSimulator({
    appSecret: SIM_SECRET,
    accessToken: SIM_TOKEN,
    verifyToken: SIM_VERIFY,
    webhookUrl: `${clarionUrl}/webhooks/whatsapp`,
    latencies: { sentMs: 100, deliveredMs: 300, readMs: 800, jitterMs: 0 },
    review: { delayMs: 3_600_000, autoApprove: true, createsPerHour: 100 },
    limits: { mps: 80, tier: 'unlimited', pairRate: false },
  });
}

/** POSTs to a simulator control endpoint (`/_sim/...`). */
export async function simControl<T = unknown>(sim: WhatsappSimulator, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${sim.url}/_sim${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`sim ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Calls the Clarion API with the page's session (cookie, CSRF token from GET /session). */
export async function apiAs<T = unknown>(page: Page, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const s = await (await fetch('/api/v1/session')).json();
      const headers: Record<string, string> = { accept: 'application/json', 'x-csrf-token': s.data.csrfToken };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
    { method, path, body },
  );
}

/** True when the running Clarion serves an API path (read from its OpenAPI document). */
export async function hasApi(clarionUrl: string, path: string): Promise<boolean> {
  const doc = (await (await fetch(`${clarionUrl}/api/openapi.json`)).json()) as { paths: Record<string, unknown> };
  return path in doc.paths;
}
