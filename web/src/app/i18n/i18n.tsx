/**
 * English/Hebrew translations. `t(key, vars)` looks a key up in the active dictionary (typed: a missing
 * key is a compile error). Switching the language sets `<html lang dir>` and Mantine's direction, so the
 * whole layout mirrors; the choice is kept in localStorage (read before first paint by index.html) and,
 * for signed-in users, in their preferences (see LanguageSync).
 *
 * Server messages arrive coded (`{code, params}`, common/messages, docs/i18n.md): `msg(coded)` renders one in the
 * active language; `renderCoded` does the same outside React (error toasts).
 */
import { createContext, useCallback, useContext, useLayoutEffect, useMemo, useState, type ReactNode } from 'react';
import { useDirection } from '@mantine/core';
import { en, type MessageKey } from './en.js';
import { he } from './he.js';
import { renderMessage, type Coded, type Params } from '../../../../common/messages/index.js';

export type Lang = 'en' | 'he';
export type { MessageKey };
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

const dicts: Record<Lang, Record<MessageKey, string>> = { en, he };
const STORAGE_KEY = 'clarion.lang';

interface I18nValue {
  lang: Lang;
  dir: 'ltr' | 'rtl';
  t: Translate;
  setLang: (l: Lang) => void;
  /** Formats a number in the active locale (thousands separators). */
  num: (n: number | null | undefined, opts?: Intl.NumberFormatOptions) => string;
  /** Formats an ISO timestamp as a local date and time. */
  dateTime: (iso: string | null | undefined) => string;
  date: (iso: string | null | undefined) => string;
  /** A coded server message (error, finding, reason) in the active language; falls back to its English `message`. */
  msg: (m: (Coded & { message?: string }) | null | undefined) => string;
  /** A coded reason (`reason` English + `reasonCode` + `reasonParams`, as the API sends them) in the active language. */
  reasonText: (r: CodedReason | null | undefined) => string;
  /** The BCP 47 locale numbers and dates are formatted in. */
  locale: string;
}

/** How the API sends a coded reason beside its English text (see reasonFields() on the server). */
export interface CodedReason {
  reason?: string | null;
  reasonCode?: string;
  reasonParams?: Params;
}

const I18nContext = createContext<I18nValue | null>(null);

function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'he' ? 'he' : 'en';
  } catch {
    return 'en';
  }
}

let active: { lang: Lang; locale: string } = { lang: initialLang(), locale: initialLang() === 'he' ? 'he-IL' : 'en-GB' };

/** A coded server message in the active language, for code outside components (toasts, helpers). */
export function renderCoded(m: Coded & { message?: string }): string {
  return renderMessage(m, active.lang, { locale: active.locale });
}

/** Fills `{name}` placeholders. */
function fill(s: string, vars?: Record<string, string | number>) {
  return vars ? s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : s;
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const { setDirection } = useDirection();
  const dir = lang === 'he' ? 'rtl' : 'ltr';

  useLayoutEffect(() => {
    document.documentElement.lang = lang;
    document.documentElement.dir = dir;
    setDirection(dir);
  }, [lang, dir, setDirection]);

  const setLang = useCallback((l: Lang) => {
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      /* private mode */
    }
    setLangState(l);
  }, []);

  const value = useMemo<I18nValue>(() => {
    const locale = lang === 'he' ? 'he-IL' : 'en-GB';
    const nf = new Intl.NumberFormat(locale);
    const dtf = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    const df = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
    active = { lang, locale };
    return {
      locale,
      msg: (m) => (m ? renderMessage(m, lang, { locale }) : ''),
      reasonText: (r) => (!r ? '' : r.reasonCode ? renderMessage({ code: r.reasonCode, params: r.reasonParams, message: r.reason ?? undefined }, lang, { locale }) : (r.reason ?? '')),
      lang,
      dir,
      setLang,
      t: (key, vars) => fill(dicts[lang][key] ?? en[key] ?? key, vars),
      num: (n, opts) => (n === null || n === undefined || Number.isNaN(n) ? '—' : opts ? new Intl.NumberFormat(locale, opts).format(n) : nf.format(n)),
      dateTime: (iso) => (iso ? dtf.format(new Date(iso)) : '—'),
      date: (iso) => (iso ? df.format(new Date(iso)) : '—'),
    };
  }, [lang, dir, setLang]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The active language, direction, `t()` and formatters. */
export function useI18n(): I18nValue {
  const v = useContext(I18nContext);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
