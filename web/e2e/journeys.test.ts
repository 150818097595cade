/**
 * The first hour of a Clarion user, in a real Chromium against a real `clarion start`:
 * sign in, import the messy CSV through the wizard, build a segment, switch to Hebrew.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt, launchBrowser, newPage, screenshot, signIn, startClarion, type Clarion } from './harness.js';

let clarion: Clarion;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  ensureWebBuilt();
  clarion = await startClarion();
  browser = await launchBrowser();
  ({ context, page } = await newPage(browser, clarion.url));
});

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await clarion?.stop();
});

describe('web app journeys', () => {
  it('signs in with the admin created from CLARION_ADMIN_EMAIL/PASSWORD and lands on contacts', async () => {
    await page.goto('/');
    await page.waitForURL('**/login**');
    await screenshot(page, '01-login');
    await signIn(page);
    await expect.poll(() => page.getByRole('navigation', { name: 'Main navigation' }).isVisible()).toBe(true);
    await screenshot(page, '02-contacts-empty');
  });
});
