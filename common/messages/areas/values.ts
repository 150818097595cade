/**
 * Why a value was refused (server/domains/imports/parse: email, phone and typed custom-field values). These are
 * usually nested in a sentence naming the value (`imports.email_invalid`, `contacts.email_invalid`).
 */
import { defineMessages } from '../catalog.js';

export const valueMessages = defineMessages({
  'email.missing_at': { en: 'missing "@"', he: 'חסר "@"' },
  'email.two_at': { en: 'more than one "@"', he: 'יותר מ-"@" אחד' },
  'email.spaces': { en: 'contains spaces', he: 'מכילה רווחים' },
  'email.too_long': { en: 'longer than 254 characters', he: 'ארוכה מ-254 תווים' },
  'email.nothing_before_at': { en: 'nothing before "@"', he: 'אין דבר לפני ה-"@"' },
  'email.local_too_long': { en: 'part before "@" is longer than 64 characters', he: 'החלק שלפני ה-"@" ארוך מ-64 תווים' },
  'email.double_dot': { en: 'double dot', he: 'שתי נקודות רצופות' },
  'email.local_invalid': { en: 'invalid characters or dots before "@"', he: 'תווים או נקודות לא תקינים לפני ה-"@"' },
  'email.nothing_after_at': { en: 'nothing after "@"', he: 'אין דבר אחרי ה-"@"' },
  'email.no_tld': { en: 'domain has no top-level domain', he: 'לדומיין אין סיומת (כמו ‎.com)' },
  'email.domain_dot': { en: 'domain starts or ends with a dot', he: 'הדומיין מתחיל או מסתיים בנקודה' },
  'email.domain_part_invalid': { en: 'invalid domain part "{part}"', he: 'חלק לא תקין בדומיין: "{part}"' },
  'email.tld_invalid': { en: 'invalid top-level domain', he: 'סיומת דומיין לא תקינה' },
  'phone.not_a_number': { en: 'not a phone number', he: 'אינו מספר טלפון' },
  'phone.invalid_for_country': { en: 'not a valid {country} phone number', he: 'אינו מספר טלפון תקין של {country}' },
  'values.not_number': { en: '"{value}" is not a number', he: '"{value}" אינו מספר' },
  'values.not_date': {
    en: '"{value}" is not a date (expected {order, select, dmy {dd/mm/yyyy or yyyy-mm-dd} mdy {mm/dd/yyyy or yyyy-mm-dd} other {yyyy-mm-dd}})',
    he: '"{value}" אינו תאריך (נדרש {order, select, dmy {dd/mm/yyyy או yyyy-mm-dd} mdy {mm/dd/yyyy או yyyy-mm-dd} other {yyyy-mm-dd}})',
  },
  'values.not_calendar_date': { en: '"{value}" is not a valid calendar date', he: '"{value}" אינו תאריך קיים בלוח השנה' },
  'values.not_yes_no': {
    en: '"{value}" is not yes/no (accepted: yes, no, true, false, 1, 0, כן, לא)',
    he: '"{value}" אינו כן/לא (מתקבלים: כן, לא, yes, no, true, false, 1, 0)',
  },
  'values.not_option': { en: '"{value}" is not one of: {options}', he: '"{value}" אינו אחד מאלה: {options}' },
});
