/**
 * Inbound media into Clarion's file storage, after the webhook transaction commits (network calls never run
 * inside it): for each message marked `media_status = 'pending'` (claimed with SKIP LOCKED, so several workers
 * never fetch one twice) → `GET /{media-id}` on the number's Graph endpoint for a short-lived URL → `GET <url>`
 * with the same bearer token → a `files` row (purpose `whatsapp_media`). Meta's type and size limits are
 * enforced on what Graph reports and again on the bytes (image 5 MB, sticker 500 KB, audio/video 16 MB,
 * document 100 MB); a URL on another host than the Graph endpoint goes through the outbound-request policy.
 * Outcomes: stored | unavailable (Graph does not know the id: expired after 7 days, or never existed) | rejected
 * (type/size) | failed (network); each with a plain reason the inbox shows.
 */
import type { AppContext } from '../../../app/context.js';
import { decryptSecret } from '../../../lib/crypto.js';
import { outboundFetch } from '../../../lib/outbound/index.js';
import { GraphApiError } from '../../channels/whatsapp/graph-client.js';
import { createFile } from '../../files/index.js';
import { graphClientFor } from '../connections/connections.service.js';
import { findConnectionById } from '../connections/connections.repo.js';
import { mediaOf } from './message-kinds.js';
import { sql } from 'kysely';

const MB = 1024 * 1024;

/** Meta's media limits per kind (reference §6). */
export const MEDIA_LIMITS: Record<string, { max: number; mimes: string[] }> = {
  audio: { max: 16 * MB, mimes: ['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg'] },
  image: { max: 5 * MB, mimes: ['image/jpeg', 'image/png'] },
  sticker: { max: 500 * 1024, mimes: ['image/webp'] },
  video: { max: 16 * MB, mimes: ['video/mp4', 'video/3gp', 'video/3gpp'] },
  document: {
    max: 100 * MB,
    mimes: [
      'text/plain', 'application/pdf', 'application/msword', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/vnd.ms-excel',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/vnd.ms-powerpoint', 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    ],
  },
};

const baseMime = (m: string | null | undefined) => String(m ?? '').split(';')[0].trim().toLowerCase();

/** Why `mime`/`size` is not accepted for `kind`, or null when it is. */
export function mediaRefusal(kind: string, mime: string, size: number | null): string | null {
  const lim = MEDIA_LIMITS[kind];
  if (!lim) return `"${kind}" is not a media kind Clarion stores.`;
  if (!lim.mimes.includes(baseMime(mime))) return `${kind} of type ${baseMime(mime) || 'unknown'} is not accepted (allowed: ${lim.mimes.join(', ')}).`;
  if (size !== null && size > lim.max) return `${kind} is ${(size / MB).toFixed(1)} MB; the limit is ${lim.max >= MB ? `${lim.max / MB} MB` : `${lim.max / 1024} KB`}.`;
  return null;
}

type Outcome = { status: 'stored'; fileId: number } | { status: 'unavailable' | 'rejected' | 'failed'; error: string };

async function fetchOne(ctx: AppContext, row: { id: number; workspace_id: number; payload: Record<string, unknown>; connection_id: number }): Promise<Outcome> {
  const media = mediaOf(row.payload);
  if (!media) return { status: 'rejected', error: 'The message has no media id.' };
  const conn = await findConnectionById(ctx.db, row.connection_id);
  if (!conn) return { status: 'failed', error: 'The WhatsApp number was removed.' };
  const graph = graphClientFor(ctx, conn, 15_000);
  let info: { url?: string; mime_type?: string; file_size?: string | number };
  try {
    info = await graph.request('GET', media.id, { query: { phone_number_id: conn.phone_number_id } });
  } catch (err) {
    if (err instanceof GraphApiError && err.code === 100) return { status: 'unavailable', error: 'WhatsApp no longer has this file (media is kept 7 days) or the id is unknown.' };
    return { status: 'failed', error: (err as Error).message.slice(0, 300) };
  }
  const mime = baseMime(info.mime_type ?? media.mimeType);
  const declared = info.file_size !== undefined ? Number(info.file_size) : null;
  const refused = mediaRefusal(media.kind, mime, declared);
  if (refused) return { status: 'rejected', error: refused };
  if (!info.url) return { status: 'unavailable', error: 'Graph answered without a download URL.' };
  const max = MEDIA_LIMITS[media.kind].max;
  let bytes: Buffer;
  try {
    const sameOrigin = new URL(info.url).origin === new URL(graph.baseUrl).origin;
    const auth = { authorization: `Bearer ${decryptSecret(ctx.keys.encryptionKey, conn.access_token_enc)}` };
    if (sameOrigin) {
      const res = await fetch(info.url, { headers: auth, redirect: 'error', signal: AbortSignal.timeout(60_000) });
      if (!res.ok) return { status: 'unavailable', error: `The download answered HTTP ${res.status}.` };
      bytes = Buffer.from(await res.arrayBuffer());
    } else {
      const res = await outboundFetch(ctx.outbound, info.url, { headers: auth, maxBytes: max + 1, timeoutMs: 60_000, truncate: true });
      if (res.status !== 200) return { status: 'unavailable', error: `The download answered HTTP ${res.status}.` };
      bytes = res.body;
    }
  } catch (err) {
    return { status: 'failed', error: (err as Error).message.slice(0, 300) };
  }
  const tooBig = mediaRefusal(media.kind, mime, bytes.length);
  if (tooBig) return { status: 'rejected', error: tooBig };
  const w = await createFile(ctx.db, { workspaceId: row.workspace_id, purpose: 'whatsapp_media', name: media.filename ?? `${media.kind}-${media.id}`, contentType: mime, maxBytes: max });
  await w.write(bytes);
  await w.finish();
  return { status: 'stored', fileId: w.fileId };
}

/** Downloads up to `limit` pending media files. Returns how many were handled. */
export async function downloadPendingMedia(ctx: AppContext, limit = 10): Promise<number> {
  const claimed = await sql<{ id: number; workspace_id: number; payload: Record<string, unknown> | string; connection_id: number }>`
    update wa_messages m set media_status = 'downloading'
    from wa_conversations c
    where m.id in (select id from wa_messages where media_status = 'pending' order by id limit ${limit} for update skip locked)
      and c.id = m.conversation_id
    returning m.id, m.workspace_id, m.payload, c.connection_id`.execute(ctx.db);
  for (const r of claimed.rows) {
    const payload = typeof r.payload === 'string' ? (JSON.parse(r.payload) as Record<string, unknown>) : r.payload;
    let out: Outcome;
    try {
      out = await fetchOne(ctx, { ...r, payload });
    } catch (err) {
      out = { status: 'failed', error: (err as Error).message.slice(0, 300) };
    }
    await ctx.db
      .updateTable('wa_messages')
      .set(out.status === 'stored' ? { media_status: 'stored', media_file_id: out.fileId, media_error: null } : { media_status: out.status, media_error: out.error })
      .where('id', '=', r.id)
      .where('media_status', '=', 'downloading')
      .execute();
    if (out.status !== 'stored') ctx.log.info('whatsapp media not stored', { messageId: r.id, status: out.status });
  }
  return claimed.rows.length;
}
