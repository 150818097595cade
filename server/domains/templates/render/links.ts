/**
 * Finds the links of a compiled (Liquid-shielded) HTML email and prepares them for click tracking.
 *
 * Each distinct trackable URL gets a stable index in a per-campaign link table; the href becomes a placeholder the
 * renderer fills with that recipient's signed click URL. The destination therefore never travels in the click URL,
 * so the redirect endpoint cannot be abused as an open redirect (reference §4.2).
 */
import type { LiquidShield } from './protect.js';

/** One tracked destination. `index` is what the per-recipient `click(index)` callback receives. */
export interface TrackedLink {
  index: number;
  url: string;
}

/** A link that was deliberately left as written, and why. */
export interface UntrackedLink {
  href: string;
  reason: 'special' | 'merge_tag' | 'notrack' | 'not_http' | 'tracking_off';
}

export interface LinkRewriteResult {
  html: string;
  links: TrackedLink[];
  untracked: UntrackedLink[];
}

const ANCHOR = /<a\b((?:[^>"']|"[^"]*"|'[^']*')*)>/gi;
const ATTR = /([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
const SPECIAL_TAG = /\b(unsubscribe_url|view_in_browser_url)\b/;

/** One parsed attribute of a tag, with its position inside the attribute string. */
export interface TagAttr {
  name: string;
  value: string | undefined;
  start: number;
  end: number;
}

/** Parses the attribute part of a start tag. Values are returned raw (entities not decoded). */
export function parseAttrs(attrText: string): TagAttr[] {
  const out: TagAttr[] = [];
  for (const m of attrText.matchAll(ATTR)) {
    out.push({ name: m[1].toLowerCase(), value: m[2] ?? m[3] ?? m[4], start: m.index, end: m.index + m[0].length });
  }
  return out;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Decodes the HTML entities that occur in attribute values (named basics and numeric). */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return NAMED[e.toLowerCase()] ?? m;
  });
}

/** Encodes a value for a double-quoted HTML attribute. */
export function encodeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Adds UTM (or any) query parameters that the URL does not already carry. */
export function applyUtm(url: string, utm: Record<string, string> | null | undefined): string {
  if (!utm) return url;
  const keys = Object.keys(utm).filter((k) => k && utm[k] !== undefined && utm[k] !== '');
  if (keys.length === 0) return url;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url;
  }
  let changed = false;
  for (const k of keys) {
    if (!u.searchParams.has(k)) {
      u.searchParams.append(k, utm[k]);
      changed = true;
    }
  }
  return changed ? u.toString() : url;
}

/**
 * Rewrites every `<a href>` in shielded HTML. Links to the unsubscribe / view-in-browser tags, links containing
 * merge tags (their destination differs per recipient, so it can't live in the campaign's link table), non-http(s)
 * links and links marked `data-notrack` are left alone.
 */
export function rewriteLinks(
  html: string,
  shield: LiquidShield,
  opts: { trackLinks: boolean; utm?: Record<string, string> | null },
): LinkRewriteResult {
  const links: TrackedLink[] = [];
  const byUrl = new Map<string, number>();
  const untracked: UntrackedLink[] = [];

  const out = html.replace(ANCHOR, (whole, attrText: string) => {
    const attrs = parseAttrs(attrText);
    const href = attrs.find((a) => a.name === 'href');
    const notrack = attrs.find((a) => a.name === 'data-notrack');
    if (!href || href.value === undefined) return whole;
    const raw = decodeEntities(href.value.trim());
    const original = shield.restore(raw);
    let newHref: string | null = null;

    if (notrack) {
      untracked.push({ href: original, reason: 'notrack' });
    } else if (shield.present(raw).size > 0) {
      const special = [...shield.present(raw)].some((n) => SPECIAL_TAG.test(shield.tags[n]));
      untracked.push({ href: original, reason: special ? 'special' : 'merge_tag' });
    } else if (!/^https?:\/\//i.test(raw)) {
      untracked.push({ href: original, reason: 'not_http' });
    } else if (!opts.trackLinks) {
      untracked.push({ href: original, reason: 'tracking_off' });
      const withUtm = applyUtm(raw, opts.utm);
      if (withUtm !== raw) newHref = encodeAttr(withUtm);
    } else {
      const url = applyUtm(raw, opts.utm);
      let index = byUrl.get(url);
      if (index === undefined) {
        index = links.length;
        links.push({ index, url });
        byUrl.set(url, index);
      }
      newHref = shield.add(`{{ _clarion.click[${index}] }}`);
    }

    if (newHref === null && !notrack) return whole;
    // Rebuild the attribute string: replace href, drop data-notrack (it is an instruction to us, not to clients).
    let rebuilt = '';
    let pos = 0;
    for (const a of attrs) {
      if (a === href && newHref !== null) {
        rebuilt += attrText.slice(pos, a.start) + `href="${newHref}"`;
        pos = a.end;
      } else if (a === notrack) {
        rebuilt += attrText.slice(pos, a.start).replace(/\s+$/, '');
        pos = a.end;
      }
    }
    rebuilt += attrText.slice(pos);
    return `<a${rebuilt.replace(/\s+$/, '')}>`;
  });
  return { html: out, links, untracked };
}
