/**
 * Shields Liquid tags from HTML tooling.
 *
 * MJML, our link rewriter and html-to-text all treat `{{ a > b }}` or `{% if %}` as text or markup and may escape,
 * re-wrap, upper-case or drop it. Before those steps every Liquid tag is swapped for an alphanumeric token that no
 * tool changes (except case, which restore() tolerates); afterwards the tokens are swapped back.
 */
import { randomBytes } from 'node:crypto';

const LIQUID_TAG = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g;

/** A reversible replacement of Liquid tags by opaque tokens. */
export interface LiquidShield {
  /** Source with every Liquid tag replaced by a token. */
  text: string;
  /** Token number → original tag text. */
  tags: string[];
  /** Makes a token for an extra tag (used for our own placeholders). */
  add(tag: string): string;
  /** Puts the original tags back (case-insensitive, since html-to-text may upper-case headings). */
  restore(text: string): string;
  /** Token numbers that occur in `text`. */
  present(text: string): Set<number>;
}

/** Replaces all Liquid tags in `source` with tokens. */
export function shieldLiquid(source: string): LiquidShield {
  let nonce: string;
  const lower = source.toLowerCase();
  do nonce = randomBytes(4).toString('hex');
  while (lower.includes(nonce));
  const tags: string[] = [];
  const tokenOf = (i: number) => `lqt${nonce}x${i}y`;
  const tokenRe = () => new RegExp(`lqt${nonce}x(\\d+)y`, 'gi');
  const text = source.replace(LIQUID_TAG, (tag) => tokenOf(tags.push(tag) - 1));
  return {
    text,
    tags,
    add(tag: string) {
      return tokenOf(tags.push(tag) - 1);
    },
    restore(out: string) {
      return out.replace(tokenRe(), (m, n: string) => tags[Number(n)] ?? m);
    },
    present(out: string) {
      const found = new Set<number>();
      for (const m of out.matchAll(tokenRe())) found.add(Number(m[1]));
      return found;
    },
  };
}

/** True when a string contains a Liquid tag or a shielded token of one. */
export function hasLiquid(text: string, shield?: LiquidShield): boolean {
  if (text.includes('{{') || text.includes('{%')) return true;
  return shield ? shield.present(text).size > 0 : false;
}
