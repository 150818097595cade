/**
 * Generates the plain-text alternative from the compiled HTML, once per campaign.
 *
 * It runs on shielded HTML (Liquid tags are tokens without spaces), so word-wrapping can never split a merge tag,
 * and after link rewriting, so text links are tracked like HTML links. The hidden preheader and the open pixel are
 * added to the HTML later and never reach the text part.
 */
import { compile } from 'html-to-text';

const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } }));

const convert = compile({
  formatters: {
    linkedImageAlt(elem, _walk, builder) {
      type El = { name?: string; parent?: El | null; attribs?: Record<string, string> };
      let p = (elem as El).parent;
      while (p && p.name !== 'a') p = p.parent;
      const alt = String((elem as El).attribs?.alt ?? '').trim();
      if (p && alt) builder.addInline(alt);
    },
  },
  wordwrap: 78,
  selectors: [
    // Images are dropped, except a linked image's alt text, which is the link's words (a logo, a button).
    { selector: 'img', format: 'linkedImageAlt' },
    // Hidden blocks (an author's own preheader, tracking spans) are not content.
    { selector: '[style*="display:none"]', format: 'skip' },
    { selector: '[style*="display: none"]', format: 'skip' },
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true, linkBrackets: ['[', ']'] } },
    // MJML lays out with tables; one block per cell keeps columns from running into each other.
    { selector: 'td', format: 'block' },
    { selector: 'th', format: 'block', options: { uppercase: false } },
    ...HEADINGS,
  ],
});

/** Converts (shielded) HTML to readable plain text. */
export function htmlToText(html: string): string {
  return convert(html).replace(/\n{3,}/g, '\n\n').trim() + '\n';
}
