/**
 * Local validator for WhatsApp message templates: reports every reason Meta would reject a
 * create-template request (reference §4.4), before it is submitted. Used by the template editor,
 * `clarion whatsapp lint` and the simulator's template review, so all three agree.
 *
 * Messages are written for marketers, not engineers: they say what is wrong and how to fix it.
 * Rules marked [U] in the reference are defaults exposed through `TemplateRuleOptions`.
 */
import type { CreateTemplateRequest, TemplateButtonDef, TemplateComponentDef } from './wa-types.js';

/** Which part of the template a violation belongs to. */
export type TemplatePart = 'NAME' | 'CATEGORY' | 'LANGUAGE' | 'HEADER' | 'BODY' | 'FOOTER' | 'BUTTONS';

/** One broken rule. `rule` is a stable machine id (for tests and UI hints); `message` is for people. */
export interface TemplateViolation {
  component: TemplatePart;
  rule: string;
  message: string;
}

/** Result of `validateTemplate`. */
export interface TemplateValidation {
  ok: boolean;
  violations: TemplateViolation[];
}

/** Tunables for rules whose exact thresholds Meta does not publish. */
export interface TemplateRuleOptions {
  /** Minimum count of ordinary words per variable in the body ("too many variables for the length") [U]. */
  minWordsPerVariable?: number;
  /** Accept well-formed language codes that are not in Meta's published list. */
  allowUnknownLanguages?: boolean;
}

/** Limits from reference §4.4, exported so UIs can show counters. */
export const TEMPLATE_LIMITS = {
  nameMax: 512,
  bodyMax: 1024,
  headerTextMax: 60,
  footerMax: 60,
  buttonTextMax: 25,
  buttonsMax: 10,
  urlButtonsMax: 2,
  phoneButtonsMax: 1,
  copyCodeButtonsMax: 1,
  quickRepliesMax: 10,
  urlMax: 2000,
  copyCodeExampleMax: 15,
} as const;

/** Language codes Meta accepts for templates (general knowledge, [U]; see allowUnknownLanguages). */
export const WHATSAPP_TEMPLATE_LANGUAGES: ReadonlySet<string> = new Set(
  ('af sq ar ar_EG ar_AE ar_LB ar_MA ar_QA az be_BY bn bn_IN bg ca zh_CN zh_HK zh_TW hr cs da prs_AF nl nl_BE en en_GB ' +
    'en_US en_AE en_AU en_CA en_GH en_IE en_IN en_JM en_MY en_NZ en_QA en_SG en_UG en_ZA et fil fi fr fr_BE fr_CA fr_CH ' +
    'fr_CI fr_MA ka de de_AT de_CH el gu ha he hi hu is id ga it ja kn kk rw_RW ko ky_KG lo lv lt mk ms ml mr nb ne fa pl ' +
    'pt_BR pt_PT pa ro ru sr si_LK sk sl es es_AR es_CL es_CO es_CR es_DO es_EC es_HN es_MX es_PA es_PE es_ES es_UY sw ' +
    'sv ta te th tr uk ur uz vi zu').split(' '),
);

const CATEGORIES = new Set(['MARKETING', 'UTILITY', 'AUTHENTICATION']);
const HEADER_FORMATS = new Set(['TEXT', 'IMAGE', 'VIDEO', 'GIF', 'DOCUMENT', 'LOCATION']);
const BUTTON_TYPES = new Set(['QUICK_REPLY', 'URL', 'PHONE_NUMBER', 'COPY_CODE', 'OTP', 'FLOW', 'CATALOG', 'MPM', 'VOICE_CALL']);
const EMOJI = /\p{Extended_Pictographic}/u;
const VAR = /\{\{([^{}]*)\}\}/g;
const POSITIONAL = /^[1-9][0-9]*$/;
const NAMED = /^[a-z_]+$/;

/** A variable found in a text: its raw inner text and where it sits. */
interface FoundVar {
  name: string;
  start: number;
  end: number;
}

/** Finds `{{...}}` variables in text. Exported for the simulator's parameter-count check. */
export function findVariables(text: string): FoundVar[] {
  const out: FoundVar[] = [];
  for (const m of text.matchAll(VAR)) out.push({ name: m[1], start: m.index!, end: m.index! + m[0].length });
  return out;
}

