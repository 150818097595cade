/**
 * Payload checks for `POST /{phone-number-id}/messages`, with the limits of reference §1 and
 * Meta's codes: 100/131008/131009 for malformed payloads, 131051 unsupported type, and the
 * template codes 132000/132001/132005/132007/132012/132015/132016.
 */
import { countVariables, findVariables } from '../../domains/channels/whatsapp/template-rules.js';
import type { SendMessageRequest, TemplateSendComponent } from '../../domains/channels/whatsapp/wa-types.js';
import type { SimContext } from './context.js';
import { GraphError } from './graph-errors.js';
import type { SimTemplate } from './state.js';

const FREE_FORM = new Set(['text', 'image', 'video', 'audio', 'document', 'sticker', 'location', 'contacts', 'interactive', 'reaction']);
const MEDIA = new Set(['image', 'video', 'audio', 'document', 'sticker']);

/** What the send route needs to know after validation. */
export interface CheckedSend {
  type: string;
  template: SimTemplate | null;
  /** Set when the message will be accepted but fail later (e.g. unknown media id → 131053). */
  asyncFailure: number | null;
}

const missing = (what: string) => new GraphError(131008, `The parameter ${what} is required.`);
const invalid = (what: string) => new GraphError(131009, what);

/** Validates a send request for `wabaId`; throws GraphError on what Meta refuses synchronously. */
export function checkSend(ctx: SimContext, wabaId: string, req: SendMessageRequest): CheckedSend {
  const type = req.type ?? 'text';
  if (!FREE_FORM.has(type) && type !== 'template') throw new GraphError(131051, `Message type ${type} is not supported.`);
  const obj = req[type] as Record<string, unknown> | undefined;
  if (!obj || typeof obj !== 'object') throw missing(type);
  const done = (template: SimTemplate | null = null, asyncFailure: number | null = null): CheckedSend => ({ type, template, asyncFailure });
  switch (type) {
    case 'text': {
      const body = (obj as { body?: unknown }).body;
      if (typeof body !== 'string' || body === '') throw missing('text.body');
      if (body.length > 4096) throw new GraphError(100, 'Param text[\'body\'] must be at most 4096 characters long.');
      return done();
    }
    case 'template':
      return done(checkTemplate(ctx, wabaId, obj as SendMessageRequest['template'] & object));
    case 'interactive':
      checkInteractive(obj);
      return done();
    case 'reaction':
      if (typeof obj.message_id !== 'string' || !obj.message_id) throw missing('reaction.message_id');
      return done();
    default:
      if (MEDIA.has(type)) {
        const id = obj.id;
        const link = obj.link;
        if (typeof id !== 'string' && typeof link !== 'string') throw missing(`${type}.id or ${type}.link`);
        if (typeof link === 'string' && !/^https?:\/\//i.test(link)) throw invalid(`${type}.link must be an http(s) URL.`);
        if (typeof obj.caption === 'string' && obj.caption.length > 1024) throw new GraphError(100, 'Param caption must be at most 1024 characters long.');
        if (typeof id === 'string' && !ctx.state.media.has(id)) return done(null, 131053);
      }
      return done();
  }
}

function checkInteractive(obj: Record<string, unknown>): void {
  const kind = obj.type;
  const body = (obj.body as { text?: unknown } | undefined)?.text;
  if (typeof kind !== 'string') throw missing('interactive.type');
  if (kind !== 'location_request_message' && kind !== 'product' && (typeof body !== 'string' || body === '')) throw missing('interactive.body.text');
  if (typeof body === 'string' && body.length > 1024) throw invalid('interactive.body.text must be at most 1024 characters.');
  const footer = (obj.footer as { text?: unknown } | undefined)?.text;
  if (typeof footer === 'string' && footer.length > 60) throw invalid('interactive.footer.text must be at most 60 characters.');
  const action = (obj.action ?? {}) as Record<string, unknown>;
  if (kind === 'button') {
    const buttons = action.buttons as { reply?: { id?: unknown; title?: unknown } }[] | undefined;
    if (!Array.isArray(buttons) || buttons.length === 0) throw missing('interactive.action.buttons');
    if (buttons.length > 3) throw invalid('interactive.action.buttons can have at most 3 buttons.');
    const ids = new Set<string>();
    const titles = new Set<string>();
    for (const b of buttons) {
      const id = b?.reply?.id;
      const title = b?.reply?.title;
      if (typeof id !== 'string' || id === '' || id.length > 256 || id.trim() !== id) throw invalid('Each reply button needs an id of 1-256 characters without leading or trailing spaces.');
      if (typeof title !== 'string' || title.length < 1 || title.length > 20) throw invalid('Each reply button title must be 1-20 characters.');
      if (ids.has(id) || titles.has(title)) throw invalid('Reply button ids and titles must be unique.');
      ids.add(id);
      titles.add(title);
    }
  } else if (kind === 'list') {
    const button = action.button;
    if (typeof button !== 'string' || button.length < 1 || button.length > 20) throw invalid('interactive.action.button must be 1-20 characters.');
    const sections = action.sections as { title?: unknown; rows?: { id?: unknown; title?: unknown; description?: unknown }[] }[] | undefined;
    if (!Array.isArray(sections) || sections.length === 0) throw missing('interactive.action.sections');
    if (sections.length > 10) throw invalid('A list can have at most 10 sections.');
    let rows = 0;
    for (const s of sections) {
      if (sections.length > 1 && (typeof s.title !== 'string' || s.title === '')) throw missing('section title (required when there is more than one section)');
      if (typeof s.title === 'string' && s.title.length > 24) throw invalid('Section titles must be at most 24 characters.');
      for (const r of s.rows ?? []) {
        rows++;
        if (typeof r.id !== 'string' || r.id === '' || r.id.length > 200) throw invalid('Each row needs an id of 1-200 characters.');
        if (typeof r.title !== 'string' || r.title === '' || r.title.length > 24) throw invalid('Row titles must be 1-24 characters.');
        if (typeof r.description === 'string' && r.description.length > 72) throw invalid('Row descriptions must be at most 72 characters.');
      }
    }
    if (rows === 0) throw missing('rows');
    if (rows > 10) throw invalid('A list can have at most 10 rows in total.');
  }
}

function checkTemplate(ctx: SimContext, wabaId: string, t: NonNullable<SendMessageRequest['template']>): SimTemplate {
  if (typeof t.name !== 'string' || !t.name) throw missing('template.name');
  const lang = t.language?.code;
  if (typeof lang !== 'string' || !lang) throw missing('template.language.code');
  const tpl = ctx.state.findTemplate(wabaId, t.name, lang);
  if (!tpl || tpl.status === 'PENDING' || tpl.status === 'REJECTED' || tpl.status === 'IN_APPEAL')
    throw new GraphError(132001, `template name (${t.name}) does not exist in ${lang}`);
  if (tpl.status === 'PAUSED') throw new GraphError(132015, `Template ${t.name} (${lang}) is paused because of low quality.`);
  if (tpl.status === 'DISABLED') throw new GraphError(132016, `Template ${t.name} (${lang}) has been disabled.`);
  if (tpl.status !== 'APPROVED') throw new GraphError(132001, `template name (${t.name}) does not exist in ${lang}`);
  checkParameters(tpl, t.components ?? []);
  return tpl;
}

/** Compares supplied parameters with the template's variables, per component. */
function checkParameters(tpl: SimTemplate, sent: TemplateSendComponent[]): void {
  const def = (type: string) => tpl.components.find((c) => String(c.type).toUpperCase() === type);
  const given = (type: string) => sent.find((c) => String(c.type).toLowerCase() === type)?.parameters ?? [];
  const named = tpl.parameterFormat === 'NAMED';
  const header = def('HEADER');
  const hFormat = String(header?.format ?? '').toUpperCase();
  const hParams = given('header');
  if (header && hFormat === 'TEXT') compareText('header', header.text ?? '', hParams, named);
  else if (header && ['IMAGE', 'VIDEO', 'DOCUMENT', 'GIF', 'LOCATION'].includes(hFormat)) {
    if (hParams.length === 0) throw new GraphError(131008, `Parameter of type ${hFormat.toLowerCase()} is missing in the header.`);
    const want = hFormat === 'GIF' ? 'video' : hFormat.toLowerCase();
    if (hParams[0].type !== want) throw new GraphError(132012, `header: Format mismatch, expected ${want.toUpperCase()}, received ${String(hParams[0].type).toUpperCase()}`);
  } else if (hParams.length) throw new GraphError(132000, 'header: the template has no header variables but parameters were sent.');
  const body = def('BODY');
  const bodyText = body?.text ?? '';
  const bParams = given('body');
  compareText('body', bodyText, bParams, named);
  const hydrated = bodyText.replace(/\{\{([^{}]*)\}\}/g, (_m, name: string) => {
    const p = named ? bParams.find((x) => x.parameter_name === name) : bParams[Number(name) - 1];
    return String(p?.text ?? (p as { currency?: { fallback_value?: string } } | undefined)?.currency?.fallback_value ?? '');
  });
  if (hydrated.length > 1024) throw new GraphError(132005, `Body text after filling in parameters is ${hydrated.length} characters; the limit is 1024.`);
  for (const p of bParams) {
    if (typeof p.text === 'string' && (/[\n\t]/.test(p.text) || / {5,}/.test(p.text)))
      throw new GraphError(132007, 'Param text cannot have new-line/tab characters or more than 4 consecutive spaces.');
  }
  // URL buttons with a variable need their suffix in a `button` component with the right index.
  const buttons = def('BUTTONS')?.buttons ?? [];
  buttons.forEach((b, index) => {
    if (String(b.type).toUpperCase() !== 'URL' || findVariables(String(b.url ?? '')).length === 0) return;
    const comp = sent.find((c) => String(c.type).toLowerCase() === 'button' && Number(c.index) === index);
    if (!comp?.parameters?.length) throw new GraphError(131008, `Button at index ${index} of type Url requires a parameter.`);
  });
}

function compareText(where: string, text: string, params: { type: string; parameter_name?: string }[], named: boolean): void {
  const expected = countVariables(text);
  if (params.length !== expected)
    throw new GraphError(132000, `${where}: number of localizable_params (${params.length}) does not match the expected number of params (${expected})`);
  if (named) {
    const names = new Set(findVariables(text).map((v) => v.name));
    for (const p of params) {
      if (typeof p.parameter_name !== 'string') throw new GraphError(132012, `${where}: this template uses named parameters; every parameter needs parameter_name.`);
      if (!names.has(p.parameter_name)) throw new GraphError(132000, `${where}: parameter ${p.parameter_name} is not a variable of this template.`);
    }
  } else if (params.some((p) => typeof p.parameter_name === 'string')) {
    throw new GraphError(132012, `${where}: this template uses positional parameters; remove parameter_name.`);
  }
}
