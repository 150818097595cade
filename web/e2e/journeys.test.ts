/**
 * The first hour of a Clarion user, in a real Chromium against a real `clarion start`:
 * sign in, import the messy CSV through the wizard, build a segment, switch to Hebrew.
 * Tests run in order and share one signed-in page (fileParallelism is off for this project).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt, launchBrowser, messyCsvPath, newPage, screenshot, signIn, startClarion, type Clarion } from './harness.js';

const LONG = { timeout: 120_000 };
const expected = JSON.parse(fs.readFileSync(path.join(path.dirname(messyCsvPath()), 'messy-contacts.expected.json'), 'utf8')) as {
  created: number;
  duplicates_in_file: number;
  invalid: number;
  records: number;
  invalid_physical_lines: number[];
  keys: { email: string | null; phone: string | null }[];
};
const GROUP = 'Messy import';

let clarion: Clarion;
let browser: Browser;
let context: BrowserContext;
let page: Page;

/** Picks an option of a Mantine Select identified by its accessible name. */
async function choose(p: Page, selectLabel: string | RegExp, option: string | RegExp, nth = 0) {
  await p.getByRole('combobox', { name: selectLabel }).nth(nth).click();
  await p.getByRole('option', { name: option, exact: typeof option === 'string' }).click();
}

/** The segment builder's live count once it is up to date with the edited filter. */
async function liveCount(p: Page): Promise<string> {
  const el = p.getByTestId('segment-count');
  await expect.poll(async () => el.getAttribute('data-stale'), LONG).toBe('false');
  return (await el.textContent()) ?? '';
}

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
    await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
    await page.getByText('No contacts yet').waitFor();
    await screenshot(page, '02-contacts-empty');
  });

  it('imports messy-contacts.csv through the wizard and reports the expected counts and rejected lines', async () => {
    await page.goto('/imports/new');
    await page.locator('#import-file').setInputFiles(messyCsvPath());
    await page.waitForURL(/\/imports\/\d+$/, LONG);
    await page.getByRole('table', { name: 'File preview' }).waitFor();
    await screenshot(page, '03-import-preview');
    await page.getByRole('button', { name: 'Next' }).click();

    // Suggestions from the header names are pre-selected.
    await page.getByRole('table', { name: 'Column mapping' }).waitFor();
    await expect.poll(() => page.getByRole('combobox', { name: 'Import column E-mail as' }).inputValue()).toBe('Email');
    await expect.poll(() => page.getByRole('combobox', { name: 'Import column Phone as' }).inputValue()).toBe('Phone');
    await screenshot(page, '04-import-mapping');
    await page.getByRole('button', { name: 'Next' }).click();

    await page.getByLabel('Or create a new group').fill(GROUP);
    await screenshot(page, '05-import-options');
    await page.getByRole('button', { name: 'Start import' }).click();

    await page.getByRole('heading', { name: /Rejected rows/ }).waitFor(LONG);
    const count = async (k: string) => (await page.getByTestId(`import-count-${k}`).textContent())?.trim();
    expect(await count('records')).toBe(String(expected.records));
    expect(await count('created')).toBe(String(expected.created));
    expect(await count('duplicatesInFile')).toBe(String(expected.duplicates_in_file));
    expect(await count('invalid')).toBe(String(expected.invalid));
    const rejected = page.getByTestId('rejected-rows').locator('tbody tr');
    await expect.poll(() => rejected.count()).toBe(expected.invalid);
    const lines = (await rejected.locator('td:first-child').allTextContents()).map(Number);
    expect(lines).toEqual(expected.invalid_physical_lines);
    await screenshot(page, '06-import-report');

    // The archive lists it, and the contacts table shows the imported people.
    await page.goto('/imports');
    await page.getByRole('link', { name: 'messy-contacts.csv' }).waitFor();
    await page.goto('/contacts');
    await expect.poll(async () => (await page.getByLabel('Total contacts').textContent())?.trim(), LONG).toBe(String(expected.created));
    await screenshot(page, '07-contacts');

    // Export the group to CSV through the export job and check the downloaded file.
    await choose(page, 'Filter by group', new RegExp(`^${GROUP}`));
    const download = page.waitForEvent('download', LONG);
    await page.getByRole('button', { name: 'Export' }).click();
    await page.getByRole('menuitem', { name: 'CSV file' }).click();
    const csv = fs.readFileSync((await (await download).path())!, 'utf8').trim().split(/\r?\n/);
    expect(csv.length).toBe(expected.created + 1); // header + one line per imported contact
  });

  it('builds a nested segment and shows its live count', async () => {
    const prefix = 'user.';
    const want = expected.keys.filter((k) => k.email?.startsWith(prefix)).length;
    const israeliMobile050 = expected.keys.filter((k) => k.email?.startsWith(prefix) && k.phone?.startsWith('+97250')).length;
    expect(want).toBeGreaterThan(0);

    await page.goto('/segments/new');
    await page.getByLabel(/^Segment name/).fill('User addresses from the messy import');
    expect(await liveCount(page)).toBe(String(expected.created)); // no conditions: everyone

    await page.getByRole('button', { name: 'Add condition', exact: true }).first().click();
    await choose(page, 'Operator', 'starts with');
    await page.getByRole('textbox', { name: 'Value' }).fill(prefix);
    expect(await liveCount(page)).toBe(String(want));

    await page.getByRole('button', { name: 'Add condition', exact: true }).first().click();
    await choose(page, 'Field', 'Group', 1);
    await choose(page, 'Which group', GROUP);
    expect(await liveCount(page)).toBe(String(want));

    // A nested OR group: phone starts with +97250 or +97250 (one branch is enough to prove nesting is sent).
    await page.getByRole('button', { name: 'Add condition group' }).click();
    await choose(page, 'Field', 'Phone', 2);
    await choose(page, 'Operator', 'starts with', 2);
    await page.getByRole('textbox', { name: 'Value' }).nth(1).fill('+97250');
    expect(await liveCount(page)).toBe(String(israeliMobile050));
    await screenshot(page, '08-segment-builder');

    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/segments\/\d+$/, LONG);
    await page.goto('/segments');
    await page.getByRole('link', { name: 'User addresses from the messy import' }).waitFor();
  });

  it('switches to Hebrew: the document becomes dir=rtl, and the choice survives a reload', async () => {
    await page.goto('/contacts');
    await page.getByText('עברית').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('he');
    await page.getByRole('navigation', { name: 'ניווט ראשי' }).waitFor();
    await screenshot(page, '09-contacts-he');

    await page.reload();
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await page.getByRole('link', { name: 'פלחים' }).click();
    await page.getByRole('link', { name: 'User addresses from the messy import' }).click();
    await liveCount(page);
    await screenshot(page, '10-segment-he');
    await page.goto('/imports');
    await page.getByRole('link', { name: 'messy-contacts.csv' }).click();
    await page.getByTestId('import-count-created').waitFor();
    await screenshot(page, '11-import-report-he');

    await page.getByText('EN', { exact: true }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('ltr');
  });
});
