/** The value part of a condition, shaped by the operator (none, one, a pair, a list, a day count) and the field type. */
import { Group, MultiSelect, NumberInput, Select, TagsInput, Text, TextInput } from '@mantine/core';
import { valueShapeOf, type FilterFieldType, type FilterOperator, type FilterValue } from '../../../../common/segments.js';
import { useI18n, type MessageKey } from '../../app/i18n/i18n.js';

export interface ValueInputProps {
  type: FilterFieldType;
  options: readonly string[];
  operator: FilterOperator;
  value: FilterValue | undefined;
  onChange: (v: FilterValue | undefined) => void;
  /** Translate option values (statuses) when they have labels. */
  optionLabelPrefix?: string;
}

export function ValueInput({ type, options, operator, value, onChange, optionLabelPrefix }: ValueInputProps) {
  const { t } = useI18n();
  const shape = valueShapeOf(operator);
  const label = t('segments.value');
  const opts = options.map((o) => ({ value: o, label: optionLabelPrefix ? t(`${optionLabelPrefix}${o}` as MessageKey) : o }));
  if (shape === 'none') return null;
  if (shape === 'days') {
    return (
      <Group gap={6} wrap="nowrap">
        <NumberInput aria-label={label} w={90} min={1} value={typeof value === 'number' ? value : ''} onChange={(n) => onChange(typeof n === 'number' ? n : '')} />
        <Text size="sm">{t('segments.days')}</Text>
      </Group>
    );
  }
  if (shape === 'pair') {
    const pair = Array.isArray(value) ? value : [];
    const set = (i: number, v: string | number) => {
      const next = [pair[0] ?? '', pair[1] ?? ''];
      next[i] = v;
      onChange(next as (string | number)[]);
    };
    return (
      <Group gap={6} wrap="nowrap">
        {type === 'number' ? (
          <>
            <NumberInput aria-label={t('segments.from')} w={110} value={typeof pair[0] === 'number' ? pair[0] : ''} onChange={(n) => set(0, typeof n === 'number' ? n : '')} />
            <Text size="sm">{t('segments.and')}</Text>
            <NumberInput aria-label={t('segments.to')} w={110} value={typeof pair[1] === 'number' ? pair[1] : ''} onChange={(n) => set(1, typeof n === 'number' ? n : '')} />
          </>
        ) : (
          <>
            <TextInput aria-label={t('segments.from')} type="date" value={String(pair[0] ?? '')} onChange={(e) => set(0, e.currentTarget.value)} />
            <Text size="sm">{t('segments.and')}</Text>
            <TextInput aria-label={t('segments.to')} type="date" value={String(pair[1] ?? '')} onChange={(e) => set(1, e.currentTarget.value)} />
          </>
        )}
      </Group>
    );
  }
  if (shape === 'list') {
    const list = Array.isArray(value) ? value.map(String) : [];
    if (opts.length) return <MultiSelect aria-label={label} miw={220} data={opts} value={list} onChange={onChange} searchable />;
    return <TagsInput aria-label={label} miw={220} dir="auto" placeholder={t('segments.listHint')} value={list} onChange={onChange} />;
  }
  if (opts.length) return <Select aria-label={label} w={200} data={opts} value={typeof value === 'string' ? value : null} onChange={(v) => onChange(v ?? '')} searchable />;
  if (type === 'number') return <NumberInput aria-label={label} w={140} value={typeof value === 'number' ? value : ''} onChange={(n) => onChange(typeof n === 'number' ? n : '')} />;
  if (type === 'date') return <TextInput aria-label={label} type="date" value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.currentTarget.value)} />;
  return <TextInput aria-label={label} miw={200} dir="auto" value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.currentTarget.value)} />;
}
