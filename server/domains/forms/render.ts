/**
 * HTML of a form in one language: the hosted page (`/f/:publicId`), the fragment the JS embed inserts, and the
 * no-JavaScript HTML snippet. Native `required`/`type` attributes validate without JavaScript; the client script
 * (form-client.ts) adds inline messages, the ALTCHA solve and a JSON post. The honeypot is hidden by a stylesheet
 * class, not an inline style.
 */
import type { FormDefinition, FormField, FormSettings } from '../../../common/forms.js';
import type { FormRow } from './forms.repo.js';
import { publicText, RTL_LANGS, textIn, type PublicCode } from './public-texts.js';
import { HONEYPOT_FIELD, TIMESTAMP_FIELD } from './spam.js';

export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export const FORM_CSS = `.cf-form{font-family:system-ui,-apple-system,"Segoe UI",Arial,sans-serif;max-width:32rem;margin:0 auto;color:#1a1b1e}
.cf-form h2{margin:0 0 .5rem}.cf-field{margin:0 0 .9rem;display:flex;flex-direction:column;gap:.25rem}
.cf-field input[type=text],.cf-field input[type=email],.cf-field input[type=tel],.cf-field input[type=number],.cf-field input[type=date],.cf-field select,.cf-field textarea{font:inherit;padding:.55rem .6rem;border:1px solid #adb5bd;border-radius:6px}
.cf-check{flex-direction:row;align-items:flex-start;gap:.5rem}.cf-err{color:#c92a2a;font-size:.875rem;min-height:0}
.cf-form button{font:inherit;padding:.6rem 1.2rem;border:0;border-radius:6px;background:#1c7ed6;color:#fff;cursor:pointer}
.cf-form button:focus-visible,.cf-field :focus-visible{outline:3px solid #74c0fc;outline-offset:1px}
.cf-hp{position:absolute!important;left:-10000px!important;top:auto;width:1px;height:1px;overflow:hidden}
.cf-msg{padding:.75rem;border-radius:6px;background:#ebfbee}.cf-msg.cf-bad{background:#fff5f5}`;

function fieldHtml(f: FormField, lang: string): string {
  const id = `cf-${f.key}`;
  const label = esc(textIn(f.label, lang, f.key));
  const ph = f.placeholder ? ` placeholder="${esc(textIn(f.placeholder, lang))}"` : '';
  const req = f.required ? ' required aria-required="true"' : '';
  const len = `${f.minLength !== undefined ? ` minlength="${f.minLength}"` : ''}${f.maxLength !== undefined ? ` maxlength="${f.maxLength}"` : ''}`;
  const star = f.required ? ' <span aria-hidden="true">*</span>' : '';
  const err = `<span class="cf-err" id="${id}-err" aria-live="polite"></span>`;
  const described = ` aria-describedby="${id}-err"`;
  const opt = (o: { value: string; label?: Record<string, string> }) => esc(textIn(o.label, lang, o.value));
  switch (f.type) {
    case 'hidden':
      return `<input type="hidden" name="${f.key}" value="${esc(f.hiddenSource === 'static' || !f.hiddenSource ? (f.hiddenValue ?? '') : '')}" data-cf-source="${f.hiddenSource ?? 'static'}">`;
    case 'textarea':
      return `<div class="cf-field"><label for="${id}">${label}${star}</label><textarea id="${id}" name="${f.key}"${ph}${req}${len}${described}></textarea>${err}</div>`;
    case 'select':
      return `<div class="cf-field"><label for="${id}">${label}${star}</label><select id="${id}" name="${f.key}"${req}${described}><option value=""></option>${(f.options ?? []).map((o) => `<option value="${esc(o.value)}">${opt(o)}</option>`).join('')}</select>${err}</div>`;
    case 'multiselect':
      return `<fieldset class="cf-field"><legend>${label}${star}</legend>${(f.options ?? []).map((o, i) => `<label class="cf-check"><input type="checkbox" name="${f.key}" value="${esc(o.value)}" id="${id}-${i}"> ${opt(o)}</label>`).join('')}${err}</fieldset>`;
    case 'checkbox':
    case 'consent':
      return `<div class="cf-field cf-check"><input type="checkbox" id="${id}" name="${f.key}" value="on"${req}${described}${f.type === 'consent' ? ` data-cf-consent="${f.consentChannel}"` : ''}><label for="${id}">${label}${star}</label>${err}</div>`;
    default: {
      const type = { text: 'text', email: 'email', phone: 'tel', number: 'number', date: 'date' }[f.type];
      const extra = `${f.min !== undefined ? ` min="${f.min}"` : ''}${f.max !== undefined ? ` max="${f.max}"` : ''}${f.type === 'email' ? ' autocomplete="email"' : f.type === 'phone' ? ' autocomplete="tel"' : ''}`;
      return `<div class="cf-field"><label for="${id}">${label}${star}</label><input type="${type}" id="${id}" name="${f.key}"${ph}${req}${len}${extra}${described}>${err}</div>`;
    }
  }
}

