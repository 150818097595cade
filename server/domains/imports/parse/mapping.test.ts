/** Header → field suggestions (common/import-mapping.ts), English and Hebrew. */
import { describe, expect, it } from 'vitest';
import { normalizeHeader, parseTargetKey, suggestMapping, targetKey } from '../../../../common/import-mapping.js';

describe('suggestMapping', () => {
  it.each([
    ['E-mail', 'email'], ['Email Address', 'email'], ['EMAIL', 'email'], ['אימייל', 'email'], ['דוא"ל', 'email'], ['דוא״ל', 'email'],
    ['מייל', 'email'], ['Phone', 'phone'], ['Mobile', 'phone'], ['Cell', 'phone'], ['טלפון', 'phone'], ['נייד', 'phone'],
    ['סלולרי', 'phone'], ['First Name', 'first_name'], ['first_name', 'first_name'], ['שם פרטי', 'first_name'],
    ['Last Name', 'last_name'], ['Surname', 'last_name'], ['שם משפחה', 'last_name'], ['Full name', 'full_name'],
    ['שם מלא', 'full_name'], ['Work E-mail (primary)', 'email'], ['טלפון בבית', 'phone'],
  ])('%s → %s', (h, t) => {
    expect(suggestMapping([h], [])).toEqual({ 0: t });
  });

  it('matches custom fields by key, label, or a well-known synonym group; unknown columns stay null', () => {
    const custom = [
      { key: 'birthday', label: 'Date of birth' },
      { key: 'city_he', label: 'עיר' },
      { key: 'plan', label: 'Subscription Plan' },
    ];
    expect(suggestMapping(['Birthday', 'תאריך לידה', 'City', 'subscription-plan', 'Shoe size'], custom)).toEqual({
      0: { custom: 'birthday' },
      1: null, // the target is taken by column 0
      2: { custom: 'city_he' },
      3: { custom: 'plan' },
      4: null,
    });
    expect(suggestMapping(['תאריך לידה'], custom)).toEqual({ 0: { custom: 'birthday' } });
  });

  it('uses each target once: Mobile beats Phone, the leftmost of equals wins, full name dropped when first+last exist', () => {
    expect(suggestMapping(['Phone', 'Mobile', 'Email', 'E-mail'], [])).toEqual({ 0: null, 1: 'phone', 2: 'email', 3: null });
    expect(suggestMapping(['Name', 'First Name', 'Last Name'], [])).toEqual({ 0: null, 1: 'first_name', 2: 'last_name' });
    expect(suggestMapping(['Name', 'Email'], [])).toEqual({ 0: 'full_name', 1: 'email' });
  });

  it('normalizes headers and round-trips target keys', () => {
    expect(normalizeHeader('  E-Mail_Address ')).toBe('emailaddress');
    expect(normalizeHeader('דוא״ל')).toBe(normalizeHeader('דוא"ל'));
    expect(parseTargetKey(targetKey({ custom: 'a:b' }))).toEqual({ custom: 'a:b' });
    expect(parseTargetKey('phone')).toBe('phone');
    expect(parseTargetKey('nope')).toBeNull();
  });
});
