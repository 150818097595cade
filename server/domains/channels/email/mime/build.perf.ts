/**
 * Micro-benchmark of the per-message CPU work of a campaign send on one core: render (Liquid fast path) + MIME
 * build (quoted-printable) + DKIM (rsa-sha256, 2048-bit by default). Not a test; run by hand:
 *
 *   npx tsx server/domains/channels/email/mime/build.perf.ts [messages=5000] [keyBits=2048]
 *
 * Prints messages/s for: render only, render+build unsigned, render+build+sign (sync, one core), the same with
 * signing on libuv's thread pool (buildAsync, what a sender on a 2-core box can use), and nodemailer's own
 * MIME+DKIM path for comparison.
 */
import { createHmac } from 'node:crypto';
import nodemailer from 'nodemailer';
import { compileEmailTemplate, renderEmail, renderEmailForSend } from '../../../templates/render/index.js';
import type { CompiledEmail, RenderContext } from '../../../templates/render/index.js';
import { newsletterMjml } from '../../../templates/render/newsletter.fixture.js';
import { generateDkimKeyPair } from '../dkim/keys.js';
import { createMessageBuilder, type OutgoingMessage } from './message-builder.js';

const N = Number(process.argv[2] ?? 5000);
const BITS = Number(process.argv[3] ?? 2048);
const SECRET = 'benchmark-secret';
const FIRST = ['Dana', 'Noa', 'Yossi', 'Maria', 'Ahmed', 'Li', 'Olga', 'Tom'];

/**
 * Per-recipient context with realistic signed tracking URLs: one HMAC per message (recipient token); click URLs
 * carry the link index next to it — the destination is looked up in the campaign's link table, so the index needs
 * no signature of its own. (13 separate HMACs per message would cost more than everything else here together.)
 */
function ctx(i: number): RenderContext {
  const id = `c1.${i.toString(36)}`;
  const tok = `${id}.${createHmac('sha256', SECRET).update(id).digest('base64url').slice(0, 22)}`;
  return {
    contact: { email: `user${i}@receiver.example`, first_name: FIRST[i % FIRST.length], fields: { city: i % 3 ? 'Haifa' : '', plan: 'pro' } },
    campaign: { name: 'April digest' },
    workspace: { name: 'Example News' },
    urls: {
      unsubscribe: `https://t.example.com/u/${tok}`,
      viewInBrowser: `https://t.example.com/v/${tok}`,
      openPixel: `https://t.example.com/o/${tok}.png`,
      click: (link) => `https://t.example.com/c/${tok}/${link}`,
    },
  };
}

function outgoing(i: number, r: Pick<OutgoingMessage, 'subject' | 'html' | 'text'>): OutgoingMessage {
  return {
    messageId: `c1.${i}@news.example.com`,
    from: { name: 'Example News', address: 'hello@news.example.com' },
    to: `user${i}@receiver.example`,
    subject: r.subject,
    html: r.html,
    text: r.text,
    returnPath: `b.${i}@bounce.news.example.com`,
    listUnsubscribeUrl: `https://t.example.com/u/${i}`,
    listUnsubscribeMailto: `unsub+${i}@bounce.news.example.com`,
    feedbackId: 'c1:l1:w1:clarion',
    listId: 'Example News <news.example.com>',
  };
}

let cpuStart = process.cpuUsage();

/**
 * Prints wall-clock msg/s and msg per CPU-second of this process (user+system, all threads). The CPU figure is what
 * one core sustains and stays meaningful on a busy machine, where wall-clock numbers drop with contention.
 */
function rate(label: string, n: number, ms: number): void {
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  console.log(
    `${label.padEnd(48)} wall ${((n / ms) * 1000).toFixed(0).padStart(6)} msg/s | ` +
      `${((n / cpuMs) * 1000).toFixed(0).padStart(6)} msg per CPU-s (${((cpuMs * 1000) / n).toFixed(0)} µs CPU/msg)`,
  );
}

function start(): number {
  cpuStart = process.cpuUsage();
  return performance.now();
}

