/**
 * What a Hebrew campaign puts on the wire, read back with mailparser from a real loopback SMTP server: `<html
 * lang="he">` (not MJML's `und`), a preheader hidden without white text, a linked image's alt text in the plain
 * part, a List-Id per workspace, and List-Unsubscribe in the instance's own scheme (this test instance is plain
 * http, so it advertises its http URL and no RFC 8058 one-click header, which needs https).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { systemActor } from '../../../audit/index.js';
import { createCampaign, runBuild, sendCampaign } from '../../../campaigns/campaigns.service.js';
import { campaignStatus, seedGroup, setupSending, waitFor } from '../../../campaigns/test-fixtures.js';
import { DeliveryLoop } from '../../../deliveries/pipeline.js';
import { startTestApp, type TestApp } from '../../../../test/app.js';
import { startTestSmtpServer, type TestSmtpServer } from './test-smtp-server.js';

let t: TestApp;
let smtp: TestSmtpServer;
let loop: DeliveryLoop;

beforeAll(async () => {
  t = await startTestApp();
  smtp = await startTestSmtpServer({ keepRaw: true });
  loop = new DeliveryLoop(t.ctx, 'wire-test', { leaseMs: 5000, retryBaseMs: 100, maxAttempts: 2 }).start();
});
afterAll(async () => {
  await loop?.stop();
  await smtp?.close();
  await t?.close();
});

const HEBREW_MJML = `<mjml><mj-body><mj-section><mj-column>
<mj-text>שלום {{ contact.first_name | default: "חבר" }}</mj-text>
<mj-image src="https://www.example.com/shop.png" alt="לחנות" href="https://www.example.com/shop"></mj-image>
<mj-image src="https://www.example.com/divider.png" alt="קו מפריד"></mj-image>
</mj-column></mj-section></mj-body></mjml>`;

describe('what an email campaign puts on the wire', () => {
  it('sets lang, hides the preheader without white text, keeps linked alt text, adds List-Id, uses the instance scheme', { timeout: 120_000 }, async () => {
    const ws = await t.workspace();
    await setupSending(t.ctx, ws.id, smtp.port);
    const g = await seedGroup(t.ctx, ws.id, 1, { domain: 'wire.test' });
    const actor = systemActor('test');
    const c = await createCampaign(t.ctx, ws.id, actor, {
      name: 'Wire',
      content: { format: 'mjml', source: HEBREW_MJML, subject: 'מבצע', preheader: 'רק השבוע', dir: 'rtl', lang: 'he' },
      audience: { include: { groups: [g.groupId] } },
    });
    await sendCampaign(t.ctx, ws.id, c.id, actor);
    await runBuild(t.ctx, c.id);
    await waitFor(async () => (await campaignStatus(t.ctx, c.id)) === 'done', 'campaign done', 100_000);

    const r = smtp.received.find((m) => m.to.endsWith('@wire.test'))!;
    expect(r).toBeDefined();
    const mail = await simpleParser(r.raw);
    const html = String(mail.html);
    const htmlTag = /<html\b[^>]*>/i.exec(html)![0];
    expect(htmlTag).toMatch(/\slang="he"/);
    expect(htmlTag).not.toMatch(/und/);
    // The preheader is there, hidden, and carries no colour at all (no white-on-white, no tiny font).
    const pre = /<div style="([^"]*)">רק השבוע/.exec(html);
    expect(pre).not.toBeNull();
    expect(pre![1]).toContain('display:none');
    expect(pre![1]).not.toMatch(/color|font-size/i);
    // Plain text: the linked image's alt text stays as the link's words; an unlinked decoration does not.
    expect(mail.text).toContain('לחנות');
    expect(mail.text).not.toContain('קו מפריד');
    // List-Id per workspace, and List-Unsubscribe in this instance's own (http) scheme without one-click.
    // mailparser gathers the List-* headers under `list`.
    const list = mail.headers.get('list') as { id?: { id?: string } } | undefined;
    expect(list?.id?.id).toBe(`${ws.slug}.news.example.test`);
    const head = r.raw.toString('latin1').split('\r\n\r\n')[0];
    expect(head).toMatch(/\r\nList-Id: (?:"[^"]*" )?<[a-z0-9-]+\.news\.example\.test>\r\n/);
    const base = t.ctx.config.publicUrl;
    expect(base.startsWith('http://')).toBe(true);
    expect(head).toContain(`List-Unsubscribe: <${base}/u/`);
    expect(head).not.toMatch(/List-Unsubscribe: <https:/);
    expect(head).not.toMatch(/^List-Unsubscribe-Post:/im);
  });
});
