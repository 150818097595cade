/**
 * Builds a complete, DKIM-signed RFC 5322 marketing message (multipart/alternative, UTF-8, quoted-printable) from
 * rendered parts, by concatenating precomputed pieces. One builder per sending domain; reuse it for the whole send.
 *
 * Headers every message carries and why: docs/email-rendering.md § "Message headers".
 */
import { randomBytes } from 'node:crypto';
import { isEncodedBody, type EncodedBody } from './encoded-body.js';
import { createDkimSigner, type DkimOptions, type DkimSigner, type RawHeader } from './dkim-sign.js';
import { assertNoLineBreak, checkAddress, foldHeader, foldTokens, formatDate, mailboxTokens, qpEncodeInto, Scratch } from './encode.js';

/** One outgoing message. `html`/`text` are the rendered parts (e.g. from renderEmail). */
export interface OutgoingMessage {
  /** Globally unique id without angle brackets, e.g. `<uuid>@mail.example.com`'s inside. */
  messageId: string;
  from: { name: string; address: string };
  replyTo?: string;
  to: string;
  subject: string;
  /** Rendered HTML, or pre-encoded pieces from renderEmailForSend (faster: the static template is encoded once). */
  html: string | EncodedBody;
  text: string | EncodedBody;
  /** Envelope sender (SMTP MAIL FROM, e.g. a VERP bounce address). Not written as a header: the receiver adds it. */
  returnPath: string;
  /**
   * Unsubscribe endpoint in the instance's own scheme. An https URL is also the RFC 8058 one-click POST target
   * (List-Unsubscribe-Post is added); an http instance advertises its http URL without one-click, which RFC 8058
   * allows only over https, rather than an https URL it cannot serve.
   */
  listUnsubscribeUrl: string;
  /** mailto: unsubscribe address, with or without the `mailto:` prefix. */
  listUnsubscribeMailto: string;
  /** Gmail Feedback Loop id, e.g. `campaignId:listId:workspaceId:clarion`. */
  feedbackId: string;
  /** e.g. `Acme news <news.acme.example.com>`; the part in <> must be a domain-like list id. */
  listId?: string;
  extraHeaders?: Record<string, string>;
  date?: Date;
}

/** The signed bytes plus the SMTP envelope the transport must use. */
export interface BuiltMessage {
  raw: Buffer;
  envelope: { from: string; to: string[] };
}

export interface MessageBuilder {
  /** Builds and signs on the calling thread. */
  build(msg: OutgoingMessage): BuiltMessage;
  /** Builds on the calling thread, signs on the libuv thread pool (lets a second core do the RSA work). */
  buildAsync(msg: OutgoingMessage): Promise<BuiltMessage>;
}

/** Headers the builder writes itself; extraHeaders may not replace them. */
const RESERVED = new Set([
  'from', 'to', 'cc', 'bcc', 'subject', 'date', 'message-id', 'reply-to', 'mime-version', 'content-type',
  'content-transfer-encoding', 'list-unsubscribe', 'list-unsubscribe-post', 'list-id', 'feedback-id',
  'dkim-signature', 'return-path', 'received', 'sender',
]);

function angle(id: string): string {
  const v = id.trim().replace(/^<|>$/g, '');
  if (!/^[^\s<>@]+@[^\s<>@]+$/.test(v)) throw new Error(`Message-ID must look like local@domain: ${JSON.stringify(id)}`);
  return `<${v}>`;
}

function checkUrl(url: string, scheme: 'https:' | 'http:' | 'mailto:'): string {
  assertNoLineBreak(url, 'List-Unsubscribe URL');
  const u = url.trim();
  if (!u.toLowerCase().startsWith(scheme) || /[\s<>]/.test(u)) throw new Error(`List-Unsubscribe needs a ${scheme} URL, got ${JSON.stringify(url)}`);
  return u;
}

const PART_HEAD = (type: string) =>
  `Content-Type: text/${type}; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n`;

/**
 * Creates a builder. The MIME boundary is fixed per builder: it starts with "=_", which quoted-printable output
 * can never contain, so it cannot collide with any body.
 */
