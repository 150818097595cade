/** EN / עברית switch; each option is labelled in its own language so anyone can find theirs. */
import { SegmentedControl } from '@mantine/core';
import { useI18n, type Lang } from './i18n/i18n.js';
import { useChangeLanguage } from './LanguageSync.js';

export function LanguageSwitch({ signedIn = true }: { signedIn?: boolean }) {
  const { lang, setLang, t } = useI18n();
  const change = useChangeLanguage();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('header.language')}
      value={lang}
      onChange={(v) => (signedIn ? change(v as Lang) : setLang(v as Lang))}
      data={[
        { value: 'en', label: <span lang="en">EN</span> },
        { value: 'he', label: <span lang="he">עברית</span> },
      ]}
    />
  );
}
