/**
 * Clarion's landing-page blocks (hero, text, image, video embed, countdown, form, social links, advertiser footer)
 * and the starter gallery built from them, in English and Hebrew. Shared by the page builder (GrapesJS blocks) and
 * the server (templates a new page starts from). Blocks use logical CSS (`text-align: start`, `margin-inline`) so a
 * Hebrew page (`dir="rtl"`) aligns right without separate styles. A form block is `<div data-clarion-form="…">`:
 * the server never trusts a builder form to post anywhere; the real form is rendered by Clarion.
 */
export type PageLang = 'en' | 'he';

export const PAGE_BASE_CSS = `*{box-sizing:border-box}body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Arial,sans-serif;color:#1a1b1e;line-height:1.5}
.cl-section{padding:48px 20px}.cl-wrap{max-width:960px;margin-inline:auto}
.cl-hero{background:linear-gradient(135deg,#1c7ed6,#4263eb);color:#fff;text-align:center}.cl-hero h1{font-size:2.4rem;margin:0 0 12px}.cl-hero p{font-size:1.2rem;margin:0 0 20px}
.cl-btn{display:inline-block;padding:12px 24px;border-radius:8px;background:#fab005;color:#1a1b1e;text-decoration:none;font-weight:600}
.cl-text{text-align:start}.cl-image img{max-width:100%;height:auto;display:block;margin-inline:auto;border-radius:8px}
.cl-video{position:relative;padding-top:56.25%}.cl-video iframe{position:absolute;inset:0;width:100%;height:100%;border:0;border-radius:8px}
.cl-countdown{display:flex;gap:16px;justify-content:center;font-variant-numeric:tabular-nums}.cl-countdown div{background:#f1f3f5;border-radius:8px;padding:12px 16px;text-align:center;min-width:72px}.cl-countdown b{display:block;font-size:1.8rem}
.cl-form-block{background:#f8f9fa}.cl-social{display:flex;gap:12px;justify-content:center}.cl-social a{color:#1c7ed6}
.cl-footer{background:#212529;color:#ced4da;font-size:.875rem;text-align:center}.cl-footer a{color:#fff}`;

type T = Record<PageLang, string>;
const tx = (t: T, l: PageLang) => t[l];

