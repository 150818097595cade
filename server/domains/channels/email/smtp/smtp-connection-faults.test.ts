/**
 * A misbehaving SMTP peer on loopback (a raw TCP server): a connection that breaks before the message's final dot
 * left the client cannot have delivered it (afterData false → the sender retries it); only a break after the dot
 * and before the reply is ambiguous (afterData true → 'unknown', never resent).
 */
import { afterEach, describe, expect, it } from 'vitest';
import net from 'node:net';
import { SmtpConnection, SmtpConnectionError } from './smtp-connection.js';
import { createOutboundPolicy } from '../../../../lib/outbound/index.js';
import { TEST_OUTBOUND_ALLOW } from '../../../../test/app.js';

// The loopback peer is an internal target: allowed the way the test instance allows it.
const outbound = createOutboundPolicy({ allow: TEST_OUTBOUND_ALLOW.split(',') });

type Mode = 'mid-body' | 'after-dot';
let server: net.Server | null = null;

async function startPeer(mode: Mode): Promise<number> {
  server = net.createServer((sock) => {
    let inBody = false;
    let bodyBytes = 0;
    let tail = '';
    sock.write('220 peer.test ESMTP\r\n');
    sock.on('error', () => undefined);
    sock.on('data', (chunk: Buffer) => {
      if (inBody) {
        bodyBytes += chunk.length;
        tail = (tail + chunk.toString('latin1')).slice(-5);
        if (mode === 'mid-body' && bodyBytes > 64 * 1024) {
          // Stop reading and reset while most of the body is still on its way: the dot never arrives.
          sock.pause();
          setTimeout(() => sock.resetAndDestroy(), 50);
          inBody = false;
        } else if (mode === 'after-dot' && tail === '\r\n.\r\n') {
          sock.destroy(); // got the whole message, then vanished without a reply
        }
        return;
      }
      for (const line of chunk.toString('latin1').split('\r\n').filter(Boolean)) {
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') sock.write('250 peer.test\r\n');
        else if (verb === 'MAIL' || verb === 'RCPT') sock.write('250 OK\r\n');
        else if (verb === 'DATA') {
          inBody = true;
          sock.write('354 go ahead\r\n');
        } else if (verb === 'QUIT') sock.end('221 bye\r\n');
      }
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return (server!.address() as net.AddressInfo).port;
}

afterEach(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = null;
});

async function sendAndCatch(port: number, raw: Buffer): Promise<SmtpConnectionError> {
  const conn = await SmtpConnection.open({ host: '127.0.0.1', port, tlsMode: 'none', timeoutMs: 20_000, outbound });
  try {
    await conn.send('a@sender.test', 'b@rcpt.test', raw);
  } catch (err) {
    return err as SmtpConnectionError;
  } finally {
    conn.destroy();
  }
  throw new Error('the send did not fail');
}

describe('SMTP connection breaks', () => {
  it('a break before the final dot left the client is not ambiguous (retry)', async () => {
    const port = await startPeer('mid-body');
    // Larger than loopback's socket buffers on both sides, so the dot is still queued in this process at the reset.
    const line = Buffer.from(`${'x'.repeat(998)}\r\n`);
    const raw = Buffer.concat([Buffer.from('Subject: big\r\n\r\n'), Buffer.alloc(24 * 1024 * 1000, line)]);
    const err = await sendAndCatch(port, raw);
    expect(err).toBeInstanceOf(SmtpConnectionError);
    expect(err.afterData).toBe(false);
  });

  it('a break after the final dot and before the reply is ambiguous (unknown)', async () => {
    const port = await startPeer('after-dot');
    const err = await sendAndCatch(port, Buffer.from('Subject: small\r\n\r\nhello\r\n'));
    expect(err).toBeInstanceOf(SmtpConnectionError);
    expect(err.afterData).toBe(true);
  });
});