/** Number of distinct variables in a text (what a send must supply parameters for). */
export function countVariables(text: string | undefined): number {
  return text ? new Set(findVariables(text).map((v) => v.name)).size : 0;
}

/** True when the request asks for named parameters (`parameter_format: named`, any case). */
export function isNamedFormat(body: Pick<CreateTemplateRequest, 'parameter_format'>): boolean {
  return String(body.parameter_format ?? 'positional').toLowerCase() === 'named';
}

/**
 * Checks a create-template request against Meta's rules and returns every violation found.
 * @param body Meta's create-template request body (`name`, `language`, `category`, `parameter_format`, `components`).
 * @param options thresholds for unpublished rules.
 * @returns `{ ok, violations }`; `ok` is true only when there are no violations.
 */
export function validateTemplate(body: CreateTemplateRequest, options: TemplateRuleOptions = {}): TemplateValidation {
  const v: TemplateViolation[] = [];
  const add = (component: TemplatePart, rule: string, message: string) => v.push({ component, rule, message });
  const input = (body ?? {}) as Partial<CreateTemplateRequest>;
  checkName(input.name, add);
  const category = typeof input.category === 'string' ? input.category.toUpperCase() : '';
  if (!input.category) add('CATEGORY', 'category.required', 'Choose a category: Marketing, Utility or Authentication.');
  else if (!CATEGORIES.has(category))
    add('CATEGORY', 'category.invalid', `"${String(input.category)}" is not a WhatsApp category. Use MARKETING, UTILITY or AUTHENTICATION.`);
  checkLanguage(input.language, options, add);

  const fmt = String(input.parameter_format ?? 'positional').toLowerCase();
  if (fmt !== 'positional' && fmt !== 'named')
    add('BODY', 'parameter_format.invalid', `Variable style "${String(input.parameter_format)}" is unknown. Use "positional" ({{1}}) or "named" ({{first_name}}).`);
  const named = fmt === 'named';

  const comps = Array.isArray(input.components) ? input.components : [];
  const byType = (t: string) => comps.filter((c) => String(c?.type ?? '').toUpperCase() === t);
  for (const c of comps) {
    const t = String(c?.type ?? '').toUpperCase();
    if (!['HEADER', 'BODY', 'FOOTER', 'BUTTONS', 'CAROUSEL', 'LIMITED_TIME_OFFER'].includes(t))
      add('BODY', 'component.unknown', `The template contains an unknown part "${String(c?.type)}". Only header, body, footer and buttons are allowed.`);
  }
  const auth = category === 'AUTHENTICATION';
  const [header, ...extraHeaders] = byType('HEADER');
  const [bodyComp, ...extraBodies] = byType('BODY');
  const [footer, ...extraFooters] = byType('FOOTER');
  const [buttons, ...extraButtons] = byType('BUTTONS');
  if (extraHeaders.length) add('HEADER', 'header.multiple', 'A template can have only one header.');
  if (extraBodies.length) add('BODY', 'body.multiple', 'A template must have exactly one body text.');
  if (extraFooters.length) add('FOOTER', 'footer.multiple', 'A template can have only one footer.');
  if (extraButtons.length) add('BUTTONS', 'buttons.multiple', 'Put all buttons in a single buttons section.');

  if (auth) checkAuthentication(header, bodyComp, footer, buttons, add);
  else {
    checkBody(bodyComp, named, options, add);
    if (header) checkHeader(header, named, add);
    if (footer) checkFooter(footer, add);
  }
  if (buttons) checkButtons(buttons, category, add);
  return { ok: v.length === 0, violations: v };
}

type Add = (component: TemplatePart, rule: string, message: string) => void;

function checkName(name: unknown, add: Add): void {
  if (typeof name !== 'string' || name.length === 0) return add('NAME', 'name.required', 'Give the template a name.');
  if (!/^[a-z0-9_]+$/.test(name))
    add('NAME', 'name.charset', `The name "${name}" may only use lowercase letters (a-z), digits and underscores — no spaces, capitals, hyphens or accents. Example: summer_sale_2026.`);
  if (name.length > TEMPLATE_LIMITS.nameMax)
    add('NAME', 'name.length', `The name is ${name.length} characters long; the limit is ${TEMPLATE_LIMITS.nameMax}.`);
}

