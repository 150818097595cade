/** Sign-in, session, API-key and role messages (server/domains/auth, server/api/auth-hook.ts). */
import { defineMessages } from '../catalog.js';

export const sessionMessages = defineMessages({
  'session.api_key_unknown': { en: 'The API key is unknown or revoked.', he: 'מפתח ה-API אינו מוכר או שבוטל.' },
  'session.ended': { en: 'Your session has ended; sign in again.', he: 'ההתחברות הסתיימה; יש להתחבר שוב.' },
  'session.no_workspace': { en: 'You are not a member of any workspace.', he: 'אינך חבר/ה באף סביבת עבודה.' },
  'session.no_longer_member': { en: 'You are no longer a member of this workspace.', he: 'אינך חבר/ה עוד בסביבת העבודה הזו.' },
  'session.switch_users_only': { en: 'Only signed-in users switch workspaces.', he: 'רק משתמשים מחוברים יכולים להחליף סביבת עבודה.' },
  'session.owner_role_owners_only': { en: 'Only owners can grant or remove the owner role.', he: 'רק בעלים יכולים להעניק או להסיר את תפקיד הבעלים.' },
  'session.needs_an_owner': { en: 'A workspace needs at least one owner.', he: 'לסביבת עבודה נדרש לפחות בעלים אחד.' },
  'session.remove_owner_owners_only': { en: 'Only owners can remove owners.', he: 'רק בעלים יכולים להסיר בעלים.' },
  'session.slug_invalid': {
    en: 'The slug must be 2–63 lowercase letters, digits or dashes.',
    he: 'המזהה (slug) חייב להכיל 2–63 אותיות לטיניות קטנות, ספרות או מקפים.',
  },
  'session.slug_taken': { en: 'A workspace with the slug "{slug}" exists.', he: 'כבר קיימת סביבת עבודה עם המזהה "{slug}".' },
  'session.api_key_no_sessions': { en: 'API keys have no sessions.', he: 'למפתחות API אין התחברויות.' },
  'session.api_key_no_password': { en: 'API keys have no password.', he: 'למפתחות API אין סיסמה.' },
  'session.workspace_by_users': { en: 'Workspaces are created by signed-in users.', he: 'סביבות עבודה נוצרות על ידי משתמשים מחוברים.' },
  'session.timezone_unknown': { en: 'Unknown timezone "{timezone}".', he: 'אזור הזמן "{timezone}" אינו מוכר.' },
  'session.owner_keys_owners_only': { en: 'Only owners can create owner keys.', he: 'רק בעלים יכולים ליצור מפתחות בעלים.' },
  'session.preferences_users_only': { en: 'Preferences belong to users, not API keys.', he: 'העדפות שייכות למשתמשים, לא למפתחות API.' },
  'session.bearer_expected': { en: 'Use "Authorization: Bearer <API key>".', he: 'יש להשתמש בכותרת "Authorization: Bearer <API key>".' },
  'session.csrf_missing': {
    en: 'Missing or wrong X-CSRF-Token header for a cookie-authenticated request.',
    he: 'כותרת X-CSRF-Token חסרה או שגויה בבקשה המאומתת בעוגייה.',
  },
  'session.rate_limited': {
    en: 'Too many requests; try again in {seconds, plural, one {# second} other {# seconds}}.',
    he: 'יותר מדי בקשות; אפשר לנסות שוב בעוד {seconds, plural, one {שנייה אחת} other {# שניות}}.',
  },
  'session.role_too_low': {
    en: 'Your role ({role, select, viewer {viewer} editor {editor} manager {manager} owner {owner} other {{role}}}) cannot do this; it needs {needed, select, editor {editor} manager {manager} other {owner}} or higher.',
    he: 'התפקיד שלך ({role, select, viewer {צופה} editor {עורך/ת} manager {מנהל/ת} owner {בעלים} other {{role}}}) אינו מאפשר פעולה זו; נדרש תפקיד {needed, select, editor {עורך/ת} manager {מנהל/ת} other {בעלים}} ומעלה.',
  },
});
