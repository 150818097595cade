/**
 * Texts the public side of forms shows visitors (errors, confirmation pages), in English and Hebrew, with a stable
 * code each. A visitor's language is the form's language they asked for (`lang`), else the best Accept-Language
 * match among the form's languages, else the form's first language.
 */
export type PublicCode =
  | 'required' | 'invalid_email' | 'invalid_phone' | 'invalid_number' | 'invalid_date' | 'invalid_option' | 'too_short' | 'too_long'
  | 'too_small' | 'too_large' | 'pattern' | 'consent_required' | 'need_contact' | 'spam' | 'too_fast' | 'pow_missing' | 'pow_invalid'
  | 'rate_limited' | 'full' | 'closed' | 'paused' | 'not_found' | 'thanks' | 'check_email' | 'confirm_title' | 'confirm_button'
  | 'confirmed' | 'link_invalid' | 'link_expired' | 'submit' | 'captcha_failed' | 'working';

const en: Record<PublicCode, string> = {
  required: 'This field is required.',
  invalid_email: 'Enter a valid email address.',
  invalid_phone: 'Enter a valid phone number.',
  invalid_number: 'Enter a number.',
  invalid_date: 'Enter a date (YYYY-MM-DD).',
  invalid_option: 'Choose one of the options.',
  too_short: 'This is too short.',
  too_long: 'This is too long.',
  too_small: 'This number is too small.',
  too_large: 'This number is too large.',
  pattern: 'This value is not in the expected format.',
  consent_required: 'Please tick the box to agree.',
  need_contact: 'Enter an email address or a phone number.',
  spam: 'Your submission could not be accepted.',
  too_fast: 'That was very fast. Please wait a moment and submit again.',
  pow_missing: 'Your browser has not finished the anti-spam check. Please try again.',
  pow_invalid: 'The anti-spam check failed. Please reload the page and try again.',
  rate_limited: 'Too many submissions. Please try again in a minute.',
  full: 'Registration is full.',
  closed: 'This form is closed.',
  paused: 'This form is not available right now.',
  not_found: 'This page does not exist.',
  thanks: 'Thank you! You are signed up.',
  check_email: 'Almost done: we sent you an email. Open it and confirm your sign-up.',
  confirm_title: 'Confirm your sign-up',
  confirm_button: 'Yes, sign me up',
  confirmed: 'Thank you, your sign-up is confirmed.',
  link_invalid: 'This confirmation link is not valid.',
  link_expired: 'This confirmation link has expired. Please sign up again.',
  submit: 'Sign up',
  captcha_failed: 'The captcha check failed. Please try again.',
  working: 'Checking…',
};

const he: Record<PublicCode, string> = {
  required: 'שדה חובה.',
  invalid_email: 'יש להזין כתובת דוא"ל תקינה.',
  invalid_phone: 'יש להזין מספר טלפון תקין.',
  invalid_number: 'יש להזין מספר.',
  invalid_date: 'יש להזין תאריך (YYYY-MM-DD).',
  invalid_option: 'יש לבחור אחת מהאפשרויות.',
  too_short: 'הערך קצר מדי.',
  too_long: 'הערך ארוך מדי.',
  too_small: 'המספר קטן מדי.',
  too_large: 'המספר גדול מדי.',
  pattern: 'הערך אינו בפורמט הנדרש.',
  consent_required: 'יש לסמן את התיבה כדי לאשר.',
  need_contact: 'יש להזין כתובת דוא"ל או מספר טלפון.',
  spam: 'לא ניתן לקבל את הטופס.',
  too_fast: 'זה היה מהיר מאוד. יש להמתין רגע ולשלוח שוב.',
  pow_missing: 'הדפדפן עוד לא סיים את בדיקת הספאם. נסו שוב.',
  pow_invalid: 'בדיקת הספאם נכשלה. יש לטעון את הדף מחדש ולנסות שוב.',
  rate_limited: 'יותר מדי שליחות. נסו שוב בעוד דקה.',
  full: 'ההרשמה מלאה.',
  closed: 'הטופס סגור.',
  paused: 'הטופס אינו זמין כרגע.',
  not_found: 'הדף אינו קיים.',
  thanks: 'תודה! נרשמת בהצלחה.',
  check_email: 'כמעט סיימנו: שלחנו אליך הודעת דוא"ל. יש לפתוח אותה ולאשר את ההרשמה.',
  confirm_title: 'אישור ההרשמה',
  confirm_button: 'כן, רשמו אותי',
  confirmed: 'תודה, ההרשמה אושרה.',
  link_invalid: 'קישור האישור אינו תקין.',
  link_expired: 'תוקף קישור האישור פג. יש להירשם שוב.',
  submit: 'הרשמה',
  captcha_failed: 'בדיקת ה-captcha נכשלה. נסו שוב.',
  working: 'בודק…',
};

const TEXTS: Record<string, Record<PublicCode, string>> = { en, he };

export const RTL_LANGS = new Set(['he', 'ar', 'fa', 'yi']);

export function publicText(lang: string, code: PublicCode): string {
  return (TEXTS[lang] ?? en)[code];
}

/** The language to answer in, among the form's languages. */
export function pickLanguage(languages: string[], asked: string | undefined, acceptLanguage: string | undefined): string {
  if (asked && languages.includes(asked)) return asked;
  if (acceptLanguage) {
    const prefs = acceptLanguage
      .split(',')
      .map((p) => {
        const [tag, q] = p.trim().split(';q=');
        return { lang: tag.slice(0, 2).toLowerCase(), q: q ? Number(q) : 1 };
      })
      .sort((a, b) => b.q - a.q);
    for (const p of prefs) if (languages.includes(p.lang)) return p.lang;
  }
  return languages[0];
}

/** Picks the text for `lang` from per-language texts, falling back to the first language present. */
export function textIn(texts: Record<string, string> | undefined, lang: string, fallback = ''): string {
  if (!texts) return fallback;
  return texts[lang] ?? Object.values(texts)[0] ?? fallback;
}
