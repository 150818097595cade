/**
 * A real SMTP server on loopback for the email journey: accepts every message (no TLS, no auth), keeps the raw
 * bytes and the parsed message, and counts distinct Message-IDs so a duplicate would show.
 */
import net from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Captured {
  envelopeFrom: string;
  to: string[];
  raw: string;
  mail: ParsedMail;
}

export interface SmtpSink {
  port: number;
  messages: Captured[];
  /** Distinct Message-ID headers seen. */
  messageIds: () => Set<string>;
  close: () => Promise<void>;
}

/** Starts the sink on 127.0.0.1 and an ephemeral port. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: Captured[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 20 * 1024 * 1024,
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw)
          .then((mail) => {
            messages.push({
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
              raw,
              mail,
            });
            cb();
          })
          .catch((err: Error) => cb(err));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = ((server as unknown as { server: net.Server }).server.address() as net.AddressInfo).port;
  return {
    port,
    messages,
    messageIds: () => new Set(messages.map((m) => m.mail.messageId).filter((x): x is string => !!x)),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** The https unsubscribe page link of a captured message: from the HTML body, else from List-Unsubscribe. */
export function unsubscribeUrl(m: Captured): string {
  const html = typeof m.mail.html === 'string' ? m.mail.html : '';
  const fromHtml = [...html.matchAll(/href="([^"]+)"/g)].map((x) => x[1].replace(/&amp;/g, '&')).find((u) => /\/u\//.test(u) || /unsubscribe/i.test(u));
  if (fromHtml) return fromHtml;
  const header = String(m.mail.headers.get('list-unsubscribe') ?? '');
  const https = /<(https?:[^>]+)>/.exec(header)?.[1];
  if (!https) throw new Error(`No unsubscribe link in message to ${m.to.join(',')}`);
  return https;
}
