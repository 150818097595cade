/**
 * What a WhatsApp campaign sends: an approved template of the chosen number, each of its variables mapped to a
 * contact field (with a fallback) or fixed text, an optional header media URL, and URL-button suffixes. Compiled
 * once per campaign into a function that builds the Cloud API `template` object per recipient (reference §1.4).
 * Quick-reply buttons carry a payload naming the campaign and delivery, so a tap is attributed in the report.
 */
import { findVariables } from '../channels/whatsapp/template-rules.js';
import type { ContactForSend } from '../channels/channel.js';

/** Where a variable's value comes from. */
export type VarSource = { field: string; fallback?: string } | { text: string };

/** The content of a WhatsApp campaign (frozen at send). */
export interface WaCampaignContent {
  /** wa_templates.id of an APPROVED template of the campaign's number. */
  waTemplateId: number;
  /** Body variables by name: '1', '2'… (positional) or 'first_name' (named). */
  variables?: Record<string, VarSource>;
  /** The header's text variable, if it has one. */
  headerVariable?: VarSource;
  /** Public HTTPS link of the header image/video/document (checked when the campaign is saved/sent). */
  headerMediaUrl?: string;
  /** URL-button suffixes by button index ('0', '1'). */
  urlButtons?: Record<string, VarSource>;
}

/** Settings of a WhatsApp campaign. */
export interface WaCampaignSettings {
  /** wa_connections.id: the number it is sent from. */
  connectionId: number;
}

/** The template row fields this module needs. */
export interface TemplateDef {
  id: number;
  name: string;
  language: string;
  category: string;
  status: string;
  parameter_format: string;
  components: unknown;
}

type Comp = { type?: string; format?: string; text?: string; buttons?: { type?: string; url?: string; text?: string }[] };

const comps = (t: TemplateDef) => ((t.components ?? []) as Comp[]).map((c) => ({ ...c, type: String(c.type ?? '').toUpperCase() }));

/** Meta refuses parameters with line breaks, tabs or more than 4 spaces in a row (132007): clean them. */
export function cleanParam(v: string, max = 1024): string {
  return v.replace(/[\r\n\t]+/g, ' ').replace(/ {5,}/g, '    ').trim().slice(0, max);
}

/** Value of a contact field by key: first_name, last_name, email, phone, or a custom field key (fields.x too). */
export function contactValue(c: ContactForSend, field: string): string {
  const key = field.replace(/^contact\./, '').replace(/^fields\./, (m) => m);
  switch (key) {
    case 'first_name':
    case 'firstName':
      return c.firstName;
    case 'last_name':
    case 'lastName':
      return c.lastName;
    case 'email':
      return c.email ?? '';
    case 'phone':
      return c.phone ?? '';
    default: {
      const k = key.startsWith('fields.') ? key.slice(7) : key;
      const v = c.fields?.[k];
      return v === undefined || v === null ? '' : String(v);
    }
  }
}

function resolve(src: VarSource, c: ContactForSend, max?: number): string {
  if ('text' in src) return cleanParam(src.text, max);
  const v = cleanParam(contactValue(c, src.field), max);
  return v || cleanParam(src.fallback ?? '', max);
}

