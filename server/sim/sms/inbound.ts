/**
 * Inbound (MO) messages: the gateway's own opt-out keywords first (Twilio Advanced Opt-Out: STOP blocks the
 * sender/recipient pair and answers once, START lifts it, HELP answers), then the signed form-encoded webhook to
 * the number's "message comes in" URL with `OptOutType` when a keyword matched, and the TwiML answer's
 * `<Message>` elements sent back as replies.
 */
import type { CallbackSender } from './callbacks.js';
import type { SmsSimConfig } from './config.js';
import type { SimMessage, SimState } from './state.js';

export interface InboundDeps {
  config: SmsSimConfig;
  state: SimState;
  callbacks: CallbackSender;
}

export interface InboundResult {
  messageSid: string;
  optOutType: 'STOP' | 'START' | 'HELP' | null;
  webhookAnswered: boolean;
  replies: string[];
}

const GATEWAY_REPLY = {
  STOP: 'You have successfully been unsubscribed. You will not receive any more messages from this number. Reply START to resubscribe.',
  START: 'You have successfully been re-subscribed to messages from this number. Reply HELP for help. Reply STOP to unsubscribe.',
  HELP: 'Reply STOP to unsubscribe. Msg&Data Rates May Apply.',
};

/** The keyword class of a body: exactly one word, case-insensitive, punctuation and bidi marks stripped. */
export function gatewayKeyword(config: SmsSimConfig, body: string): InboundResult['optOutType'] {
  const word = body.normalize('NFKC').replace(/[\u200e\u200f]/g, '').replace(/[\p{P}\s]+/gu, ' ').trim().toUpperCase();
  if (!word || word.includes(' ')) return null;
  if (config.optOut.stop.includes(word)) return 'STOP';
  if (config.optOut.start.includes(word)) return 'START';
  if (config.optOut.help.includes(word)) return 'HELP';
  return null;
}

/** Decodes the `<Message>` bodies of a TwiML answer (`<Response></Response>` means no reply). */
export function twimlMessages(xml: string): string[] {
  const out: string[] = [];
  for (const m of xml.matchAll(/<Message(?:\s[^>]*)?>([\s\S]*?)<\/Message>/g)) {
    const inner = m[1].replace(/^\s*<Body>([\s\S]*)<\/Body>\s*$/, '$1');
    out.push(inner.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&'));
  }
  return out;
}

export async function deliverInbound(deps: InboundDeps, from: string, to: string, body: string): Promise<InboundResult> {
  const { config, state, callbacks } = deps;
  const msg: SimMessage = state.receive(from, to, body);
  const optOutType = config.optOut.enabled ? gatewayKeyword(config, body) : null;
  const replies: string[] = [];
  const pair = `${to}|${from}`;
  if (optOutType === 'STOP') {
    // One confirmation: a repeated STOP from a blocked pair gets none.
    if (!state.optedOut.has(pair)) replies.push(GATEWAY_REPLY.STOP);
    state.optedOut.add(pair);
  } else if (optOutType === 'START') {
    if (state.optedOut.delete(pair)) replies.push(GATEWAY_REPLY.START);
  } else if (optOutType === 'HELP') replies.push(GATEWAY_REPLY.HELP);
  const url = config.senders.find((s) => s.address === to)?.smsUrl ?? config.inboundUrl;
  let webhookAnswered = false;
  if (url) {
    const params: Record<string, string> = {
      ToCountry: countryOf(to), ToState: '', SmsMessageSid: msg.sid, NumMedia: '0', ToCity: '', FromZip: '', SmsSid: msg.sid,
      FromState: '', SmsStatus: 'received', FromCity: '', Body: body, FromCountry: countryOf(from), To: to, ToZip: '',
      NumSegments: String(msg.numSegments), MessageSid: msg.sid, AccountSid: config.accountSid, From: from, ApiVersion: '2010-04-01',
    };
    if (optOutType) params.OptOutType = optOutType;
    const answer = await callbacks.post('inbound', url, params);
    webhookAnswered = answer !== null;
    if (answer) replies.push(...twimlMessages(answer));
  }
  for (const text of replies) state.accept({ direction: 'outbound-reply', from: to, to: from, body: text, statusCallback: null });
  return { messageSid: msg.sid, optOutType, webhookAnswered, replies };
}

function countryOf(e164: string): string {
  if (e164.startsWith('+972')) return 'IL';
  if (e164.startsWith('+1')) return 'US';
  if (e164.startsWith('+44')) return 'GB';
  return '';
}
