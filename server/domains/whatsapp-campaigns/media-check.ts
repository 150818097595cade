/**
 * Checks a header media URL before a campaign sends it to thousands of people: reachable, the MIME type Meta
 * accepts for that header kind, and within Meta's size limit (reference §6: image JPEG/PNG ≤ 5 MB, video MP4/3GP
 * ≤ 16 MB, document ≤ 100 MB). HEAD first; when the server does not say the size, a GET read up to the cap + 1 byte
 * (never the whole file). Returns a plain-language problem or null.
 */

import { assertOutboundTarget, isOutboundRefused, outboundFetch, type OutboundPolicy } from '../../lib/outbound/index.js';

const LIMITS: Record<'image' | 'video' | 'document', { max: number; types: string[]; label: string }> = {
  image: { max: 5 * 1024 * 1024, types: ['image/jpeg', 'image/png'], label: 'a JPEG or PNG image of at most 5 MB' },
  video: { max: 16 * 1024 * 1024, types: ['video/mp4', 'video/3gpp'], label: 'an MP4 video of at most 16 MB' },
  document: {
    max: 100 * 1024 * 1024,
    types: ['application/pdf', 'text/plain', 'application/msword', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/vnd.ms-excel', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/vnd.ms-powerpoint', 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
    label: 'a PDF/Office/text document of at most 100 MB',
  },
};

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/**
 * Checks `url` for a header of `kind`. `allowHttp` for sandbox numbers (Meta itself needs HTTPS). Every request goes
 * through the outbound policy: a URL on an internal address is refused before any connection (the refusal is the
 * problem returned), so nothing about an internal target's status, type or size is ever reported.
 */
export async function checkHeaderMedia(
  policy: OutboundPolicy,
  url: string,
  kind: 'image' | 'video' | 'document',
  opts: { allowHttp?: boolean; timeoutMs?: number } = {},
): Promise<string | null> {
  const spec = LIMITS[kind];
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `The header media URL "${url}" is not a valid URL.`;
  }
  if (u.protocol !== 'https:' && !(opts.allowHttp && u.protocol === 'http:')) return 'The header media URL must start with https:// (Meta downloads it over HTTPS).';
  try {
    await assertOutboundTarget(policy, u);
  } catch (err) {
    if (isOutboundRefused(err)) return err.message;
    throw err;
  }
  const timeoutMs = opts.timeoutMs ?? 10_000;
  let type = '';
  let size: number | null = null;
  try {
    const head = await outboundFetch(policy, u, { method: 'HEAD', timeoutMs, maxBytes: 0, truncate: true });
    if (head.status >= 200 && head.status < 300) {
      type = (head.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      const len = head.headers['content-length'];
      if (len !== undefined && /^\d+$/.test(len)) size = Number(len);
    }
  } catch (err) {
    if (isOutboundRefused(err)) return err.message; // a redirect to an internal address
    /* some servers refuse HEAD: fall through to GET */
  }
  if (size === null || !type) {
    try {
      // Read at most the cap + 1 byte: enough to know the file is too large, never the whole file.
      const res = await outboundFetch(policy, u, { method: 'GET', timeoutMs, maxBytes: spec.max + 1, truncate: true });
      if (res.status < 200 || res.status >= 300) return `The header media URL answered HTTP ${res.status}; Meta could not download it.`;
      type ||= (res.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      size = res.body.length;
    } catch (err) {
      if (isOutboundRefused(err)) return err.message;
      return `The header media URL could not be downloaded (${(err as Error).message}).`;
    }
  }
  if (!spec.types.includes(type)) return `The header needs ${spec.label}; the URL serves "${type || 'no content type'}".`;
  if (size > spec.max) return `The header needs ${spec.label}; the file is larger than ${mb(spec.max)}.`;
  if (size === 0) return 'The header media URL serves an empty file.';
  return null;
}
