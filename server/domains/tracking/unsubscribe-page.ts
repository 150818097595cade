/**
 * The public unsubscribe page: plain server-rendered HTML (no scripts, no SPA) in English or Hebrew (RTL), with a
 * language switch. GET shows the reasons form and changes nothing (scanners and prefetchers do GETs); the form
 * POSTs back to the same URL.
 */

/** Languages of the page. */
export type PageLang = 'en' | 'he';

/** The reasons a person can give, in the order shown. */
export const UNSUBSCRIBE_REASONS = ['not_relevant', 'no_more', 'never_signed_up', 'too_many', 'spam', 'other'] as const;
export type UnsubscribeReason = (typeof UNSUBSCRIBE_REASONS)[number];

const T = {
  en: {
    title: 'Unsubscribe',
    intro: (email: string, ws: string) => `Stop emails from ${ws} to ${email}?`,
    why: 'Would you tell us why? (optional)',
    reasons: {
      not_relevant: 'The content is not relevant to me',
      no_more: "I don't want to receive more emails",
      never_signed_up: 'I never signed up for this',
      too_many: 'Too many emails',
      spam: 'The emails are spam',
      other: 'Other',
    } as Record<UnsubscribeReason, string>,
    otherPlaceholder: 'Tell us more',
    submit: 'Unsubscribe',
    done: (email: string) => `${email} is unsubscribed. You will not receive marketing emails from us any more.`,
    already: (email: string) => `${email} is already unsubscribed.`,
    protectedMsg: (email: string) =>
      `${email} is a protected address of this organisation and cannot be unsubscribed with this link. Nothing was changed. If this message was forwarded to you, ask the sender to remove you.`,
    notFound: 'This unsubscribe link is not valid. It may be incomplete: copy the whole link from the email.',
    badRequest: 'Please use the button on the unsubscribe page.',
    switchTo: 'עברית',
  },
  he: {
    title: 'הסרה מרשימת התפוצה',
    intro: (email: string, ws: string) => `להפסיק לשלוח הודעות מ־${ws} אל ${email}?`,
    why: 'נשמח לדעת למה (לא חובה)',
    reasons: {
      not_relevant: 'התוכן לא רלוונטי עבורי',
      no_more: 'אני לא רוצה לקבל עוד הודעות',
      never_signed_up: 'מעולם לא נרשמתי',
      too_many: 'יותר מדי הודעות',
      spam: 'ההודעות הן דואר זבל',
      other: 'אחר',
    } as Record<UnsubscribeReason, string>,
    otherPlaceholder: 'ספרו לנו עוד',
    submit: 'הסירו אותי',
    done: (email: string) => `הכתובת ${email} הוסרה. לא תקבלו מאיתנו עוד הודעות שיווקיות.`,
    already: (email: string) => `הכתובת ${email} כבר הוסרה מרשימת התפוצה.`,
    protectedMsg: (email: string) =>
      `הכתובת ${email} מוגנת בארגון זה ואי אפשר להסיר אותה בקישור הזה. דבר לא שונה. אם ההודעה הועברה אליכם, בקשו מהשולח להסיר אתכם.`,
    notFound: 'קישור ההסרה אינו תקין. ייתכן שהוא חלקי: העתיקו את הקישור המלא מההודעה.',
    badRequest: 'נא להשתמש בכפתור שבדף ההסרה.',
    switchTo: 'English',
  },
};

/** Escapes text for HTML content and attribute values. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Picks the page language: explicit ?lang=, else the workspace locale, else English. */
export function pickLang(query: string | undefined, locale: string | null | undefined): PageLang {
  if (query === 'he' || query === 'en') return query;
  return (locale ?? '').toLowerCase().startsWith('he') ? 'he' : 'en';
}

function layout(lang: PageLang, body: string, switchHref: string | null): string {
  const t = T[lang];
  const other: PageLang = lang === 'he' ? 'en' : 'he';
  const sw = switchHref ? `<p class="switch"><a href="${esc(switchHref)}?lang=${other}" lang="${other}">${esc(t.switchTo)}</a></p>` : '';
  return `<!doctype html>
<html lang="${lang}" dir="${lang === 'he' ? 'rtl' : 'ltr'}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">
<title>${esc(t.title)}</title>
<style>body{font-family:system-ui,-apple-system,"Segoe UI",Arial,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#222;line-height:1.5}
h1{font-size:1.4rem}label{display:block;margin:.4rem 0}textarea{width:100%;min-height:4rem;margin-top:.3rem}
button{margin-top:1rem;padding:.6rem 1.4rem;font-size:1rem;cursor:pointer}.switch{margin-top:2rem;font-size:.9rem}</style>
</head>
<body>
<main>
${body}
</main>
${sw}
</body>
</html>`;
}

/** The GET page: the question and the reasons form. */
export function renderUnsubscribeForm(lang: PageLang, action: string, email: string, workspaceName: string): string {
  const t = T[lang];
  const reasons = UNSUBSCRIBE_REASONS.map(
    (r) => `<label><input type="radio" name="reason" value="${r}"> ${esc(t.reasons[r])}</label>`,
  ).join('\n');
  return layout(
    lang,
    `<h1>${esc(t.title)}</h1>
<p>${esc(t.intro(email, workspaceName))}</p>
<form method="post" action="${esc(action)}">
<input type="hidden" name="confirm" value="1"><input type="hidden" name="lang" value="${lang}">
<fieldset><legend>${esc(t.why)}</legend>
${reasons}
<textarea name="other" maxlength="1000" placeholder="${esc(t.otherPlaceholder)}" aria-label="${esc(t.reasons.other)}"></textarea>
</fieldset>
<button type="submit">${esc(t.submit)}</button>
</form>`,
    action,
  );
}

/** The answer page after a submit (or for a protected address / an invalid link). */
export function renderUnsubscribeResult(lang: PageLang, kind: 'done' | 'already' | 'protected' | 'not_found' | 'bad_request', email: string, action: string | null): string {
  const t = T[lang];
  const msg =
    kind === 'done' ? t.done(email) : kind === 'already' ? t.already(email) : kind === 'protected' ? t.protectedMsg(email) : kind === 'not_found' ? t.notFound : t.badRequest;
  return layout(lang, `<h1>${esc(t.title)}</h1>\n<p role="status">${esc(msg)}</p>`, action);
}
