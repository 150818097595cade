/** Row normalisation: email/phone rules, typed custom fields with column-named errors, full-name split. */
import { describe, expect, it } from 'vitest';
import { createRowNormalizer, MappingError, normalizeEmail, type FieldDefinition } from './index.js';

const fields: FieldDefinition[] = [
  { key: 'age', type: 'number' },
  { key: 'birthday', type: 'date' },
  { key: 'vip', type: 'boolean' },
  { key: 'level', type: 'single_select', options: ['Gold', 'Silver'] },
  { key: 'tags', type: 'multi_select', options: ['students', 'teachers', 'parents'] },
  { key: 'free', type: 'multi_select' },
  { key: 'note', type: 'text' },
];
const headers = ['E-mail', 'Phone', 'Age', 'Birthday', 'VIP', 'Level', 'Tags', 'Free', 'Note'];
const mapping = {
  0: 'email',
  1: 'phone',
  2: { custom: 'age' },
  3: { custom: 'birthday' },
  4: { custom: 'vip' },
  5: { custom: 'level' },
  6: { custom: 'tags' },
  7: { custom: 'free' },
  8: { custom: 'note' },
} as const;
const norm = createRowNormalizer({ mapping, fields, defaultCountry: 'IL', headers });
const row = (over: Record<number, string>) => {
  const v = ['x@example.com', '', '', '', '', '', '', '', ''];
  for (const [k, s] of Object.entries(over)) v[+k] = s;
  return v;
};

describe('email', () => {
  it('trims and lowercases valid addresses', () => {
    for (const [raw, out] of [
      ['  Dana.Levi@Example.CO.IL ', 'dana.levi@example.co.il'],
      ['\u200Fuser+tag@sub.example.com\u200E', 'user+tag@sub.example.com'],
      ['mailto:A@Example.com', 'a@example.com'],
      ['Dana Levi <dana@example.com>', 'dana@example.com'],
      ["o'brien@xn--4dbrk0ce.co.il", "o'brien@xn--4dbrk0ce.co.il"],
    ]) expect(normalizeEmail(raw)).toEqual({ ok: true, value: out });
  });
  it('rejects malformed addresses with a reason', () => {
    for (const bad of ['a@b', 'john doe@example.com', 'john..doe@example.com', 'john@example..com', '.john@example.com',
      'john.@example.com', 'john@', '@example.com', 'john.example.com', 'john@@example.com', 'a@b.c', 'a@-x.com', 'a@example.c0m']) {
      const r = normalizeEmail(bad);
      expect(r.ok, bad).toBe(false);
    }
    expect(normalizeEmail('john..doe@example.com')).toEqual({ ok: false, reason: { code: 'email.double_dot', message: 'double dot' } });
    expect(normalizeEmail('a@b')).toEqual({ ok: false, reason: { code: 'email.no_tld', message: 'domain has no top-level domain' } });
  });
});

describe('phone', () => {
  it('normalises Israeli numbers written in many ways to E.164 and keeps the raw text', () => {
    for (const raw of ['050-5990608', '0505990608', '+972 50 599 0608', '(050) 599-0608', '+972-505990608', '972505990608', '505990608', '00972505990608']) {
      const r = norm(row({ 0: '', 1: raw }), 2);
      expect(r, raw).toMatchObject({ ok: true, contact: { phone_e164: '+972505990608', phone_raw: raw, email: null } });
    }
  });
  it('keeps foreign numbers with a country code', () => {
    expect(norm(row({ 1: '+1 (202) 555-0123' }), 2)).toMatchObject({ ok: true, contact: { phone_e164: '+12025550123' } });
  });
  it('an invalid phone is an error only when present', () => {
    expect(norm(row({ 1: '12345' }), 9)).toEqual({ ok: false, line: 9, column: 'Phone', reason: expect.objectContaining({ code: 'imports.phone_invalid', message: expect.stringMatching(/^Invalid phone number "12345"/) }) });
    expect(norm(row({ 1: '   ' }), 9)).toMatchObject({ ok: true, contact: { phone_e164: null, phone_raw: null } });
  });
  it('a row with neither email nor phone is invalid and says so', () => {
    expect(norm(row({ 0: ' ', 2: '5' }), 4)).toEqual({
      ok: false,
      line: 4,
      column: 'E-mail',
      reason: { code: 'imports.no_email_or_phone', message: 'The row has neither an email address nor a phone number' },
    });
  });
});

