/**
 * A pool of SMTP connections to one server, at most `maxConnections` open at once in this process. Connections
 * are reused for many messages (recycled after `maxMessagesPerConnection`), idle ones close after a while, and a
 * broken one is dropped. Slots are counted separately from sockets so a caller can hold a slot (a "lane") while
 * the pool (re)connects.
 */
import { SmtpConnection, type SmtpEndpoint } from './smtp-connection.js';

export interface SmtpPoolOptions extends SmtpEndpoint {
  maxConnections: number;
  maxMessagesPerConnection?: number;
  idleMs?: number;
}

export class SmtpPool {
  #idle: { conn: SmtpConnection; since: number }[] = [];
  #busy = 0;
  #closed = false;
  #timer: NodeJS.Timeout;
  readonly open = new Set<SmtpConnection>();

  constructor(readonly opts: SmtpPoolOptions) {
    this.#timer = setInterval(() => this.#reap(), 5000);
    this.#timer.unref();
  }

  /** Slots in use (lanes checked out). */
  get busy(): number {
    return this.#busy;
  }

  get free(): number {
    return this.#closed ? 0 : this.opts.maxConnections - this.#busy;
  }

  /** Takes a slot; false when all are in use. */
  tryTakeSlot(): boolean {
    if (this.free <= 0) return false;
    this.#busy++;
    return true;
  }

  releaseSlot() {
    this.#busy = Math.max(0, this.#busy - 1);
  }

  /** A connection for a held slot: an idle one, or a new one. Rejects when the server cannot be reached. */
  async connection(): Promise<SmtpConnection> {
    while (this.#idle.length) {
      const { conn } = this.#idle.pop()!;
      if (!conn.broken) return conn;
      this.open.delete(conn);
    }
    const conn = await SmtpConnection.open(this.opts);
    if (this.#closed) {
      conn.close();
      throw new Error('The pool is closed.');
    }
    this.open.add(conn);
    return conn;
  }

  /** Returns a connection after use; broken or worn-out ones are closed. */
  giveBack(conn: SmtpConnection) {
    const max = this.opts.maxMessagesPerConnection ?? 1000;
    if (this.#closed || conn.broken || conn.messagesSent >= max) {
      conn.close();
      this.open.delete(conn);
      return;
    }
    this.#idle.push({ conn, since: Date.now() });
  }

  #reap() {
    const idleMs = this.opts.idleMs ?? 15_000;
    const now = Date.now();
    this.#idle = this.#idle.filter(({ conn, since }) => {
      if (now - since < idleMs && !conn.broken) return true;
      conn.close();
      this.open.delete(conn);
      return false;
    });
  }

  /** Closes every connection politely. */
  async close() {
    this.#closed = true;
    clearInterval(this.#timer);
    for (const c of this.open) c.close();
    this.open.clear();
    this.#idle = [];
  }

  /** Drops every socket at once (simulated crash / hard stop). */
  destroy() {
    this.#closed = true;
    clearInterval(this.#timer);
    for (const c of this.open) c.destroy();
    this.open.clear();
    this.#idle = [];
  }
}
