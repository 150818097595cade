/**
 * A small, defensive MIME tree walker for report messages.
 *
 * mailparser is great for the human parts of a message, but it folds `message/delivery-status`
 * into the text body and never exposes `message/feedback-report` or `text/rfc822-headers` as
 * structured parts. Reports need exactly those parts, so we split the structure ourselves.
 * Bytes are handled as latin1 strings so that 8-bit content survives untouched.
 */

/** One header field, name as written, value unfolded. */
export interface HeaderField {
  name: string;
  value: string;
}

/** A node of the MIME tree. `body` is already transfer-decoded. */
export interface MimePart {
  headers: HeaderField[];
  /** Lower-case `type/subtype`; `text/plain` when absent (RFC 2045 default). */
  contentType: string;
  params: Record<string, string>;
  body: Buffer;
  /** Sub-parts of a multipart, or the single enclosed message of message/rfc822 & co. */
  children: MimePart[];
}

const MAX_DEPTH = 8;
const MAX_PARTS = 200;

/** Parses a whole message (or an enclosed one) into a MIME tree. Never throws on bad input. */
export function parseMime(raw: Buffer | string): MimePart {
  const text = typeof raw === 'string' ? Buffer.from(raw, 'utf8').toString('latin1') : raw.toString('latin1');
  const counter = { parts: 0 };
  return parseEntity(text, 0, counter, 'text/plain');
}

/** Splits a header block from its body at the first empty line (CRLF or LF). */
export function splitHeaderBody(text: string): { head: string; body: string } {
  const m = /\r?\n\r?\n/.exec(text);
  if (!m) {
    // Only headers (text/rfc822-headers often ends without an empty line) or only body.
    return looksLikeHeaderBlock(text) ? { head: text, body: '' } : { head: '', body: text };
  }
  const head = text.slice(0, m.index);
  if (!looksLikeHeaderBlock(head)) return { head: '', body: text };
  return { head, body: text.slice(m.index + m[0].length) };
}

function looksLikeHeaderBlock(block: string): boolean {
  const first = block.split(/\r?\n/, 1)[0] ?? '';
  return /^[!-9;-~]+:/.test(first);
}

/** Parses an RFC 5322 style field block (also used for DSN and ARF field groups). */
export function parseHeaderBlock(block: string): HeaderField[] {
  const fields: HeaderField[] = [];
  for (const line of block.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && fields.length > 0) {
      fields[fields.length - 1].value += ' ' + line.trim();
      continue;
    }
    const idx = line.indexOf(':');
    if (idx <= 0) continue;
    const name = line.slice(0, idx).trim();
    if (!/^[!-9;-~]+$/.test(name)) continue;
    fields.push({ name, value: line.slice(idx + 1).trim() });
  }
  return fields;
}

/** First value of a header, case-insensitive. */
export function headerValue(fields: HeaderField[], name: string): string | null {
  const lower = name.toLowerCase();
  const f = fields.find((h) => h.name.toLowerCase() === lower);
  return f ? f.value : null;
}

/** Parses `type/subtype; a=b; c="d"` into its lower-cased type and parameters. */
export function parseContentType(value: string | null): { type: string; params: Record<string, string> } {
  if (!value) return { type: 'text/plain', params: {} };
  const semi = value.indexOf(';');
  const type = (semi === -1 ? value : value.slice(0, semi)).trim().toLowerCase();
  const params: Record<string, string> = {};
  const re = /;\s*([^\s=;]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))/g;
  const rest = semi === -1 ? '' : value.slice(semi);
  let m: RegExpExecArray | null;
  while ((m = re.exec(rest))) {
    const key = m[1].toLowerCase().replace(/\*0?\*?$/, '');
    const val = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3];
    if (!(key in params)) params[key] = val;
  }
  return { type: /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(type) ? type : 'text/plain', params };
}

