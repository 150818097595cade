/**
 * The email journey in a real Chromium against a real `clarion start` and a real SMTP server on loopback:
 * configure the SMTP server, a sender and a sending domain through the settings screens; design a template by
 * dragging blocks in GrapesJS; send a campaign to a group of 50 through the wizard; watch the report reach 50 sent;
 * open one captured message's unsubscribe link, unsubscribe on the page, and see it counted. Then Hebrew (RTL).
 * Set-up outside the UI: only the 50 contacts and their group (through the public API).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAudienceGroup } from './email-api.js';
import { startSmtpSink, unsubscribeUrl, type SmtpSink } from './email-smtp.js';
import { ensureWebBuilt, launchBrowser, newPage, screenshot, signIn, startClarion, type Clarion } from './harness.js';

const LONG = { timeout: 180_000, interval: 500 };
const N = 50;
const GROUP = 'Email journey readers';
const TEMPLATE = 'Spring newsletter';
const DOMAIN = 'news.e2e.test';

let clarion: Clarion;
let sink: SmtpSink;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let campaignPath = '';

/** Picks an option of a Mantine Select/MultiSelect by its label. */
async function choose(p: Page, label: string | RegExp, option: string | RegExp) {
  await p.getByRole('combobox', { name: label }).first().click();
  await p.getByRole('option', { name: option }).first().click();
}

/** One HTML5 drag of a GrapesJS block to a point of the page, with real mouse moves. */
async function dragOnce(p: Page, blockTitle: string, target: { x: number; y: number }, patience = 0) {
  const block = p.locator(`.gjs-block[title="${blockTitle}"]`);
  await block.scrollIntoViewIfNeeded();
  const b = (await block.boundingBox())!;
  await p.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
  await p.mouse.down();
  // Intermediate moves: GrapesJS's sorter places the drop from the dragover events it sees. On a retry the
  // moves are slower, so a busy browser has time to process each dragover before the drop.
  const steps = 12 + patience * 12;
  for (let i = 1; i <= steps; i++) {
    await p.mouse.move(b.x + ((target.x - b.x) * i) / steps, b.y + ((target.y - b.y) * i) / steps);
    if (patience) await p.waitForTimeout(20 * patience);
  }
  await p.mouse.move(target.x, target.y + 2);
  if (patience) await p.waitForTimeout(200 * patience);
  await p.mouse.up();
}

/**
 * Drags a block just below the starter paragraph of the canvas until the canvas shows one more `marker` text
 * (a drop the sorter rejected, e.g. when the pointer ended between sections, is simply dragged again).
 */
async function dragBlockBelowParagraph(p: Page, blockTitle: string, marker: string) {
  const frame = p.frameLocator('.gjs-frame');
  const before = await frame.getByText(marker, { exact: true }).count();
  for (let attempt = 0; attempt < 6; attempt++) {
    const para = (await frame.getByText('Write your message here.').boundingBox())!;
    await dragOnce(p, blockTitle, { x: para.x + para.width / 2, y: para.y + para.height - 3 }, attempt);
    const landed = await expect
      .poll(() => frame.getByText(marker, { exact: true }).count(), { timeout: 15_000, interval: 250 })
      .toBeGreaterThan(before)
      .then(() => true, () => false);
    if (landed) return;
  }
  throw new Error(`The ${blockTitle} block could not be dropped into the canvas`);
}

beforeAll(async () => {
  ensureWebBuilt();
  sink = await startSmtpSink();
  clarion = await startClarion();
  browser = await launchBrowser();
  ({ context, page } = await newPage(browser, clarion.url));
  await signIn(page);
});

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await clarion?.stop();
  await sink?.close();
});

