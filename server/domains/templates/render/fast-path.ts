/**
 * A fast renderer for templates whose only Liquid is simple output tags such as
 * `{{ contact.first_name | default: "there" }}` — by far the common case for newsletters.
 *
 * The template is split once into static strings and dynamic slots, so rendering a recipient is a handful of
 * property reads and one string concatenation. Semantics are those of LiquidJS with our engine options
 * (ownPropertyOnly, jsTruthy false, `escape` as output escape); anything the fast path can't reproduce exactly — a
 * value that is not a string/number/boolean/null, a `size`/`first`/`last` lookup, a function — makes
 * `renderFast` return null and the caller renders that recipient with LiquidJS instead. fast-path.test.ts checks the
 * equivalence against LiquidJS.
 */

/** A dynamic slot of a fast template. */
export type FastSlot =
  | { k: 'var'; path: string[]; def: string | undefined; raw: boolean }
  | { k: 'click'; index: number }
  | { k: 'pixel' };

/** Static text and slots in document order. */
export type FastTemplate = (string | FastSlot)[];

const OUTPUT = /\{\{([\s\S]*?)\}\}/g;
const SEG = '[A-Za-z_][A-Za-z0-9_]*';
const VAR_EXPR = new RegExp(
  `^\\s*(${SEG}(?:\\.${SEG})*)\\s*` +
    `(?:\\|\\s*default\\s*:\\s*(?:"([^"\\\\{}]*)"|'([^'\\\\{}]*)')\\s*)?` +
    `(\\|\\s*raw\\s*)?$`,
);
const CLICK_EXPR = /^\s*_clarion\.click\[(\d+)\]\s*$/;
const PIXEL_EXPR = /^\s*_clarion\.pixel\s*\|\s*raw\s*$/;
/** Keys LiquidJS treats specially (array/string size etc.); the fast path leaves them to LiquidJS. */
const SPECIAL_KEYS = new Set(['size', 'first', 'last']);

/** Splits a template into a FastTemplate, or returns null if it uses anything beyond simple output tags. */
export function parseFast(source: string): FastTemplate | null {
  if (source.includes('{%')) return null;
  const out: FastTemplate = [];
  let pos = 0;
  for (const m of source.matchAll(OUTPUT)) {
    const expr = m[1];
    if (expr.startsWith('-') || expr.endsWith('-')) return null; // whitespace control
    let slot: FastSlot;
    const click = CLICK_EXPR.exec(expr);
    if (click) slot = { k: 'click', index: Number(click[1]) };
    else if (PIXEL_EXPR.test(expr)) slot = { k: 'pixel' };
    else {
      const v = VAR_EXPR.exec(expr);
      if (!v) return null;
      const path = v[1].split('.');
      if (path[0] === '_clarion' || path.some((p) => SPECIAL_KEYS.has(p))) return null;
      slot = { k: 'var', path, def: v[2] ?? v[3], raw: v[4] !== undefined };
    }
    if (m.index > pos) out.push(source.slice(pos, m.index));
    out.push(slot);
    pos = m.index + m[0].length;
  }
  const rest = source.slice(pos);
  if (rest.includes('{{')) return null; // an unterminated tag: let LiquidJS report it
  if (rest) out.push(rest);
  return out;
}

const hasOwn = Object.prototype.hasOwnProperty;
const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };
const ESC_RE = /[&<>"']/g;
const NEEDS_ESC = /[&<>"']/;

/** LiquidJS's `escape` filter. */
export function escapeLiquid(s: string): string {
  return NEEDS_ESC.test(s) ? s.replace(ESC_RE, (c) => ESC[c]) : s;
}

const UNSUPPORTED = Symbol('unsupported');

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Resolves a dotted path the way LiquidJS does for plain data, or UNSUPPORTED. */
function lookup(scope: Record<string, unknown>, path: string[]): unknown {
  let v: unknown = scope;
  for (let i = 0; i < path.length; i++) {
    if (v === null || v === undefined) return v;
    if (typeof v !== 'object' || Array.isArray(v) || !isPlainObject(v)) return UNSUPPORTED;
    if (typeof (v as { toLiquid?: unknown }).toLiquid === 'function') return UNSUPPORTED;
    const key = path[i];
    v = hasOwn.call(v, key) ? (v as Record<string, unknown>)[key] : undefined;
    if (typeof v === 'function') return UNSUPPORTED;
  }
  return v;
}

/**
 * The text of one slot for one recipient, or null when the value needs LiquidJS semantics the fast path doesn't
 * reproduce (the caller then renders this recipient with LiquidJS).
 */
export function slotValue(
  slot: FastSlot,
  scope: Record<string, unknown>,
  escape: boolean,
  click: (index: number) => string,
  pixel: string,
): string | null {
  if (slot.k === 'click') {
    const url = click(slot.index);
    return escape ? escapeLiquid(url) : url;
  }
  if (slot.k === 'pixel') return pixel;
  let v = lookup(scope, slot.path);
  if (v === UNSUPPORTED) return null;
  if (slot.def !== undefined) {
    if (typeof v === 'string') {
      if (v.length === 0) v = slot.def;
    } else if (v === false || v === null || v === undefined) v = slot.def;
  }
  let s: string;
  if (typeof v === 'string') s = v;
  else if (v === null || v === undefined) s = '';
  else if (typeof v === 'number' || typeof v === 'boolean') s = String(v);
  else return null;
  return escape && !slot.raw ? escapeLiquid(s) : s;
}

/** Renders a FastTemplate to a string, or null (see slotValue). */
export function renderFast(
  tpl: FastTemplate,
  scope: Record<string, unknown>,
  escape: boolean,
  click: (index: number) => string,
  pixel: string,
): string | null {
  let out = '';
  for (let i = 0; i < tpl.length; i++) {
    const part = tpl[i];
    if (typeof part === 'string') {
      out += part;
      continue;
    }
    const v = slotValue(part, scope, escape, click, pixel);
    if (v === null) return null;
    out += v;
  }
  return out;
}
