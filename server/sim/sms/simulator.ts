/**
 * SMS gateway simulator speaking Twilio's Programmable Messaging wire format (reference §1.2): form-encoded
 * `POST /2010-04-01/Accounts/{Sid}/Messages.json` with Basic auth, Message resources, Twilio error bodies,
 * per-sender throughput, signed status callbacks, inbound messages with TwiML replies and gateway opt-out
 * keywords. The `/_sim/` control API drives it (inbound messages, configuration, state, reset).
 */
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { parseForm, type FormParams } from '../../domains/channels/sms/twilio-signature.js';
import { CallbackSender } from './callbacks.js';
import { resolveSmsConfig, type SmsSimConfig, type SmsSimOptions } from './config.js';
import { apiErrors, TwilioApiError } from './errors.js';
import { deliverInbound, type InboundResult } from './inbound.js';
import { messageResource, SimState } from './state.js';

export interface SmsSimulator {
  url: string;
  readonly config: SmsSimConfig;
  readonly state: SimState;
  readonly callbacks: CallbackSender;
  /** Simulates a handset sending `body` from `from` to the account's number `to`; resolves when the webhook was answered. */
  inbound(from: string, to: string, body: string): Promise<InboundResult>;
  close(): Promise<void>;
}

const E164 = /^\+[1-9]\d{6,14}$/;
const ALPHA = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;

function one(params: FormParams, key: string): string | undefined {
  const v = params[key];
  return Array.isArray(v) ? v[0] : v;
}

export async function createSmsSimulator(opts: SmsSimOptions = {}): Promise<SmsSimulator> {
  let config = resolveSmsConfig(opts);
  const callbacks = new CallbackSender(() => config);
  let state = new SimState(() => config, callbacks);
  let inFlight = 0;
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, parseForm(String(body))));

  app.setErrorHandler((err: unknown, req: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof TwilioApiError) return reply.code(err.status).send(err.toBody());
    const e = err as { statusCode?: number; message?: string };
    const status = e.statusCode && e.statusCode < 500 ? e.statusCode : 500;
    if (req.url.startsWith('/_sim')) return reply.code(status).send({ error: e.message ?? 'error' });
    return reply.code(status).send(new TwilioApiError(status, status === 500 ? 20500 : 20001, e.message ?? 'error').toBody());
  });

  const auth = (req: FastifyRequest, sid: string) => {
    const m = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
    const [user, pass] = m ? Buffer.from(m[1], 'base64').toString('utf8').split(':') : [];
    if (user !== config.accountSid || pass !== config.authToken || sid !== config.accountSid) throw apiErrors.auth();
  };

  app.post<{ Params: { sid: string } }>('/2010-04-01/Accounts/:sid/Messages.json', async (req, reply) => {
    auth(req, req.params.sid);
    if (inFlight >= config.maxConcurrentRequests) throw apiErrors.tooMany();
    inFlight += 1;
    try {
      const p = (req.body ?? {}) as FormParams;
      const to = one(p, 'To');
      const from = one(p, 'From');
      const body = one(p, 'Body');
      const cb = one(p, 'StatusCallback');
      try {
        if (!to) throw apiErrors.missingTo();
        if (!from) throw apiErrors.missingFrom();
        if (!body) throw apiErrors.missingBody();
        if (!E164.test(to)) throw apiErrors.invalidTo(to);
        if (!E164.test(from) && !ALPHA.test(from)) throw apiErrors.invalidFrom(from);
        if (!config.senders.some((s) => s.address === from)) throw apiErrors.fromNotOwned(from);
        if (to === from) throw apiErrors.sameToFrom();
        if (body.length > 1600) throw apiErrors.bodyTooLong();
        if (config.allowedCountryCodes.length && !config.allowedCountryCodes.some((cc) => to.startsWith(`+${cc}`))) throw apiErrors.region(to);
        if (cb && !/^https?:\/\/[^/_]+(\/|$)/.test(cb)) throw apiErrors.badCallback(cb);
        if (config.optOut.enabled && state.optedOut.has(`${from}|${to}`)) throw apiErrors.unsubscribed();
      } catch (err) {
        state.stats.rejected += 1;
        throw err;
      }
      const msg = state.accept({ direction: 'outbound-api', from, to, body, statusCallback: cb ?? null });
      return reply.code(201).send(messageResource(msg, config.accountSid));
    } finally {
      inFlight -= 1;
    }
  });

  app.get<{ Params: { sid: string; msid: string } }>('/2010-04-01/Accounts/:sid/Messages/:msid', async (req) => {
    auth(req, req.params.sid);
    const msid = req.params.msid.replace(/\.json$/, '');
    const m = state.messages.get(msid);
    if (!m) throw apiErrors.notFound(`/2010-04-01/Accounts/${config.accountSid}/Messages/${msid}.json`);
    return messageResource(m, config.accountSid);
  });

  // Control API.
  app.get('/_sim/stats', async () => state.stats);
  app.get<{ Querystring: { to?: string; from?: string } }>('/_sim/messages', async (req) => ({
    messages: [...state.messages.values()].filter((m) => (!req.query.to || m.to === req.query.to) && (!req.query.from || m.from === req.query.from)).map((m) => messageResource(m, config.accountSid)),
  }));
  app.get('/_sim/webhooks', async () => ({ webhooks: callbacks.log }));
  app.get('/_sim/config', async () => config);
  app.post('/_sim/config', async (req) => {
    config = resolveSmsConfig((req.body ?? {}) as SmsSimOptions, config);
    return config;
  });
  app.post('/_sim/reset', async () => {
    state.close();
    state = new SimState(() => config, callbacks);
    callbacks.log.length = 0;
    return { ok: true };
  });
  app.post<{ Body: { from?: string; to?: string; body?: string } }>('/_sim/inbound', async (req, reply) => {
    const { from, to, body } = req.body ?? {};
    if (!from || !E164.test(from) || !to || typeof body !== 'string') return reply.code(400).send({ error: 'from (E.164), to and body are required' });
    if (!config.senders.some((s) => s.address === to)) return reply.code(400).send({ error: `${to} is not a number of this account` });
    return deliverInbound({ config, state, callbacks }, from, to, body);
  });
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/_sim')) return reply.code(404).send({ error: `no control endpoint ${req.method} ${req.url.split('?')[0]}` });
    return reply.code(404).send(apiErrors.notFound(req.url.split('?')[0]).toBody());
  });

  await app.listen({ host: config.host, port: config.port });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  let closed = false;
  return {
    url,
    get config() {
      return config;
    },
    get state() {
      return state;
    },
    callbacks,
    inbound: (from, to, body) => deliverInbound({ config, state, callbacks }, from, to, body),
    async close() {
      if (closed) return;
      closed = true;
      state.close();
      callbacks.close();
      await app.close();
    },
  };
}
