/** Messages of server/domains/auth: invitations, sign-in throttling, passwords (issue 10 §1, §3). */
import { defineMessages } from '../catalog.js';

export const accountMessages = defineMessages({
  'accounts.already_member': { en: '{email} is already a member of this workspace.', he: '{email} כבר חבר/ה בסביבת העבודה הזו.' },
  'accounts.owner_invites_owner': { en: 'Only owners can invite owners.', he: 'רק בעלים יכולים להזמין בעלים.' },
  'accounts.invitation_invalid': {
    en: 'This invitation link is not valid: it was used, replaced by a newer one, or withdrawn. Ask for a new invitation.',
    he: 'קישור ההזמנה אינו תקף: כבר השתמשו בו, נשלחה הזמנה חדשה יותר או שההזמנה בוטלה. יש לבקש הזמנה חדשה.',
  },
  'accounts.invitation_expired': { en: 'This invitation has expired. Ask for a new one.', he: 'תוקף ההזמנה פג. יש לבקש הזמנה חדשה.' },
  'accounts.invitation_sign_in': {
    en: 'An account for {email} exists: sign in as {email} to accept this invitation.',
    he: 'קיים חשבון עבור {email}: יש להתחבר בתור {email} כדי לקבל את ההזמנה.',
  },
  'accounts.invitation_wrong_user': {
    en: 'This invitation is for {email}, but you are signed in as {current}. Sign out, then sign in as {email}.',
    he: 'ההזמנה מיועדת ל-{email}, אבל התחברת בתור {current}. יש להתנתק ולהתחבר בתור {email}.',
  },
  'accounts.password_required': { en: 'Choose a password of at least 8 characters.', he: 'יש לבחור סיסמה של 8 תווים לפחות.' },
  'accounts.password_short': { en: 'The password must be at least 8 characters long.', he: 'הסיסמה חייבת להכיל 8 תווים לפחות.' },
  'accounts.password_long': { en: 'The password must be at most {max} characters long.', he: 'הסיסמה יכולה להכיל {max} תווים לכל היותר.' },
  'accounts.wrong_credentials': { en: 'Wrong email or password.', he: 'כתובת הדוא״ל או הסיסמה שגויים.' },
  'accounts.login_throttled': {
    en: 'Too many failed sign-ins. Try again in {seconds, plural, one {# second} other {# seconds}}.',
    he: 'יותר מדי ניסיונות כניסה כושלים. אפשר לנסות שוב בעוד {seconds, plural, one {שנייה אחת} other {# שניות}}.',
  },
  'accounts.hashing_busy': { en: 'The server is busy signing people in; try again in a moment.', he: 'השרת עמוס כרגע; אפשר לנסות שוב בעוד רגע.' },
  'accounts.reset_invalid': { en: 'This reset link is invalid or has expired; ask for a new one.', he: 'קישור האיפוס אינו תקף או שפג תוקפו; יש לבקש קישור חדש.' },
  'accounts.current_password_wrong': { en: 'The current password is wrong.', he: 'הסיסמה הנוכחית שגויה.' },
});
