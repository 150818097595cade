import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runWhatsappLint } from './lint-cli.js';
import { validateTemplate } from './template-rules.js';
import type { CreateTemplateRequest, TemplateComponentDef } from './wa-types.js';

/** A valid Hebrew marketing template: header, named-free positional body, footer, grouped buttons. */
function hebrewPromo(): CreateTemplateRequest {
  return {
    name: 'summer_sale_2026',
    language: 'he',
    category: 'MARKETING',
    parameter_format: 'positional',
    components: [
      { type: 'HEADER', format: 'TEXT', text: 'מבצע קיץ ל{{1}}', example: { header_text: ['דנה'] } },
      {
        type: 'BODY',
        text: 'שלום {{1}}, המבצע הגדול שלנו מתחיל היום! קבלו {{2}} הנחה על כל הקולקציה 🎉 עד סוף השבוע.',
        example: { body_text: [['דנה', '20%']] },
      },
      { type: 'FOOTER', text: 'להסרה השיבו "הסר"' },
      {
        type: 'BUTTONS',
        buttons: [
          { type: 'URL', text: 'לקנייה באתר', url: 'https://shop.example.co.il/sale/{{1}}', example: ['summer'] },
          { type: 'PHONE_NUMBER', text: 'התקשרו אלינו', phone_number: '+972501234567' },
          { type: 'QUICK_REPLY', text: 'הסר אותי' },
        ],
      },
    ],
  };
}

/** Replaces the component of the given type in a fresh valid template. */
function withComponent(type: string, comp: TemplateComponentDef | null, base = hebrewPromo()): CreateTemplateRequest {
  const components = base.components.filter((c) => c.type !== type);
  if (comp) components.push(comp);
  return { ...base, components };
}

function rules(t: CreateTemplateRequest): string[] {
  return validateTemplate(t).violations.map((v) => v.rule);
}

function body(text: string, samples?: string[]): TemplateComponentDef {
  return { type: 'BODY', text, ...(samples ? { example: { body_text: [samples] } } : {}) };
}

