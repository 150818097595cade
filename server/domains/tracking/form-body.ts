/**
 * Reads the small form bodies the unsubscribe endpoint receives: application/x-www-form-urlencoded (browsers and
 * RFC 8058 one-click POSTs) and multipart/form-data (RFC 8058 allows it; some receivers use it). Only short text
 * fields are kept; files are ignored.
 */

const MAX_FIELDS = 20;
const MAX_VALUE = 2000;

/** Parses a form body into field → value (first occurrence wins). Unknown content types give {}. */
export function parseFormBody(contentType: string | undefined, raw: Buffer | undefined): Record<string, string> {
  if (!raw || !raw.length) return {};
  const ct = (contentType ?? '').toLowerCase();
  const out: Record<string, string> = {};
  const put = (k: string, v: string) => {
    if (Object.keys(out).length < MAX_FIELDS && !(k in out)) out[k] = v.slice(0, MAX_VALUE);
  };
  if (ct.startsWith('application/x-www-form-urlencoded')) {
    for (const [k, v] of new URLSearchParams(raw.toString('utf8'))) put(k, v);
    return out;
  }
  if (ct.startsWith('multipart/form-data')) {
    const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
    const boundary = m?.[1] ?? m?.[2];
    if (!boundary) return out;
    const text = raw.toString('utf8');
    for (const part of text.split(`--${boundary}`)) {
      const sep = part.indexOf('\r\n\r\n');
      if (sep < 0) continue;
      const head = part.slice(0, sep);
      const name = /content-disposition:[^\r\n]*\bname="([^"]*)"/i.exec(head)?.[1];
      if (!name || /\bfilename=/i.test(head)) continue;
      put(name, part.slice(sep + 4).replace(/\r\n$/, ''));
    }
    return out;
  }
  return out;
}

/** True for the RFC 8058 one-click body `List-Unsubscribe=One-Click`. */
export function isOneClick(fields: Record<string, string>): boolean {
  return fields['List-Unsubscribe'] === 'One-Click';
}
