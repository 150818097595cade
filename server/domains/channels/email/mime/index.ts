/**
 * MIME building and DKIM signing for outgoing campaign email. `createMessageBuilder` is the entry point; the
 * encoders and the signer are exported for tests and for other senders (e.g. transactional mail).
 */
export { createMessageBuilder, type BuiltMessage, type MessageBuilder, type OutgoingMessage } from './message-builder.js';
export { createDkimSigner, DEFAULT_SIGNED_HEADERS, relaxedBody, relaxedHeader, type DkimOptions, type DkimSigner } from './dkim-sign.js';
export { encodeQuotedPrintable, encodeWords, formatDate, formatMailbox } from './encode.js';
export { encodeBody, isEncodedBody, type EncodedBody } from './encoded-body.js';
