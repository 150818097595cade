/**
 * API helpers for the email journey, used only for set-up the brief allows outside the UI (creating the 50
 * contacts of the audience). They go through the public REST API with the browser context's session cookie and
 * CSRF token, exactly as the web app does.
 */
import type { Page } from 'playwright-core';

async function csrf(page: Page): Promise<string> {
  const r = await page.request.get('/api/v1/session');
  if (!r.ok()) throw new Error(`GET /session: ${r.status()}`);
  return ((await r.json()) as { data: { csrfToken: string } }).data.csrfToken;
}

async function call<T>(page: Page, method: 'POST' | 'PATCH' | 'PUT', path: string, body: unknown, token: string): Promise<T> {
  const r = await page.request.fetch(`/api/v1${path}`, { method, data: body, headers: { 'x-csrf-token': token, 'content-type': 'application/json' } });
  if (!r.ok()) throw new Error(`${method} ${path}: ${r.status()} ${await r.text()}`);
  return (await r.json()) as T;
}

/** Creates `n` contacts `reader-<i>@<domain>` (first name Reader i) and a group holding them; returns the group id. */
export async function createAudienceGroup(page: Page, name: string, n: number, domain: string): Promise<{ groupId: number; contactIds: number[] }> {
  const token = await csrf(page);
  const group = await call<{ data: { id: number } }>(page, 'POST', '/groups', { name }, token);
  const contactIds: number[] = [];
  for (let i = 1; i <= n; i++) {
    const c = await call<{ data: { id: number } }>(page, 'POST', '/contacts', { email: `reader-${i}@${domain}`, firstName: `Reader${i}`, lastName: 'E2E' }, token);
    contactIds.push(c.data.id);
  }
  await call(page, 'POST', `/groups/${group.data.id}/members`, { contactIds }, token);
  return { groupId: group.data.id, contactIds };
}
