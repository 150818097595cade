/**
 * Small, string-level edits of a compiled HTML email: the hidden preheader, the visible unsubscribe footer, the open
 * pixel placeholder and the text direction. They operate on shielded HTML (Liquid tags are tokens), so a `>` inside
 * a Liquid expression can never confuse the tag matching.
 */

const BODY_OPEN = /<body\b(?:[^>"']|"[^"]*"|'[^']*')*>/i;
const BODY_CLOSE = /<\/body\s*>/i;

/** Escapes text content (quotes are safe in text nodes and are left alone so Liquid literals keep working). */
export function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Makes sure the document has a `<body>`; raw HTML fragments are wrapped in a minimal document. */
export function ensureDocument(html: string): string {
  if (BODY_OPEN.test(html) && BODY_CLOSE.test(html)) return html;
  return `<!doctype html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"></head><body>${html}</body></html>`;
}

/** Inserts `snippet` right after the opening `<body>` tag. */
export function afterBodyOpen(html: string, snippet: string): string {
  const m = BODY_OPEN.exec(html);
  if (!m) return snippet + html;
  const at = m.index + m[0].length;
  return html.slice(0, at) + snippet + html.slice(at);
}

/** Inserts `snippet` right before the (last) closing `</body>` tag. */
export function beforeBodyClose(html: string, snippet: string): string {
  let idx = -1;
  const re = new RegExp(BODY_CLOSE.source, 'gi');
  for (const m of html.matchAll(re)) idx = m.index;
  if (idx < 0) return html + snippet;
  return html.slice(0, idx) + snippet + html.slice(idx);
}

/**
 * The hidden preheader (the grey preview line in inbox lists). Padding with zero-width joiners keeps clients from
 * pulling body text into the preview after a short preheader.
 */
export function preheaderSnippet(preheaderShielded: string): string {
  const pad = '&#8199;&#65279;&#847; '.repeat(40);
  // Hidden by display/size/overflow alone: no text colour, so no white-on-white (SpamAssassin's low-contrast and
  // tiny-font rules score every message that hides text that way).
  return (
    '<div style="display:none;max-height:0;max-width:0;overflow:hidden;opacity:0;mso-hide:all;">' +
    `${preheaderShielded}${pad}</div>`
  );
}

/** The visible unsubscribe footer appended when a template has no `{{ unsubscribe_url }}`. */
export function unsubscribeFooter(hrefToken: string, label: string, dir: 'ltr' | 'rtl'): string {
  return (
    `<div dir="${dir}" style="text-align:center;font-family:Arial,Helvetica,sans-serif;font-size:12px;line-height:18px;` +
    `color:#666666;padding:16px 8px;"><a href="${hrefToken}" style="color:#666666;text-decoration:underline;">` +
    `${escapeText(label)}</a></div>`
  );
}

/** Adds `dir` to `<html>` and `<body>` when the author did not set one. */
export function applyDir(html: string, dir: 'ltr' | 'rtl'): string {
  const add = (re: RegExp) => (s: string) =>
    s.replace(re, (tag) => (/\sdir\s*=/i.test(tag) ? tag : tag.replace(/^<(\w+)/, `<$1 dir="${dir}"`)));
  return add(BODY_OPEN)(add(/<html\b(?:[^>"']|"[^"]*"|'[^']*')*>/i)(html));
}

const HTML_OPEN = /<html\b(?:[^>"']|"[^"]*"|'[^']*')*>/i;

/**
 * Sets `lang` on `<html>`: replaces MJML's placeholder `und` (and an empty value); an author's real value is kept.
 */
export function applyLang(html: string, lang: string): string {
  if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(lang)) return html;
  return html.replace(HTML_OPEN, (tag) => {
    const m = /\slang\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]*))/i.exec(tag);
    if (!m) return tag.replace(/^<html/i, `<html lang="${lang}"`);
    const cur = (m[2] ?? m[3] ?? m[4] ?? '').trim().toLowerCase();
    return cur && cur !== 'und' ? tag : tag.replace(m[0], ` lang="${lang}"`);
  });
}

/**
 * Shrinks indentation: any whitespace run that contains a line break becomes one line break. Browsers render both
 * as a single space, so this is lossless outside <pre>/<textarea> (skipped when present). MJML output is ~25%
 * indentation, and every byte saved is encoded, hashed and sent 100,000 times — and counts toward Gmail's 102 KB clip.
 */
export function collapseWhitespace(html: string): string {
  if (/<(pre|textarea)\b/i.test(html)) return html;
  return html.replace(/[ \t]*[\r\n][\s]*/g, '\n');
}