describe('email journey', () => {
  it('configures the loopback SMTP server, a sender and a DKIM domain in the settings screens', async () => {
    await page.goto('/email/settings');
    await page.getByRole('button', { name: 'Add SMTP server' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/^Name/).fill('Loopback sink');
    await dialog.getByLabel(/^Host/).fill('127.0.0.1');
    await dialog.getByLabel(/^Port/).fill(String(sink.port));
    await choose(page, 'Encryption', 'None');
    await dialog.getByLabel('Max connections').fill('4');
    await screenshot(page, 'email-01-smtp-form');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.getByRole('row', { name: /Loopback sink/ });
    await row.waitFor();
    await row.getByRole('button', { name: 'Test' }).click();
    await page.getByText('The server answered').waitFor(LONG);
    await screenshot(page, 'email-02-smtp-list');

    await page.getByRole('tab', { name: 'Senders' }).click();
    await page.getByRole('button', { name: 'Add sender' }).click();
    await page.getByRole('dialog').getByLabel(/^From name/).fill('Clarion News');
    await page.getByRole('dialog').getByLabel(/^From address/).fill(`hello@${DOMAIN}`);
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await page.getByRole('row', { name: new RegExp(`hello@${DOMAIN.replace(/\./g, '\\.')}`) }).waitFor();

    await page.getByRole('tab', { name: 'Sending domains' }).click();
    await page.getByLabel('Domain', { exact: true }).fill(DOMAIN);
    await page.getByRole('button', { name: 'Add and generate DKIM key' }).click();
    const records = page.getByTestId(`dns-${DOMAIN}`);
    await records.waitFor(LONG);
    await expect.poll(async () => (await records.textContent()) ?? '', LONG).toMatch(/v=DKIM1/);
    await expect.poll(async () => (await records.textContent()) ?? '').toMatch(/v=spf1/);
    await expect.poll(async () => (await records.textContent()) ?? '').toMatch(/v=DMARC1/);
    await screenshot(page, 'email-03-dns-records');
  });

  it('designs a template by dragging a text and a button block in GrapesJS and saves it as a new version', async () => {
    await page.goto('/email/templates');
    await page.getByRole('button', { name: 'New template' }).click();
    await page.getByRole('dialog').getByLabel(/^Name/).fill(TEMPLATE);
    await page.getByRole('dialog').getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(/\/email\/templates\/\d+$/, LONG);
    await page.locator('.gjs-frame').waitFor(LONG);
    const frame = page.frameLocator('.gjs-frame');
    await frame.getByText('Write your message here.').waitFor(LONG);

    // Real drags from the blocks panel into the canvas (the new text block says "Insert text here").
    await dragBlockBelowParagraph(page, 'Text', 'Insert text here');
    await dragBlockBelowParagraph(page, 'Button', 'Button');
    await screenshot(page, 'email-04-designer');

    // The exported MJML now holds the dropped blocks.
    await page.getByText('MJML', { exact: true }).click();
    const src = page.getByRole('textbox', { name: 'MJML source' });
    await expect.poll(async () => ((await src.inputValue()).match(/<mj-text/g) ?? []).length, LONG).toBeGreaterThanOrEqual(4);
    expect(await src.inputValue()).toMatch(/<mj-button/);
    await page.getByText('Designer', { exact: true }).click();

    await page.getByLabel(/^Subject/).fill('Spring news for {{ contact.first_name }}');
    await page.getByLabel(/^Preheader/).fill('What is new this season');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText(/Saved as version \d+/).waitFor(LONG);
    await screenshot(page, 'email-05-template-saved');
  });

  it('sends a campaign to a group of 50 through the wizard, and the report shows 50 sent', async () => {
    await createAudienceGroup(page, GROUP, N, 'readers.e2e.test');
    await page.goto('/email/campaigns');
    await page.getByRole('button', { name: 'New campaign' }).click();
    await page.waitForURL(/\/email\/campaigns\/\d+\/edit/, LONG);
    campaignPath = new URL(page.url()).pathname.replace(/\/edit$/, '');
    await page.getByLabel('Campaign name').fill('Spring campaign');
    await choose(page, 'Groups', new RegExp(`^${GROUP}`));
    await page.keyboard.press('Escape');
    const eligible = page.getByTestId('audience-eligible');
    await expect.poll(async () => (await eligible.getAttribute('data-stale')) === 'false' && (await eligible.textContent()), LONG).toBe(String(N));
    await screenshot(page, 'email-06-wizard-audience');
    await page.getByRole('button', { name: 'Next' }).click();

    await choose(page, /^Template/, TEMPLATE);
    await expect.poll(() => page.getByLabel(/^Subject/).inputValue(), LONG).toContain('Spring news');
    await screenshot(page, 'email-07-wizard-content');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Track opens').waitFor();
    await page.getByRole('button', { name: 'Next' }).click();

    const preflight = page.getByTestId('preflight');
    await preflight.waitFor(LONG);
    expect(await preflight.getAttribute('data-ok')).toBe('true');
    await expect.poll(async () => (await page.getByTestId('review-recipients').textContent()) ?? '', LONG).toBe(String(N));
    await screenshot(page, 'email-08-wizard-review');
    await page.getByRole('button', { name: 'Send now' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Send now' }).click();
    await page.waitForURL(new RegExp(`${campaignPath}$`), LONG);

    await expect.poll(async () => (await page.getByTestId('progress-sent').textContent())?.trim(), LONG).toBe(String(N));
    await expect.poll(() => sink.messages.length, LONG).toBe(N);
    expect(sink.messageIds().size).toBe(N);
    expect(new Set(sink.messages.flatMap((m) => m.to)).size).toBe(N);
    expect(sink.messages[0].mail.subject).toMatch(/^Spring news for Reader\d+$/);
    await expect.poll(async () => (await page.getByTestId('funnel-sent-value').textContent())?.trim(), LONG).toBe(String(N));
    await expect.poll(async () => (await page.getByTestId('campaign-status').getAttribute('data-status')), LONG).toBe('done');
    await screenshot(page, 'email-09-campaign-report');
  });

  it('unsubscribes through the link of a captured message, and the report counts it', async () => {
    const message = sink.messages.find((m) => m.to[0] === 'reader-7@readers.e2e.test')!;
    const url = new URL(unsubscribeUrl(message));
    // The message points at Clarion's public URL; open the same path on the test server.
    const unsub = await context.newPage();
    await unsub.goto(clarion.url + url.pathname + url.search);
    await unsub.getByText(/want to receive more emails/i).first().click();
    await screenshot(unsub, 'email-10-unsubscribe-page');
    await unsub.getByRole('button', { name: /unsubscribe/i }).click();
    await unsub.getByText(/is unsubscribed/).first().waitFor(LONG);
    await screenshot(unsub, 'email-11-unsubscribed');
    await unsub.close();

    await page.goto(campaignPath);
    await expect.poll(async () => (await page.getByTestId('funnel-unsubscribed-value').textContent())?.trim(), LONG).toBe('1');
    await page.getByTestId('funnel-unsubscribed').click();
    await page.getByRole('dialog').getByText('reader-7@readers.e2e.test').waitFor(LONG);
    await screenshot(page, 'email-12-report-unsubscribed');

    // The contact card's activity lists the message and what happened to it.
    await page.getByRole('dialog').getByRole('link', { name: 'reader-7@readers.e2e.test' }).click();
    await page.waitForURL(/\/contacts\/\d+$/, LONG);
    const messages = page.getByTestId('contact-messages');
    await messages.getByRole('link', { name: 'Spring campaign' }).waitFor(LONG);
    await messages.getByText(/^Unsubscribed/).waitFor(LONG);
    await screenshot(page, 'email-12b-contact-messages');
  });

  it('shows the email screens in Hebrew, right to left', async () => {
    await page.getByText('עברית').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await page.goto(campaignPath);
    await page.getByTestId('funnel-sent-value').waitFor(LONG);
    await screenshot(page, 'email-13-report-he');
    await page.goto('/email/settings?tab=domains');
    await page.getByRole('button', { name: new RegExp(DOMAIN.replace(/\./g, '\\.')) }).click();
    await page.getByTestId(`dns-${DOMAIN}`).waitFor(LONG);
    await screenshot(page, 'email-14-settings-he');
    await page.goto('/email/templates');
    await page.getByRole('link', { name: TEMPLATE }).click();
    await page.locator('.gjs-frame').waitFor(LONG);
    await page.getByRole('switch', { name: 'מימין לשמאל' }).check();
    await expect.poll(() => page.frameLocator('.gjs-frame').locator('html').getAttribute('dir')).toBe('rtl');
    // Text blocks follow: right-aligned in the design and in the MJML that is saved and sent.
    await page.getByText('MJML', { exact: true }).click();
    const rtlSource = await page.getByRole('textbox', { name: 'קוד MJML' }).inputValue();
    expect(rtlSource).toMatch(/<mjml[^>]*dir="rtl"/);
    expect(rtlSource).toMatch(/<mj-text[^>]*align="right"[^>]*>Write your message here\.<\/mj-text>/);
    await page.getByText('עורך חזותי', { exact: true }).click();
    await screenshot(page, 'email-15-designer-he');
    await page.goto('/email');
    await page.getByTestId('dash-sent').waitFor(LONG);
    await expect.poll(async () => (await page.getByTestId('dash-sent').textContent())?.trim(), LONG).toBe(String(N));
    await screenshot(page, 'email-16-dashboard-he');
  });
});
