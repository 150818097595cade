import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { startBounceReceiver, type BounceReceiver } from './bounce-receiver.js';
import type { BounceEvent } from './types.js';

const fixtureDir = fileURLToPath(new URL('../../../../test/fixtures/bounces/', import.meta.url));
const fixture = (name: string) => readFileSync(fixtureDir + name);

let receiver: BounceReceiver | null = null;
afterEach(async () => {
  await receiver?.close();
  receiver = null;
});

function transportTo(port: number) {
  return nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, connectionTimeout: 30_000 });
}

type SmtpFailure = Error & { responseCode?: number; response?: string };

describe('startBounceReceiver', () => {
  it('accepts a DSN for the bounce domain over SMTP and hands the parsed event to onEvent', async () => {
    const received: Array<{ ev: BounceEvent; raw: Buffer }> = [];
    receiver = await startBounceReceiver({
      host: '127.0.0.1',
      port: 0,
      bounceDomains: ['Example.TEST'],
      onEvent: async (ev, raw) => {
        received.push({ ev, raw });
      },
    });
    expect(receiver.port).toBeGreaterThan(0);
    const info = await transportTo(receiver.port).sendMail({
      envelope: { from: '', to: ['bounces+d42.c7@example.test'] },
      raw: fixture('postfix-failed-5_1_1-nosuchuser-example.eml'),
    });
    expect(info.accepted).toEqual(['bounces+d42.c7@example.test']);
    expect(received).toHaveLength(1);
    expect(received[0].ev).toMatchObject({ kind: 'bounce', class: 'hard', status: '5.1.1', recipient: 'nosuchuser@example.test', verpToken: 'd42.c7' });
    expect(received[0].raw.toString('utf8')).toContain('X-Postfix-Sender: rfc822; bounces+d42.c7@example.test');
  });

  it('uses the envelope recipient as the token source and parses ARF complaints', async () => {
    const received: BounceEvent[] = [];
    receiver = await startBounceReceiver({ host: '127.0.0.1', port: 0, bounceDomains: ['bounce.example.test'], onEvent: async (ev) => void received.push(ev) });
    const redacted = fixture('arf-complaint-abuse-yahoo.eml').toString('utf8').replaceAll('bounces+d44.c9@example.test', 'news@example.test');
    await transportTo(receiver.port).sendMail({ envelope: { from: '', to: ['bounces+d77.c3@bounce.example.test'] }, raw: redacted });
    expect(received).toEqual([expect.objectContaining({ kind: 'complaint', feedbackType: 'abuse', verpToken: 'd77.c3', recipient: 'carol@yahoo.test' })]);
  });

  it('rejects recipients outside the bounce domains with 550 at RCPT', async () => {
    const received: BounceEvent[] = [];
    receiver = await startBounceReceiver({ host: '127.0.0.1', port: 0, bounceDomains: ['example.test'], onEvent: async (ev) => void received.push(ev) });
    const t = transportTo(receiver.port);
    const err = (await t
      .sendMail({ envelope: { from: 'a@elsewhere.test', to: ['victim@gmail.test'] }, raw: fixture('postfix-failed-5_1_1-nosuchuser-example.eml') })
      .catch((e: SmtpFailure) => e)) as SmtpFailure;
    expect(err).toBeInstanceOf(Error);
    expect(err.responseCode).toBe(550);
    expect(received).toHaveLength(0);

    // Mixed envelope: the outside recipient is refused, the bounce address still gets the message.
    const info = await t.sendMail({
      envelope: { from: '', to: ['victim@gmail.test', 'bounces+d43.c8@example.test'] },
      raw: fixture('postfix-delayed-4_4_1-someone-hard.eml'),
    });
    expect(info.rejected).toEqual(['victim@gmail.test']);
    expect(info.accepted).toEqual(['bounces+d43.c8@example.test']);
    expect(received).toEqual([expect.objectContaining({ kind: 'delay', verpToken: 'd43.c8' })]);
  });

  it('refuses oversized messages with 552 and does not call onEvent', async () => {
    const received: BounceEvent[] = [];
    receiver = await startBounceReceiver({ host: '127.0.0.1', port: 0, bounceDomains: ['example.test'], maxMessageBytes: 4096, onEvent: async (ev) => void received.push(ev) });
    const big = fixture('postfix-failed-5_1_1-nosuchuser-example.eml').toString('utf8').replace('Hello\n', 'Hello\n' + 'x'.repeat(76).concat('\n').repeat(200));
    const err = (await transportTo(receiver.port)
      .sendMail({ envelope: { from: '', to: ['bounces+d42.c7@example.test'] }, raw: big })
      .catch((e: SmtpFailure) => e)) as SmtpFailure;
    expect(err).toBeInstanceOf(Error);
    expect(err.responseCode).toBe(552);
    expect(received).toHaveLength(0);
  });

  it('answers 451 when onEvent fails, so the sender retries and nothing is lost', async () => {
    const stored: BounceEvent[] = [];
    const errors: unknown[] = [];
    let failNext = true;
    receiver = await startBounceReceiver({
      host: '127.0.0.1',
      port: 0,
      bounceDomains: ['example.test'],
      onError: (e) => errors.push(e),
      onEvent: async (ev) => {
        if (failNext) {
          failNext = false;
          throw new Error('database unavailable');
        }
        stored.push(ev);
      },
    });
    const t = transportTo(receiver.port);
    const mail = { envelope: { from: '', to: ['bounces+d42.c7@example.test'] }, raw: fixture('postfix-failed-5_1_1-nosuchuser-example.eml') };
    const err = (await t.sendMail(mail).catch((e: SmtpFailure) => e)) as SmtpFailure;
    expect(err).toBeInstanceOf(Error);
    expect(err.responseCode).toBe(451);
    expect(stored).toHaveLength(0);
    expect(String(errors[0])).toContain('database unavailable');
    // The sending MTA's retry succeeds once the store is back.
    await t.sendMail(mail);
    expect(stored).toEqual([expect.objectContaining({ kind: 'bounce', verpToken: 'd42.c7' })]);
  });

  it('refuses to start without a bounce domain', async () => {
    await expect(startBounceReceiver({ port: 0, bounceDomains: [], onEvent: async () => {} })).rejects.toThrow(/bounceDomains/);
  });
});
