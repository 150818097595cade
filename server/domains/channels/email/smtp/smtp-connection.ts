/**
 * A lean SMTP client connection for bulk sending: EHLO, STARTTLS/implicit TLS, AUTH PLAIN/LOGIN, and one message
 * per transaction with MAIL/RCPT/DATA pipelined (RFC 2920) when the server offers it. Messages arrive fully built
 * and DKIM-signed, so the client only dot-stuffs and writes bytes — nodemailer's composer/stream layers cost more
 * CPU than the whole render on the hot path (bench/email.bench.ts).
 *
 * Every reply is returned as a value; only a broken connection rejects (SmtpConnectionError), and it says whether
 * the end of the message had already been written — then the message may have been accepted (caller: 'unknown').
 */
import { checkOutboundHost, isOutboundRefused, outboundLookup, type OutboundPolicy } from '../../../../lib/outbound/index.js';
import net from 'node:net';
import tls from 'node:tls';

export interface SmtpEndpoint {
  host: string;
  port: number;
  tlsMode: 'none' | 'starttls' | 'tls';
  username?: string | null;
  password?: string | null;
  /** Name sent in EHLO. */
  clientName?: string;
  /** Accept self-signed certificates (tests, private relays). */
  allowInvalidCerts?: boolean;
  timeoutMs?: number;
  /** The instance's outbound-request policy (ctx.outbound): the host must be public or allow-listed. */
  outbound: OutboundPolicy;
}

export interface SmtpReply {
  code: number;
  /** The whole reply text (all lines joined with a space), without the code. */
  text: string;
  /** Each line's text, without the code. */
  lines?: string[];
}

/**
 * The connection broke. `afterData`: the message's final dot had left this process (handed to the kernel), so the
 * server may have accepted it; false means it cannot have been delivered and is safe to retry.
 */
export class SmtpConnectionError extends Error {
  constructor(
    message: string,
    readonly afterData = false,
  ) {
    super(message);
    this.name = 'SmtpConnectionError';
  }
}

type Waiter = { resolve: (r: SmtpReply) => void; reject: (e: Error) => void };

const DOT_END = Buffer.from('.\r\n');
const CRLF_DOT_END = Buffer.from('\r\n.\r\n');

/** Doubles a leading dot on every line (RFC 5321 §4.5.2). Returns the input when there is nothing to stuff. */
export function dotStuff(raw: Buffer): Buffer {
  let i = raw.indexOf('\n.');
  if (raw[0] !== 0x2e && i === -1) return raw;
  const parts: Buffer[] = [];
  let start = 0;
  if (raw[0] === 0x2e) {
    parts.push(Buffer.from('.'));
  }
  while (i !== -1) {
    parts.push(raw.subarray(start, i + 2), Buffer.from('.'));
    start = i + 2;
    i = raw.indexOf('\n.', start);
  }
  parts.push(raw.subarray(start));
  return Buffer.concat(parts);
}

export class SmtpConnection {
  #socket: net.Socket;
  #buf = '';
  #lines: string[] = [];
  #waiters: Waiter[] = [];
  #closed: Error | null = null;
  /** Extensions from the EHLO answer (upper case keywords). */
  extensions = new Set<string>();
  authMechanisms = new Set<string>();
  messagesSent = 0;

  private constructor(socket: net.Socket, timeoutMs: number) {
    this.#socket = socket;
    this.#attach(socket, timeoutMs);
  }

  get broken(): boolean {
    return this.#closed !== null;
  }

