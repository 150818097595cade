/**
 * Simulated users writing to a business number (`POST /_sim/inbound`): builds the inbound
 * message exactly as §3.4 shows (text, template quick-reply `button`, interactive button/list
 * replies, media by id), opens the 24-hour service window and sends the signed `messages` webhook.
 */
import type { SimContext } from './context.js';
import { ControlError } from './http.js';
import { newWamid } from './ids.js';
import { storeMedia } from './routes-media.js';

/** Body of `POST /_sim/inbound`. */
export interface InboundRequest {
  from: string;
  name?: string;
  phoneNumberId?: string;
  type?: 'text' | 'button' | 'button_reply' | 'list_reply' | 'image' | 'document' | 'video' | 'audio' | 'sticker' | 'reaction' | 'location';
  text?: string;
  /** Template quick-reply tap: button label and payload. */
  button?: { text: string; payload?: string };
  buttonReply?: { id: string; title: string };
  listReply?: { id: string; title: string; description?: string };
  /** Media: an existing media id, or inline base64 bytes that are stored first. */
  media?: { id?: string; base64?: string; mimeType?: string; caption?: string; filename?: string };
  reaction?: { messageId: string; emoji: string };
  location?: { latitude: number; longitude: number; name?: string; address?: string };
  /** wamid being replied to; defaults to the last message the business sent this user. */
  contextId?: string;
}

/** Injects one inbound message; returns its wamid. */
export function injectInbound(ctx: SimContext, req: InboundRequest): { id: string; windowClosesAt: string } {
  const number = req.phoneNumberId ? ctx.number(req.phoneNumberId) : ctx.config.numbers[0];
  if (!number) throw new ControlError(404, `no simulated number ${req.phoneNumberId}`);
  if (typeof req.from !== 'string' || !/[0-9]{5,}/.test(req.from)) throw new ControlError(400, 'from must be the user\'s phone number (digits)');
  const from = ctx.canonicalWaId(req.from);
  const now = ctx.clock.now();
  const id = newWamid(from);
  const type = req.type ?? (req.button ? 'button' : req.buttonReply ? 'button_reply' : req.listReply ? 'list_reply' : req.media ? 'image' : 'text');
  const message: Record<string, unknown> = { from, id, timestamp: String(Math.floor(now / 1000)) };
  const lastOut = ctx.state.lastOutboundTo.get(`${number.phoneNumberId}:${from}`);
  const contextId = req.contextId ?? lastOut;
  const withContext = () => {
    if (contextId) message.context = { from: number.displayPhoneNumber, id: contextId };
  };
  switch (type) {
    case 'text':
      if (typeof req.text !== 'string' || req.text === '') throw new ControlError(400, 'text is required for a text message');
      message.type = 'text';
      message.text = { body: req.text };
      if (req.contextId) withContext();
      break;
    case 'button':
      if (!req.button?.text) throw new ControlError(400, 'button.text is required (the quick-reply label the user tapped)');
      message.type = 'button';
      withContext();
      message.button = { text: req.button.text, payload: req.button.payload ?? req.button.text };
      break;
    case 'button_reply':
      if (!req.buttonReply?.id) throw new ControlError(400, 'buttonReply {id, title} is required');
      message.type = 'interactive';
      withContext();
      message.interactive = { type: 'button_reply', button_reply: { id: req.buttonReply.id, title: req.buttonReply.title } };
      break;
    case 'list_reply':
      if (!req.listReply?.id) throw new ControlError(400, 'listReply {id, title} is required');
      message.type = 'interactive';
      withContext();
      message.interactive = { type: 'list_reply', list_reply: { ...req.listReply } };
      break;
    case 'reaction':
      if (!req.reaction?.messageId) throw new ControlError(400, 'reaction {messageId, emoji} is required');
      message.type = 'reaction';
      message.reaction = { message_id: req.reaction.messageId, emoji: req.reaction.emoji };
      break;
    case 'location':
      if (!req.location) throw new ControlError(400, 'location {latitude, longitude} is required');
      message.type = 'location';
      message.location = { ...req.location };
      break;
    default: {
      const m = req.media ?? {};
      let mediaId = m.id;
      if (!mediaId) {
        if (!m.base64) throw new ControlError(400, 'media.id or media.base64 (+ mimeType) is required');
        try {
          mediaId = storeMedia(ctx, number.phoneNumberId, Buffer.from(m.base64, 'base64'), m.mimeType ?? 'image/jpeg', m.filename ?? null).id;
        } catch (err) {
          throw new ControlError(400, (err as Error & { details?: string }).details ?? (err as Error).message);
        }
      }
      const stored = ctx.state.media.get(mediaId);
      if (!stored) throw new ControlError(404, `unknown media id ${mediaId}`);
      const media: Record<string, unknown> = { mime_type: stored.mimeType, sha256: stored.sha256, id: stored.id };
      if (m.caption) media.caption = m.caption;
      if (type === 'document') media.filename = m.filename ?? stored.filename ?? 'file';
      if (type === 'audio') media.voice = false;
      if (type === 'sticker') media.animated = false;
      message.type = type;
      message[type] = media;
    }
  }
  ctx.state.windows.open(`${number.phoneNumberId}:${from}`, now);
  ctx.state.addInbound({ id, phoneNumberId: number.phoneNumberId, from, type: String(message.type), message, receivedAt: now }, ctx.config.maxStoredMessages);
  ctx.stats.inbound++;
  ctx.webhooks.sendMessagesValue(number, {
    contacts: [{ profile: { name: req.name ?? 'Sandbox User' }, wa_id: from }],
    messages: [message],
  });
  return { id, windowClosesAt: new Date(now + ctx.windowMs).toISOString() };
}
