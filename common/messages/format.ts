/**
 * The message format of Clarion's catalogs (a small subset of ICU MessageFormat), shared by the server (which
 * fills the English `message` of API answers) and the web app (which renders the user's language):
 *
 *   {name}                                   the parameter as text
 *   {count, number}                          a number through Intl.NumberFormat of the locale
 *   {at, date} / {at, datetime} / {at, time} an ISO timestamp through Intl.DateTimeFormat of the locale
 *   {count, plural, one {# contact} other {# contacts}}
 *                                            Intl.PluralRules of the locale picks the branch (`=0` exact
 *                                            matches too); `#` inside a branch is the number, formatted
 *   {kind, select, email {…} other {…}}      the branch named by the parameter's value
 *
 * A parameter missing from `params` is left as `{name}` so a gap shows instead of vanishing. A parameter may itself
 * be a coded message (`{ code, params }`, e.g. the reason inside "Invalid email address …: {problem}"); it is
 * rendered in the same language.
 */

/** A message a person will read: its stable code (the catalog key) and the values it is filled with. */
export interface Coded {
  code: string;
  params?: Params;
}

export type ParamValue = string | number | boolean | null | Coded;
export type Params = { [name: string]: ParamValue };

type Node =
  | { t: 'text'; v: string }
  | { t: 'hash' }
  | { t: 'arg'; name: string; style?: 'number' | 'date' | 'datetime' | 'time' }
  | { t: 'plural' | 'select'; name: string; branches: Record<string, Node[]> };

/** Thrown by parse() for a malformed template (the catalog test runs every template through it). */
export class MessageSyntaxError extends Error {}

const STYLES = new Set(['number', 'date', 'datetime', 'time']);

/** Parses a template into nodes; throws MessageSyntaxError when it is malformed. */
export function parseMessage(src: string): Node[] {
  let i = 0;
  function nodes(inBranch: boolean): Node[] {
    const out: Node[] = [];
    let text = '';
    const flush = () => {
      if (text) out.push({ t: 'text', v: text });
      text = '';
    };
    while (i < src.length) {
      const c = src[i];
      if (c === '}') {
        if (!inBranch) throw new MessageSyntaxError(`Unmatched "}" at ${i} in: ${src}`);
        break;
      }
      if (c === '#' && inBranch) {
        flush();
        out.push({ t: 'hash' });
        i++;
        continue;
      }
      if (c !== '{') {
        text += c;
        i++;
        continue;
      }
      flush();
      i++;
      out.push(argument());
    }
    flush();
    return out;
  }
  function word(): string {
    const m = /^\s*([=\w.-]+)\s*/.exec(src.slice(i));
    if (!m) throw new MessageSyntaxError(`Expected a name at ${i} in: ${src}`);
    i += m[0].length;
    return m[1];
  }
  function argument(): Node {
    const name = word();
    if (src[i] === '}') {
      i++;
      return { t: 'arg', name };
    }
    if (src[i] !== ',') throw new MessageSyntaxError(`Expected "," or "}" after {${name} in: ${src}`);
    i++;
    const kind = word();
    if (src[i] === '}' && STYLES.has(kind)) {
      i++;
      return { t: 'arg', name, style: kind as 'number' };
    }
    if ((kind !== 'plural' && kind !== 'select') || src[i] !== ',') throw new MessageSyntaxError(`Unknown format "${kind}" for {${name}} in: ${src}`);
    i++;
    const branches: Record<string, Node[]> = {};
    for (;;) {
      while (/\s/.test(src[i] ?? '')) i++;
      if (src[i] === '}') {
        i++;
        break;
      }
      const key = word();
      if (src[i] !== '{') throw new MessageSyntaxError(`Expected "{" after branch "${key}" in: ${src}`);
      i++;
      branches[key] = nodes(true);
      if (src[i] !== '}') throw new MessageSyntaxError(`Unclosed branch "${key}" in: ${src}`);
      i++;
    }
    if (!branches.other) throw new MessageSyntaxError(`{${name}, ${kind}} needs an "other" branch in: ${src}`);
    return { t: kind, name, branches };
  }
  const out = nodes(false);
  if (i < src.length) throw new MessageSyntaxError(`Unmatched "}" at ${i} in: ${src}`);
  return out;
}

