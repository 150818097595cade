/**
 * Clarion's coded messages: every sentence the server shows a person is a code (the catalog key) plus
 * parameters, with its English and Hebrew text here. The server fills the English `message` of API answers
 * from it; the web app renders the same code in the user's language. How to add one: docs/i18n.md.
 *
 * Add an area: write `areas/<area>.ts` with defineMessages(...) and spread it into `messages` below.
 */
import { defaultLocale, type Entry, type Lang } from './catalog.js';
import { formatMessage, type Coded, type Params } from './format.js';
import { errorMessages } from './areas/errors.js';
import { groupMessages } from './areas/groups.js';
import { securityMessages } from './areas/security.js';
import { accountMessages } from './areas/accounts.js';
import { importMessages } from './areas/imports.js';
import { valueMessages } from './areas/values.js';
import { contactMessages } from './areas/contacts.js';
import { preflightMessages } from './areas/preflight.js';
import { guardMessages } from './areas/guards.js';
import { whatsappMessages } from './areas/whatsapp.js';
import { sessionMessages } from './areas/session.js';
import { campaignMessages } from './areas/campaigns.js';
import { webhookMessages } from './areas/webhooks.js';

export const messages = {
  ...errorMessages,
  ...groupMessages,
  ...securityMessages,
  ...accountMessages,
  ...valueMessages,
  ...importMessages,
  ...contactMessages,
  ...preflightMessages,
  ...guardMessages,
  ...whatsappMessages,
  ...sessionMessages,
  ...campaignMessages,
  ...webhookMessages,
} satisfies Record<string, Entry>;

export type MessageCode = keyof typeof messages;
export type { Coded, Params, Lang, Entry };
export { defaultLocale, formatMessage };

export function isMessageCode(code: unknown): code is MessageCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(messages, code);
}

export interface RenderOptions {
  /** Locale for numbers, dates and plurals; the language's default when absent. */
  locale?: string;
  timeZone?: string;
}

/**
 * The text of a coded message in a language. An unknown code (a newer server than this web app) falls back
 * to the English `message` the server sent along, then to the code itself.
 */
export function renderMessage(m: Coded & { message?: string }, lang: Lang, opts: RenderOptions = {}): string {
  if (!isMessageCode(m.code)) return m.message ?? m.code;
  return formatMessage(messages[m.code][lang], m.params, {
    locale: opts.locale ?? defaultLocale[lang],
    timeZone: opts.timeZone,
    resolve: (code) => (isMessageCode(code) ? messages[code][lang] : undefined),
  });
}
