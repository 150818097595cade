/**
 * Builds the `template` object of a send (reference §1.4) from a stored, approved template and the values an
 * agent or a rule supplies: body variables (positional list or named map), a header text value or a header
 * media link. Missing values are refused with the variable's name, so nothing half-filled reaches Meta.
 */
import { badRequest } from '../../../lib/errors.js';
import { findVariables } from '../../channels/whatsapp/template-rules.js';
import type { TemplateSendComponent } from '../../channels/whatsapp/wa-types.js';
import type { TemplateRow } from '../templates/templates.repo.js';

/** Values for a template send. */
export interface TemplateValues {
  /** Body variables: ['Dana', '#4821'] for {{1}}, {{2}}…, or { first_name: 'Dana' } for named templates. */
  variables?: string[] | Record<string, string>;
  /** Value of the header's text variable, if it has one. */
  headerText?: string;
  /** Public HTTPS link of the header image/video/document, for media headers. */
  headerMediaLink?: string;
}

type Comp = { type?: string; format?: string; text?: string };

function valueFor(vars: TemplateValues['variables'], name: string, index: number): string | undefined {
  if (!vars) return undefined;
  if (Array.isArray(vars)) return /^\d+$/.test(name) ? vars[Number(name) - 1] : vars[index];
  return vars[name];
}

/** The Graph `template` object and the filled-in body text (for the inbox's preview). */
export function buildTemplateSend(t: TemplateRow, values: TemplateValues): { template: { name: string; language: { code: string }; components: TemplateSendComponent[] }; text: string } {
  const comps = (t.components ?? []) as Comp[];
  const named = t.parameter_format === 'named';
  const components: TemplateSendComponent[] = [];
  const header = comps.find((c) => String(c.type).toUpperCase() === 'HEADER');
  if (header) {
    const format = String(header.format ?? 'TEXT').toUpperCase();
    if (format === 'TEXT') {
      const hv = findVariables(header.text ?? '');
      if (hv.length) {
        if (!values.headerText) throw badRequest(`The header needs a value for {{${hv[0].name}}}.`, 'headerText');
        components.push({ type: 'header', parameters: [{ type: 'text', text: values.headerText, ...(named ? { parameter_name: hv[0].name } : {}) }] });
      }
    } else if (['IMAGE', 'VIDEO', 'DOCUMENT'].includes(format)) {
      if (!values.headerMediaLink) throw badRequest(`The header is a ${format.toLowerCase()}: give its public link.`, 'headerMediaLink');
      const kind = format.toLowerCase();
      components.push({ type: 'header', parameters: [{ type: kind, [kind]: { link: values.headerMediaLink } }] });
    }
  }
  const body = comps.find((c) => String(c.type).toUpperCase() === 'BODY');
  let text = body?.text ?? '';
  const vars = findVariables(text);
  if (vars.length) {
    const params = vars.map((v, i) => {
      const value = valueFor(values.variables, v.name, i);
      if (value === undefined || value === '') throw badRequest(`Give a value for the variable {{${v.name}}}.`, 'variables');
      return { type: 'text', text: value, ...(named ? { parameter_name: v.name } : {}) };
    });
    components.push({ type: 'body', parameters: params });
    text = text.replace(/\{\{([^{}]*)\}\}/g, (_m, name: string) => {
      const i = vars.findIndex((v) => v.name === name);
      return String(valueFor(values.variables, name, i) ?? '');
    });
  }
  const buttons = comps.find((c) => String(c.type).toUpperCase() === 'BUTTONS') as { buttons?: { type?: string; url?: string }[] } | undefined;
  if (buttons?.buttons?.some((b) => String(b.type).toUpperCase() === 'URL' && findVariables(b.url ?? '').length)) {
    throw badRequest('Templates with a variable in a URL button cannot be sent from the inbox yet; use a campaign.', 'templateId');
  }
  return { template: { name: t.name, language: { code: t.language }, components }, text };
}