describe('validateTemplate', () => {
  it('accepts a valid Hebrew marketing template', () => {
    expect(validateTemplate(hebrewPromo())).toEqual({ ok: true, violations: [] });
  });

  it('accepts a named-parameter utility template', () => {
    const t: CreateTemplateRequest = {
      name: 'order_ready', language: 'en_US', category: 'UTILITY', parameter_format: 'NAMED',
      components: [{ type: 'BODY', text: 'Hi {{first_name}}, order {{order_id}} is ready for pickup.',
        example: { body_text_named_params: [{ param_name: 'first_name', example: 'Ana' }, { param_name: 'order_id', example: '4821' }] } }],
    };
    expect(validateTemplate(t).violations).toEqual([]);
  });

  it('reports every violation at once, each tied to its component', () => {
    const t = { ...hebrewPromo(), name: 'Summer Sale', category: 'PROMO', language: '' };
    const res = validateTemplate(t);
    expect(res.ok).toBe(false);
    expect(res.violations.map((v) => v.component)).toEqual(['NAME', 'CATEGORY', 'LANGUAGE']);
    for (const v of res.violations) expect(v.message.length).toBeGreaterThan(10);
  });

  describe('name', () => {
    it('requires a name', () => expect(rules({ ...hebrewPromo(), name: '' })).toEqual(['name.required']));
    it('allows only lowercase letters, digits and underscores', () => {
      expect(rules({ ...hebrewPromo(), name: 'Summer-sale' })).toEqual(['name.charset']);
      expect(rules({ ...hebrewPromo(), name: 'מבצע' })).toEqual(['name.charset']);
    });
    it('limits the length to 512', () => {
      expect(rules({ ...hebrewPromo(), name: 'a'.repeat(512) })).toEqual([]);
      expect(rules({ ...hebrewPromo(), name: 'a'.repeat(513) })).toEqual(['name.length']);
    });
  });

  describe('category and language', () => {
    it('requires a category', () => expect(rules({ ...hebrewPromo(), category: '' })).toEqual(['category.required']));
    it('rejects an unknown category', () => expect(rules({ ...hebrewPromo(), category: 'TRANSACTIONAL' })).toEqual(['category.invalid']));
    it('requires a language', () => expect(rules({ ...hebrewPromo(), language: '' })).toEqual(['language.required']));
    it('rejects a malformed language code and suggests the fix', () => {
      const res = validateTemplate({ ...hebrewPromo(), language: 'en-US' });
      expect(res.violations[0].rule).toBe('language.format');
      expect(res.violations[0].message).toContain('en_US');
    });
    it('rejects a well-formed but unsupported language unless allowed', () => {
      expect(rules({ ...hebrewPromo(), language: 'xx_YY' })).toEqual(['language.unsupported']);
      expect(validateTemplate({ ...hebrewPromo(), language: 'xx_YY' }, { allowUnknownLanguages: true }).ok).toBe(true);
    });
    it('rejects an unknown parameter_format', () => expect(rules({ ...hebrewPromo(), parameter_format: 'numbered' })).toEqual(['parameter_format.invalid']));
  });

  describe('body', () => {
    it('is required', () => expect(rules(withComponent('BODY', null))).toEqual(['body.required']));
    it('must not be empty', () => expect(rules(withComponent('BODY', body('   ')))).toEqual(['body.required']));
    it('appears only once', () => {
      const t = hebrewPromo();
      t.components.push(body('Another body text here.'));
      expect(rules(t)).toEqual(['body.multiple']);
    });
    it('is at most 1024 characters', () => {
      expect(rules(withComponent('BODY', body('a'.repeat(1024))))).toEqual([]);
      expect(rules(withComponent('BODY', body('a'.repeat(1025))))).toEqual(['body.length']);
    });
    it('numbers variables 1, 2, 3 without gaps', () => {
      expect(rules(withComponent('BODY', body('Hi {{1}}, your code {{3}} is ready.', ['a', 'b'])))).toEqual(['variables.sequence']);
      expect(rules(withComponent('BODY', body('Hi {{2}}, your order is ready.', ['a'])))).toEqual(['variables.sequence']);
    });
    it('rejects named variables in a positional template', () => {
      expect(rules(withComponent('BODY', body('Hi {{name}}, your order is ready.', ['a'])))).toEqual(['variables.name']);
    });
    it('rejects numbered or badly named variables in a named template', () => {
      const base = { ...hebrewPromo(), parameter_format: 'named', components: [] };
      const named = (text: string, names: string[]): CreateTemplateRequest => ({ ...base,
        components: [{ type: 'BODY', text, example: { body_text_named_params: names.map((n) => ({ param_name: n, example: 'x' })) } }] });
      expect(rules(named('Hi {{1}}, your order is ready.', ['1']))).toEqual(['variables.name']);
      expect(rules(named('Hi {{First-Name}}, your order is ready.', ['First-Name']))).toEqual(['variables.name']);
    });
    it('rejects malformed variables and stray braces', () => {
      expect(rules(withComponent('BODY', body('Hi {{ 1 }}, your order is ready.', ['a'])))).toEqual(['variables.name']);
      expect(rules(withComponent('BODY', body('Hi {{1}, your order is ready.')))).toEqual(['variables.braces']);
    });
    it('does not start with a variable', () => {
      expect(rules(withComponent('BODY', body('{{1}}, your order is ready.', ['Ana'])))).toEqual(['body.variable_at_start']);
    });
    it('does not end with a variable', () => {
      expect(rules(withComponent('BODY', body('Your order is ready, {{1}}', ['Ana'])))).toEqual(['body.variable_at_end']);
    });
    it('does not put two variables side by side', () => {
      expect(rules(withComponent('BODY', body('Hello {{1}} {{2}} and welcome back.', ['Ana', 'Souza'])))).toEqual(['body.adjacent_variables']);
    });
    it('does not consist mostly of variables (threshold configurable)', () => {
      const t = withComponent('BODY', body('Hi {{1}}, {{2}}, {{3}}, {{4}} ok.', ['a', 'b', 'c', 'd']));
      expect(rules(t)).toEqual(['body.too_many_variables']);
      const loose = withComponent('BODY', body('Hi {{1}}, your order {{2}} ships {{3}} today.', ['a', 'b', 'c']));
      expect(rules(loose)).toEqual([]);
      expect(validateTemplate(loose, { minWordsPerVariable: 3 }).violations.map((v) => v.rule)).toEqual(['body.too_many_variables']);
    });
    it('needs a sample for every variable', () => {
      expect(rules(withComponent('BODY', body('Hi {{1}}, your order {{2}} is ready.')))).toEqual(['examples.missing']);
      expect(rules(withComponent('BODY', body('Hi {{1}}, your order {{2}} is ready.', ['Ana'])))).toEqual(['examples.count']);
      expect(rules(withComponent('BODY', body('Hi {{1}}, your order {{2}} is ready.', ['Ana', ' '])))).toEqual(['examples.empty']);
    });
    it('needs a named sample for every named variable', () => {
      const t: CreateTemplateRequest = { ...hebrewPromo(), parameter_format: 'named', components: [
        { type: 'BODY', text: 'Hi {{first_name}}, order {{order_id}} is ready.', example: { body_text_named_params: [{ param_name: 'first_name', example: 'Ana' }] } }] };
      const res = validateTemplate(t);
      expect(res.violations.map((v) => v.rule)).toEqual(['examples.missing']);
      expect(res.violations[0].message).toContain('{{order_id}}');
    });
  });

  describe('header', () => {
    const text = (t: string, ex?: string[]) => ({ type: 'HEADER', format: 'TEXT', text: t, ...(ex ? { example: { header_text: ex } } : {}) });
    it('text is at most 60 characters', () => {
      expect(rules(withComponent('HEADER', text('a'.repeat(60))))).toEqual([]);
      expect(rules(withComponent('HEADER', text('a'.repeat(61))))).toEqual(['header.length']);
    });
    it('has at most one variable', () => {
      expect(rules(withComponent('HEADER', text('Sale {{1}} and {{2}}', ['a', 'b'])))).toContain('header.variables');
    });
    it('has no emoji', () => expect(rules(withComponent('HEADER', text('Big sale 🎉')))).toEqual(['header.emoji']));
    it('has no line breaks', () => expect(rules(withComponent('HEADER', text('Big\nsale')))).toEqual(['header.newline']));
    it('has no formatting', () => expect(rules(withComponent('HEADER', text('*Big* sale')))).toEqual(['header.formatting']));
    it('needs a sample for its variable', () => expect(rules(withComponent('HEADER', text('Sale for {{1}}')))).toEqual(['examples.missing']));
    it('has a known format', () => expect(rules(withComponent('HEADER', { type: 'HEADER', format: 'AUDIO' }))).toEqual(['header.format']));
    it('media formats need an example handle', () => {
      expect(rules(withComponent('HEADER', { type: 'HEADER', format: 'IMAGE' }))).toEqual(['header.media_example']);
      expect(rules(withComponent('HEADER', { type: 'HEADER', format: 'IMAGE', example: { header_handle: ['4::aW1h'] } }))).toEqual([]);
      expect(rules(withComponent('HEADER', { type: 'HEADER', format: 'LOCATION' }))).toEqual([]);
    });
    it('appears only once', () => {
      const t = hebrewPromo();
      t.components.push({ type: 'HEADER', format: 'LOCATION' });
      expect(rules(t)).toEqual(['header.multiple']);
    });
  });

  describe('footer', () => {
    it('is at most 60 characters', () => expect(rules(withComponent('FOOTER', { type: 'FOOTER', text: 'a'.repeat(61) }))).toEqual(['footer.length']));
    it('has no variables', () => expect(rules(withComponent('FOOTER', { type: 'FOOTER', text: 'Hi {{1}}' }))).toEqual(['footer.variables']));
  });

  describe('buttons', () => {
    const withButtons = (buttons: Record<string, unknown>[]) => withComponent('BUTTONS', { type: 'BUTTONS', buttons: buttons as never });
    const qr = (text: string) => ({ type: 'QUICK_REPLY', text });
    const url = (text: string, u = 'https://x.example.com/a') => ({ type: 'URL', text, url: u });
    it('label is at most 25 characters', () => expect(rules(withButtons([qr('a'.repeat(26))]))).toEqual(['button.text_length']));
    it('label has no emoji', () => expect(rules(withButtons([qr('Yes 👍')]))).toEqual(['button.emoji']));
    it('label is required', () => expect(rules(withButtons([qr('')]))).toEqual(['button.text_required']));
    it('labels are unique', () => expect(rules(withButtons([qr('Yes'), qr('yes')]))).toEqual(['button.duplicate']));
    it('at most 10 buttons', () => {
      const many = Array.from({ length: 11 }, (_, i) => qr(`Option ${i}`));
      expect(rules(withButtons(many))).toEqual(['buttons.count', 'buttons.quick_reply_count']);
    });
    it('at most 2 URL buttons', () => expect(rules(withButtons([url('A'), url('B'), url('C')]))).toEqual(['buttons.url_count']));
    it('at most 1 phone button', () => {
      const p = (t: string) => ({ type: 'PHONE_NUMBER', text: t, phone_number: '+972501234567' });
      expect(rules(withButtons([p('Call'), p('Call us')]))).toEqual(['buttons.phone_count']);
    });
    it('phone button needs an international number', () => {
      expect(rules(withButtons([{ type: 'PHONE_NUMBER', text: 'Call', phone_number: 'call me' }]))).toEqual(['button.phone']);
    });
    it('URL variable only at the end, at most one, with an example', () => {
      expect(rules(withButtons([{ ...url('Track', 'https://x.example.com/{{1}}/track'), example: ['a'] }]))).toEqual(['button.url_variable_position']);
      expect(rules(withButtons([{ ...url('Track', 'https://x.example.com/{{1}}/{{2}}'), example: ['a'] }]))).toEqual(['button.url_variables']);
      expect(rules(withButtons([url('Track', 'https://x.example.com/t/{{1}}')]))).toEqual(['button.url_example']);
      expect(rules(withButtons([{ ...url('Track', 'https://x.example.com/t/{{1}}'), example: ['https://x.example.com/t/42'] }]))).toEqual([]);
    });
    it('URL must be a web address', () => expect(rules(withButtons([url('Shop', 'shop.example.com')]))).toEqual(['button.url']));
    it('quick replies and call-to-action buttons are not interleaved', () => {
      expect(rules(withButtons([qr('Yes'), url('Shop'), qr('No')]))).toEqual(['buttons.interleaved']);
      expect(rules(withButtons([qr('Yes'), qr('No'), url('Shop')]))).toEqual([]);
    });
    it('copy-code button only in marketing, once, with a sample code', () => {
      const cc = { type: 'COPY_CODE', example: 'SUMMER20' };
      expect(rules(withButtons([cc]))).toEqual([]);
      expect(rules(withButtons([cc, cc]))).toEqual(['buttons.copy_code_count']);
      expect(rules({ ...withButtons([cc]), category: 'UTILITY' })).toEqual(['buttons.copy_code_category']);
      expect(rules(withButtons([{ type: 'COPY_CODE' }]))).toEqual(['button.copy_code_example']);
    });
    it('rejects unknown button types and empty button sections', () => {
      expect(rules(withButtons([{ type: 'SMS', text: 'Text us' }]))).toEqual(['button.type']);
      expect(rules(withButtons([]))).toEqual(['buttons.empty']);
    });
    it('OTP buttons only in authentication templates', () => {
      expect(rules(withButtons([{ type: 'OTP', otp_type: 'COPY_CODE' }]))).toEqual(['buttons.otp_outside_auth']);
    });
  });

  describe('authentication templates', () => {
    const auth = (components: TemplateComponentDef[]): CreateTemplateRequest => ({ name: 'login_code', language: 'en_US', category: 'AUTHENTICATION', components });
    const otp = { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE' }] };
    it('accept the preset body with one OTP button', () => {
      expect(rules(auth([{ type: 'BODY', add_security_recommendation: true }, { type: 'FOOTER', code_expiration_minutes: 10 }, otp]))).toEqual([]);
    });
    it('need exactly one OTP button and no other buttons, header or media', () => {
      expect(rules(auth([{ type: 'BODY' }]))).toEqual(['auth.otp_button']);
      expect(rules(auth([{ type: 'HEADER', format: 'IMAGE' }, { type: 'BODY' }, { type: 'BUTTONS', buttons: [{ type: 'OTP' }, { type: 'URL', text: 'Go', url: 'https://a.example.com' }] }])))
        .toEqual(['auth.no_header', 'auth.other_buttons']);
      expect(rules(auth([{ type: 'BODY' }, { type: 'FOOTER', code_expiration_minutes: 120 }, otp]))).toEqual(['auth.expiration']);
    });
  });

  it('rejects unknown component types', () => {
    const t = hebrewPromo();
    t.components.push({ type: 'SIGNATURE', text: 'x' });
    expect(rules(t)).toEqual(['component.unknown']);
  });
});

describe('clarion whatsapp lint', () => {
  async function lint(content: string | null, args: string[] = ['--json']) {
    const dir = await mkdtemp(join(tmpdir(), 'wa-lint-'));
    const file = join(dir, 'template.json');
    if (content !== null) await writeFile(file, content);
    const out: string[] = [];
    const err: string[] = [];
    const o = vi.spyOn(process.stdout, 'write').mockImplementation((c) => (out.push(String(c)), true));
    const e = vi.spyOn(process.stderr, 'write').mockImplementation((c) => (err.push(String(c)), true));
    try {
      const code = await runWhatsappLint([file, ...args]);
      return { code, out: out.join(''), err: err.join('') };
    } finally {
      o.mockRestore();
      e.mockRestore();
    }
  }

  it('prints one JSON line and exits 0 for a valid template', async () => {
    const r = await lint(JSON.stringify(hebrewPromo()));
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(r.out)).toEqual({ ok: true, violations: [] });
  });

  it('exits 1 with the violations for a broken template', async () => {
    const r = await lint(JSON.stringify({ ...hebrewPromo(), name: 'Bad Name' }));
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ ok: false, violations: [{ component: 'NAME', rule: 'name.charset' }] });
  });

  it('prints a readable list without --json', async () => {
    const r = await lint(JSON.stringify({ ...hebrewPromo(), category: 'PROMO' }), []);
    expect(r.code).toBe(1);
    expect(r.out).toContain('CATEGORY');
    expect(r.out).toContain('MARKETING, UTILITY or AUTHENTICATION');
  });

  it('exits 2 with a message on stderr for a missing file or invalid JSON', async () => {
    const missing = await lint(null);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('cannot read');
    const broken = await lint('{ "name": ');
    expect(broken.code).toBe(2);
    expect(broken.err).toContain('not valid JSON');
    expect(broken.out).toBe('');
  });
});