function checkLanguage(lang: unknown, options: TemplateRuleOptions, add: Add): void {
  if (typeof lang !== 'string' || lang.trim() === '') return add('LANGUAGE', 'language.required', 'Choose the language the template is written in (for example he, en_US, pt_BR).');
  if (!/^[a-z]{2,3}(_[A-Z]{2}|_[0-9]{3})?$/.test(lang)) {
    const hint = lang.replace('-', '_');
    return add('LANGUAGE', 'language.format', `"${lang}" is not a language code WhatsApp understands. Codes look like "he", "en_US" or "pt_BR"${hint !== lang ? ` (try "${hint}")` : ''}.`);
  }
  if (!options.allowUnknownLanguages && !WHATSAPP_TEMPLATE_LANGUAGES.has(lang))
    add('LANGUAGE', 'language.unsupported', `WhatsApp does not offer templates in "${lang}". Pick a supported language such as "${lang.slice(0, 2)}" or "en_US".`);
}

/** Checks variable syntax in a text and returns the valid variable names found. */
function checkVariableSyntax(part: TemplatePart, text: string, named: boolean, add: Add): FoundVar[] {
  const vars = findVariables(text);
  const rest = text.replace(VAR, '');
  if (rest.includes('{{') || rest.includes('}}'))
    add(part, 'variables.braces', 'There are unmatched curly braces. Variables must be written as {{1}} or {{name}} with two braces on each side.');
  for (const x of vars) {
    if (named && !NAMED.test(x.name)) {
      const msg = POSITIONAL.test(x.name.trim())
        ? `{{${x.name}}} is a numbered variable, but this template uses named variables. Write it as {{first_name}} style.`
        : `{{${x.name}}} is not a valid variable name. Use lowercase letters and underscores only, like {{first_name}}.`;
      add(part, 'variables.name', msg);
    } else if (!named && !POSITIONAL.test(x.name)) {
      const msg = NAMED.test(x.name.trim())
        ? `{{${x.name}}} is a named variable, but this template uses numbered variables ({{1}}, {{2}}…). Switch the variable style to "named" or number it.`
        : `{{${x.name}}} is not a valid variable. Write numbered variables as {{1}}, {{2}}… without spaces.`;
      add(part, 'variables.name', msg);
    }
  }
  return vars.filter((x) => (named ? NAMED.test(x.name) : POSITIONAL.test(x.name)));
}

function checkSequence(part: TemplatePart, vars: FoundVar[], add: Add): number[] {
  const nums = [...new Set(vars.map((x) => Number(x.name)))].sort((a, b) => a - b);
  const missing: number[] = [];
  for (let i = 1; i <= (nums.at(-1) ?? 0); i++) if (!nums.includes(i)) missing.push(i);
  if (missing.length)
    add(part, 'variables.sequence', `Variables must be numbered 1, 2, 3… without gaps. ${missing.map((n) => `{{${n}}}`).join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing.`);
  return nums;
}

function checkBody(body: TemplateComponentDef | undefined, named: boolean, options: TemplateRuleOptions, add: Add): void {
  if (!body) return add('BODY', 'body.required', 'Every template needs a body text — add the main message.');
  const text = typeof body.text === 'string' ? body.text : '';
  if (text.trim() === '') return add('BODY', 'body.required', 'The body text is empty — write the main message.');
  if (text.length > TEMPLATE_LIMITS.bodyMax)
    add('BODY', 'body.length', `The body is ${text.length} characters long; WhatsApp allows at most ${TEMPLATE_LIMITS.bodyMax}. Shorten it by ${text.length - TEMPLATE_LIMITS.bodyMax}.`);
  const vars = checkVariableSyntax('BODY', text, named, add);
  if (!named) checkSequence('BODY', vars, add);
  const trimmed = text.trim();
  if (/^\{\{[^{}]*\}\}/.test(trimmed))
    add('BODY', 'body.variable_at_start', 'The body cannot start with a variable. Put some words before it, e.g. "Hi {{1}}, …".');
  if (/\{\{[^{}]*\}\}$/.test(trimmed))
    add('BODY', 'body.variable_at_end', 'The body cannot end with a variable. Add some words or punctuation after it, e.g. "… {{2}}. Thanks!".');
  const all = findVariables(text);
  for (let i = 1; i < all.length; i++) {
    if (text.slice(all[i - 1].end, all[i].start).trim() === '') {
      add('BODY', 'body.adjacent_variables', `{{${all[i - 1].name}}} and {{${all[i].name}}} sit next to each other with no words between them. Add text between variables.`);
      break;
    }
  }
  const distinct = new Set(all.map((x) => x.name)).size;
  const words = text.replace(VAR, ' ').split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  const minWords = options.minWordsPerVariable ?? 1;
  if (distinct > 0 && words < distinct * minWords)
    add('BODY', 'body.too_many_variables', `The body has ${distinct} variables but only ${words} words. WhatsApp rejects templates that are mostly variables — add more fixed text.`);
  checkExamples('BODY', body, all, named, add);
}

