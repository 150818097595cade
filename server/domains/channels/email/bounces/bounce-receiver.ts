/**
 * Built-in SMTP receiver for the bounce domain (the MX of e.g. `bounce.example.com`).
 *
 * Remote MTAs deliver DSNs to our VERP envelope senders and FBLs deliver ARF reports here.
 * It accepts mail only for the configured bounce domains (550 at RCPT otherwise, so it is never
 * an open relay), needs no AUTH, enforces a size limit, parses each message and hands the event
 * to `onEvent`. If `onEvent` fails the message is refused with 451 so the sender retries later:
 * a bounce is never acknowledged without having been recorded.
 */
import { SMTPServer, type SMTPServerAddress, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { parseBounceMessage } from './parse-bounce.js';
import type { BounceEvent } from './types.js';
import { addressDomain } from './verp.js';

/** Options of startBounceReceiver. */
export interface BounceReceiverOptions {
  /** Interface to listen on; default 0.0.0.0 (it is an MX). Tests use 127.0.0.1. */
  host?: string;
  /** TCP port; 0 picks a free one (see the returned `port`). */
  port: number;
  /** Domains we accept mail for, e.g. ['bounce.example.com']. */
  bounceDomains: string[];
  /** Largest message accepted; default 10 MiB (bounces may carry the full original). */
  maxMessageBytes?: number;
  /** Called once per accepted message. Throw to make the sender retry (451). */
  onEvent: (ev: BounceEvent, raw: Buffer) => Promise<void>;
  /** Hostname in the greeting and EHLO; default the OS hostname. */
  serverName?: string;
  /** PEM key/cert to offer STARTTLS; without them STARTTLS is not advertised. */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** Concurrent connections; default 100. */
  maxClients?: number;
  /** Reports errors that are otherwise only visible as SMTP replies (parse/onEvent failures). */
  onError?: (err: unknown) => void;
}

/** A running receiver. */
export interface BounceReceiver {
  port: number;
  close(): Promise<void>;
}

const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

/** Starts the SMTP bounce receiver and resolves once it is listening. */
export async function startBounceReceiver(opts: BounceReceiverOptions): Promise<BounceReceiver> {
  const domains = new Set(opts.bounceDomains.map((d) => d.trim().toLowerCase().replace(/\.$/, '')).filter(Boolean));
  if (domains.size === 0) throw new Error('startBounceReceiver: bounceDomains must not be empty');
  const maxBytes = opts.maxMessageBytes ?? DEFAULT_MAX_BYTES;

  const server = new SMTPServer({
    name: opts.serverName,
    banner: 'Clarion bounce receiver',
    authOptional: true,
    disabledCommands: opts.tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    ...(opts.tls ? { key: opts.tls.key, cert: opts.tls.cert } : {}),
    size: maxBytes,
    maxClients: opts.maxClients ?? 100,
    logger: false,
    onRcptTo(address: SMTPServerAddress, _session: SMTPServerSession, callback: (err?: Error | null) => void) {
      const domain = addressDomain(address.address ?? '');
      if (!domain || !domains.has(domain)) {
        callback(smtpError(`5.7.1 <${address.address}>: relay access denied, not a bounce address`, 550));
        return;
      }
      callback();
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null) => void) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => {
        // Keep reading (the client must be allowed to finish DATA) but stop buffering past the limit.
        if (!stream.sizeExceeded) chunks.push(c);
      });
      stream.on('error', (err) => callback(err));
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          callback(smtpError(`5.3.4 Message exceeds the fixed maximum size of ${maxBytes} bytes`, 552));
          return;
        }
        const raw = Buffer.concat(chunks);
        const envelopeTo = session.envelope.rcptTo.map((r) => r.address);
        handleMessage(raw, envelopeTo).then(
          () => callback(),
          (err) => {
            opts.onError?.(err);
            callback(smtpError('4.3.0 Temporary failure recording the report, try again later', 451));
          },
        );
      });
    },
  });

  async function handleMessage(raw: Buffer, envelopeTo: string[]): Promise<void> {
    const ev = await parseBounceMessage(raw, { envelopeTo });
    await opts.onEvent(ev, raw);
  }

  server.on('error', (err) => opts.onError?.(err));

  await new Promise<void>((resolve, reject) => {
    const onListenError = (err: Error) => reject(err);
    server.server.once('error', onListenError);
    server.listen(opts.port, opts.host ?? '0.0.0.0', () => {
      server.server.off('error', onListenError);
      resolve();
    });
  });
  const addr = server.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.port;

  let closing: Promise<void> | null = null;
  return {
    port,
    close() {
      closing ??= new Promise<void>((resolve) => server.close(() => resolve()));
      return closing;
    },
  };
}