async function main(): Promise<void> {
  const source = newsletterMjml();
  const keys = generateDkimKeyPair(BITS);
  let t = performance.now();
  const compiled: CompiledEmail = await compileEmailTemplate({
    format: 'mjml',
    source,
    subject: '{{ contact.first_name | default: "Hi" }}, your April digest',
    preheader: 'Stories, guides and events for {{ contact.fields.city | default: "you" }}',
    trackLinks: true,
    utm: { utm_source: 'clarion', utm_medium: 'email' },
  });
  console.log(`MJML ${source.length} B → HTML ${compiled.html.source.length} B, ${compiled.links.length} tracked links, fast path: ${compiled.html.fast !== null}; compile ${(performance.now() - t).toFixed(0)} ms; DKIM ${BITS} bits; N=${N}`);

  const dkim = { domainName: 'news.example.com', keySelector: 's1', privateKeyPem: keys.privateKeyPem };
  const signed = createMessageBuilder({ dkim });
  const unsigned = createMessageBuilder();
  let bytes = 0;
  // Warm-up so the JIT has optimised the hot loops before timing.
  for (let i = 0; i < 300; i++) bytes += signed.build(outgoing(i, renderEmailForSend(compiled, ctx(i)))).raw.length;
  for (let i = 0; i < 300; i++) signed.build(outgoing(i, renderEmail(compiled, ctx(i))));
  console.log(`message size ≈ ${Math.round(bytes / 300)} B`);

  t = start();
  for (let i = 0; i < N; i++) ctx(i);
  rate('(caller cost) recipient token, 1 HMAC', N, performance.now() - t);

  // For scale: one HMAC per link and per URL kind (10 clicks + open/unsub/view + VERP + Message-ID).
  t = start();
  for (let i = 0; i < N; i++) for (let k = 0; k < 15; k++) createHmac('sha256', SECRET).update(`c:${i}:${k}`).digest();
  rate('(caller cost) 15 HMAC tokens, one per URL', N, performance.now() - t);

  t = start();
  for (let i = 0; i < N; i++) renderEmail(compiled, ctx(i));
  rate('renderEmail to strings', N, performance.now() - t);

  t = start();
  for (let i = 0; i < N; i++) signed.build(outgoing(i, renderEmail(compiled, ctx(i))));
  rate('renderEmail + build(strings) + DKIM, 1 core', N, performance.now() - t);

  t = start();
  for (let i = 0; i < N; i++) renderEmailForSend(compiled, ctx(i));
  rate('renderEmailForSend (pre-encoded pieces)', N, performance.now() - t);

  t = start();
  for (let i = 0; i < N; i++) unsigned.build(outgoing(i, renderEmailForSend(compiled, ctx(i))));
  rate('renderEmailForSend + build, no DKIM', N, performance.now() - t);

  t = start();
  for (let i = 0; i < N; i++) signed.build(outgoing(i, renderEmailForSend(compiled, ctx(i))));
  rate('renderEmailForSend + build + DKIM (sync, 1 core)', N, performance.now() - t);

  // Pipelined: the main thread renders/builds while the thread pool signs (bounded in-flight window).
  t = start();
  const inflight = new Set<Promise<unknown>>();
  for (let i = 0; i < N; i++) {
    const p: Promise<unknown> = signed.buildAsync(outgoing(i, renderEmailForSend(compiled, ctx(i)))).then(() => inflight.delete(p));
    inflight.add(p);
    if (inflight.size >= 64) await Promise.race(inflight);
  }
  await Promise.all(inflight);
  rate('… + DKIM on thread pool (buildAsync, 2 cores)', N, performance.now() - t);

  const nm = Math.min(N, 300);
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const nmDkim = { domainName: dkim.domainName, keySelector: dkim.keySelector, privateKey: keys.privateKeyPem };
  t = start();
  for (let i = 0; i < nm; i++) {
    const r = renderEmail(compiled, ctx(i));
    const m = outgoing(i, r);
    await transport.sendMail({
      from: m.from, to: m.to, subject: m.subject, html: r.html, text: r.text, messageId: `<${m.messageId}>`,
      list: { unsubscribe: [m.listUnsubscribeUrl, `mailto:${m.listUnsubscribeMailto}`], id: m.listId as string },
      headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', 'Feedback-ID': m.feedbackId },
      dkim: nmDkim,
    });
  }
  rate('render + nodemailer MIME + DKIM (comparison)', nm, performance.now() - t);
}

await main();
