/**
 * Individual pre-flight checks. Each returns findings in plain language for the person about to press "send";
 * preflight.ts runs them and decides what blocks sending.
 */
import type { CompiledEmail } from '../render/index.js';
import { decodeEntities, parseAttrs } from '../render/links.js';
import { liquidHtml, liquidText } from '../render/liquid-engine.js';
import { msg, type Message } from '../../../lib/messages/index.js';

/** A finding is a coded message (docs/i18n.md): `code` + `params` for the web app, `message` in English. */
export type Finding = Message & { line?: number };

export interface Findings {
  errors: Finding[];
  warnings: Finding[];
}

const ADDRESS = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;

/** Subject and sender: required, and sane. */
export function checkEnvelope(input: { subject: string; fromName: string; fromEmail: string }, out: Findings): void {
  if (!input.subject?.trim()) out.errors.push(msg('preflight.subject_missing'));
  else if (input.subject.length > 150) out.warnings.push(msg('preflight.subject_long'));
  if (!input.fromEmail?.trim()) out.errors.push(msg('preflight.from_missing'));
  else if (!ADDRESS.test(input.fromEmail.trim())) out.errors.push(msg('preflight.from_invalid', { address: input.fromEmail }));
  if (!input.fromName?.trim()) out.warnings.push(msg('preflight.from_name_missing'));
}

/** Every link must work in an inbox: absolute http(s), mailto or tel; never javascript: and friends. */
export function checkLinks(compiled: CompiledEmail, out: Findings): void {
  for (const l of compiled.links) {
    let ok = false;
    try {
      const u = new URL(l.url);
      ok = (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname.includes('.');
    } catch {
      ok = false;
    }
    if (!ok) out.errors.push(msg('preflight.link_malformed', { href: l.url }));
  }
  for (const l of compiled.untrackedLinks) {
    const href = l.href.trim();
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(href)?.[1].toLowerCase();
    if (l.reason === 'merge_tag' || l.reason === 'special') {
      if (scheme && /^(javascript|vbscript|data|file)$/.test(scheme)) {
        out.errors.push(msg('preflight.link_unsafe', { href, scheme }));
      }
      continue;
    }
    if (!href) out.warnings.push(msg('preflight.link_empty'));
    else if (href.startsWith('#')) out.warnings.push(msg('preflight.link_anchor', { href }));
    else if (!scheme) out.errors.push(msg('preflight.link_relative', { href }));
    else if (scheme === 'mailto') {
      if (!ADDRESS.test(decodeURIComponent(href.slice(7).split('?')[0]))) out.errors.push(msg('preflight.mailto_malformed', { href }));
    } else if (scheme === 'tel') {
      if (!/^\+?[0-9().\s-]{3,}$/.test(decodeURIComponent(href.slice(4)))) out.errors.push(msg('preflight.tel_malformed', { href }));
    } else if (scheme === 'http' || scheme === 'https') {
      try {
        new URL(href);
      } catch {
        out.errors.push(msg('preflight.link_malformed', { href }));
      }
    } else if (/^(javascript|vbscript|data|file)$/.test(scheme)) {
      out.errors.push(msg('preflight.link_unsafe', { href, scheme }));
    } else {
      out.errors.push(msg('preflight.link_scheme', { href, scheme }));
    }
  }
}

const IMG = /<(img|mj-image)\b((?:[^>"']|"[^"]*"|'[^']*')*)>/gi;

/** Images need alt text: many clients block images by default, and screen readers read the alt. */
export function checkImages(source: string, out: Findings): void {
  for (const m of source.matchAll(IMG)) {
    const attrs = parseAttrs(m[2]);
    const alt = attrs.find((a) => a.name === 'alt');
    const src = decodeEntities(attrs.find((a) => a.name === 'src')?.value ?? '');
    // MJML writes alt="" for every mj-image, so an empty alt there means the author wrote none.
    const missing = !alt || (m[1].toLowerCase() === 'mj-image' && !alt.value?.trim());
    if (missing) {
      const name = src.split('/').pop();
      out.warnings.push(name ? msg('preflight.image_alt_missing', { name }) : msg('preflight.image_alt_missing_unnamed'));
    }
  }
}

const KNOWN_ROOTS = new Set(['contact', 'campaign', 'workspace', 'unsubscribe_url', 'view_in_browser_url']);
const CONTACT_KEYS = new Set(['email', 'first_name', 'last_name', 'phone', 'fields']);

/** Flags merge tags that can never have a value (typos such as `contac.first_name`). */
export function checkVariables(texts: { text: string; html: boolean }[], out: Findings): void {
  const seen = new Set<string>();
  for (const { text, html } of texts) {
    let vars: string[];
    try {
      const engine = html ? liquidHtml() : liquidText();
      vars = engine.globalFullVariablesSync(engine.parse(text));
    } catch {
      continue; // syntax errors are reported by the compiler
    }
    for (const v of vars) {
      const [root, key] = v.split(/[.[]/, 2);
      const known =
        KNOWN_ROOTS.has(root) &&
        (root !== 'contact' || key === undefined || CONTACT_KEYS.has(key)) &&
        (!(root === 'campaign' || root === 'workspace') || key === undefined || key === 'name');
      if (!known && !seen.has(v)) {
        seen.add(v);
        out.warnings.push(msg('preflight.unknown_merge_tag', { tag: v }));
      }
    }
  }
}
