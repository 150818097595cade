/**
 * Email template rendering: compile a campaign's template once (MJML → HTML, link tracking, text part, Liquid
 * parse), then render each recipient cheaply. See docs/email-rendering.md for the template language and limits.
 */
export { compileEmailTemplate, PIXEL_TAG } from './compile.js';
export { renderEmail, pixelHtml } from './render.js';
export { renderEmailForSend } from './render-send.js';
export { TemplateCompileError, TemplateRenderError, type TemplateIssue } from './errors.js';
export { LIQUID_LIMITS } from './liquid-engine.js';
export type { TrackedLink, UntrackedLink } from './links.js';
export type {
  CompiledEmail,
  CompiledPart,
  CompileOptions,
  EmailTemplateInput,
  RenderContext,
  RenderedEmail,
  RenderedForSend,
  RenderUrls,
  TemplateContact,
} from './types.js';
