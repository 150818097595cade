/**
 * The campaign's POST /{phone-number-id}/messages over pooled keep-alive connections (node:http/https), with the
 * one distinction crash safety needs that fetch() hides: did the request possibly reach Meta?
 *  - `not_sent`: nothing was written to a live connection (refused, DNS, a reused idle socket the server had
 *    already closed) — safe to retry;
 *  - `ambiguous`: the request was written and no answer came (reset, timeout) — Meta may have accepted it, so the
 *    delivery becomes 'unknown' and is never resent.
 */
import http from 'node:http';
import https from 'node:https';
import { checkOutboundHost, isOutboundRefused, outboundLookup, type OutboundPolicy } from '../../lib/outbound/index.js';

/** Largest answer body kept; a Graph send answer is a few hundred bytes. */
const MAX_ANSWER_BYTES = 1024 * 1024;

export type PostOutcome =
  | { kind: 'ok'; status: number; body: unknown }
  | { kind: 'http'; status: number; body: unknown }
  | { kind: 'not_sent'; reason: string }
  | { kind: 'ambiguous'; reason: string };

/** A small JSON POST client bound to one base URL and token. */
export class GraphPoster {
  readonly #agent: http.Agent;
  readonly #mod: typeof http | typeof https;
  readonly #url: URL;
  readonly #auth: string;
  readonly #policy: OutboundPolicy;
  /** The base URL's host checked once under the outbound policy (IP literals skip the agent's lookup). */
  #checked: Promise<void> | null = null;

  constructor(
    policy: OutboundPolicy,
    baseUrl: string,
    private readonly version: string,
    token: string,
    maxSockets: number,
    private readonly timeoutMs = 30_000,
  ) {
    this.#url = new URL(baseUrl.replace(/\/+$/, '') + '/');
    this.#mod = this.#url.protocol === 'https:' ? https : http;
    this.#policy = policy;
    // Every new socket resolves through the policy, so a name re-pointed to an internal address is refused at connect.
    this.#agent = new this.#mod.Agent({ keepAlive: true, maxSockets, scheduling: 'lifo', timeout: 60_000, lookup: outboundLookup(policy) });
    this.#auth = `Bearer ${token}`;
  }

  /** POSTs JSON to `/{version}/{path}`. Never throws. */
  async post(path: string, payload: unknown): Promise<PostOutcome> {
    this.#checked ??= checkOutboundHost(this.#policy, this.#url.hostname).then(() => undefined);
    try {
      await this.#checked;
    } catch (err) {
      this.#checked = null;
      return { kind: 'not_sent', reason: isOutboundRefused(err) ? err.message : (err as Error).message };
    }
    return this.#post(path, payload);
  }

  #post(path: string, payload: unknown): Promise<PostOutcome> {
    const body = Buffer.from(JSON.stringify(payload));
    return new Promise<PostOutcome>((resolve) => {
      let settled = false;
      const done = (o: PostOutcome) => {
        if (!settled) {
          settled = true;
          resolve(o);
        }
      };
      let written = false;
      const req = this.#mod.request(
        {
          protocol: this.#url.protocol,
          hostname: this.#url.hostname,
          port: this.#url.port || undefined,
          path: `${this.#url.pathname}${this.version}/${path}`,
          method: 'POST',
          agent: this.#agent,
          headers: { 'content-type': 'application/json', 'content-length': body.length, authorization: this.#auth },
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size <= MAX_ANSWER_BYTES) chunks.push(c);
          });
          res.on('end', () => {
            let parsed: unknown = null;
            try {
              parsed = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : null;
            } catch {
              parsed = null;
            }
            const status = res.statusCode ?? 0;
            done(status >= 200 && status < 300 ? { kind: 'ok', status, body: parsed } : { kind: 'http', status, body: parsed });
          });
          res.on('error', (e) => done({ kind: 'ambiguous', reason: `The answer was cut off: ${e.message}` }));
        },
      );
      req.setTimeout(this.timeoutMs, () => {
        req.destroy(new Error(`no answer within ${Math.round(this.timeoutMs / 1000)} s`));
      });
      req.on('error', (e: NodeJS.ErrnoException) => {
        // A kept-alive socket the server closed while idle fails before our bytes are read: Node's documented retry case.
        if (isOutboundRefused(e)) return done({ kind: 'not_sent', reason: e.message });
        if (!written || (req.reusedSocket && e.code === 'ECONNRESET')) done({ kind: 'not_sent', reason: `${e.code ?? 'network error'}: ${e.message}` });
        else done({ kind: 'ambiguous', reason: `${e.code ?? 'network error'}: ${e.message}` });
      });
      req.on('socket', (s) => {
        const mark = () => (written = true);
        if (s.connecting) s.once('connect', mark);
        else mark();
      });
      req.end(body);
    });
  }

  /** Closes pooled connections. */
  close(): void {
    this.#agent.destroy();
  }
}
