/** Messages of the issue-10 §5 guards: owner-key revocation, ids of other workspaces, upload hardening. */
import { defineMessages } from '../catalog.js';

export const guardMessages = defineMessages({
  'guard.owner_keys_revoke_owners_only': { en: 'Only owners can revoke owner keys.', he: 'רק בעלים יכולים לבטל מפתחות בעלים.' },
  'guard.ids_whole': { en: '{field} must hold positive whole ids.', he: '{field} חייב להכיל מזהים שלמים וחיוביים.' },
  'guard.ids_missing': {
    en: '{field} names {ids}, which does not exist in this workspace.',
    he: '{field} מפנה אל {ids}, שאינו קיים בסביבת העבודה הזו.',
  },
  'guard.setting_unknown': { en: 'Unknown setting "{key}".', he: 'ההגדרה "{key}" אינה מוכרת.' },
  'guard.upload_binary': {
    en: 'The file is not a CSV or spreadsheet (it holds binary data).',
    he: 'הקובץ אינו CSV או גיליון אלקטרוני (הוא מכיל נתונים בינאריים).',
  },
  'guard.upload_columns': { en: 'The file has more than {limit} columns.', he: 'בקובץ יש יותר מ-{limit} עמודות.' },
  'guard.upload_inflates': {
    en: 'The spreadsheet inflates to {mb} MB of sheet data (limit {limit} MB); export it as CSV instead.',
    he: 'הגיליון נפרש ל-{mb} MB של נתונים (המגבלה {limit} MB); יש לייצא אותו כ-CSV.',
  },
  'guard.suppression_value_needed': { en: 'Give a value or a list of values.', he: 'יש לתת ערך או רשימת ערכים.' },
  'guard.suppression_paste_limit': {
    en: 'Paste at most {limit} entries at once; import a CSV file for more.',
    he: 'אפשר להדביק עד {limit} רשומות בבת אחת; ליותר מזה יש לייבא קובץ CSV.',
  },
});
