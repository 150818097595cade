/**
 * The one error type the HTTP edge understands. Domain code throws these through the factories below;
 * anything else that reaches the edge is an internal error and is logged in full but never shown.
 *
 * `code` is the error's kind (`invalid_request`, `conflict`, `window_closed`, …) that API clients branch on.
 * The sentence is a coded message (server/lib/messages, docs/i18n.md): pass `msg('<area>.<code>', params)` and the
 * edge answers `messageCode` + `params` beside the English `message`, so the web app can show it in Hebrew.
 * A plain string still works but reaches every user in English: convert it.
 */
import { msg, type Message, type MessageCode, type Params } from './messages/index.js';

export type MessageArg = string | Message;

export class AppError extends Error {
  /** The catalog code of the message (absent for a plain-string message). */
  readonly messageCode?: MessageCode;
  readonly params?: Params;
  constructor(
    readonly status: number,
    readonly code: string,
    message: MessageArg,
    readonly field?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(typeof message === 'string' ? message : message.message);
    this.name = 'AppError';
    if (typeof message !== 'string') {
      this.messageCode = message.code;
      if (message.params) this.params = message.params;
    }
  }
}

export const badRequest = (message: MessageArg, field?: string, details?: Record<string, unknown>) =>
  new AppError(400, 'invalid_request', message, field, details);
export const validationFailed = (field: string, message: MessageArg) => new AppError(400, 'validation_failed', message, field);
export const unauthorized = (message: MessageArg = msg('error.unauthorized')) => new AppError(401, 'unauthorized', message);
export const forbidden = (message: MessageArg = msg('error.forbidden')) => new AppError(403, 'forbidden', message);
/** `what` is the English noun ('SMTP server'); its snake_case form is the `what` the catalog translates. */
export const notFound = (what: string) => new AppError(404, 'not_found', { ...msg('error.not_found', { what: nounKey(what) }), message: `${what} not found.` });
export const conflict = (message: MessageArg, field?: string, details?: Record<string, unknown>) =>
  new AppError(409, 'conflict', message, field, details);
export const tooLarge = (message: MessageArg = msg('error.payload_too_large')) => new AppError(413, 'payload_too_large', message);
export const tooMany = (message: MessageArg = msg('error.rate_limited')) => new AppError(429, 'rate_limited', message);

/** 'SMTP server' → 'smtp_server', 'Auto-reply rule' → 'auto_reply_rule'. */
export function nounKey(what: string): string {
  return what.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}
