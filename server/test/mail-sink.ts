/**
 * Test support: a real SMTP server on loopback (smtp-server) that parses what it accepts (mailparser), for
 * tests of system mail. Optionally requires AUTH with a user and password. `next(to)` waits for the next
 * message to an address (resolves as soon as it arrives; no timing assumptions).
 */
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';

export interface SinkMail {
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string | null;
}

export interface MailSink {
  port: number;
  mails: SinkMail[];
  /** Env overrides that point Clarion's system mail at this sink. */
  env: Record<string, string>;
  /** Resolves with the first message to `to` not yet taken by an earlier call. */
  next(to: string): Promise<SinkMail>;
  close(): Promise<void>;
}

export async function startMailSink(opts: { user?: string; password?: string } = {}): Promise<MailSink> {
  const mails: SinkMail[] = [];
  const taken = new Set<SinkMail>();
  const waiters: Array<() => void> = [];
  const server = new SMTPServer({
    logger: false,
    disabledCommands: opts.user ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !opts.user,
    allowInsecureAuth: true,
    onAuth(auth, _session, cb) {
      if (auth.username === opts.user && auth.password === opts.password) return cb(null, { user: auth.username });
      cb(new Error('535 5.7.8 Authentication credentials invalid'));
    },
    onData(stream, session, cb) {
      simpleParser(stream)
        .then((m) => {
          for (const r of session.envelope.rcptTo) {
            mails.push({
              to: r.address.toLowerCase(),
              from: typeof session.envelope.mailFrom === 'object' && session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              subject: m.subject ?? '',
              text: m.text ?? '',
              html: typeof m.html === 'string' ? m.html : null,
            });
          }
          for (const w of waiters.splice(0)) w();
          cb();
        })
        .catch((err: Error) => cb(err));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const addr = server.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const env: Record<string, string> = {
    CLARION_SYSTEM_SMTP_HOST: '127.0.0.1',
    CLARION_SYSTEM_SMTP_PORT: String(port),
    CLARION_SYSTEM_SMTP_TLS: 'none',
    CLARION_SYSTEM_MAIL_FROM: 'Clarion <no-reply@clarion.test>',
    ...(opts.user ? { CLARION_SYSTEM_SMTP_USER: opts.user, CLARION_SYSTEM_SMTP_PASSWORD: opts.password ?? '' } : {}),
  };
  return {
    port,
    mails,
    env,
    async next(to) {
      const want = to.toLowerCase();
      for (;;) {
        const m = mails.find((x) => x.to === want && !taken.has(x));
        if (m) {
          taken.add(m);
          return m;
        }
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
