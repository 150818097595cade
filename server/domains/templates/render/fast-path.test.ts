import { describe, expect, it } from 'vitest';
import { parseFast, renderFast } from './fast-path.js';
import { liquidHtml, liquidText } from './liquid-engine.js';

/** Values that exercise LiquidJS's default/escape/stringify rules. */
const VALUES: unknown[] = [
  'Dana', '', ' ', '<b>"Tom" & \'Jerry\'</b>', 'שלום', 0, 1.5, -3, true, false, null, undefined,
  ['a', 'b'], [], { a: 1 }, new Date(0), NaN,
];

const TEMPLATES = [
  'Hi {{ contact.first_name }}!',
  'Hi {{ contact.first_name | default: "there" }}!',
  "Hi {{contact.first_name|default:'friend'}}!",
  '{{ contact.fields.city | default: "your city" }} / {{ contact.fields.plan }}',
  '{{ contact.fields.city | raw }} and {{ contact.fields.city | default: "<x>" | raw }}',
  '{{ campaign.name }} from {{ workspace.name }} to {{ contact.email }}',
  '{{ contact.fields.missing.deep }}{{ nothing }}{{ contact.fields.constructor }}{{ contact.toString }}',
  '<a href="{{ unsubscribe_url }}">x</a>',
];

function scopes(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const v of VALUES) {
    out.push({
      contact: { email: 'a@b.example', first_name: v, fields: { city: v, plan: v } },
      campaign: { name: 'Spring & "Sale"' },
      workspace: { name: 'Acme' },
      unsubscribe_url: 'https://t.example/u/a?b=1&c=2',
    });
  }
  out.push({ contact: null, campaign: {}, workspace: 'not an object' });
  out.push({ contact: { fields: Object.create({ city: 'inherited' }) } });
  return out;
}

describe('fast path', () => {
  it('renders exactly what LiquidJS renders, for the HTML and the text engine', () => {
    let compared = 0;
    for (const src of TEMPLATES) {
      const fast = parseFast(src);
      expect(fast, src).not.toBeNull();
      for (const [escape, engine] of [[true, liquidHtml()], [false, liquidText()]] as const) {
        const tpl = engine.parse(src);
        for (const scope of scopes()) {
          const mine = renderFast(fast!, scope, escape, () => '', '');
          const theirs = engine.renderSync(tpl, scope);
          // null = "let LiquidJS do this one"; anything else must match byte for byte.
          if (mine !== null) {
            expect(mine, `${src} with ${JSON.stringify(scope.contact)}`).toBe(theirs);
            compared++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(200);
  });

  it('hands values it cannot reproduce (arrays, objects, dates) to LiquidJS', () => {
    const fast = parseFast('{{ contact.first_name }}')!;
    expect(renderFast(fast, { contact: { first_name: ['a'] } }, true, () => '', '')).toBeNull();
    expect(renderFast(fast, { contact: { first_name: new Date(0) } }, true, () => '', '')).toBeNull();
    expect(renderFast(fast, { contact: { first_name: 'Dana' } }, true, () => '', '')).toBe('Dana');
  });

  it('declines templates with tags, filters other than default/raw, whitespace control or size lookups', () => {
    for (const src of ['{% if x %}a{% endif %}', '{{ a | upcase }}', '{{- a }}', '{{ a.size }}', '{{ a["b"] }}', '{{ a', '{{ a | default: "x\\"y" }}']) {
      expect(parseFast(src), src).toBeNull();
    }
  });

  it('fills tracking placeholders through the callbacks', () => {
    const fast = parseFast('<a href="{{ _clarion.click[3] }}">x</a>{{ _clarion.pixel | raw }}')!;
    expect(renderFast(fast, {}, true, (i) => `https://t/c/${i}?a=1&b=2`, '<img>')).toBe('<a href="https://t/c/3?a=1&amp;b=2">x</a><img>');
  });
});
