/** Messages of server/domains/imports: rejection reasons of rows, conflicts, the import report. */
import { defineMessages } from '../catalog.js';

export const importMessages = defineMessages({
  'imports.email_invalid': { en: 'Invalid email address "{value}": {problem}', he: 'כתובת דוא״ל לא תקינה "{value}": {problem}' },
  'imports.phone_invalid': { en: 'Invalid phone number "{value}": {problem}', he: 'מספר טלפון לא תקין "{value}": {problem}' },
  'imports.no_email_or_phone': { en: 'The row has neither an email address nor a phone number', he: 'בשורה אין כתובת דוא״ל ואין מספר טלפון' },
  'imports.conflict_email_phone': {
    en: 'The email address belongs to contact {emailContactId} and the phone number to contact {phoneContactId}',
    he: 'כתובת הדוא״ל שייכת לאיש הקשר {emailContactId} ומספר הטלפון לאיש הקשר {phoneContactId}',
  },
});
