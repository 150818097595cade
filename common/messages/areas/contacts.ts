/** Messages of server/domains/contacts and server/domains/suppressions. */
import { defineMessages } from '../catalog.js';

export const contactMessages = defineMessages({
  'contacts.email_invalid': { en: '"{value}" is not a valid email address: {problem}.', he: '"{value}" אינה כתובת דוא״ל תקינה: {problem}.' },
  'contacts.phone_invalid': { en: '"{value}" is not a valid phone number: {problem}.', he: '"{value}" אינו מספר טלפון תקין: {problem}.' },
  'suppressions.hashed_value': { en: 'hashed values are added by erasure only', he: 'ערכים מגובבים נוספים רק במחיקת איש קשר' },
  'suppressions.value_invalid': { en: '"{value}" is not valid: {problem}.', he: '"{value}" אינו תקין: {problem}.' },
  'suppressions.domain_too_short': { en: 'a domain needs at least two parts, like example.com', he: 'לדומיין נדרשים לפחות שני חלקים, למשל example.com' },
  'suppressions.domain_part_invalid': { en: 'invalid part "{part}"', he: 'חלק לא תקין: "{part}"' },
  'suppressions.domain_invalid': { en: '"{value}" is not a domain: {problem}.', he: '"{value}" אינו דומיין: {problem}.' },
  'bin.email_taken': { en: 'Its email {value} is now used by another contact.', he: 'כתובת הדוא״ל שלו {value} משמשת כעת איש קשר אחר.' },
  'bin.phone_taken': { en: 'Its phone {value} is now used by another contact.', he: 'הטלפון שלו {value} משמש כעת איש קשר אחר.' },
  'bin.name_taken': { en: 'The name "{value}" is now used by another one.', he: 'השם "{value}" נמצא כעת בשימוש של פריט אחר.' },
  'bin.same_in_selection': { en: 'Another selected item has the same {value}; that one was restored.', he: 'לפריט נבחר אחר יש אותו ערך {value}; הוא זה ששוחזר.' },
});
