/**
 * Typed errors of the template compiler and renderer. They carry a stable `code` so the pre-flight and the campaign
 * pipeline can decide what to do (block the send, skip one recipient) without parsing messages.
 */

import type { Message } from '../../../lib/messages/index.js';

/** One problem found while compiling a template (a coded message). `line` is 1-based when the source position is known. */
export type TemplateIssue = Message & { line?: number };

/** Thrown by `compileEmailTemplate` when the template cannot be turned into a sendable email. */
export class TemplateCompileError extends Error {
  readonly code = 'template_compile_failed';
  readonly issues: TemplateIssue[];
  constructor(issues: TemplateIssue[]) {
    super(issues.map((i) => i.message).join('; '));
    this.name = 'TemplateCompileError';
    this.issues = issues;
  }
}

/** Thrown by `renderEmail` when one recipient's message cannot be rendered (bad data, limits exceeded). */
export class TemplateRenderError extends Error {
  readonly code: 'render_failed' | 'output_too_large';
  readonly part: 'subject' | 'html' | 'text';
  constructor(code: 'render_failed' | 'output_too_large', part: 'subject' | 'html' | 'text', message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'TemplateRenderError';
    this.code = code;
    this.part = part;
  }
}