  #attach(socket: net.Socket, timeoutMs: number) {
    socket.setNoDelay(true);
    socket.setTimeout(timeoutMs);
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('timeout', () => this.#fail(new SmtpConnectionError('The SMTP server did not answer in time.')));
    socket.on('error', (err) => this.#fail(new SmtpConnectionError(`SMTP connection error: ${err.message}`)));
    socket.on('close', () => this.#fail(new SmtpConnectionError('The SMTP server closed the connection.')));
  }

  #fail(err: Error) {
    if (this.#closed) return;
    this.#closed = err;
    this.#socket.destroy();
    for (const w of this.#waiters.splice(0)) w.reject(err);
  }

  #onData(chunk: Buffer) {
    this.#buf += chunk.toString('latin1');
    let nl: number;
    while ((nl = this.#buf.indexOf('\n')) !== -1) {
      const line = this.#buf.slice(0, nl).replace(/\r$/, '');
      this.#buf = this.#buf.slice(nl + 1);
      this.#lines.push(line);
      // A reply ends with "NNN " (or a bare "NNN"); "NNN-" continues it.
      if (!/^\d{3}-/.test(line)) {
        const lines = this.#lines.splice(0);
        const code = Number(line.slice(0, 3));
        const texts = lines.map((l) => l.slice(4));
        const w = this.#waiters.shift();
        if (w) w.resolve({ code: Number.isFinite(code) ? code : 0, text: texts.join(' '), lines: texts });
      }
    }
  }

  #reply(): Promise<SmtpReply> {
    if (this.#closed) return Promise.reject(this.#closed);
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  #write(data: string | Buffer) {
    if (this.#closed) throw this.#closed;
    this.#socket.write(data);
  }

  async #command(line: string): Promise<SmtpReply> {
    const p = this.#reply();
    this.#write(`${line}\r\n`);
    return p;
  }

  /** Opens, greets, upgrades to TLS and authenticates. Rejects with SmtpConnectionError or an Error naming the reply. */
  static async open(ep: SmtpEndpoint): Promise<SmtpConnection> {
    const timeoutMs = ep.timeoutMs ?? 60_000;
    // Checked here for IP literals (which skip lookup) and again at connect through outboundLookup.
    // A refusal (OutboundRefused, 400) propagates as is: it is a setting to change, not a network fault to retry.
    await checkOutboundHost(ep.outbound, ep.host, 'host');
    const lookup = outboundLookup(ep.outbound);
    const socket = await new Promise<net.Socket>((resolve, reject) => {
      const onErr = (err: Error) => reject(isOutboundRefused(err) ? err : new SmtpConnectionError(`Could not connect to ${ep.host}:${ep.port}: ${err.message}`));
      const s =
        ep.tlsMode === 'tls'
          ? tls.connect({ host: ep.host, port: ep.port, servername: net.isIP(ep.host) ? undefined : ep.host, rejectUnauthorized: !ep.allowInvalidCerts, lookup }, () => resolve(s))
          : net.connect({ host: ep.host, port: ep.port, lookup }, () => resolve(s));
      s.once('error', onErr);
      s.setTimeout(timeoutMs, () => onErr(new Error('connection timed out')));
    });
    socket.removeAllListeners('error');
    socket.removeAllListeners('timeout');
    let conn = new SmtpConnection(socket, timeoutMs);
    try {
      const greeting = await conn.#reply();
      if (greeting.code !== 220) throw new Error(`The SMTP server refused the connection: ${greeting.code} ${greeting.text}`);
      await conn.#ehlo(ep.clientName ?? 'localhost');
      if (ep.tlsMode === 'starttls') {
        if (!conn.extensions.has('STARTTLS')) throw new Error('The SMTP server does not offer STARTTLS; choose TLS mode "none" or "tls".');
        const r = await conn.#command('STARTTLS');
        if (r.code !== 220) throw new Error(`STARTTLS was refused: ${r.code} ${r.text}`);
        conn = await conn.#upgrade(ep, timeoutMs);
        await conn.#ehlo(ep.clientName ?? 'localhost');
      }
      if (ep.username) await conn.#auth(ep.username, ep.password ?? '');
      return conn;
    } catch (err) {
      conn.close();
      throw err;
    }
  }

  async #upgrade(ep: SmtpEndpoint, timeoutMs: number): Promise<SmtpConnection> {
    const plain = this.#socket;
    plain.removeAllListeners('data');
    plain.removeAllListeners('close');
    plain.removeAllListeners('error');
    plain.removeAllListeners('timeout');
    const secure = await new Promise<tls.TLSSocket>((resolve, reject) => {
      const s = tls.connect({ socket: plain, servername: net.isIP(ep.host) ? undefined : ep.host, rejectUnauthorized: !ep.allowInvalidCerts }, () => resolve(s));
      s.once('error', (err) => reject(new SmtpConnectionError(`TLS handshake failed: ${err.message}`)));
    });
    secure.removeAllListeners('error');
    return new SmtpConnection(secure, timeoutMs);
  }

  async #ehlo(name: string) {
    const r = await this.#command(`EHLO ${name}`);
    if (r.code !== 250) throw new Error(`EHLO was refused: ${r.code} ${r.text}`);
    // Line 1 is the greeting; each further line is "KEYWORD [params]".
    this.extensions.clear();
    this.authMechanisms.clear();
    for (const line of (r.lines ?? []).slice(1)) {
      const [kw, ...params] = line.trim().split(/[ =]+/);
      this.extensions.add(kw.toUpperCase());
      if (kw.toUpperCase() === 'AUTH') for (const p of params) this.authMechanisms.add(p.toUpperCase());
    }
  }

  async #auth(user: string, pass: string) {
    let r: SmtpReply;
    if (this.authMechanisms.has('PLAIN') || !this.authMechanisms.has('LOGIN')) {
      r = await this.#command(`AUTH PLAIN ${Buffer.from(`\0${user}\0${pass}`).toString('base64')}`);
    } else {
      r = await this.#command('AUTH LOGIN');
      if (r.code === 334) r = await this.#command(Buffer.from(user).toString('base64'));
      if (r.code === 334) r = await this.#command(Buffer.from(pass).toString('base64'));
    }
    if (r.code !== 235) throw new Error(`The SMTP server refused the login: ${r.code} ${r.text}`);
  }