describe('typed custom fields', () => {
  it('parses numbers, dates, booleans and selects into stored values', () => {
    const r = norm(row({ 2: '1,234.5', 3: '29/02/2024', 4: 'כן', 5: 'gold', 6: ',students,teachers,', 7: 'a; b | a', 8: ' hi ' }), 2);
    expect(r).toEqual({
      ok: true,
      contact: {
        email: 'x@example.com',
        phone_e164: null,
        phone_raw: null,
        first_name: null,
        last_name: null,
        fields: { age: 1234.5, birthday: '2024-02-29', vip: true, level: 'Gold', tags: ['students', 'teachers'], free: ['a', 'b'], note: 'hi' },
      },
    });
  });
  it.each([
    ['12,5', 12.5], ['₪ 1,000', 1000], ['-3', -3], ['1 000', 1000], ['0.5', 0.5],
  ])('number %s → %s', (s, n) => {
    expect(norm(row({ 2: s }), 2)).toMatchObject({ ok: true, contact: { fields: { age: n } } });
  });
  it.each([
    ['1982-02-25', '1982-02-25'], ['1982-02-25T00:00:00Z', '1982-02-25'], ['25.2.1982', '1982-02-25'], ['25-02-82', '1982-02-25'],
    ['1/2/05', '2005-02-01'], ['1982/2/25', '1982-02-25'],
  ])('date %s → %s (dmy)', (s, iso) => {
    expect(norm(row({ 3: s }), 2)).toMatchObject({ ok: true, contact: { fields: { birthday: iso } } });
  });
  it('reads dates month-first when dateOrder is mdy', () => {
    const mdy = createRowNormalizer({ mapping, fields, defaultCountry: 'IL', headers, dateOrder: 'mdy' });
    expect(mdy(row({ 3: '02/25/1982' }), 2)).toMatchObject({ ok: true, contact: { fields: { birthday: '1982-02-25' } } });
  });
  it.each([
    [2, 'abc', 'Age', /"abc" is not a number/],
    [3, '31/02/2020', 'Birthday', /not a valid calendar date/],
    [3, '02/25/1982', 'Birthday', /not a valid calendar date/],
    [3, 'yesterday', 'Birthday', /expected dd\/mm\/yyyy or yyyy-mm-dd/],
    [4, 'maybe', 'VIP', /not yes\/no/],
    [5, 'Bronze', 'Level', /"Bronze" is not one of: Gold, Silver/],
    [6, 'students,aliens', 'Tags', /"aliens" is not one of: students, teachers, parents/],
  ])('column %i value %s → error naming column %s', (col, value, column, reason) => {
    const r = norm(row({ [col]: value }), 17);
    expect(r).toEqual({ ok: false, line: 17, column, reason: expect.objectContaining({ message: expect.stringMatching(reason) }) });
  });
  it('an empty or separator-only cell sets nothing', () => {
    const r = norm(row({ 2: '', 6: ' , ,', 4: ' ' }), 2);
    expect(r).toMatchObject({ ok: true, contact: { fields: {} } });
  });
  it('boolean words', () => {
    for (const [s, b] of [['Yes', true], ['no', false], ['TRUE', true], ['False', false], ['1', true], ['0', false], ['לא', false]] as const) {
      expect(norm(row({ 4: s }), 2)).toMatchObject({ ok: true, contact: { fields: { vip: b } } });
    }
  });
});

describe('names and mapping errors', () => {
  it('splits a full name at the first space unless first/last columns are mapped', () => {
    const n1 = createRowNormalizer({ mapping: { 0: 'email', 1: 'full_name' }, fields: [], defaultCountry: 'IL' });
    expect(n1(['a@example.com', ' דנה  בן דוד '], 2)).toMatchObject({ ok: true, contact: { first_name: 'דנה', last_name: 'בן דוד' } });
    expect(n1(['a@example.com', 'Madonna'], 2)).toMatchObject({ ok: true, contact: { first_name: 'Madonna', last_name: null } });
    const n2 = createRowNormalizer({ mapping: { 0: 'email', 1: 'full_name', 2: 'first_name' }, fields: [], defaultCountry: 'IL' });
    expect(n2(['a@example.com', 'Dana Levi', 'Dani'], 2)).toMatchObject({ ok: true, contact: { first_name: 'Dani', last_name: 'Levi' } });
  });
  it('names columns by letter when no headers are given', () => {
    const n = createRowNormalizer({ mapping: { 27: 'email' }, fields: [], defaultCountry: 'IL' });
    const v: string[] = [];
    v[27] = 'bad';
    expect(n(v, 3)).toMatchObject({ ok: false, column: 'column AB' });
  });
  it('rejects unknown custom fields and targets used twice', () => {
    expect(() => createRowNormalizer({ mapping: { 0: { custom: 'nope' } }, fields, defaultCountry: 'IL' })).toThrow(MappingError);
    expect(() => createRowNormalizer({ mapping: { 0: 'email', 1: 'email' }, fields, defaultCountry: 'IL' })).toThrow(/Two columns/);
    expect(() => createRowNormalizer({ mapping: { 0: 'email' }, fields, defaultCountry: 'XX' })).toThrow(/Unknown default country/);
    expect(createRowNormalizer({ mapping: { 0: 'phone' }, fields, defaultCountry: 'de' })(['030 1234567'], 2)).toMatchObject({ ok: true });
  });
});
