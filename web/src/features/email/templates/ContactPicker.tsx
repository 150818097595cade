/** A search box that finds a contact by name, email or phone prefix (for "preview as" and test sends). */
import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { searchContacts } from '../../../api/contacts.js';
import { useI18n } from '../../../app/i18n/i18n.js';

export function ContactPicker({ value, onChange, label }: { value: number | null; onChange: (id: number | null) => void; label: string }) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q, 250);
  const found = useQuery({ queryKey: ['contacts', 'pick', debounced], queryFn: () => searchContacts({ q: debounced || undefined, limit: 20 }) });
  const data = (found.data?.data ?? []).map((c) => ({
    value: String(c.id),
    label: [[c.firstName, c.lastName].filter(Boolean).join(' '), c.email ?? c.phone].filter(Boolean).join(' · ') || `#${c.id}`,
  }));
  return (
    <Select
      label={label}
      placeholder={t('email.preview.samplePlaceholder')}
      searchable
      clearable
      data={data}
      value={value ? String(value) : null}
      onChange={(v) => onChange(v ? Number(v) : null)}
      searchValue={q}
      onSearchChange={setQ}
      filter={({ options }) => options}
      nothingFoundMessage={found.isFetching ? t('common.loading') : t('email.preview.noContact')}
      w={340}
    />
  );
}
