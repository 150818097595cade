/**
 * The template builder's form state and its translation to/from Meta's create-template body. The form keeps
 * sample values by variable name, so renaming or reordering variables never loses what the user typed.
 */
import type { WaComponent, WaTemplate } from '../../../api/whatsapp.js';

export type HeaderType = 'NONE' | 'TEXT' | 'IMAGE' | 'VIDEO' | 'DOCUMENT';
export type ButtonType = 'QUICK_REPLY' | 'URL' | 'PHONE_NUMBER';

export interface ButtonDraft {
  type: ButtonType;
  text: string;
  url?: string;
  urlSample?: string;
  phone?: string;
}

export interface TemplateDraft {
  connectionId: number | null;
  name: string;
  category: string;
  language: string;
  parameterFormat: 'positional' | 'named';
  headerType: HeaderType;
  headerText: string;
  headerSample: string;
  /** Sample media for the reviewers (Meta's upload handle or a URL). */
  headerMediaSample: string;
  body: string;
  samples: Record<string, string>;
  footer: string;
  buttons: ButtonDraft[];
}

export const emptyDraft = (connectionId: number | null): TemplateDraft => ({
  connectionId,
  name: '',
  category: 'MARKETING',
  language: 'en',
  parameterFormat: 'positional',
  headerType: 'NONE',
  headerText: '',
  headerSample: '',
  headerMediaSample: '',
  body: '',
  samples: {},
  footer: '',
  buttons: [],
});

const VAR = /\{\{([^{}]*)\}\}/g;

/** Distinct variable names of a text in the order Meta wants their samples (numbers ascending, names by appearance). */
export function variablesOf(text: string, named: boolean): string[] {
  const names = [...new Set([...text.matchAll(VAR)].map((m) => m[1]))];
  return named ? names : names.sort((a, b) => Number(a) - Number(b));
}

/** Fills variables with sample values (or leaves `{{x}}` when there is none) — for the preview. */
export function fillSamples(text: string, samples: Record<string, string>): string {
  return text.replace(VAR, (m, name: string) => samples[name]?.trim() || m);
}

/** Meta's create-template components for a draft. */
export function toComponents(d: TemplateDraft): WaComponent[] {
  const named = d.parameterFormat === 'named';
  const out: WaComponent[] = [];
  if (d.headerType === 'TEXT') {
    const vars = variablesOf(d.headerText, named);
    const h: WaComponent = { type: 'HEADER', format: 'TEXT', text: d.headerText };
    if (vars.length) h.example = named ? { header_text_named_params: vars.map((v) => ({ param_name: v, example: d.headerSample })) } : { header_text: [d.headerSample] };
    out.push(h);
  } else if (d.headerType !== 'NONE') {
    const h: WaComponent = { type: 'HEADER', format: d.headerType };
    if (d.headerMediaSample.trim()) h.example = { header_handle: [d.headerMediaSample.trim()] };
    out.push(h);
  }
  const vars = variablesOf(d.body, named);
  const body: WaComponent = { type: 'BODY', text: d.body };
  if (vars.length) body.example = named ? { body_text_named_params: vars.map((v) => ({ param_name: v, example: d.samples[v] ?? '' })) } : { body_text: [vars.map((v) => d.samples[v] ?? '')] };
  out.push(body);
  if (d.footer !== '') out.push({ type: 'FOOTER', text: d.footer });
  if (d.buttons.length) {
    out.push({
      type: 'BUTTONS',
      buttons: d.buttons.map((b) => {
        if (b.type === 'URL') {
          const btn: Record<string, unknown> = { type: 'URL', text: b.text, url: b.url ?? '' };
          if (/\{\{[^{}]*\}\}/.test(b.url ?? '')) btn.example = [b.urlSample ?? ''];
          return btn;
        }
        if (b.type === 'PHONE_NUMBER') return { type: 'PHONE_NUMBER', text: b.text, phone_number: b.phone ?? '' };
        return { type: 'QUICK_REPLY', text: b.text };
      }),
    });
  }
  return out;
}

/** The body sent to POST /whatsapp/templates/validate. */
export const toValidateBody = (d: TemplateDraft) => ({ name: d.name, language: d.language, category: d.category, parameter_format: d.parameterFormat, components: toComponents(d) });

type Comp = { type?: string; format?: string; text?: string; example?: Record<string, unknown>; buttons?: Record<string, unknown>[] };

/** A stored template back into form state (for editing a draft or showing a read-only one). */
export function fromTemplate(t: WaTemplate): TemplateDraft {
  const d = emptyDraft(t.connectionId);
  d.name = t.name;
  d.category = t.category;
  d.language = t.language;
  d.parameterFormat = t.parameterFormat === 'named' ? 'named' : 'positional';
  const named = d.parameterFormat === 'named';
  for (const raw of t.components as Comp[]) {
    const type = String(raw.type ?? '').toUpperCase();
    const ex = (raw.example ?? {}) as Record<string, unknown>;
    if (type === 'HEADER') {
      const f = String(raw.format ?? 'TEXT').toUpperCase();
      d.headerType = (['TEXT', 'IMAGE', 'VIDEO', 'DOCUMENT'].includes(f) ? f : 'NONE') as HeaderType;
      d.headerText = raw.text ?? '';
      if (named) d.headerSample = String(((ex.header_text_named_params as { example?: string }[] | undefined) ?? [])[0]?.example ?? '');
      else d.headerSample = String(((ex.header_text as string[] | undefined) ?? [])[0] ?? '');
      d.headerMediaSample = String(((ex.header_handle as string[] | undefined) ?? [])[0] ?? '');
    } else if (type === 'BODY') {
      d.body = raw.text ?? '';
      if (named) for (const p of (ex.body_text_named_params as { param_name: string; example: string }[] | undefined) ?? []) d.samples[p.param_name] = String(p.example ?? '');
      else {
        const vals = ((ex.body_text as string[][] | undefined) ?? [])[0] ?? [];
        variablesOf(d.body, false).forEach((v, i) => (d.samples[v] = String(vals[i] ?? '')));
      }
    } else if (type === 'FOOTER') d.footer = raw.text ?? '';
    else if (type === 'BUTTONS') {
      d.buttons = (raw.buttons ?? []).map((b) => {
        const bt = String(b.type ?? '').toUpperCase();
        if (bt === 'URL') return { type: 'URL', text: String(b.text ?? ''), url: String(b.url ?? ''), urlSample: String((Array.isArray(b.example) ? b.example[0] : b.example) ?? '') };
        if (bt === 'PHONE_NUMBER') return { type: 'PHONE_NUMBER', text: String(b.text ?? ''), phone: String(b.phone_number ?? '') };
        return { type: 'QUICK_REPLY', text: String(b.text ?? '') };
      });
    }
  }
  return d;
}

/** Right-to-left languages (for the preview). */
export const isRtlLanguage = (code: string) => /^(he|iw|ar|fa|ur)(_|$)/i.test(code);

/** Languages offered in the builder (Meta's codes); the user can also type another. */
export const LANGUAGES = ['he', 'en', 'en_US', 'en_GB', 'ar', 'ru', 'es', 'fr', 'de', 'pt_BR', 'it'];