export const blockHtml = {
  hero: (l: PageLang, title: T, sub: T, cta?: T) =>
    `<section class="cl-section cl-hero"><div class="cl-wrap"><h1>${tx(title, l)}</h1><p>${tx(sub, l)}</p>${cta ? `<a class="cl-btn" href="#signup">${tx(cta, l)}</a>` : ''}</div></section>`,
  text: (l: PageLang, title: T, body: T) => `<section class="cl-section cl-text"><div class="cl-wrap"><h2>${tx(title, l)}</h2><p>${tx(body, l)}</p></div></section>`,
  image: (src = 'https://placehold.co/960x400/png', alt = '') => `<section class="cl-section cl-image"><div class="cl-wrap"><img src="${src}" alt="${alt}"></div></section>`,
  video: (src = 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ') => `<section class="cl-section"><div class="cl-wrap"><div class="cl-video"><iframe src="${src}" title="video" allowfullscreen loading="lazy"></iframe></div></div></section>`,
  countdown: (l: PageLang, until = '2030-01-01T09:00:00Z') =>
    `<section class="cl-section"><div class="cl-wrap"><div class="cl-countdown" data-cl-countdown="${until}"><div><b data-u="d">00</b>${l === 'he' ? 'ימים' : 'days'}</div><div><b data-u="h">00</b>${l === 'he' ? 'שעות' : 'hours'}</div><div><b data-u="m">00</b>${l === 'he' ? 'דקות' : 'minutes'}</div><div><b data-u="s">00</b>${l === 'he' ? 'שניות' : 'seconds'}</div></div></div></section>`,
  form: (l: PageLang, formPublicId = '') =>
    `<section class="cl-section cl-form-block" id="signup"><div class="cl-wrap"><div data-clarion-form="${formPublicId}" data-lang="${l}">${l === 'he' ? 'כאן יופיע הטופס' : 'Your form appears here'}</div></div></section>`,
  social: () => `<section class="cl-section"><div class="cl-wrap cl-social"><a href="https://www.facebook.com/">Facebook</a><a href="https://www.instagram.com/">Instagram</a><a href="https://www.linkedin.com/">LinkedIn</a></div></div></section>`,
  footer: (l: PageLang) =>
    `<footer class="cl-section cl-footer"><div class="cl-wrap">${l === 'he' ? 'שם העסק · כתובת · טלפון · <a href="#">מדיניות פרטיות</a>' : 'Business name · Address · Phone · <a href="#">Privacy policy</a>'}</div></footer>`,
};

/** The countdown block's tiny script (added to published pages that use it). */
export const COUNTDOWN_JS = `document.querySelectorAll('[data-cl-countdown]').forEach(function(el){var end=Date.parse(el.getAttribute('data-cl-countdown'));function tick(){var s=Math.max(0,Math.floor((end-Date.now())/1000));var v={d:Math.floor(s/86400),h:Math.floor(s%86400/3600),m:Math.floor(s%3600/60),s:s%60};el.querySelectorAll('[data-u]').forEach(function(b){b.textContent=String(v[b.getAttribute('data-u')]).padStart(2,'0')})}tick();setInterval(tick,1000)});`;

export interface PageTemplate {
  id: string;
  name: T;
  description: T;
  build: (lang: PageLang, formPublicId?: string) => string;
}

const footer = (l: PageLang) => blockHtml.footer(l);

export const PAGE_TEMPLATES: PageTemplate[] = [
  {
    id: 'event', name: { en: 'Event registration', he: 'הרשמה לאירוע' }, description: { en: 'Hero, date countdown, details and a sign-up form', he: 'כותרת, ספירה לאחור, פרטים וטופס הרשמה' },
    build: (l, f) => blockHtml.hero(l, { en: 'Join us at our event', he: 'הצטרפו אלינו לאירוע' }, { en: 'Limited seats. Register today.', he: 'מספר המקומות מוגבל. הירשמו היום.' }, { en: 'Register', he: 'להרשמה' })
      + blockHtml.countdown(l) + blockHtml.text(l, { en: 'What to expect', he: 'מה מחכה לכם' }, { en: 'Talks, workshops and people who share your interests.', he: 'הרצאות, סדנאות ואנשים שחולקים את תחומי העניין שלכם.' }) + blockHtml.form(l, f) + footer(l),
  },
  {
    id: 'webinar', name: { en: 'Webinar', he: 'וובינר' }, description: { en: 'Video teaser, agenda and registration', he: 'סרטון, סדר יום והרשמה' },
    build: (l, f) => blockHtml.hero(l, { en: 'Free live webinar', he: 'וובינר חי בחינם' }, { en: 'Learn in 45 minutes what took us years.', he: 'למדו ב-45 דקות את מה שלקח לנו שנים.' }, { en: 'Save my seat', he: 'שמרו לי מקום' })
      + blockHtml.video() + blockHtml.form(l, f) + footer(l),
  },
  {
    id: 'coupon', name: { en: 'Coupon', he: 'קופון' }, description: { en: 'An offer in exchange for a sign-up', he: 'הטבה בתמורה להרשמה' },
    build: (l, f) => blockHtml.hero(l, { en: '15% off your next order', he: '15% הנחה בהזמנה הבאה' }, { en: 'Sign up and we will email you the code.', he: 'הירשמו ונשלח לכם את הקוד בדוא"ל.' }) + blockHtml.form(l, f) + footer(l),
  },
  {
    id: 'newsletter', name: { en: 'Newsletter sign-up', he: 'הרשמה לניוזלטר' }, description: { en: 'A short pitch and a sign-up form', he: 'הסבר קצר וטופס הרשמה' },
    build: (l, f) => blockHtml.hero(l, { en: 'Our newsletter', he: 'הניוזלטר שלנו' }, { en: 'One useful email a week. Unsubscribe any time.', he: 'מייל שימושי אחד בשבוע. אפשר להסיר בכל עת.' }) + blockHtml.form(l, f) + blockHtml.social() + footer(l),
  },
  {
    id: 'lead-magnet', name: { en: 'Lead magnet download', he: 'הורדת מדריך' }, description: { en: 'A guide to download after signing up', he: 'מדריך להורדה לאחר הרשמה' },
    build: (l, f) => blockHtml.hero(l, { en: 'Get the free guide', he: 'קבלו את המדריך בחינם' }, { en: 'Twelve pages of practical tips.', he: 'שנים-עשר עמודים של טיפים מעשיים.' }) + blockHtml.image() + blockHtml.form(l, f) + footer(l),
  },
  {
    id: 'contest', name: { en: 'Contest', he: 'תחרות' }, description: { en: 'Enter to win, with a deadline', he: 'השתתפו וזכו, עם מועד אחרון' },
    build: (l, f) => blockHtml.hero(l, { en: 'Win a weekend for two', he: 'זכו בסוף שבוע זוגי' }, { en: 'Enter before the timer runs out.', he: 'השתתפו לפני שהזמן נגמר.' }) + blockHtml.countdown(l) + blockHtml.form(l, f)
      + blockHtml.text(l, { en: 'Terms', he: 'תקנון' }, { en: 'One entry per person. The winner is drawn at random.', he: 'השתתפות אחת לאדם. הזוכה ייבחר בהגרלה.' }) + footer(l),
  },
  {
    id: 'thank-you', name: { en: 'Thank-you page', he: 'דף תודה' }, description: { en: 'Where a form redirects after signing up', he: 'הדף שאליו מפנה הטופס לאחר ההרשמה' },
    build: (l) => blockHtml.hero(l, { en: 'Thank you!', he: 'תודה!' }, { en: 'Check your inbox to confirm your sign-up.', he: 'בדקו את תיבת הדואר כדי לאשר את ההרשמה.' }) + blockHtml.social() + footer(l),
  },
  {
    id: 'coming-soon', name: { en: 'Coming soon', he: 'בקרוב' }, description: { en: 'Collect sign-ups before launch', he: 'איסוף נרשמים לפני ההשקה' },
    build: (l, f) => blockHtml.hero(l, { en: 'Something new is coming', he: 'משהו חדש בדרך' }, { en: 'Be the first to know.', he: 'היו הראשונים לדעת.' }) + blockHtml.countdown(l) + blockHtml.form(l, f) + footer(l),
  },
];
