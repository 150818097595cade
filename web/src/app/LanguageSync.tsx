/**
 * Keeps the UI language per user: after sign-in, the user's saved choice (preference `ui.language`)
 * wins over this browser's; `useChangeLanguage` saves a new choice for the user too.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { getPreference, setPreference } from '../api/workspace.js';
import { useI18n, type Lang } from './i18n/i18n.js';
import { useSessionQuery } from './session.js';

const KEY = 'ui.language';

export function LanguageSync() {
  const { data: session } = useSessionQuery();
  const { lang, setLang } = useI18n();
  const pref = useQuery({
    queryKey: ['preference', KEY, session?.user?.id],
    queryFn: () => getPreference<Lang>(KEY),
    enabled: !!session?.user,
    staleTime: Infinity,
  });
  useEffect(() => {
    if (pref.data === 'en' || pref.data === 'he') {
      if (pref.data !== lang) setLang(pref.data);
    }
    // Only when the saved value arrives, not on every local switch.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pref.data]);
  return null;
}

/** Switches the language now and remembers it for the signed-in user. */
export function useChangeLanguage() {
  const { setLang } = useI18n();
  const qc = useQueryClient();
  const { data: session } = useSessionQuery();
  return (l: Lang) => {
    setLang(l);
    if (session?.user) {
      qc.setQueryData(['preference', KEY, session.user.id], l);
      void setPreference(KEY, l).catch(() => undefined);
    }
  };
}
