/**
 * renderEmailForSend: the send hot path. Same output as renderEmail, but the HTML and text parts come back as
 * quoted-printable pieces: the campaign's static text was encoded at compile time, so per recipient only the
 * merge-tag values and tracking URLs are encoded. createMessageBuilder().build accepts these directly.
 */
import { encodeBody, type EncodedBody } from '../../channels/email/mime/encoded-body.js';
import { qpPiece } from '../../channels/email/mime/encode.js';
import { TemplateRenderError } from './errors.js';
import { slotValue } from './fast-path.js';
import { buildScope, checkSize, pixelHtml, renderPart, renderSubject } from './render.js';
import type { CompiledEmail, CompiledPart, RenderContext, RenderedForSend } from './types.js';

function encodePart(
  compiled: CompiledEmail,
  p: CompiledPart,
  name: 'html' | 'text',
  scope: Record<string, unknown>,
  ctx: RenderContext,
  pixel: string,
): EncodedBody {
  const escape = name === 'html';
  if (p.qp) {
    const pieces: Uint8Array[] = [];
    let size = p.staticBytes;
    let ok = true;
    try {
      for (let i = 0; i < p.qp.length; i++) {
        const piece = p.qp[i];
        if (piece instanceof Uint8Array) {
          pieces.push(piece);
          continue;
        }
        const v = slotValue(piece, scope, escape, ctx.urls.click, pixel);
        if (v === null) {
          ok = false;
          break;
        }
        size += v.length < 64 && /^[\x00-\x7f]*$/.test(v) ? v.length : Buffer.byteLength(v);
        if (v) pieces.push(qpPiece(v, i < p.qp.length - 1));
      }
    } catch (err) {
      // Only the caller's click() can throw here; report it like any render failure.
      throw new TemplateRenderError('render_failed', name, `Could not render the ${name} for ${ctx.contact.email}: ${String((err as Error)?.message ?? err)}`, err);
    }
    if (ok) {
      if (escape && size > compiled.maxOutputBytes) {
        throw new TemplateRenderError('output_too_large', 'html', `The rendered email for ${ctx.contact.email} is larger than ${compiled.maxOutputBytes} bytes.`);
      }
      return { encoding: 'quoted-printable', pieces };
    }
  }
  // Slow path: full LiquidJS render (or a recipient whose data the fast path can't take), then encode once.
  const out = renderPart(p, name, scope, ctx, pixel, compiled.links.length);
  if (escape) checkSize(compiled, out, ctx.contact.email);
  return encodeBody(out);
}

/**
 * Renders one recipient for sending. Throws TemplateRenderError like renderEmail. The parts decode to exactly
 * what renderEmail returns for the same input.
 */
export function renderEmailForSend(compiled: CompiledEmail, ctx: RenderContext): RenderedForSend {
  const scope = buildScope(ctx);
  return {
    subject: renderSubject(compiled, scope, ctx),
    html: encodePart(compiled, compiled.html, 'html', scope, ctx, pixelHtml(ctx.urls.openPixel)),
    text: encodePart(compiled, compiled.text, 'text', scope, ctx, ''),
  };
}