/** Client-side messages the script shows inline, in the form's language. */
function clientTexts(lang: string) {
  const codes: PublicCode[] = ['required', 'invalid_email', 'invalid_phone', 'invalid_number', 'consent_required', 'too_short', 'too_long', 'working', 'pow_missing'];
  return Object.fromEntries(codes.map((c) => [c, publicText(lang, c)]));
}

/** The `<form>` element (no surrounding page). `ts` is a signed render timestamp. */
export function formFragment(f: FormRow, lang: string, action: string, ts: string): string {
  const def = f.definition as FormDefinition;
  const s = f.settings as FormSettings;
  const dir = RTL_LANGS.has(lang) ? 'rtl' : 'ltr';
  const title = def.title ? `<h2>${esc(textIn(def.title, lang))}</h2>` : '';
  const intro = def.intro ? `<p>${esc(textIn(def.intro, lang))}</p>` : '';
  const captcha = s.captcha
    ? s.captcha.provider === 'turnstile'
      ? `<div class="cf-turnstile" data-sitekey="${esc(s.captcha.siteKey)}"></div>`
      : `<div class="h-captcha" data-sitekey="${esc(s.captcha.siteKey)}"></div>`
    : '';
  return `<form class="cf-form" method="post" action="${esc(action)}" dir="${dir}" lang="${lang}" data-cf-form="${f.public_id}" data-cf-pow="${s.pow === false ? '0' : '1'}" data-cf-texts="${esc(JSON.stringify(clientTexts(lang)))}">
${title}${intro}<input type="hidden" name="${TIMESTAMP_FIELD}" value="${esc(ts)}"><input type="hidden" name="_lang" value="${lang}"><input type="hidden" name="altcha" value="">
<div class="cf-hp" aria-hidden="true"><label for="cf-hp-${f.public_id}">Website</label><input type="text" id="cf-hp-${f.public_id}" name="${HONEYPOT_FIELD}" tabindex="-1" autocomplete="off"></div>
${def.fields.map((x) => fieldHtml(x, lang)).join('\n')}
${captcha}<div class="cf-status" role="status" aria-live="polite"></div>
<button type="submit">${esc(textIn(def.submitLabel, lang, publicText(lang, 'submit')))}</button>
</form>`;
}

/** A complete page around a body (hosted form, messages, confirmation). */
export function page(lang: string, title: string, body: string, opts: { head?: string; noindex?: boolean } = {}): string {
  const dir = RTL_LANGS.has(lang) ? 'rtl' : 'ltr';
  return `<!doctype html><html lang="${lang}" dir="${dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title>${opts.noindex !== false ? '<meta name="robots" content="noindex">' : ''}<style>${FORM_CSS}body{margin:0;padding:2rem 1rem;background:#f8f9fa}main{background:#fff;padding:1.5rem;border-radius:10px;max-width:34rem;margin:0 auto}</style>${opts.head ?? ''}</head>
<body><main>${body}</main></body></html>`;
}

export function hostedFormPage(f: FormRow, lang: string, base: string, ts: string, closed: string | null): string {
  const def = f.definition as FormDefinition;
  const title = textIn(def.title, lang, f.name);
  if (closed) return page(lang, title, `<div class="cf-form"><h2>${esc(title)}</h2><p class="cf-msg cf-bad">${esc(closed)}</p></div>`);
  const s = f.settings as FormSettings;
  const captchaScript = s.captcha ? (s.captcha.provider === 'turnstile' ? '<script src="https://challenges.cloudflare.com/turnstile/v0/api.js" async defer></script>' : '<script src="https://js.hcaptcha.com/1/api.js" async defer></script>') : '';
  return page(lang, title, formFragment(f, lang, `${base}/f/${f.public_id}`, ts), { head: `<script src="${base}/f/client.js" defer></script>${captchaScript}` });
}

export function messagePage(lang: string, message: string, ok: boolean): string {
  return page(lang, message, `<div class="cf-form"><p class="cf-msg${ok ? '' : ' cf-bad'}" role="status">${esc(message)}</p></div>`);
}

/** The HTML snippet for sites that cannot run our script: a plain form posting to the endpoint. */
export function noJsSnippet(f: FormRow, lang: string, base: string, snippetTs: string): string {
  return `<style>${FORM_CSS}</style>\n${formFragment(f, lang, `${base}/f/${f.public_id}`, snippetTs)}`;
}

/** The JavaScript embed: one tag; the script inserts the form where it stands and validates inline. */
export function jsSnippet(f: FormRow, lang: string, base: string): string {
  return `<div data-clarion-form="${f.public_id}" data-lang="${lang}"></div>\n<script src="${base}/f/${f.public_id}/embed.js" async></script>`;
}
