/**
 * Clarion in Hebrew on a 390 px phone, in a real Chromium against a real `clarion start`: the document is
 * lang="he" dir="rtl", a server error (wrong password) and pre-flight findings arrive as codes and show in
 * Hebrew, the navigation opens from the hamburger, the bundled Rubik font renders Hebrew, and no request leaves
 * 127.0.0.1 (no outside font host, no CDN).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIMPLE_MJML } from '../../server/domains/campaigns/test-fixtures.js';
import { ADMIN, ensureWebBuilt, launchBrowser, screenshot, startClarion, type Clarion } from './harness.js';

let clarion: Clarion;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const requests: string[] = [];

beforeAll(async () => {
  ensureWebBuilt();
  clarion = await startClarion();
  browser = await launchBrowser();
  context = await browser.newContext({ baseURL: clarion.url, viewport: { width: 390, height: 844 }, locale: 'he-IL', isMobile: true, hasTouch: true });
  context.setDefaultTimeout(30_000);
  context.setDefaultNavigationTimeout(60_000);
  context.on('request', (r) => requests.push(r.url()));
  await context.addInitScript(() => localStorage.setItem('clarion.lang', 'he'));
  page = await context.newPage();
});

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await clarion?.stop();
});

describe('Hebrew at 390 px', () => {
  it('sets lang and dir on the document and shows a coded server error in Hebrew', async () => {
    await page.goto('/login');
    await page.getByLabel('אימייל').waitFor();
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['he', 'rtl']);
    await page.getByLabel('אימייל').fill(ADMIN.email);
    await page.getByLabel(/^סיסמה/).fill('wrong-password-1');
    await page.getByRole('button', { name: 'כניסה', exact: true }).click();
    await page.getByText('כתובת הדוא״ל או הסיסמה שגויים.').waitFor();
    await expect.poll(() => page.getByText('Wrong email or password.').count()).toBe(0);
    await screenshot(page, 'he-01-login-error');
  });

  it('signs in and opens the navigation from the hamburger', async () => {
    await page.getByLabel(/^סיסמה/).fill(ADMIN.password);
    await page.getByRole('button', { name: 'כניסה', exact: true }).click();
    await page.waitForURL('**/contacts', { timeout: 60_000 });
    const burger = page.getByRole('button', { name: 'הצגת הניווט' });
    await burger.waitFor();
    const nav = page.getByRole('navigation', { name: 'ניווט ראשי' });
    // Collapsed, the navbar is moved off the 390 px screen (Mantine translates it); the hamburger brings it in.
    const onScreen = async () => {
      const box = await nav.boundingBox();
      return !!box && box.x >= -1 && box.x + box.width <= 391 && box.width > 100;
    };
    await expect.poll(onScreen).toBe(false);
    await burger.click();
    await expect.poll(onScreen).toBe(true);
    await page.getByRole('link', { name: 'אנשי קשר' }).first().waitFor({ state: 'visible' });
    // The page does not scroll sideways at 390 px.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'he-02-navigation');
    await burger.click();
  });

  it('renders the bundled Hebrew font from our own origin', async () => {
    const ok = await page.evaluate(async () => {
      await document.fonts.load('16px "Rubik Variable"', 'שלום');
      await document.fonts.ready;
      return document.fonts.check('16px "Rubik Variable"', 'שלום');
    });
    expect(ok).toBe(true);
    expect(requests.some((u) => u.startsWith(clarion.url) && /\.woff2(\?|$)/.test(u))).toBe(true);
  });

  it('shows pre-flight findings in Hebrew from their codes', async () => {
    const session = await page.request.get('/api/v1/session');
    const csrf = ((await session.json()) as { data: { csrfToken: string } }).data.csrfToken;
    const created = await page.request.post('/api/v1/templates', {
      headers: { 'x-csrf-token': csrf },
      data: { channel: 'email', name: 'בדיקה עברית', format: 'mjml', source: SIMPLE_MJML.replace('</mj-text>', '<a href="http://exa mple">x</a></mj-text>'), subject: '' },
    });
    expect(created.status()).toBe(201);
    const id = ((await created.json()) as { data: { id: number } }).data.id;
    await page.goto(`/email/templates/${id}`);
    await page.getByRole('button', { name: 'בדיקה', exact: true }).click();
    const panel = page.getByTestId('preflight');
    await panel.waitFor();
    await expect.poll(() => panel.locator('[data-code="preflight.subject_missing"]').textContent()).toBe('יש להוסיף שורת נושא.');
    expect(await panel.locator('[data-code="preflight.link_malformed"]').textContent()).toBe('הקישור "http://exa mple" אינו כתובת אינטרנט תקינה.');
    expect(await panel.textContent()).not.toMatch(/Add a subject|is not a valid web address/);
    await screenshot(page, 'he-03-preflight');
  });

  it('sent no request outside 127.0.0.1', () => {
    expect(requests.length).toBeGreaterThan(5);
    const outside = requests.filter((u) => !/^(data:|blob:|about:)/.test(u) && new URL(u).hostname !== '127.0.0.1');
    expect(outside).toEqual([]);
  });
});
