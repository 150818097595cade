/**
 * The real-world bounce corpus (300 messages collected by the Sisimai project from 70+ MTAs and providers, see
 * server/test/fixtures/bounce-corpus/LICENSE-set-of-emails). No per-file answers: every file must parse, and
 * what the standards say must hold for each — RFC 3464 Action semantics, RFC 5965 feedback types, RFC 3834
 * auto-replies, RFC 3463 code syntax, the reason→class rule, RFC 4155 mbox envelope lines.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseBounceMessage } from './parse-bounce.js';
import { BOUNCE_REASONS, isHardReason } from './reasons.js';
import type { BounceEvent } from './types.js';

const dir = fileURLToPath(new URL('../../../../test/fixtures/bounce-corpus/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.eml')).sort();
const CODE = /^[245]\.\d{1,3}\.\d{1,3}$/;

const parsed: { file: string; raw: Buffer; ev: BounceEvent }[] = [];

describe('bounce corpus', () => {
  it('parses every file of the corpus without an error', async () => {
    expect(files.length).toBe(300);
    for (const file of files) {
      const raw = readFileSync(dir + file);
      const ev = await parseBounceMessage(raw);
      parsed.push({ file, raw, ev });
    }
    expect(parsed).toHaveLength(files.length);
  });

  it('derives hard/soft from the reason only: hard exactly for the four address reasons, sender-side never hard', () => {
    for (const { file, ev } of parsed) {
      for (const r of [ev, ...(ev.recipients ?? [])]) {
        if (r.kind !== 'bounce') continue;
        expect(BOUNCE_REASONS, file).toContain(r.reason);
        expect(r.class === 'hard', file).toBe(isHardReason(r.reason!));
        if (r.policyBlock) expect(r.class, file).toBe('soft');
      }
    }
  });

  it('follows RFC 3464 Action semantics per recipient: failed/expired → bounce, delayed → delay, delivered/relayed/expanded → never a bounce', () => {
    for (const { file, ev } of parsed) {
      for (const r of ev.recipients ?? []) {
        if (r.action === 'failed' || r.action === 'expired') expect([r.kind, r.class === null], file).toEqual(['bounce', false]);
        else if (r.action === 'delayed') expect([r.kind, r.class], file).toEqual(['delay', null]);
        else if (r.action && ['delivered', 'relayed', 'expanded'].includes(r.action)) expect(r.kind, file).toBe('unknown');
      }
      if (ev.recipients?.length && ev.recipients.every((r) => r.kind !== 'bounce')) expect(ev.kind, file).not.toBe('bounce');
    }
  });

  it('expired deliveries (Action: expired, X.4.7, "gave up") are final soft failures, never hard', () => {
    for (const { file, ev } of parsed) {
      for (const r of ev.recipients ?? []) {
        if (r.kind === 'bounce' && (r.action === 'expired' || r.reason === 'expired' || /^[45]\.4\.7$/.test(r.status ?? ''))) expect(r.class, file).toBe('soft');
      }
    }
  });

  it('gives RFC 3463 status codes (never a success code on a bounce) and a failed recipient address for every bounce', () => {
    for (const { file, ev, raw } of parsed) {
      if (ev.kind !== 'bounce' && ev.kind !== 'delay') continue;
      if (ev.status) expect(ev.status, file).toMatch(CODE);
      if (ev.kind === 'bounce' && ev.status) expect(ev.status[0], file).not.toBe('2');
      expect(ev.recipient, file).toMatch(/@/);
      // The report goes to the original's sender: its own To: is never the failed recipient.
      const to = /^To:\s*(?:.*<)?([^\s<>]+@[^\s<>]+?)>?\s*$/im.exec(raw.toString('latin1').split(/\r?\n\r?\n/)[0] ?? '')?.[1];
      const isDsn = /content-type:\s*message\/delivery-status/i.test(raw.toString('latin1'));
      if (to && ev.kind === 'bounce' && !isDsn) expect(ev.recipients?.map((r) => r.recipient?.toLowerCase()), file).not.toContain(to.toLowerCase());
    }
  });

  it('reads each DSN recipient block as its own outcome (no Final-Recipient lost, also without blank lines between blocks)', () => {
    for (const { file, ev, raw } of parsed) {
      const text = raw.toString('latin1');
      if (!/content-type:\s*message\/delivery-status/i.test(text)) continue;
      const dsnBody = text.split(/content-type:\s*message\/delivery-status[^\n]*\n/i)[1]?.split(/\n--/)[0] ?? '';
      const finals = dsnBody.match(/^Final-Recipient:/gim)?.length ?? 0;
      if (finals > 0) expect(ev.recipients?.length ?? 0, file).toBeGreaterThanOrEqual(finals);
    }
  });

  it('tells ARF complaints from other feedback reports (RFC 5965/6591): not-spam and auth-failure are not complaints', () => {
    let arf = 0;
    for (const { file, ev, raw } of parsed) {
      const text = raw.toString('latin1');
      if (!/content-type:\s*message\/feedback-report/i.test(text)) continue;
      arf++;
      const type = /^Feedback-Type:\s*([\w-]+)/im.exec(text)?.[1].toLowerCase() ?? 'abuse';
      expect(ev.kind, file).toBe(type === 'not-spam' || type === 'auth-failure' ? 'feedback' : 'complaint');
      expect(ev.feedbackType, file).toBe(type);
    }
    expect(arf).toBeGreaterThan(10);
  });

  it('recognises RFC 3834 auto-replies (Auto-Submitted: auto-replied, not from a mail system) as auto-replies, never bounces', () => {
    let n = 0;
    for (const { file, ev, raw } of parsed) {
      const head = raw.toString('latin1').split(/\r?\n\r?\n/)[0];
      if (!/^Auto-Submitted:\s*auto-replied/im.test(head) || /multipart\/report/i.test(head)) continue;
      const from = /^From:(.*)$/im.exec(head)?.[1] ?? '';
      if (/mailer-daemon|postmaster|mail delivery/i.test(from)) continue;
      n++;
      expect(ev.kind, file).toBe('auto_reply');
    }
    expect(n).toBeGreaterThanOrEqual(3);
  });

  it('ignores an mbox "From " envelope line (RFC 4155): the message parses as without it', async () => {
    let n = 0;
    for (const { file, ev, raw } of parsed) {
      // The corpus keeps mbox envelope lines inside some messages; put one in front of every report, as an
      // mbox export does, and the result must not change.
      if (ev.kind === 'unknown') continue;
      n++;
      const withEnvelope = Buffer.concat([Buffer.from('From MAILER-DAEMON  Thu Apr 29 23:34:45 2015\n'), raw]);
      expect(await parseBounceMessage(withEnvelope), file).toEqual(ev);
    }
    expect(n).toBeGreaterThan(0);
  });
});
