import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseBounceMessage } from './parse-bounce.js';

const fixtureDir = fileURLToPath(new URL('../../../../test/fixtures/bounces/', import.meta.url));
const fixture = (name: string) => readFileSync(fixtureDir + name);

describe('parseBounceMessage', () => {
  it('reads a Postfix 5.1.1 DSN as a hard bounce carrying the VERP token', async () => {
    const ev = await parseBounceMessage(fixture('postfix-failed-5_1_1-nosuchuser-example.eml'));
    expect(ev).toMatchObject({
      kind: 'bounce',
      class: 'hard',
      status: '5.1.1',
      recipient: 'nosuchuser@example.test',
      verpToken: 'd42.c7',
      diagnostic: 'unknown user: "nosuchuser"',
      originalMessageId: 'd42.c7@clarion.test',
    });
    expect(ev.recipients).toHaveLength(1);
  });

  it('treats a delay notice as kind delay with no class, never a bounce', async () => {
    const ev = await parseBounceMessage(fixture('postfix-delayed-4_4_1-someone-hard.eml'));
    expect(ev).toMatchObject({
      kind: 'delay',
      class: null,
      status: '4.4.1',
      recipient: 'someone@hard.test',
      verpToken: 'd43.c8',
      diagnostic: 'connect to 127.0.0.1[127.0.0.1]:2526: Connection refused',
    });
  });

  it('classifies a 4.x.x status with Action: failed as a soft bounce', async () => {
    const ev = await parseBounceMessage(fixture('postfix-failed-4_4_1-expired-soft.eml'));
    expect(ev).toMatchObject({ kind: 'bounce', class: 'soft', status: '4.4.1', recipient: 'someone@slow.test', verpToken: 'd48.c7' });
  });

  it('reports every recipient of a multi-recipient DSN and summarises with the hard failure', async () => {
    const ev = await parseBounceMessage(fixture('postfix-multi-recipient-mixed.eml'));
    expect(ev).toMatchObject({ kind: 'bounce', class: 'hard', status: '5.1.1', recipient: 'gone@mx.example.test', verpToken: 'd50.c7' });
    expect(ev.recipients?.map((r) => [r.recipient, r.kind, r.class, r.status])).toEqual([
      ['full@mx.example.test', 'bounce', 'soft', '5.2.2'],
      ['gone@mx.example.test', 'bounce', 'hard', '5.1.1'],
      ['slow@mx2.example.test', 'delay', null, '4.7.0'],
    ]);
    expect(ev.recipients?.[1].diagnostic).toBe(
      '550 5.1.1 <gone@mx.example.test>: Recipient address rejected: User unknown in virtual mailbox table',
    );
  });

  it('parses an Exchange Online NDR (CRLF, nested alternative, QP text, rfc822-headers)', async () => {
    const raw = fixture('exchange-online-5_1_10-recipient-not-found.eml');
    expect(raw.includes('\r\n')).toBe(true);
    const ev = await parseBounceMessage(raw);
    expect(ev).toMatchObject({
      kind: 'bounce',
      class: 'hard',
      status: '5.1.10',
      recipient: 'j.doe@contoso.test',
      verpToken: 'd45.c7',
      diagnostic: '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup',
      originalMessageId: 'd45.c7@clarion.test',
    });
  });

  it('parses a Gmail-style DSN with multipart/related and folded multi-line diagnostic', async () => {
    const ev = await parseBounceMessage(fixture('gmail-5_1_1-account-does-not-exist.eml'));
    expect(ev).toMatchObject({
      kind: 'bounce',
      class: 'hard',
      status: '5.1.1',
      recipient: 'no.such.person.4711@gmail.test',
      verpToken: 'd46.c7',
      originalMessageId: 'd46.c7@clarion.test',
    });
    expect(ev.diagnostic).toMatch(/^550-5\.1\.1 The email account that you tried to reach does not exist\./);
    expect(ev.recipients?.[0].remoteMta).toMatch(/^gmail-smtp-in\.l\.google\.test/);
  });

  it('turns an ARF abuse report into a complaint with the token from Original-Mail-From', async () => {
    const ev = await parseBounceMessage(fixture('arf-complaint-abuse-yahoo.eml'));
    expect(ev).toMatchObject({
      kind: 'complaint',
      class: null,
      status: null,
      recipient: 'carol@yahoo.test',
      verpToken: 'd44.c9',
      feedbackType: 'abuse',
      originalMessageId: 'd44.c9@clarion.test',
    });
  });

  it('does not mistake an out-of-office reply (mentioning a full mailbox) for a bounce', async () => {
    const ev = await parseBounceMessage(fixture('auto-reply-out-of-office.eml'));
    expect(ev).toMatchObject({ kind: 'auto_reply', class: null, status: null, verpToken: 'd47.c7' });
  });

  it('falls back to heuristics for a non-RFC 3464 qmail bounce', async () => {
    const ev = await parseBounceMessage(fixture('qmail-5_1_1-non-rfc3464.eml'));
    expect(ev).toMatchObject({ kind: 'bounce', class: 'hard', status: '5.1.1', recipient: 'ghost@oldhost.test', verpToken: 'd49.c7' });
  });

  it('prefers the SMTP envelope recipient for the token when the receiver knows it', async () => {
    // An FBL report that lost every trace of the VERP sender (some redact the original).
    const raw = fixture('arf-complaint-abuse-yahoo.eml').toString('utf8').replaceAll('<bounces+d44.c9@example.test>', '<news@example.test>');
    const withoutEnvelope = await parseBounceMessage(raw);
    expect(withoutEnvelope.kind).toBe('complaint');
    expect(withoutEnvelope.verpToken).toBeNull();
    const ev = await parseBounceMessage(raw, { envelopeTo: ['bounces+d99.c1@example.test'] });
    expect(ev.verpToken).toBe('d99.c1');
  });

  it('a not-spam feedback report is not a complaint', async () => {
    const raw = fixture('arf-complaint-abuse-yahoo.eml').toString('utf8').replace('Feedback-Type: abuse', 'Feedback-Type: not-spam');
    const ev = await parseBounceMessage(raw);
    expect(ev).toMatchObject({ kind: 'feedback', feedbackType: 'not-spam', verpToken: 'd44.c9' });
  });

  it('marks a 5.7.x rejection as a soft policy block, not a dead address', async () => {
    const raw = fixture('postfix-failed-5_1_1-nosuchuser-example.eml')
      .toString('utf8')
      .replace('Status: 5.1.1', 'Status: 5.7.26')
      .replace(
        'Diagnostic-Code: X-Postfix; unknown user: "nosuchuser"',
        'Diagnostic-Code: smtp; 550-5.7.26 This mail is unauthenticated, which poses a\n    security risk to the sender and Gmail users',
      );
    const ev = await parseBounceMessage(raw);
    expect(ev).toMatchObject({ kind: 'bounce', class: 'soft', status: '5.7.26', policyBlock: true });
  });

  it('returns unknown for garbage and for plain mail without failing', async () => {
    expect((await parseBounceMessage('not a message at all')).kind).toBe('unknown');
    expect((await parseBounceMessage(Buffer.alloc(0))).kind).toBe('unknown');
    const plain = 'From: someone@example.test\r\nTo: bounces+d1.c1@example.test\r\nSubject: hello\r\n\r\nJust saying hi.\r\n';
    expect(await parseBounceMessage(plain)).toMatchObject({ kind: 'unknown', verpToken: 'd1.c1' });
  });

  it('decodes a base64-encoded delivery-status part', async () => {
    const dsn = 'Reporting-MTA: dns; mx.test\r\n\r\nFinal-Recipient: rfc822; x@y.test\r\nAction: failed\r\nStatus: 5.2.2\r\nDiagnostic-Code: smtp; 552 5.2.2 Mailbox full\r\n';
    const raw = [
      'From: MAILER-DAEMON@mx.test',
      'To: bounces+d7.c2@example.test',
      'Content-Type: multipart/report; report-type=delivery-status; boundary=XX',
      '',
      '--XX',
      'Content-Type: text/plain',
      '',
      'failed',
      '--XX',
      'Content-Type: message/delivery-status',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from(dsn).toString('base64').replace(/(.{76})/g, '$1\r\n'),
      '--XX--',
      '',
    ].join('\r\n');
    expect(await parseBounceMessage(raw)).toMatchObject({ kind: 'bounce', class: 'soft', status: '5.2.2', recipient: 'x@y.test', verpToken: 'd7.c2' });
  });

  it('finds each failed recipient of a free-text bounce in its failure context, with its own outcome', async () => {
    // Exim-style text: the first address in the text is the sender's (in the intro), not a failed recipient.
    const raw = [
      'From: Mail Delivery System <Mailer-Daemon@mx.example.test>',
      'To: bounces+d9.c3@example.test',
      'Subject: Mail delivery failed: returning message to sender',
      '',
      'This message was created automatically by mail delivery software, on behalf of news@shop.example.test.',
      '',
      'A message that you sent could not be delivered to one or more of its',
      'recipients. This is a permanent error. The following address(es) failed:',
      '',
      '  gone@dest.example.test',
      '    SMTP error from remote mail server after RCPT TO:<gone@dest.example.test>:',
      '    550 No such user here',
      '  full@dest.example.test',
      '    SMTP error from remote mail server after RCPT TO:<full@dest.example.test>:',
      '    552 Mailbox quota exceeded for this user',
      '',
      '------ This is a copy of the message, including all the headers. ------',
      '',
      'Return-Path: <bounces+d9.c3@example.test>',
      'From: news@shop.example.test',
      'To: other@dest.example.test',
      '',
    ].join('\r\n');
    const ev = await parseBounceMessage(raw);
    expect(ev.recipients?.map((r) => [r.recipient, r.kind, r.class, r.reason, r.status])).toEqual([
      ['gone@dest.example.test', 'bounce', 'hard', 'user_unknown', '5.1.1'],
      ['full@dest.example.test', 'bounce', 'soft', 'mailbox_full', '5.2.2'],
    ]);
    expect(ev).toMatchObject({ kind: 'bounce', class: 'hard', recipient: 'gone@dest.example.test', verpToken: 'd9.c3', reason: 'user_unknown' });
  });

  it('reads "gave up" and Action: expired as final soft failures, and parses after an mbox From line', async () => {
    const raw = fixture('postfix-failed-5_1_1-nosuchuser-example.eml').toString('utf8').replace(/Action: failed/i, 'Action: expired');
    const ev = await parseBounceMessage('From MAILER-DAEMON Thu Apr 29 23:34:45 2015\n' + raw);
    expect(ev).toMatchObject({ kind: 'bounce', class: 'soft', reason: 'expired', verpToken: 'd42.c7' });
  });
});