/** The parameter names a template uses (the catalog test checks both languages use the same ones). */
export function messageParams(src: string): string[] {
  const names = new Set<string>();
  const walk = (ns: Node[]) => {
    for (const n of ns) {
      if (n.t === 'arg') names.add(n.name);
      else if (n.t === 'plural' || n.t === 'select') {
        names.add(n.name);
        Object.values(n.branches).forEach(walk);
      }
    }
  };
  walk(parseMessage(src));
  return [...names].sort();
}

const parsed = new Map<string, Node[]>();
const numberFormats = new Map<string, Intl.NumberFormat>();
const pluralRules = new Map<string, Intl.PluralRules>();

function cached<T>(m: Map<string, T>, key: string, make: () => T): T {
  let v = m.get(key);
  if (!v) m.set(key, (v = make()));
  return v;
}

function formatDate(v: string | number | boolean | null, locale: string, style: 'date' | 'datetime' | 'time', timeZone?: string): string {
  const d = new Date(typeof v === 'number' ? v : String(v));
  if (Number.isNaN(d.getTime())) return String(v);
  const opts: Intl.DateTimeFormatOptions =
    style === 'date' ? { dateStyle: 'medium' } : style === 'time' ? { timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' };
  return new Intl.DateTimeFormat(locale, { ...opts, ...(timeZone ? { timeZone } : {}) }).format(d);
}

export interface FormatOptions {
  /** BCP 47 locale for numbers, dates and plural rules ('he-IL', 'en-GB', …). */
  locale: string;
  /** Time zone for {x, date|datetime|time}; the runtime's own when absent. */
  timeZone?: string;
  /** The template of a nested coded parameter's code in the same language (undefined: unknown code). */
  resolve?: (code: string) => string | undefined;
}

function isCoded(v: unknown): v is Coded & { message?: string } {
  return typeof v === 'object' && v !== null && typeof (v as Coded).code === 'string';
}

/** Fills a template with params in a locale. */
export function formatMessage(template: string, params: Params | undefined, opts: FormatOptions): string {
  const ns = cached(parsed, template, () => parseMessage(template));
  const nf = cached(numberFormats, opts.locale, () => new Intl.NumberFormat(opts.locale));
  const render = (list: Node[], hash?: number): string => {
    let s = '';
    for (const n of list) {
      if (n.t === 'text') s += n.v;
      else if (n.t === 'hash') s += hash === undefined ? '#' : nf.format(hash);
      else {
        const has = params && Object.prototype.hasOwnProperty.call(params, n.name);
        const v = has ? params![n.name] : undefined;
        if (n.t === 'arg') {
          if (!has) s += `{${n.name}}`;
          else if (isCoded(v)) {
            const t = opts.resolve?.(v.code);
            s += t !== undefined ? formatMessage(t, v.params, opts) : (v.message ?? v.code);
          } else if (n.style === 'number') s += typeof v === 'number' ? nf.format(v) : String(v);
          else if (n.style) s += formatDate((v ?? null) as string | null, opts.locale, n.style, opts.timeZone);
          else s += v === null ? '' : String(v);
        } else if (n.t === 'plural') {
          const num = Number(v);
          const rules = cached(pluralRules, opts.locale, () => new Intl.PluralRules(opts.locale));
          const branch = n.branches[`=${num}`] ?? n.branches[Number.isFinite(num) ? rules.select(num) : 'other'] ?? n.branches.other;
          s += render(branch, num);
        } else {
          s += render(n.branches[String(v)] ?? n.branches.other, hash);
        }
      }
    }
    return s;
  };
  return render(ns);
}
