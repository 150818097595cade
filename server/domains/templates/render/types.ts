/** Public types of the email template compiler and renderer. */
import type { Template } from 'liquidjs';
import type { EncodedBody } from '../../channels/email/mime/encoded-body.js';
import type { FastSlot, FastTemplate } from './fast-path.js';
import type { TrackedLink, UntrackedLink } from './links.js';

/** What the author wrote. */
export interface EmailTemplateInput {
  format: 'mjml' | 'html';
  source: string;
  subject: string;
  preheader?: string;
  /** Hand-written plain-text part (Liquid allowed); null/empty = generate from the HTML. */
  textOverride?: string | null;
  dir?: 'ltr' | 'rtl';
  /** BCP 47 language of the content, written to `<html lang>` (replacing MJML's `und`). */
  lang?: string | null;
  trackLinks: boolean;
  /** Query parameters added to every http(s) link that doesn't already carry them, e.g. utm_source. */
  utm?: Record<string, string> | null;
}

export interface CompileOptions {
  /** Largest rendered HTML per recipient, in bytes; larger renders throw TemplateRenderError. Default 1 MiB. */
  maxOutputBytes?: number;
  /** Label of the unsubscribe link added when the template has none. Default "Unsubscribe". */
  unsubscribeLabel?: string;
}

/** One part (subject, HTML or text) ready to render: parsed Liquid plus, when possible, a fast template. */
export interface CompiledPart {
  /** The Liquid source of this part after compilation (for previews and debugging). */
  source: string;
  liquid: Template[];
  /** Non-null when the part only uses simple output tags (see fast-path.ts). */
  fast: FastTemplate | null;
  /** The fast template with its static text already quoted-printable encoded (HTML and text parts only). */
  qp: QpTemplate | null;
  /** UTF-8 bytes of the static text of the fast template. */
  staticBytes: number;
}

/** Pre-encoded static pieces and the slots between them. */
export type QpTemplate = (Uint8Array | FastSlot)[];

/** A campaign's email, compiled once and rendered per recipient by `renderEmail`. */
export interface CompiledEmail {
  subject: CompiledPart;
  html: CompiledPart;
  text: CompiledPart;
  /** Link table: `click(index)` is called with these indexes. Store it with the campaign. */
  links: TrackedLink[];
  untrackedLinks: UntrackedLink[];
  /** True when the template had no `{{ unsubscribe_url }}` and a footer link was added. */
  unsubscribeAdded: boolean;
  /** Non-fatal MJML validation findings. */
  mjmlWarnings: { line?: number; message: string; tagName?: string }[];
  maxOutputBytes: number;
}

/** Contact data visible to templates as `contact.*`. */
export interface TemplateContact {
  email: string;
  first_name?: string | null;
  last_name?: string | null;
  phone?: string | null;
  /** Custom fields, visible as `contact.fields.<key>`. */
  fields?: Record<string, unknown> | null;
}

/** Per-recipient URLs, all produced by the caller (signed tokens live outside this module). */
export interface RenderUrls {
  unsubscribe: string;
  viewInBrowser: string;
  /** Full URL of the open pixel, or null to send without one. */
  openPixel: string | null;
  click: (linkIndex: number) => string;
}

export interface RenderContext {
  contact: TemplateContact;
  campaign: { name: string };
  workspace: { name: string };
  urls: RenderUrls;
}

/** A rendered recipient whose parts are ready for createMessageBuilder().build (quoted-printable pieces). */
export interface RenderedForSend {
  subject: string;
  html: EncodedBody;
  text: EncodedBody;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}
