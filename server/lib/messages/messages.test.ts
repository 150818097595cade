/**
 * The catalog check: walks every code the server can emit and fails when one lacks an English or a Hebrew
 * text, when the two languages use different parameters, when a template is malformed, or when the server's
 * source names a code (msg('…'), notFound('…')) that the catalog does not have.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { messages, renderMessage, type MessageCode } from '../../../common/messages/index.js';
import { formatMessage, messageParams, parseMessage } from '../../../common/messages/format.js';
import { AppError, badRequest, nounKey, notFound } from '../errors.js';
import { validationMessage } from '../../api/errors.js';
import { msg } from './index.js';

const root = path.resolve(import.meta.dirname, '../../..');
const HEBREW = /[\u0590-\u05FF]/;

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(p));
    else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) out.push(p);
  }
  return out;
}

/** Every code literal the server passes to msg() / message helpers, with where it was found. */
function emittedCodes(): Array<{ code: string; at: string }> {
  const out: Array<{ code: string; at: string }> = [];
  for (const file of [...sources(path.join(root, 'server')), ...sources(path.join(root, 'common'))]) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\b(?:msg|englishText|coded|finding|reason)\(\s*['"`]([a-z0-9_]+\.[a-z0-9_.]+)['"`]/g)) {
      const line = text.slice(text.lastIndexOf('\n', m.index) + 1, m.index).trim();
      if (line.startsWith('*') || line.startsWith('//')) continue;
      out.push({ code: m[1], at: `${path.relative(root, file)}:${text.slice(0, m.index).split('\n').length}` });
    }
  }
  return out;
}

function branchesOf(template: string, arg: string): string[] {
  const node = parseMessage(template).find((n) => 'name' in n && n.name === arg && 'branches' in n) as { branches: Record<string, unknown> } | undefined;
  return node ? Object.keys(node.branches) : [];
}

describe('message catalog', () => {
  const codes = Object.keys(messages) as MessageCode[];

  it('has an English and a Hebrew text for every code, with the same parameters, all well formed', () => {
    const problems: string[] = [];
    for (const code of codes) {
      const e = messages[code];
      if (!/^[a-z0-9_]+\.[a-z0-9_.]+$/.test(code)) problems.push(`${code}: codes are <area>.<snake_case>`);
      if (!e.en?.trim()) problems.push(`${code}: no English text`);
      if (!e.he?.trim()) problems.push(`${code}: no Hebrew text`);
      else if (!HEBREW.test(e.he)) problems.push(`${code}: the Hebrew text has no Hebrew in it`);
      try {
        const [en, he] = [messageParams(e.en), messageParams(e.he)];
        if (en.join() !== he.join()) problems.push(`${code}: English uses {${en}} but Hebrew uses {${he}}`);
      } catch (err) {
        problems.push(`${code}: ${(err as Error).message}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('knows every code the server source emits', () => {
    const found = emittedCodes();
    expect(found.length).toBeGreaterThan(10);
    const missing = found.filter((f) => !(f.code in messages)).map((f) => `${f.code} (${f.at})`);
    expect(missing).toEqual([]);
  });

  it('translates every noun the server passes to notFound()', () => {
    const nouns = new Set<string>();
    for (const file of sources(path.join(root, 'server'))) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/\bnotFound\(\s*'([^']+)'\s*\)/g)) nouns.add(nounKey(m[1]));
    }
    expect(nouns.size).toBeGreaterThan(10);
    for (const lang of ['en', 'he'] as const) {
      const known = new Set(branchesOf(messages['error.not_found'][lang], 'what'));
      expect([...nouns].filter((n) => !known.has(n)), lang).toEqual([]);
    }
  });

  it('gives every validation failure Fastify can report its own coded message', () => {
    const keywords = ['required', 'additionalProperties', 'type', 'format', 'minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minItems', 'maxItems', 'enum', 'const', 'pattern', 'anyOf'];
    for (const keyword of keywords) {
      const m = validationMessage({ keyword, params: { limit: 3, type: 'string', format: 'email', allowedValues: ['a', 'b'] } }, 'name', 'body');
      expect(m.code in messages).toBe(true);
      expect(m.message).toContain('name');
      expect(renderMessage(m, 'he')).toMatch(HEBREW);
    }
  });

  it('renders in both languages: plurals by Intl.PluralRules, numbers and dates by Intl', () => {
    const one = msg('validation.max_length', { field: 'name', limit: 1 });
    const many = msg('validation.max_length', { field: 'name', limit: 1200 });
    expect(one.message).toBe('name must be at most 1 character long.');
    expect(many.message).toBe('name must be at most 1,200 characters long.');
    expect(renderMessage(one, 'he')).toBe('name יכול להכיל לכל היותר תו אחד.');
    expect(renderMessage(many, 'he')).toBe('name יכול להכיל לכל היותר 1,200 תווים.');
    expect(formatMessage('{n, plural, =0 {none} one {# item} other {# items}}', { n: 0 }, { locale: 'en-GB' })).toBe('none');
    expect(formatMessage('{at, date}', { at: '2026-03-05T10:00:00Z' }, { locale: 'he-IL', timeZone: 'UTC' })).toBe(
      new Intl.DateTimeFormat('he-IL', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date('2026-03-05T10:00:00Z')),
    );
    expect(formatMessage('{missing}', {}, { locale: 'en-GB' })).toBe('{missing}');
    expect(() => parseMessage('{n, plural, one {x}}')).toThrow(/other/);
  });

  it('carries the code and parameters on errors, and English text for API clients', () => {
    const e = badRequest(msg('validation.required', { field: 'email' }), 'email');
    expect(e).toBeInstanceOf(AppError);
    expect([e.messageCode, e.params, e.message]).toEqual(['validation.required', { field: 'email' }, 'email is required.']);
    const nf = notFound('SMTP server');
    expect([nf.messageCode, nf.params, nf.message]).toEqual(['error.not_found', { what: 'smtp_server' }, 'SMTP server not found.']);
    expect(renderMessage({ code: nf.messageCode!, params: nf.params }, 'he')).toBe('שרת ה-SMTP לא נמצא.');
    expect(renderMessage({ code: 'no.such_code', message: 'Server text.' }, 'he')).toBe('Server text.');
  });

  it('renders session and role messages with plurals and closed word sets in both languages', () => {
    expect(msg('session.rate_limited', { seconds: 1 }).message).toBe('Too many requests; try again in 1 second.');
    expect(renderMessage(msg('session.rate_limited', { seconds: 12 }), 'he')).toBe('יותר מדי בקשות; אפשר לנסות שוב בעוד 12 שניות.');
    const role = msg('session.role_too_low', { role: 'viewer', needed: 'manager' });
    expect(role.message).toBe('Your role (viewer) cannot do this; it needs manager or higher.');
    expect(renderMessage(role, 'he')).toBe('התפקיד שלך (צופה) אינו מאפשר פעולה זו; נדרש תפקיד מנהל/ת ומעלה.');
  });
});
