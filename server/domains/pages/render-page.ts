/**
 * Renders a published page version into one complete HTML document, once (stored on the version and served as-is):
 * title, description and share tags, favicon, noindex, GA4 and Meta Pixel snippets, the owner's custom head, the
 * builder's HTML and CSS with Clarion's block styles, `dir="rtl"` for Hebrew, and the form loader when the page
 * holds a form block (each form is fetched fresh, so the page itself stays cacheable).
 */
import { COUNTDOWN_JS, PAGE_BASE_CSS } from '../../../common/page-blocks.js';
import type { PageSettings } from '../../../common/pages.js';
import { RTL_LANGS } from '../forms/public-texts.js';
import { esc } from '../forms/render.js';

export function renderPage(v: { html: string; css: string; lang: string; settings: PageSettings }, base: string, pageUrl: string): string {
  const s = v.settings;
  const dir = RTL_LANGS.has(v.lang) ? 'rtl' : 'ltr';
  const head: string[] = [
    '<meta charset="utf-8">', '<meta name="viewport" content="width=device-width,initial-scale=1">',
    `<title>${esc(s.title ?? '')}</title>`,
  ];
  if (s.description) head.push(`<meta name="description" content="${esc(s.description)}">`, `<meta property="og:description" content="${esc(s.description)}">`);
  if (s.title) head.push(`<meta property="og:title" content="${esc(s.title)}">`);
  head.push(`<meta property="og:url" content="${esc(pageUrl)}">`, '<meta property="og:type" content="website">');
  if (s.shareImage) head.push(`<meta property="og:image" content="${esc(s.shareImage)}">`, '<meta name="twitter:card" content="summary_large_image">');
  if (s.favicon) head.push(`<link rel="icon" href="${esc(s.favicon)}">`);
  if (s.noindex) head.push('<meta name="robots" content="noindex,nofollow">');
  if (s.ga4Id) {
    head.push(`<script async src="https://www.googletagmanager.com/gtag/js?id=${esc(s.ga4Id)}"></script>`,
      `<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}gtag('js',new Date());gtag('config',${JSON.stringify(s.ga4Id)});</script>`);
  }
  if (s.metaPixelId) {
    head.push(`<script>!function(f,b,e,v,n,t,s){if(f.fbq)return;n=f.fbq=function(){n.callMethod?n.callMethod.apply(n,arguments):n.queue.push(arguments)};if(!f._fbq)f._fbq=n;n.push=n;n.loaded=!0;n.version='2.0';n.queue=[];t=b.createElement(e);t.async=!0;t.src=v;s=b.getElementsByTagName(e)[0];s.parentNode.insertBefore(t,s)}(window,document,'script','https://connect.facebook.net/en_US/fbevents.js');fbq('init',${JSON.stringify(s.metaPixelId)});fbq('track','PageView');</script>`);
  }
  if (s.customHead) head.push(s.customHead);
  head.push(`<style>${PAGE_BASE_CSS}\n${v.css}</style>`);
  const hasForm = v.html.includes('data-clarion-form=');
  const hasCountdown = v.html.includes('data-cl-countdown=');
  const tail = [
    hasForm ? `<script src="${base}/f/embed.js" async></script>` : '',
    hasCountdown ? `<script>${COUNTDOWN_JS}</script>` : '',
  ].join('');
  return `<!doctype html><html lang="${esc(v.lang)}" dir="${dir}"><head>${head.join('')}</head><body>${v.html}${tail}</body></html>`;
}
