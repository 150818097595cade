/**
 * compileEmailTemplate: everything that is the same for every recipient of a campaign, done once.
 *
 * Order (reference §6): shield Liquid → MJML → HTML (async in mjml v5) → unsubscribe footer if missing → link
 * rewriting for click tracking → plain-text part → unshield → preheader and open-pixel placeholder → parse Liquid
 * once per part → split into a fast template when the part only uses simple output tags.
 */
import mjml2html from 'mjml';
import type { Template } from 'liquidjs';
import { msg } from '../../../lib/messages/index.js';
import { TemplateCompileError, type TemplateIssue } from './errors.js';
import { parseFast } from './fast-path.js';
import {
  afterBodyOpen,
  applyDir,
  beforeBodyClose,
  collapseWhitespace,
  ensureDocument,
  escapeText,
  preheaderSnippet,
  applyLang,
  unsubscribeFooter,
} from './html-inject.js';
import { liquidHtml, liquidText } from './liquid-engine.js';
import { rewriteLinks } from './links.js';
import { shieldLiquid } from './protect.js';
import { htmlToText } from './text-part.js';
import type { CompiledEmail, CompiledPart, CompileOptions, EmailTemplateInput, QpTemplate } from './types.js';
import { qpPiece } from '../../channels/email/mime/encode.js';