/** Every variable needs a sample value so Meta's reviewers can read a realistic message. */
function checkExamples(part: 'BODY' | 'HEADER', comp: TemplateComponentDef, vars: FoundVar[], named: boolean, add: Add): void {
  if (vars.length === 0) return;
  const where = part === 'BODY' ? 'body' : 'header';
  if (named) {
    const key = part === 'BODY' ? 'body_text_named_params' : 'header_text_named_params';
    const list = comp.example?.[key];
    const given = new Map<string, string>();
    if (Array.isArray(list)) for (const p of list) if (p && typeof p.param_name === 'string') given.set(p.param_name, String(p.example ?? ''));
    for (const name of new Set(vars.map((x) => x.name))) {
      if (!given.has(name)) add(part, 'examples.missing', `Add a sample value for {{${name}}} in the ${where} (${key}). Reviewers need an example of every variable.`);
      else if (given.get(name)!.trim() === '') add(part, 'examples.empty', `The sample value for {{${name}}} in the ${where} is empty.`);
    }
    return;
  }
  const distinct = new Set(vars.map((x) => x.name)).size;
  const samples = part === 'BODY' ? comp.example?.body_text?.[0] : comp.example?.header_text;
  const key = part === 'BODY' ? 'body_text' : 'header_text';
  if (!Array.isArray(samples) || samples.length === 0)
    return add(part, 'examples.missing', `The ${where} has ${distinct} variable${distinct > 1 ? 's' : ''} but no sample values (example.${key}). Add one sample per variable.`);
  if (samples.length !== distinct)
    add(part, 'examples.count', `The ${where} has ${distinct} variable${distinct > 1 ? 's' : ''} but ${samples.length} sample value${samples.length > 1 ? 's' : ''}. Give exactly one sample per variable.`);
  if (samples.some((s) => typeof s !== 'string' || s.trim() === ''))
    add(part, 'examples.empty', `Some sample values in the ${where} are empty. Fill in a realistic example for each variable.`);
}

