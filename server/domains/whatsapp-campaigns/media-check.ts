/**
 * Checks a header media URL before a campaign sends it to thousands of people: reachable, the MIME type Meta
 * accepts for that header kind, and within Meta's size limit (reference §6: image JPEG/PNG ≤ 5 MB, video MP4/3GP
 * ≤ 16 MB, document ≤ 100 MB). HEAD first; when the server does not say the size, a GET read up to the cap + 1 byte
 * (never the whole file). Returns a plain-language problem or null.
 */

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

/** Checks `url` for a header of `kind`. `allowHttp` for sandbox numbers (Meta itself needs HTTPS). */
export async function checkHeaderMedia(url: string, kind: 'image' | 'video' | 'document', opts: { allowHttp?: boolean; timeoutMs?: number } = {}): Promise<string | null> {
  const spec = LIMITS[kind];
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `The header media URL "${url}" is not a valid URL.`;
  }
  if (u.protocol !== 'https:' && !(opts.allowHttp && u.protocol === 'http:')) return 'The header media URL must start with https:// (Meta downloads it over HTTPS).';
  const signal = () => AbortSignal.timeout(opts.timeoutMs ?? 10_000);
  let type = '';
  let size: number | null = null;
  try {
    const head = await fetch(u, { method: 'HEAD', redirect: 'follow', signal: signal() });
    if (head.ok) {
      type = (head.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
      const len = head.headers.get('content-length');
      if (len !== null && /^\d+$/.test(len)) size = Number(len);
    }
  } catch {
    /* some servers refuse HEAD: fall through to GET */
  }
  if (size === null || !type) {
    try {
      const res = await fetch(u, { method: 'GET', redirect: 'follow', signal: signal() });
      if (!res.ok) return `The header media URL answered HTTP ${res.status}; Meta could not download it.`;
      type ||= (res.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
      let read = 0;
      const reader = res.body?.getReader();
      if (reader) {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          read += value.byteLength;
          if (read > spec.max) {
            await reader.cancel().catch(() => undefined);
            break;
          }
        }
      }
      size = read;
    } catch (err) {
      return `The header media URL could not be downloaded (${(err as Error).message}).`;
    }
  }
  if (!spec.types.includes(type)) return `The header needs ${spec.label}; the URL serves "${type || 'no content type'}".`;
  if (size > spec.max) return `The header needs ${spec.label}; the file is ${size > spec.max ? `larger than ${mb(spec.max)}` : mb(size)}.`;
  if (size === 0) return 'The header media URL serves an empty file.';
  return null;
}
