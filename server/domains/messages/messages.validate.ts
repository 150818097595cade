/**
 * Checks a message request before anything is stored: content shape per channel, the text limit, the media types
 * and sizes WhatsApp accepts (reference whatsapp-cloud-api.md §6), send_at, metadata size. Every problem is a 400
 * naming the field; nothing is half-accepted.
 */
import { AppError, validationFailed } from '../../lib/errors.js';
import { TEXT_MAX, type SendMessageInput } from './messages.schema.js';

/** WhatsApp's media limits (type → MIME types and maximum size). */
export const MEDIA_LIMITS: Record<string, { types: string[]; max: number }> = {
  image: { types: ['image/jpeg', 'image/png'], max: 5 * 1024 * 1024 },
  video: { types: ['video/mp4', 'video/3gpp'], max: 16 * 1024 * 1024 },
  audio: { types: ['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg'], max: 16 * 1024 * 1024 },
  document: {
    types: ['text/plain', 'application/pdf', 'application/msword', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/vnd.ms-excel', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/vnd.ms-powerpoint', 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
    max: 100 * 1024 * 1024,
  },
  sticker: { types: ['image/webp'], max: 500 * 1024 },
};

/** WhatsApp's own limit on a text message body. */
export const WA_TEXT_MAX = 4096;

const mb = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

/** Throws a 400 naming the field for the first problem of `m`. */
export function validateMessage(m: SendMessageInput): void {
  if (m.channel === 'sms') {
    // No SMS channel exists yet (issue 13 builds it): accepted by the schema so clients can be written now.
    throw new AppError(400, 'channel_not_configured', 'sms channel not configured: this instance has no SMS gateway yet; send by email or WhatsApp.', 'channel');
  }
  const to = m.to;
  if (!to.contactId && !to.email && !to.phone) throw validationFailed('to', 'Give the recipient as to.contactId, to.email or to.phone.');
  if (m.channel === 'email' && !to.contactId && !to.email) throw validationFailed('to.email', 'An email message needs to.email (or to.contactId).');
  if (m.channel === 'whatsapp' && !to.contactId && !to.phone) throw validationFailed('to.phone', 'A WhatsApp message needs to.phone (or to.contactId).');
  const contents = [m.template ? 'template' : null, m.text !== undefined ? 'text' : null, m.media ? 'media' : null].filter(Boolean);
  if (!contents.length) throw validationFailed('template', 'Give the content: a saved template, or text (email, or WhatsApp inside the 24-hour window).');
  if (m.template && contents.length > 1) throw validationFailed(m.text !== undefined ? 'text' : 'media', 'Send either a template or free text/media, not both.');
  if (m.text !== undefined) {
    if (!m.text.trim()) throw validationFailed('text', 'text is empty.');
    if (m.text.length > TEXT_MAX) throw validationFailed('text', `text is ${m.text.length} characters long; the limit is ${TEXT_MAX}.`);
    if (m.channel === 'whatsapp' && m.text.length > WA_TEXT_MAX) throw validationFailed('text', `WhatsApp text messages are limited to ${WA_TEXT_MAX} characters (this one has ${m.text.length}).`);
  }
  if (m.channel === 'email') {
    if (m.media) throw validationFailed('media', 'media is for WhatsApp messages; link files from the email body instead.');
    if (!m.template && !m.subject?.trim()) throw validationFailed('subject', 'An email without a template needs a subject.');
    if (m.html !== undefined && !m.template && m.text === undefined) throw validationFailed('text', 'Give text (the plain-text part) with html.');
  } else {
    if (m.subject !== undefined) throw validationFailed('subject', 'subject is for email messages.');
    if (m.html !== undefined) throw validationFailed('html', 'html is for email messages.');
    if (m.media && m.text !== undefined) throw validationFailed('text', 'Put the text of a media message in media.caption.');
  }
  if (m.media) validateMedia(m.media);
  if (m.template?.headerMediaUrl && !/^https?:\/\//i.test(m.template.headerMediaUrl)) throw validationFailed('template.headerMediaUrl', 'template.headerMediaUrl must be an http(s) URL.');
  if (m.sendAt !== undefined && Number.isNaN(Date.parse(m.sendAt))) throw validationFailed('sendAt', 'sendAt must be an ISO 8601 date-time.');
  if (m.sendAt !== undefined && Date.parse(m.sendAt) > Date.now() + 90 * 86400_000) throw validationFailed('sendAt', 'sendAt may be at most 90 days ahead.');
  if (m.metadata && Buffer.byteLength(JSON.stringify(m.metadata)) > 4096) throw validationFailed('metadata', 'metadata is larger than 4 kB as JSON.');
}

function validateMedia(media: NonNullable<SendMessageInput['media']>) {
  const spec = MEDIA_LIMITS[media.type];
  let u: URL;
  try {
    u = new URL(media.url);
  } catch {
    throw validationFailed('media.url', 'media.url is not a valid URL.');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw validationFailed('media.url', 'media.url must be an https:// link (Meta downloads it).');
  const mime = media.mimeType.toLowerCase().split(';')[0].trim();
  if (!spec.types.includes(mime)) throw validationFailed('media.mimeType', `A WhatsApp ${media.type} must be one of ${spec.types.join(', ')} (got ${media.mimeType}).`);
  if (media.sizeBytes !== undefined && media.sizeBytes > spec.max) throw validationFailed('media.sizeBytes', `A WhatsApp ${media.type} may be at most ${mb(spec.max)} (this one is ${mb(media.sizeBytes)}).`);
  if (media.caption !== undefined && (media.type === 'audio' || media.type === 'sticker')) throw validationFailed('media.caption', `A WhatsApp ${media.type} cannot have a caption.`);
}
