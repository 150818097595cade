/**
 * Media upload (§6): `POST /{version}/{phone-number-id}/media` as multipart/form-data (fields
 * `file`, `type`, `messaging_product`) or as a raw body with the file's Content-Type. Enforces
 * Meta's MIME list and size caps; media lives in memory for the simulator's lifetime.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { SimContext } from './context.js';
import { GraphError } from './graph-errors.js';
import { checkVersion, requireToken, unknownObject } from './http.js';
import { newObjectId } from './ids.js';
import type { SimMedia } from './state.js';

const MB = 1024 * 1024;
const KINDS: { kind: string; max: number; mimes: string[] }[] = [
  { kind: 'audio', max: 16 * MB, mimes: ['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg'] },
  { kind: 'image', max: 5 * MB, mimes: ['image/jpeg', 'image/png'] },
  { kind: 'sticker', max: 500 * 1024, mimes: ['image/webp'] },
  { kind: 'video', max: 16 * MB, mimes: ['video/mp4', 'video/3gp', 'video/3gpp'] },
  {
    kind: 'document', max: 100 * MB, mimes: [
      'text/plain', 'application/pdf', 'application/msword', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.ms-excel', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/vnd.ms-powerpoint',
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    ],
  },
];

/** Largest accepted upload, used as the route's body limit. */
export const MEDIA_BODY_LIMIT = 101 * MB;

/** Stores bytes as media after checking MIME and size; throws 131053 like Meta on bad files. */
export function storeMedia(ctx: SimContext, phoneNumberId: string, bytes: Buffer, mimeType: string, filename: string | null): SimMedia {
  const mime = mimeType.split(';')[0].trim().toLowerCase();
  const kind = KINDS.find((k) => k.mimes.includes(mime));
  if (!kind) throw new GraphError(131053, `Param file must be a file with one of the following types: ${KINDS.flatMap((k) => k.mimes).join(', ')}. Received file of type '${mime}'.`);
  if (bytes.length === 0) throw new GraphError(131053, 'The uploaded file is empty.');
  if (bytes.length > kind.max) throw new GraphError(131053, `${kind.kind} files can be at most ${kind.max / MB} MB; this one is ${(bytes.length / MB).toFixed(1)} MB.`);
  const media: SimMedia = {
    id: newObjectId(),
    phoneNumberId,
    mimeType: mime,
    bytes,
    sha256: createHash('sha256').update(bytes).digest('base64'),
    filename,
    createdAt: ctx.clock.now(),
  };
  ctx.state.media.set(media.id, media);
  return media;
}

/** Registers the upload route. */
export function registerMediaRoutes(app: FastifyInstance, ctx: SimContext): void {
  app.post<{ Params: { ver: string; id: string } }>('/:ver/:id/media', { bodyLimit: MEDIA_BODY_LIMIT }, async (req) => {
    requireToken(ctx, req);
    checkVersion(req.params.ver);
    const phoneNumberId = req.params.id;
    if (!ctx.number(phoneNumberId)) throw unknownObject(phoneNumberId, 'post');
    if (req.isMultipart()) {
      let file: { bytes: Buffer; mime: string; filename: string | null } | null = null;
      const fields: Record<string, string> = {};
      for await (const part of req.parts({ limits: { fileSize: MEDIA_BODY_LIMIT } })) {
        if (part.type === 'file') {
          const bytes = await part.toBuffer();
          if (part.fieldname === 'file') file = { bytes, mime: part.mimetype, filename: part.filename || null };
        } else fields[part.fieldname] = String(part.value);
      }
      if (fields.messaging_product !== 'whatsapp') throw new GraphError(100, 'The parameter messaging_product is required and must be "whatsapp".');
      if (!file) throw new GraphError(100, 'The parameter file is required.');
      const media = storeMedia(ctx, phoneNumberId, file.bytes, fields.type || file.mime, file.filename);
      return { id: media.id };
    }
    const body = req.body;
    const bytes = Buffer.isBuffer(body) ? body : typeof body === 'string' ? Buffer.from(body) : null;
    if (!bytes) throw new GraphError(100, 'Upload the file as multipart/form-data (field "file") or as the raw request body with its Content-Type.');
    const filename = typeof (req.query as Record<string, unknown>).filename === 'string' ? String((req.query as Record<string, unknown>).filename) : null;
    const media = storeMedia(ctx, phoneNumberId, bytes, String(req.headers['content-type'] ?? ''), filename);
    return { id: media.id };
  });
}