/** Problems with a content against its template (empty = every variable is mapped, media given where needed). */
export function contentProblems(t: TemplateDef, content: WaCampaignContent): string[] {
  const out: string[] = [];
  const all = comps(t);
  const header = all.find((c) => c.type === 'HEADER');
  const body = all.find((c) => c.type === 'BODY');
  const buttons = all.find((c) => c.type === 'BUTTONS')?.buttons ?? [];
  const mapped = (src: VarSource | undefined) => !!src && ('text' in src ? src.text.trim() !== '' : !!src.field && (src.fallback ?? '').trim() !== '') ;
  const fieldOnly = (src: VarSource | undefined) => !!src && 'field' in src && !!src.field;
  for (const v of findVariables(body?.text ?? '')) {
    const src = content.variables?.[v.name];
    if (!src) out.push(`Map the body variable {{${v.name}}} to a contact field or fixed text.`);
    else if (!mapped(src) && !fieldOnly(src)) out.push(`The body variable {{${v.name}}} has no value.`);
  }
  const hf = String(header?.format ?? 'TEXT').toUpperCase();
  if (header && hf === 'TEXT' && findVariables(header.text ?? '').length && !content.headerVariable) out.push('Map the header variable to a contact field or fixed text.');
  if (header && ['IMAGE', 'VIDEO', 'DOCUMENT'].includes(hf) && !content.headerMediaUrl) out.push(`The template has a ${hf.toLowerCase()} header: give the media URL.`);
  buttons.forEach((b, i) => {
    if (String(b.type).toUpperCase() === 'URL' && findVariables(b.url ?? '').length && !content.urlButtons?.[String(i)]) {
      out.push(`The URL button "${b.text ?? i}" ends with a variable: map it to a contact field or fixed text.`);
    }
  });
  return out;
}

/** The header media kind a template needs (image/video/document) or null. */
export function headerMediaKind(t: TemplateDef): 'image' | 'video' | 'document' | null {
  const h = comps(t).find((c) => c.type === 'HEADER');
  const f = String(h?.format ?? '').toUpperCase();
  return f === 'IMAGE' ? 'image' : f === 'VIDEO' ? 'video' : f === 'DOCUMENT' ? 'document' : null;
}

/** The per-recipient builder of the `template` object (compiled once per campaign). */
export type TemplateBuilder = (c: ContactForSend, ids: { campaignId: number; deliveryId: number }) => Record<string, unknown>;

/** Compiles a template + mapping into a fast per-recipient builder. */
export function compileTemplate(t: TemplateDef, content: WaCampaignContent): TemplateBuilder {
  const all = comps(t);
  const named = t.parameter_format === 'named';
  const header = all.find((c) => c.type === 'HEADER');
  const bodyVars = [...new Set(findVariables(all.find((c) => c.type === 'BODY')?.text ?? '').map((v) => v.name))];
  const headerVars = header && String(header.format ?? 'TEXT').toUpperCase() === 'TEXT' ? findVariables(header.text ?? '').map((v) => v.name) : [];
  const media = headerMediaKind(t);
  const buttons = all.find((c) => c.type === 'BUTTONS')?.buttons ?? [];
  const p = (name: string, text: string) => ({ type: 'text', text, ...(named ? { parameter_name: name } : {}) });
  return (c, ids) => {
    const components: Record<string, unknown>[] = [];
    if (headerVars.length && content.headerVariable) components.push({ type: 'header', parameters: [p(headerVars[0], resolve(content.headerVariable, c, 60))] });
    if (media && content.headerMediaUrl) components.push({ type: 'header', parameters: [{ type: media, [media]: { link: content.headerMediaUrl } }] });
    if (bodyVars.length) {
      components.push({ type: 'body', parameters: bodyVars.map((name) => p(name, resolve(content.variables?.[name] ?? { text: '' }, c))) });
    }
    buttons.forEach((b, index) => {
      const type = String(b.type).toUpperCase();
      if (type === 'QUICK_REPLY') {
        components.push({ type: 'button', sub_type: 'quick_reply', index: String(index), parameters: [{ type: 'payload', payload: `clarion:c${ids.campaignId}:d${ids.deliveryId}:b${index}` }] });
      } else if (type === 'URL' && findVariables(b.url ?? '').length) {
        const src = content.urlButtons?.[String(index)] ?? { text: '' };
        components.push({ type: 'button', sub_type: 'url', index: String(index), parameters: [{ type: 'text', text: resolve(src, c, 2000) }] });
      }
    });
    return { name: t.name, language: { code: t.language }, components };
  };
}