export function createMessageBuilder(opts: { dkim?: DkimOptions } = {}): MessageBuilder {
  const signer: DkimSigner | null = opts.dkim ? createDkimSigner(opts.dkim) : null;
  const boundary = `=_clarion_${randomBytes(12).toString('hex')}`;
  const contentType = `multipart/alternative; boundary="${boundary}"`;
  const partText = Buffer.from(`--${boundary}\r\n${PART_HEAD('plain')}`, 'latin1');
  const partHtml = Buffer.from(`\r\n--${boundary}\r\n${PART_HEAD('html')}`, 'latin1');
  const closing = Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1');
  const inScratch = new Scratch();
  const outScratch = new Scratch();

  /** QP-encodes one part (unless already encoded) and copies it out of the scratch buffer. */
  function encodePart(text: string | EncodedBody): readonly Uint8Array[] {
    if (isEncodedBody(text)) return text.pieces;
    const src = inScratch.ensure(text.length * 3 + 4);
    const n = src.write(text, 0, 'utf8');
    const out = outScratch.ensure(Math.ceil(n * 3.1) + 16);
    const end = qpEncodeInto(src, n, out, 0);
    return [Buffer.from(out.subarray(0, end))];
  }

  function assemble(msg: OutgoingMessage): { headers: RawHeader[]; body: Uint8Array[]; envelope: BuiltMessage['envelope']; date: Date } {
    const date = msg.date ?? new Date();
    const to = checkAddress(msg.to, 'To');
    const returnPath = checkAddress(msg.returnPath, 'Return-Path');
    assertNoLineBreak(msg.feedbackId, 'Feedback-ID');
    const subject = msg.subject.replace(/[\r\n\t]+/g, ' ').trim();
    const mailto = msg.listUnsubscribeMailto.trim().toLowerCase().startsWith('mailto:')
      ? msg.listUnsubscribeMailto
      : `mailto:${msg.listUnsubscribeMailto}`;
    const oneClick = !/^http:/i.test(msg.listUnsubscribeUrl.trim());
    const headers: RawHeader[] = [
      ['From', foldTokens('From', mailboxTokens(msg.from.name, msg.from.address)).slice('From:'.length, -2)],
      ['To', ` <${to}>`],
      ['Subject', foldHeader('Subject', subject).slice('Subject:'.length, -2)],
      ['Date', ' ' + formatDate(date)],
      ['Message-ID', ' ' + angle(msg.messageId)],
    ];
    if (msg.replyTo) headers.push(['Reply-To', ` <${checkAddress(msg.replyTo, 'Reply-To')}>`]);
    headers.push(
      ['MIME-Version', ' 1.0'],
      ['Content-Type', ` ${contentType}`],
      // RFC 2369 + RFC 8058: both URIs (Microsoft acts on mailto:, Gmail/Yahoo POST to https:).
      ['List-Unsubscribe', ` <${checkUrl(msg.listUnsubscribeUrl, oneClick ? 'https:' : 'http:')}>,\r\n <${checkUrl(mailto, 'mailto:')}>`],
    );
    if (oneClick) headers.push(['List-Unsubscribe-Post', ' List-Unsubscribe=One-Click']);
    if (msg.listId) {
      assertNoLineBreak(msg.listId, 'List-Id');
      headers.push(['List-Id', foldHeader('List-Id', msg.listId).slice('List-Id:'.length, -2)]);
    }
    headers.push(['Feedback-ID', ' ' + msg.feedbackId.trim()]);
    for (const [name, value] of Object.entries(msg.extraHeaders ?? {})) {
      if (!/^[A-Za-z0-9-]+$/.test(name) || RESERVED.has(name.toLowerCase())) throw new Error(`Header ${name} cannot be set as an extra header.`);
      assertNoLineBreak(value, name);
      headers.push([name, foldHeader(name, value).slice(name.length + 1, -2)]);
    }
    const body = [partText, ...encodePart(msg.text), partHtml, ...encodePart(msg.html), closing];
    return { headers, body, envelope: { from: returnPath, to: [to] }, date };
  }

  function join(dkimLine: string, headers: RawHeader[], body: Uint8Array[]): Buffer {
    let head = dkimLine;
    for (const [name, value] of headers) head += `${name}:${value}\r\n`;
    head += '\r\n';
    // Header text is ASCII by construction (encoded words), so latin1 is an exact, fast byte copy.
    return Buffer.concat([Buffer.from(head, 'latin1'), ...body]);
  }

  return {
    build(msg) {
      const { headers, body, envelope, date } = assemble(msg);
      const dkim = signer ? signer.sign(headers, signer.bodyHash(body), date) : '';
      return { raw: join(dkim, headers, body), envelope };
    },
    async buildAsync(msg) {
      const { headers, body, envelope, date } = assemble(msg);
      const dkim = signer ? await signer.signAsync(headers, signer.bodyHash(body), date) : '';
      return { raw: join(dkim, headers, body), envelope };
    },
  };
}
