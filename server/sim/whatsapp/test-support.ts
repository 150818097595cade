/**
 * Test support (used by the simulator's own tests and by other modules' integration tests):
 * a tiny webhook receiver on loopback that verifies `X-Hub-Signature-256` on the raw bytes,
 * collects parsed payloads, and can answer 500 a given number of times to exercise retries.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { WebhookEnvelope } from '../../domains/channels/whatsapp/wa-types.js';

/** One received webhook. */
export interface ReceivedWebhook {
  raw: string;
  body: WebhookEnvelope;
  signatureValid: boolean;
  status: number;
}

/** A running receiver. */
export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Answer HTTP 500 to the next `n` requests. */
  failNext(n: number): void;
  /** Every status event received, flattened, in arrival order. */
  statuses(): { id: string; status: string; errors?: { code: number }[]; [k: string]: unknown }[];
  /** Every change of a given field, flattened. */
  changes(field: string): Record<string, unknown>[];
  /** Polls until `predicate` holds (generous timeout; no fixed sleeps). */
  waitFor<T>(predicate: () => T | undefined | false, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

/** Starts a receiver verifying signatures with `appSecret` and answering the GET handshake for `verifyToken`. */
export async function startReceiver(appSecret: string, verifyToken = 'sim-verify-token'): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  let failures = 0;
  const server: Server = createServer((req, res) => {
    if (req.method === 'GET') {
      // Subscription handshake (§3.1): echo hub.challenge when the verify token matches.
      const q = new URL(req.url ?? '/', 'http://x').searchParams;
      const ok = q.get('hub.mode') === 'subscribe' && q.get('hub.verify_token') === verifyToken;
      res.writeHead(ok ? 200 : 403).end(ok ? q.get('hub.challenge') ?? '' : 'forbidden');
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const expected = Buffer.from(`sha256=${createHmac('sha256', appSecret).update(raw).digest('hex')}`);
      const got = Buffer.from(String(req.headers['x-hub-signature-256'] ?? ''));
      const signatureValid = got.length === expected.length && timingSafeEqual(got, expected);
      const status = failures > 0 ? 500 : 200;
      if (failures > 0) failures--;
      received.push({ raw: raw.toString('utf8'), body: JSON.parse(raw.toString('utf8')) as WebhookEnvelope, signatureValid, status });
      res.writeHead(status).end(status === 200 ? 'ok' : 'fail');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const accepted = () => received.filter((r) => r.status === 200);
  const changesOf = (field: string) =>
    accepted().flatMap((r) => r.body.entry.flatMap((e) => e.changes.filter((c) => c.field === field).map((c) => c.value)));
  return {
    url: `http://127.0.0.1:${port}/webhooks/whatsapp`,
    received,
    failNext: (n) => {
      failures = n;
    },
    statuses: () => changesOf('messages').flatMap((v) => (v.statuses as never[]) ?? []),
    changes: changesOf,
    async waitFor(predicate, timeoutMs = 15_000) {
      const start = Date.now();
      for (;;) {
        const v = predicate();
        if (v) return v;
        if (Date.now() - start > timeoutMs) throw new Error('timed out waiting for webhook condition');
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Small JSON client for the simulator in tests. */
export function simClient(baseUrl: string, token = 'sim-token') {
  const call = async (method: string, path: string, body?: unknown, auth = true) => {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (auth) headers.authorization = `Bearer ${token}`;
    const res = await fetch(baseUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body: unknown) => call('POST', path, body),
    del: (path: string) => call('DELETE', path),
    control: (path: string, body?: unknown) => call(body === undefined ? 'GET' : 'POST', `/_sim${path}`, body, false),
    raw: call,
  };
}