function decodeTransfer(body: string, encoding: string | null): string {
  const enc = (encoding ?? '').trim().toLowerCase();
  if (enc === 'base64') {
    return Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64').toString('latin1');
  }
  if (enc === 'quoted-printable') {
    return body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
  return body;
}

function parseEntity(text: string, depth: number, counter: { parts: number }, defaultType: string): MimePart {
  counter.parts++;
  const { head, body } = splitHeaderBody(text);
  const headers = parseHeaderBlock(head);
  const ctHeader = headerValue(headers, 'content-type');
  const { type, params } = ctHeader ? parseContentType(ctHeader) : { type: defaultType, params: {} };
  const part: MimePart = { headers, contentType: type, params, body: Buffer.alloc(0), children: [] };
  const tooDeep = depth >= MAX_DEPTH || counter.parts >= MAX_PARTS;

  if (type.startsWith('multipart/') && params.boundary && !tooDeep) {
    // multipart/digest defaults its parts to message/rfc822 (RFC 2046 §5.1.5).
    const childDefault = type === 'multipart/digest' ? 'message/rfc822' : 'text/plain';
    let chunks = splitMultipart(body, params.boundary);
    if (chunks.length === 0) {
      // The declared boundary never occurs (a relay or an anonymiser rewrote one side): use the delimiter
      // line the body actually repeats, so the report's parts are still found.
      const guessed = guessBoundary(body);
      if (guessed) chunks = splitMultipart(body, guessed);
    }
    for (const chunk of chunks) {
      if (counter.parts >= MAX_PARTS) break;
      part.children.push(parseEntity(chunk, depth + 1, counter, childDefault));
    }
    return part;
  }
  const decoded = decodeTransfer(body, headerValue(headers, 'content-transfer-encoding'));
  part.body = Buffer.from(decoded, 'latin1');
  if ((type === 'message/rfc822' || type === 'message/global') && !tooDeep) {
    part.children.push(parseEntity(decoded, depth + 1, counter, 'text/plain'));
  } else if ((type === 'text/rfc822-headers' || type === 'message/global-headers') && !tooDeep) {
    counter.parts++;
    const headBlock = splitHeaderBody(decoded.replace(/^\s*\r?\n/, '')).head || decoded;
    part.children.push({
      headers: parseHeaderBlock(headBlock),
      contentType: 'text/plain',
      params: {},
      body: Buffer.alloc(0),
      children: [],
    });
  }
  return part;
}

function guessBoundary(body: string): string | null {
  const counts = new Map<string, number>();
  for (const m of body.matchAll(/^--([^\s-][^\s]{5,69}?)(--)?\s*$/gm)) counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
  let best: string | null = null;
  for (const [b, n] of counts) if (n >= 2 && (!best || n > counts.get(best)!)) best = b;
  return best;
}

/** Splits a multipart body into its parts, ignoring preamble and epilogue. */
function splitMultipart(body: string, boundary: string): string[] {
  const lines = body.split(/(\r?\n)/);
  const delimiter = '--' + boundary;
  const parts: string[] = [];
  let current: string[] | null = null;
  for (let i = 0; i < lines.length; i += 2) {
    const line = lines[i];
    const eol = lines[i + 1] ?? '';
    if (line.startsWith(delimiter)) {
      const tail = line.slice(delimiter.length);
      if (/^--\s*$/.test(tail)) {
        if (current) parts.push(trimLastEol(current.join('')));
        return parts;
      }
      if (/^\s*$/.test(tail)) {
        if (current) parts.push(trimLastEol(current.join('')));
        current = [];
        continue;
      }
    }
    if (current) current.push(line + eol);
  }
  // Truncated message with no closing delimiter: keep what we have.
  if (current) parts.push(trimLastEol(current.join('')));
  return parts;
}

function trimLastEol(s: string): string {
  // The line break before a delimiter belongs to the delimiter (RFC 2046 §5.1.1).
  return s.replace(/\r?\n$/, '');
}

/** Depth-first list of all parts of the tree, the root first. */
export function walkParts(root: MimePart): MimePart[] {
  const out: MimePart[] = [];
  const stack: MimePart[] = [root];
  while (stack.length) {
    const p = stack.shift()!;
    out.push(p);
    stack.unshift(...p.children);
  }
  return out;
}
