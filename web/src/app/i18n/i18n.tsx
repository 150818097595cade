/**
 * English/Hebrew translations. `t(key, vars)` looks a key up in the active dictionary (typed: a missing
 * key is a compile error). Switching the language sets `<html lang dir>` and Mantine's direction, so the
 * whole layout mirrors; the choice is kept in localStorage (read before first paint by index.html) and,
 * for signed-in users, in their preferences (see LanguageSync).
 */
import { createContext, useCallback, useContext, useLayoutEffect, useMemo, useState, type ReactNode } from 'react';
import { useDirection } from '@mantine/core';
import { en, type MessageKey } from './en.js';
import { he } from './he.js';

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
}

const I18nContext = createContext<I18nValue | null>(null);

function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'he' ? 'he' : 'en';
  } catch {
    return 'en';
  }
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
    return {
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
