/**
 * preflightEmail: everything that should stop (errors) or worry (warnings) the sender before a campaign goes
 * out. It compiles the template exactly as the send will and renders it for sample contacts, so anything that
 * passes here renders in the send too (apart from data of contacts that were not sampled).
 */
import {
  compileEmailTemplate,
  renderEmail,
  TemplateCompileError,
  TemplateRenderError,
  type CompiledEmail,
  type EmailTemplateInput,
  type TemplateContact,
} from '../render/index.js';
import { msg } from '../../../lib/messages/index.js';
import { checkEnvelope, checkImages, checkLinks, checkVariables, type Finding, type Findings } from './preflight-checks.js';

/** Gmail clips messages whose HTML exceeds about 102 KB, hiding the rest (including the unsubscribe link). */
export const GMAIL_CLIP_BYTES = 102 * 1024;

export interface PreflightInput {
  subject: string;
  fromName: string;
  fromEmail: string;
  source: string;
  format: 'mjml' | 'html';
  preheader?: string;
  textOverride?: string | null;
  dir?: 'ltr' | 'rtl';
  trackLinks?: boolean;
  utm?: Record<string, string> | null;
}

export interface PreflightResult {
  ok: boolean;
  errors: Finding[];
  warnings: Finding[];
  /** Bytes of the HTML rendered for the first sample contact (0 when it could not be rendered). */
  sizeBytes: number;
  unsubscribeAdded: boolean;
}

const SAMPLE: TemplateContact = { email: 'sample@example.com', first_name: 'Sample', last_name: 'Contact', phone: '+15555550100', fields: {} };

/** Runs all checks. `ok` is true when there are no errors (warnings don't block sending). */
export async function preflightEmail(input: PreflightInput, sampleContacts?: TemplateContact[]): Promise<PreflightResult> {
  const out: Findings = { errors: [], warnings: [] };
  checkEnvelope(input, out);
  const templateInput: EmailTemplateInput = {
    format: input.format,
    source: input.source,
    subject: input.subject ?? '',
    preheader: input.preheader,
    textOverride: input.textOverride,
    dir: input.dir,
    trackLinks: input.trackLinks ?? true,
    utm: input.utm,
  };

  let compiled: CompiledEmail | null = null;
  try {
    compiled = await compileEmailTemplate(templateInput);
  } catch (err) {
    if (err instanceof TemplateCompileError) out.errors.push(...err.issues);
    else out.errors.push(msg('preflight.compile_failed', { detail: String((err as Error)?.message ?? err) }));
  }
  if (!compiled) return { ok: false, ...out, sizeBytes: 0, unsubscribeAdded: false };

  for (const w of compiled.mjmlWarnings) {
    out.warnings.push(msg('preflight.mjml_warning', { line: w.line ? w.line : 'none', detail: w.message }));
  }
  if (compiled.unsubscribeAdded) {
    out.warnings.push(msg('preflight.unsubscribe_added'));
  }
  checkLinks(compiled, out);
  checkImages(input.source, out);
  checkVariables(
    [
      { text: input.source, html: true },
      { text: input.subject ?? '', html: false },
      ...(input.preheader ? [{ text: input.preheader, html: false }] : []),
      ...(input.textOverride ? [{ text: input.textOverride, html: false }] : []),
    ],
    out,
  );

  let sizeBytes = 0;
  const samples = sampleContacts?.length ? sampleContacts : [SAMPLE];
  for (const [i, contact] of samples.entries()) {
    try {
      const r = renderEmail(compiled, {
        contact,
        campaign: { name: 'Preview' },
        workspace: { name: 'Preview' },
        urls: {
          unsubscribe: 'https://preview.invalid/u',
          viewInBrowser: 'https://preview.invalid/v',
          openPixel: 'https://preview.invalid/o.png',
          click: (n) => `https://preview.invalid/c/${n}`,
        },
      });
      if (i === 0) sizeBytes = Buffer.byteLength(r.html);
      if (!r.subject && input.subject?.trim()) out.errors.push(msg('preflight.subject_empty', { email: contact.email }));
    } catch (err) {
      if (err instanceof TemplateRenderError && err.code === 'output_too_large') {
        out.errors.push(msg('preflight.output_too_large', { email: contact.email, limit: compiled.maxOutputBytes }));
      } else {
        const cause = err instanceof TemplateRenderError && err.cause ? err.cause : err;
        const detail = String((cause as Error)?.message ?? cause).replace(/, line:\d+, col:\d+$/, '');
        out.errors.push(msg('preflight.render_failed', { email: contact.email, detail }));
      }
    }
  }
  if (sizeBytes > GMAIL_CLIP_BYTES) {
    out.warnings.push(msg('preflight.gmail_clipping', { kb: Math.round(sizeBytes / 1024) }));
  }
  return { ok: out.errors.length === 0, ...out, sizeBytes, unsubscribeAdded: compiled.unsubscribeAdded };
}