  /**
   * Sends one message to one recipient. Resolves with the first non-success reply (MAIL, RCPT or DATA) or the
   * final reply after the message; rejects only when the connection breaks.
   */
  async send(from: string, to: string, raw: Buffer): Promise<SmtpReply & { stage: 'mail' | 'rcpt' | 'data' | 'message' }> {
    const pipelined = this.extensions.has('PIPELINING');
    let mail: SmtpReply, rcpt: SmtpReply, data: SmtpReply;
    if (pipelined) {
      const pm = this.#reply(), pr = this.#reply(), pd = this.#reply();
      this.#write(`MAIL FROM:<${from}>\r\nRCPT TO:<${to}>\r\nDATA\r\n`);
      [mail, rcpt, data] = await Promise.all([pm, pr, pd]);
    } else {
      mail = await this.#command(`MAIL FROM:<${from}>`);
      if (mail.code !== 250) return { ...mail, stage: 'mail' };
      rcpt = await this.#command(`RCPT TO:<${to}>`);
      if (rcpt.code !== 250 && rcpt.code !== 251) {
        await this.#command('RSET');
        return { ...rcpt, stage: 'rcpt' };
      }
      data = await this.#command('DATA');
    }
    if (data.code === 354 && (mail.code !== 250 || (rcpt.code !== 250 && rcpt.code !== 251))) {
      // A server that wrongly opened DATA after a refusal: end the empty message and reset.
      const end = this.#reply();
      this.#write(DOT_END);
      await end;
    }
    if (mail.code !== 250) return { ...(await this.#rset(mail)), stage: 'mail' };
    if (rcpt.code !== 250 && rcpt.code !== 251) return { ...(await this.#rset(rcpt)), stage: 'rcpt' };
    if (data.code !== 354) return { ...(await this.#rset(data)), stage: 'data' };
    const body = dotStuff(raw);
    const final = this.#reply();
    final.catch(() => undefined); // observed below; a connection already gone must not leave it unhandled
    // Only a message whose final dot left this process can have been accepted. The write callback says when the
    // dot was handed to the kernel; a break before that (the peer closed mid-body, a reset while the body was
    // still queued) cannot have delivered it: the caller retries. A break after it, before the reply, is ambiguous.
    let dotOut = false;
    try {
      this.#write(body);
      if (this.#closed) throw this.#closed;
      this.#socket.write(body.length >= 2 && body[body.length - 2] === 13 && body[body.length - 1] === 10 ? DOT_END : CRLF_DOT_END, (err) => {
        if (!err) dotOut = true;
      });
    } catch (err) {
      throw new SmtpConnectionError((err as Error).message, false);
    }
    try {
      const r = await final;
      this.messagesSent++;
      return { ...r, stage: 'message' };
    } catch (err) {
      // Let a pending write callback run first: it tells whether the dot made it out before the break.
      await new Promise((r) => setImmediate(r));
      throw new SmtpConnectionError((err as Error).message, dotOut);
    }
  }

  async #rset(reply: SmtpReply): Promise<SmtpReply> {
    if (!this.#closed) await this.#command('RSET').catch(() => undefined);
    return reply;
  }

  /** Checks the connection still answers (before reusing an idle one). */
  async noop(): Promise<boolean> {
    try {
      return (await this.#command('NOOP')).code === 250;
    } catch {
      return false;
    }
  }

  /** Says goodbye politely (best effort) and closes. */
  close() {
    if (this.#closed) return;
    try {
      this.#socket.end('QUIT\r\n');
    } catch {
      /* already gone */
    }
    this.#closed = new SmtpConnectionError('closed');
    setTimeout(() => this.#socket.destroy(), 1000).unref();
  }

  /** Destroys the socket at once (crash simulation in tests, shutdown). */
  destroy() {
    this.#fail(new SmtpConnectionError('destroyed'));
  }
}
