/**
 * Test support: a real SMTP server on loopback (smtp-server) that records every accepted message (recipient,
 * Message-ID, raw bytes, acceptance time), can answer chosen codes per recipient, and can be slowed down.
 * Usable in-process (tests) and as a child process (scripts) — nothing here is mocked.
 */
import { SMTPServer } from 'smtp-server';

export interface Received {
  to: string;
  from: string;
  messageId: string | null;
  raw: Buffer;
  /** Time (ms) the transaction started (MAIL FROM) — what a provider's rate limiter counts. */
  mailAt: number;
  acceptedAt: number;
}

export interface TestSmtpOptions {
  /** Per recipient: answer these codes in turn on RCPT (e.g. [451, 451] then accept), or a fixed code. */
  rcptCodes?: Record<string, number[] | number>;
  /** Delay before accepting each message's data, ms. */
  dataDelayMs?: number;
  /** Keep raw bytes of messages (for DKIM checks); off by default to save memory. */
  keepRaw?: boolean;
  /** Port to listen on (default: any free one) — e.g. to bring a server "back" after an outage. */
  port?: number;
}

export interface TestSmtpServer {
  port: number;
  received: Received[];
  /** Transactions started per recipient (including refused ones). */
  attempts: Map<string, number>;
  close(): Promise<void>;
}

const MESSAGES: Record<number, string> = {
  421: '4.7.0 Too many messages, slow down',
  450: '4.2.1 Mailbox busy, try later',
  451: '4.3.0 Temporary local problem, try later',
  452: '4.2.2 Insufficient storage',
  454: '4.7.0 Throttling failure: maximum sending rate exceeded',
  550: '5.1.1 The email account that you tried to reach does not exist',
  552: '5.2.2 Mailbox full',
  554: '5.7.1 Message rejected as spam by policy',
};

export async function startTestSmtpServer(opts: TestSmtpOptions = {}): Promise<TestSmtpServer> {
  const received: Received[] = [];
  const attempts = new Map<string, number>();
  const mailAt = new WeakMap<object, number>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 10 * 1024 * 1024,
    onMailFrom(_addr, session, cb) {
      mailAt.set(session, Date.now());
      cb();
    },
    onRcptTo(addr, _session, cb) {
      const to = addr.address.toLowerCase();
      const n = (attempts.get(to) ?? 0) + 1;
      attempts.set(to, n);
      const rule = opts.rcptCodes?.[to];
      const code = Array.isArray(rule) ? rule[n - 1] : rule;
      if (code && code !== 250) {
        const err = new Error(MESSAGES[code] ?? `${code >= 500 ? '5.0.0' : '4.0.0'} refused`) as Error & { responseCode: number };
        err.responseCode = code;
        return cb(err);
      }
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const head = raw.subarray(0, Math.min(raw.length, 8192)).toString('latin1');
        const mid = /^Message-ID:\s*<([^>]+)>/im.exec(head);
        const finish = () => {
          for (const rcpt of session.envelope.rcptTo) {
            received.push({
              to: rcpt.address.toLowerCase(),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              messageId: mid ? mid[1] : null,
              raw: opts.keepRaw ? raw : Buffer.alloc(0),
              mailAt: mailAt.get(session) ?? Date.now(),
              acceptedAt: Date.now(),
            });
          }
          cb();
        };
        if (opts.dataDelayMs) setTimeout(finish, opts.dataDelayMs);
        else finish();
      });
    },
  });
  // Clients that die mid-session (the crash tests SIGKILL them) reset their sockets: expected, not an error.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const addr = server.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    port,
    received,
    attempts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
