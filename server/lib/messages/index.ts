/**
 * The server side of coded messages (catalogs: common/messages/, guide: docs/i18n.md). `msg(code, params)`
 * builds a Message: the code and parameters the web app renders in the user's language, plus the English
 * `message` API clients and logs read. Errors take one (`badRequest(msg(...), 'field')`); findings and
 * reasons are Messages (or objects extending one).
 */
import { messages, renderMessage, type MessageCode, type Params } from '../../../common/messages/index.js';

export type { MessageCode, Params };

export interface Message {
  code: MessageCode;
  params?: Params;
  /** The English text (for API clients, CSV exports and logs); never shown by the web app in Hebrew. */
  message: string;
}

/** A coded message with its English text filled in (UTC, en-GB numbers). */
export function msg(code: MessageCode, params?: Params): Message {
  return { code, ...(params ? { params } : {}), message: englishText(code, params) };
}

/** The English text of a code. */
export function englishText(code: MessageCode, params?: Params): string {
  return renderMessage({ code, params }, 'en', { timeZone: 'UTC' });
}

export function isMessage(v: unknown): v is Message {
  return typeof v === 'object' && v !== null && typeof (v as Message).code === 'string' && typeof (v as Message).message === 'string' && (v as Message).code in messages;
}

/**
 * A response field that carried English text (`reason`) keeps it and gains `reasonCode` + `reasonParams`, so old
 * API clients keep working and the web app renders the code.
 */
export function reasonFields(m: Message): { reason: string; reasonCode: MessageCode; reasonParams?: Params } {
  return { reason: m.message, reasonCode: m.code, ...(m.params ? { reasonParams: m.params } : {}) };
}