function checkHeader(header: TemplateComponentDef, named: boolean, add: Add): void {
  const format = String(header.format ?? '').toUpperCase();
  if (!HEADER_FORMATS.has(format))
    return add('HEADER', 'header.format', `Header type "${String(header.format ?? '')}" is unknown. Use text, image, video, GIF, document or location.`);
  if (format === 'TEXT') {
    const text = typeof header.text === 'string' ? header.text : '';
    if (text.trim() === '') return add('HEADER', 'header.text_required', 'The text header is empty. Write a header or remove it.');
    if (text.length > TEMPLATE_LIMITS.headerTextMax)
      add('HEADER', 'header.length', `The header is ${text.length} characters long; the limit is ${TEMPLATE_LIMITS.headerTextMax}.`);
    if (/[\r\n]/.test(text)) add('HEADER', 'header.newline', 'The header must be a single line — remove the line breaks.');
    if (EMOJI.test(text)) add('HEADER', 'header.emoji', 'Emoji are not allowed in the header. Move them to the body.');
    if (/[*~`]|(^|\s)_\S/.test(text)) add('HEADER', 'header.formatting', 'The header cannot use formatting such as *bold*, _italic_, ~strike~ or `code`.');
    const vars = checkVariableSyntax('HEADER', text, named, add);
    if (new Set(findVariables(text).map((x) => x.name)).size > 1)
      add('HEADER', 'header.variables', 'The header can contain at most one variable.');
    if (!named && vars.length && vars.some((x) => x.name !== '1')) add('HEADER', 'variables.sequence', 'The header variable must be {{1}}.');
    checkExamples('HEADER', header, findVariables(text), named, add);
    return;
  }
  if (format !== 'LOCATION') {
    const handle = header.example?.header_handle;
    if (!Array.isArray(handle) || handle.length === 0 || typeof handle[0] !== 'string' || handle[0] === '')
      add('HEADER', 'header.media_example', `An ${format.toLowerCase()} header needs a sample file (example.header_handle). Upload a sample ${format.toLowerCase()} for the reviewers.`);
  }
}

function checkFooter(footer: TemplateComponentDef, add: Add): void {
  const text = typeof footer.text === 'string' ? footer.text : '';
  if (text.trim() === '') return add('FOOTER', 'footer.text_required', 'The footer is empty. Write a footer or remove it.');
  if (text.length > TEMPLATE_LIMITS.footerMax)
    add('FOOTER', 'footer.length', `The footer is ${text.length} characters long; the limit is ${TEMPLATE_LIMITS.footerMax}.`);
  if (/\{\{[^{}]*\}\}/.test(text)) add('FOOTER', 'footer.variables', 'The footer cannot contain variables — it must be the same for everyone.');
}

function checkAuthentication(header: TemplateComponentDef | undefined, body: TemplateComponentDef | undefined, footer: TemplateComponentDef | undefined, buttons: TemplateComponentDef | undefined, add: Add): void {
  if (header) add('HEADER', 'auth.no_header', 'Authentication templates cannot have a header; WhatsApp uses fixed text for one-time codes.');
  if (!body) add('BODY', 'body.required', 'Authentication templates need a body section (WhatsApp fills in the standard code text).');
  const mins = footer?.code_expiration_minutes;
  if (footer && mins !== undefined && (!Number.isInteger(mins) || mins < 1 || mins > 90))
    add('FOOTER', 'auth.expiration', 'The code expiry must be a whole number of minutes between 1 and 90.');
  const list = Array.isArray(buttons?.buttons) ? buttons!.buttons : [];
  const otp = list.filter((b) => String(b?.type ?? '').toUpperCase() === 'OTP');
  if (otp.length !== 1) add('BUTTONS', 'auth.otp_button', 'Authentication templates need exactly one one-time-password (OTP) button.');
}

function checkButtons(comp: TemplateComponentDef, category: string, add: Add): void {
  const list: TemplateButtonDef[] = Array.isArray(comp.buttons) ? comp.buttons : [];
  if (list.length === 0) return add('BUTTONS', 'buttons.empty', 'The buttons section has no buttons. Add a button or remove the section.');
  const types = list.map((b) => String(b?.type ?? '').toUpperCase());
  const count = (t: string) => types.filter((x) => x === t).length;
  if (list.length > TEMPLATE_LIMITS.buttonsMax) add('BUTTONS', 'buttons.count', `There are ${list.length} buttons; a template can have at most ${TEMPLATE_LIMITS.buttonsMax}.`);
  if (count('URL') > TEMPLATE_LIMITS.urlButtonsMax) add('BUTTONS', 'buttons.url_count', `There are ${count('URL')} website buttons; at most ${TEMPLATE_LIMITS.urlButtonsMax} are allowed.`);
  if (count('PHONE_NUMBER') > TEMPLATE_LIMITS.phoneButtonsMax) add('BUTTONS', 'buttons.phone_count', `There are ${count('PHONE_NUMBER')} call buttons; only ${TEMPLATE_LIMITS.phoneButtonsMax} is allowed.`);
  if (count('COPY_CODE') > TEMPLATE_LIMITS.copyCodeButtonsMax) add('BUTTONS', 'buttons.copy_code_count', 'Only one copy-code button is allowed.');
  if (count('QUICK_REPLY') > TEMPLATE_LIMITS.quickRepliesMax) add('BUTTONS', 'buttons.quick_reply_count', `There are ${count('QUICK_REPLY')} quick replies; at most ${TEMPLATE_LIMITS.quickRepliesMax} are allowed.`);
  if (category !== 'AUTHENTICATION' && count('OTP') > 0) add('BUTTONS', 'buttons.otp_outside_auth', 'One-time-password buttons are only allowed in Authentication templates.');
  if (category === 'AUTHENTICATION' && types.some((t) => t !== 'OTP')) add('BUTTONS', 'auth.other_buttons', 'Authentication templates can only have the one-time-password button — remove the other buttons.');
  if (count('COPY_CODE') > 0 && category !== 'MARKETING') add('BUTTONS', 'buttons.copy_code_category', 'Copy-code (coupon) buttons are only allowed in Marketing templates.');
  // Quick replies form one group and call-to-action buttons another; Meta refuses them interleaved.
  const groups = types.map((t) => (t === 'QUICK_REPLY' ? 'Q' : 'C')).join('').replace(/(.)\1+/g, '$1');
  if (groups.length > 2) add('BUTTONS', 'buttons.interleaved', 'Quick-reply buttons and action buttons (website, call, copy code) are mixed. Keep all quick replies together, before or after the action buttons.');
  const seen = new Set<string>();
  list.forEach((b, i) => checkButton(b, types[i], i + 1, seen, add));
}

function checkButton(b: TemplateButtonDef, type: string, n: number, seen: Set<string>, add: Add): void {
  const label = `Button ${n}`;
  if (!BUTTON_TYPES.has(type)) return add('BUTTONS', 'button.type', `${label} has an unknown type "${String(b?.type ?? '')}". Use quick reply, website (URL), call (phone number) or copy code.`);
  const text = typeof b.text === 'string' ? b.text : '';
  if (type !== 'OTP' && type !== 'COPY_CODE' && text.trim() === '') add('BUTTONS', 'button.text_required', `${label} has no label.`);
  if (text.length > TEMPLATE_LIMITS.buttonTextMax) add('BUTTONS', 'button.text_length', `${label} label "${text}" is ${text.length} characters; the limit is ${TEMPLATE_LIMITS.buttonTextMax}.`);
  if (EMOJI.test(text)) add('BUTTONS', 'button.emoji', `${label} label cannot contain emoji.`);
  if (/\{\{[^{}]*\}\}/.test(text)) add('BUTTONS', 'button.variables', `${label} label cannot contain variables.`);
  if (/[\r\n]/.test(text)) add('BUTTONS', 'button.newline', `${label} label must be a single line.`);
  if (text.trim() !== '') {
    if (seen.has(text.trim().toLowerCase())) add('BUTTONS', 'button.duplicate', `Two buttons are labelled "${text.trim()}". Each button needs a different label.`);
    seen.add(text.trim().toLowerCase());
  }
  if (type === 'URL') checkUrlButton(b, label, add);
  if (type === 'PHONE_NUMBER' && !/^\+?[1-9][0-9 ()-]{6,20}$/.test(String(b.phone_number ?? '').trim()))
    add('BUTTONS', 'button.phone', `${label} needs a phone number in international format, like +972501234567.`);
  if (type === 'COPY_CODE') {
    const ex = Array.isArray(b.example) ? b.example[0] : b.example;
    if (typeof ex !== 'string' || ex.trim() === '') add('BUTTONS', 'button.copy_code_example', `${label} (copy code) needs a sample code in example.`);
    else if (ex.length > TEMPLATE_LIMITS.copyCodeExampleMax) add('BUTTONS', 'button.copy_code_example', `${label} sample code is longer than ${TEMPLATE_LIMITS.copyCodeExampleMax} characters.`);
  }
}

function checkUrlButton(b: TemplateButtonDef, label: string, add: Add): void {
  const url = typeof b.url === 'string' ? b.url : '';
  if (!/^https?:\/\/[^\s/$.?#][^\s]*$/i.test(url.replace(/\{\{[^{}]*\}\}/g, 'x')))
    return add('BUTTONS', 'button.url', `${label} needs a full web address starting with https:// (got "${url}").`);
  if (url.length > TEMPLATE_LIMITS.urlMax) add('BUTTONS', 'button.url_length', `${label} web address is longer than ${TEMPLATE_LIMITS.urlMax} characters.`);
  const vars = findVariables(url);
  if (vars.length > 1) add('BUTTONS', 'button.url_variables', `${label} web address has ${vars.length} variables; only one is allowed, at the very end.`);
  if (vars.length >= 1 && !url.endsWith(`{{${vars.at(-1)!.name}}}`)) add('BUTTONS', 'button.url_variable_position', `${label}: the variable in the web address must be at the very end, like https://shop.example.com/order/{{1}}.`);
  if (vars.length === 1 && vars[0].name !== '1') add('BUTTONS', 'button.url_variable_name', `${label}: the web address variable must be written {{1}}.`);
  if (vars.length >= 1) {
    const ex = Array.isArray(b.example) ? b.example[0] : b.example;
    if (typeof ex !== 'string' || ex.trim() === '') add('BUTTONS', 'button.url_example', `${label} has a variable in its web address but no sample value (example). Add a full sample URL or the sample ending.`);
  }
}
