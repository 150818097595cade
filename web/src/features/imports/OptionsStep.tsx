/** Step 4: target groups (existing or a new one), mode (quick / update / unsubscribe), default phone country. */
import { MultiSelect, Radio, Select, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { listGroups } from '../../api/groups.js';
import type { ImportMode } from '../../api/imports.js';
import { useI18n } from '../../app/i18n/i18n.js';
import { ErrorAlert, fieldError } from '../../ui/feedback.js';
import { countryOptions } from '../settings/countries.js';

export interface ImportOptions {
  groupIds: number[];
  groupName: string;
  mode: ImportMode;
  defaultCountry: string;
}

export function OptionsStep({ value, onChange, error }: { value: ImportOptions; onChange: (v: ImportOptions) => void; error: unknown }) {
  const { t, lang } = useI18n();
  const groups = useQuery({ queryKey: ['groups'], queryFn: listGroups });
  const countries = useMemo(() => countryOptions(lang), [lang]);
  const known = ['groupIds', 'groupName', 'mode', 'defaultCountry'];
  return (
    <Stack maw={640}>
      <ErrorAlert error={error && !known.some((k) => fieldError(error, k)) ? error : null} />
      <MultiSelect label={t('imports.groups')} description={t('imports.groupsHint')} data={(groups.data ?? []).map((g) => ({ value: String(g.id), label: g.name }))} value={value.groupIds.map(String)} onChange={(v) => onChange({ ...value, groupIds: v.map(Number) })} searchable clearable error={fieldError(error, 'groupIds')} />
      <TextInput label={t('imports.newGroup')} description={t('imports.newGroupHint')} value={value.groupName} onChange={(e) => onChange({ ...value, groupName: e.currentTarget.value })} error={fieldError(error, 'groupName')} />
      <Radio.Group label={t('imports.mode')} value={value.mode} onChange={(v) => onChange({ ...value, mode: v as ImportMode })} error={fieldError(error, 'mode')}>
        <Stack gap="xs" mt="xs">
          {(['quick', 'update', 'unsubscribe'] as const).map((m) => (
            <Radio key={m} value={m} label={<><Text size="sm" fw={500}>{t(`imports.mode.${m}`)}</Text><Text size="xs" c="dimmed">{t(`imports.modeHelp.${m}`)}</Text></>} />
          ))}
        </Stack>
      </Radio.Group>
      <Select label={t('workspace.defaultCountry')} description={t('imports.countryHint')} data={countries} value={value.defaultCountry} onChange={(v) => v && onChange({ ...value, defaultCountry: v })} searchable allowDeselect={false} error={fieldError(error, 'defaultCountry')} />
    </Stack>
  );
}