const DEFAULT_MAX_OUTPUT = 1024 * 1024;
/** The placeholder the renderer replaces with the open pixel `<img>` (or nothing). */
export const PIXEL_TAG = '{{ _clarion.pixel | raw }}';
const UNSUBSCRIBE_REF = /\bunsubscribe_url\b/;
const BLOCK_TAG = /^\{%/;

function lineOf(err: unknown): number | undefined {
  const line = (err as { token?: { getPosition?: () => [number, number] } }).token?.getPosition?.()[0];
  if (typeof line === 'number') return line;
  const m = /line:(\d+)/.exec(String((err as Error)?.message ?? ''));
  return m ? Number(m[1]) : undefined;
}

function cleanMessage(err: unknown): string {
  return String((err as Error)?.message ?? err).replace(/, line:\d+, col:\d+$/, '');
}

/** Parses Liquid, turning a syntax error into an issue that names the part the author has to fix. */
type Part = 'template' | 'subject' | 'preheader' | 'text' | 'html' | 'generated_text';

function parseLiquid(text: string, html: boolean, where: Part, issues: TemplateIssue[], withLine = true): Template[] | null {
  try {
    return (html ? liquidHtml() : liquidText()).parse(text);
  } catch (err) {
    const line = withLine ? lineOf(err) : undefined;
    issues.push({ ...msg('template.liquid_syntax', { part: where, detail: cleanMessage(err), line: line ?? 'none' }), ...(line ? { line } : {}) });
    return null;
  }
}

function part(source: string, liquid: Template[], encode: boolean): CompiledPart {
  const fast = parseFast(source);
  let staticBytes = 0;
  let qp: QpTemplate | null = null;
  if (fast) {
    for (const p of fast) if (typeof p === 'string') staticBytes += Buffer.byteLength(p);
    // Encode the static text once per campaign; each piece ends with a soft break so slots start at column 0.
    if (encode) qp = fast.map((p, i) => (typeof p === 'string' ? qpPiece(p, i < fast.length - 1) : p));
  }
  return { source, liquid, fast, qp, staticBytes };
}

/** Runs MJML, reporting a broken document as a compile issue and validation findings as warnings. */
async function renderMjml(source: string, issues: TemplateIssue[], warnings: CompiledEmail['mjmlWarnings']): Promise<string | null> {
  try {
    const res = await mjml2html(source, { validationLevel: 'soft', minify: false, keepComments: false, ignoreIncludes: true });
    for (const e of res.errors ?? []) warnings.push({ line: e.line, message: e.message, tagName: e.tagName });
    if (!res.html) {
      issues.push(msg('template.mjml_empty'));
      return null;
    }
    return res.html;
  } catch (err) {
    issues.push(msg('template.mjml_invalid', { detail: cleanMessage(err) }));
    return null;
  }
}

/**
 * Compiles a campaign email once. Throws TemplateCompileError (with every issue found) when the template cannot be
 * sent; non-fatal findings are returned in `mjmlWarnings`, `untrackedLinks` and `unsubscribeAdded`.
 */
export async function compileEmailTemplate(input: EmailTemplateInput, opts: CompileOptions = {}): Promise<CompiledEmail> {
  const issues: TemplateIssue[] = [];
  const mjmlWarnings: CompiledEmail['mjmlWarnings'] = [];
  const dir = input.dir ?? 'ltr';

  if (!input.source || !input.source.trim()) throw new TemplateCompileError([msg('template.empty')]);
  // Check the author's Liquid first, so syntax errors point at lines of what they wrote.
  parseLiquid(input.source, true, 'template', issues);
  const subjectTpl = parseLiquid(input.subject ?? '', false, 'subject', issues, false);
  const preheader = input.preheader?.trim() ? input.preheader : '';
  if (preheader) parseLiquid(preheader, false, 'preheader', issues, false);
  const textOverride = input.textOverride?.trim() ? input.textOverride : null;
  const textOverrideTpl = textOverride ? parseLiquid(textOverride, false, 'text', issues) : null;
  if (issues.length) throw new TemplateCompileError(issues);

  const shield = shieldLiquid(input.source);
  let html: string | null;
  if (input.format === 'mjml') {
    // MJML sets dir on <html> and its wrapper itself when the root <mjml> tag carries it.
    const mjml = input.dir ? shield.text.replace(/<mjml\b(?![^>]*\sdir\s*=)/i, `<mjml dir="${dir}"`) : shield.text;
    html = await renderMjml(mjml, issues, mjmlWarnings);
  } else {
    html = ensureDocument(shield.text);
  }
  if (html === null) throw new TemplateCompileError(issues);

  // MJML silently drops text it doesn't expect between components; a lost {% if %} would change what is sent.
  const kept = shield.present(html);
  shield.tags.forEach((tag, i) => {
    if (!kept.has(i) && BLOCK_TAG.test(tag)) {
      issues.push(msg('template.liquid_dropped', { tag }));
    }
  });
  if (issues.length) throw new TemplateCompileError(issues);

  html = collapseWhitespace(html);
  if (input.dir) html = applyDir(html, dir);
  if (input.lang) html = applyLang(html, input.lang);
  const unsubscribeAdded = !shield.tags.some((t) => UNSUBSCRIBE_REF.test(t));
  if (unsubscribeAdded) {
    const token = shield.add('{{ unsubscribe_url }}');
    html = beforeBodyClose(html, unsubscribeFooter(token, opts.unsubscribeLabel ?? 'Unsubscribe', dir));
  }
  const rewritten = rewriteLinks(html, shield, { trackLinks: input.trackLinks, utm: input.utm });
  let textSource = textOverride ?? shield.restore(htmlToText(rewritten.html));
  // The opt-out must be visible in both parts (Gmail/Yahoo, CAN-SPAM); a hand-written text part may lack it.
  if (textOverride && !UNSUBSCRIBE_REF.test(textOverride)) {
    textSource = `${textOverride.replace(/\s+$/, '')}\n\n${opts.unsubscribeLabel ?? 'Unsubscribe'}: {{ unsubscribe_url }}\n`;
  }

  let finalHtml = shield.restore(rewritten.html);
  if (preheader) {
    const ph = shieldLiquid(preheader);
    finalHtml = afterBodyOpen(finalHtml, preheaderSnippet(ph.restore(escapeText(ph.text))));
  }
  finalHtml = beforeBodyClose(finalHtml, PIXEL_TAG);

  const maxOutputBytes = opts.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
  if (Buffer.byteLength(finalHtml) > maxOutputBytes) {
    throw new TemplateCompileError([msg('template.too_large', { limit: maxOutputBytes })]);
  }

  // Our own edits can't break Liquid, but a tag split by HTML tooling could: report it rather than send garbage.
  const htmlTpl = parseLiquid(finalHtml, true, 'html', issues, false);
  const textTpl = textSource === textOverride ? textOverrideTpl : parseLiquid(textSource, false, 'generated_text', issues, false);
  if (issues.length || !htmlTpl || !textTpl || !subjectTpl) throw new TemplateCompileError(issues);

  return {
    subject: part(input.subject ?? '', subjectTpl, false),
    html: part(finalHtml, htmlTpl, true),
    text: part(textSource, textTpl, true),
    links: rewritten.links,
    untrackedLinks: rewritten.untracked,
    unsubscribeAdded,
    mjmlWarnings,
    maxOutputBytes,
  };
}
