/**
 * renderEmail: the per-recipient step. Fast templates are filled by concatenation; other parts (or recipients whose
 * data needs full Liquid semantics) go through LiquidJS's renderSync with the templates parsed at compile time.
 */
import type { Template } from 'liquidjs';
import { TemplateRenderError } from './errors.js';
import { escapeLiquid, renderFast } from './fast-path.js';
import { liquidHtml, liquidText } from './liquid-engine.js';
import type { CompiledEmail, CompiledPart, RenderContext, RenderedEmail } from './types.js';

const EMPTY: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

/** Builds the Liquid scope. Only documented fields are exposed, so internal contact columns never leak. */
export function buildScope(ctx: RenderContext): Record<string, unknown> {
  const c = ctx.contact;
  return {
    contact: {
      email: c.email,
      first_name: c.first_name ?? null,
      last_name: c.last_name ?? null,
      phone: c.phone ?? null,
      fields: c.fields ?? EMPTY,
    },
    campaign: { name: ctx.campaign.name },
    workspace: { name: ctx.workspace.name },
    unsubscribe_url: ctx.urls.unsubscribe,
    view_in_browser_url: ctx.urls.viewInBrowser,
  };
}

/** The open pixel: invisible, at the end of the body, never something rendering depends on (reference §4.1). */
export function pixelHtml(url: string | null): string {
  if (!url) return '';
  return `<img src="${escapeLiquid(url)}" width="1" height="1" alt="" style="display:block;border:0;width:1px;height:1px;max-height:1px;max-width:1px;opacity:0;overflow:hidden;" />`;
}

/** Renders one part to a string: fast path first, LiquidJS when needed. Errors become TemplateRenderError. */
export function renderPart(
  p: CompiledPart,
  name: 'subject' | 'html' | 'text',
  scope: Record<string, unknown>,
  ctx: RenderContext,
  pixel: string,
  linkCount: number,
): string {
  const escape = name === 'html';
  try {
    if (p.fast) {
      const out = renderFast(p.fast, scope, escape, ctx.urls.click, pixel);
      if (out !== null) return out;
    }
    const click: string[] = new Array(linkCount);
    for (let i = 0; i < linkCount; i++) click[i] = ctx.urls.click(i);
    const engine = escape ? liquidHtml() : liquidText();
    return engine.renderSync(p.liquid as Template[], { ...scope, _clarion: { click, pixel } }) as string;
  } catch (err) {
    const msg = String((err as Error)?.message ?? err).replace(/, line:\d+, col:\d+$/, '');
    throw new TemplateRenderError('render_failed', name, `Could not render the ${name === 'html' ? 'HTML' : name} for ${ctx.contact.email}: ${msg}`, err);
  }
}

/** Subjects are header values: line breaks from data would end the header, so they become spaces. */
export function renderSubject(compiled: CompiledEmail, scope: Record<string, unknown>, ctx: RenderContext): string {
  return renderPart(compiled.subject, 'subject', scope, ctx, '', compiled.links.length).replace(/[\r\n\t]+/g, ' ').trim();
}

/** Throws output_too_large when a rendered HTML string exceeds the compiled limit. */
export function checkSize(compiled: CompiledEmail, html: string, email: string): void {
  // Characters are at most 3 UTF-8 bytes each (4 for surrogate pairs = 2 chars), so length*3 bounds the size.
  if (html.length * 3 > compiled.maxOutputBytes && Buffer.byteLength(html) > compiled.maxOutputBytes) {
    throw new TemplateRenderError('output_too_large', 'html', `The rendered email for ${email} is larger than ${compiled.maxOutputBytes} bytes.`);
  }
}

/**
 * Renders one recipient's subject, HTML and text. Throws TemplateRenderError when Liquid fails (limits, bad data)
 * or the HTML exceeds the compiled `maxOutputBytes`.
 */
export function renderEmail(compiled: CompiledEmail, ctx: RenderContext): RenderedEmail {
  const scope = buildScope(ctx);
  const pixel = pixelHtml(ctx.urls.openPixel);
  const n = compiled.links.length;
  const subject = renderSubject(compiled, scope, ctx);
  const html = renderPart(compiled.html, 'html', scope, ctx, pixel, n);
  checkSize(compiled, html, ctx.contact.email);
  const text = renderPart(compiled.text, 'text', scope, ctx, '', n);
  return { subject, html, text };
}
