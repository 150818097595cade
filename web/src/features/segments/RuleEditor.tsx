/** One condition row: what (field, custom field, group, segment) · operator · value · remove. */
import { ActionIcon, Group, Select } from '@mantine/core';
import type { FieldDefinitionView } from '../../api/fields.js';
import type { Group as GroupT } from '../../api/groups.js';
import type { Segment } from '../../api/segments.js';
import { STANDARD_FIELDS, type FilterOperator, type FilterRule } from '../../../../common/segments.js';
import { useI18n, type MessageKey } from '../../app/i18n/i18n.js';
import { Icon } from '../../ui/icons.js';
import { emptyValue, newRule, operatorsFor, targetOf, typeOf } from './ruleModel.js';
import { ValueInput } from './ValueInput.js';

export interface Sources {
  fields: FieldDefinitionView[];
  groups: GroupT[];
  segments: Segment[];
  /** The segment being edited (cannot refer to itself). */
  selfId?: number;
}

export function RuleEditor({ rule, onChange, onRemove, sources, path }: { rule: FilterRule; onChange: (r: FilterRule) => void; onRemove: () => void; sources: Sources; path: string }) {
  const { t } = useI18n();
  const target = targetOf(rule);
  const targets = [
    { group: t('segments.contactFields'), items: Object.keys(STANDARD_FIELDS).map((f) => ({ value: `field:${f}`, label: t(`sf.${f}` as MessageKey) })) },
    ...(sources.fields.length ? [{ group: t('segments.customFields'), items: sources.fields.map((f) => ({ value: `custom:${f.key}`, label: f.label })) }] : []),
    { group: t('segments.membership'), items: [{ value: 'group', label: t('segments.groupMembership') }, { value: 'segment', label: t('segments.segmentMembership') }] },
  ];
  const ops = operatorsFor(target, sources.fields).map((o) => ({ value: o, label: t(`op.${o}` as MessageKey) }));
  const { type, options } = typeOf(target, sources.fields);
  const statusField = rule.kind === 'field' && rule.field.endsWith('_status');

  return (
    <Group gap="xs" wrap="wrap" align="center" data-rule-path={path} role="group" aria-label={t('segments.condition')}>
      <Select
        aria-label={t('segments.what')}
        w={200}
        data={targets}
        value={target}
        searchable
        allowDeselect={false}
        onChange={(v) => v && v !== target && onChange(newRule(v, sources.fields))}
      />
      <Select
        aria-label={t('segments.operator')}
        w={170}
        data={ops}
        value={rule.operator}
        allowDeselect={false}
        onChange={(v) => {
          if (!v) return;
          if (rule.kind === 'group' || rule.kind === 'segment') onChange({ ...rule, operator: v as 'in' | 'not_in' });
          else {
            const value = emptyValue(v as FilterOperator);
            const { value: _old, ...rest } = rule;
            void _old;
            onChange({ ...rest, operator: v as FilterOperator, ...(value !== undefined ? { value } : {}) } as FilterRule);
          }
        }}
      />
      {rule.kind === 'group' && (
        <Select aria-label={t('segments.whichGroup')} w={220} searchable data={sources.groups.map((g) => ({ value: String(g.id), label: g.name }))} value={rule.groupId ? String(rule.groupId) : null} onChange={(v) => onChange({ ...rule, groupId: Number(v ?? 0) })} />
      )}
      {rule.kind === 'segment' && (
        <Select aria-label={t('segments.whichSegment')} w={220} searchable data={sources.segments.filter((s) => s.id !== sources.selfId).map((s) => ({ value: String(s.id), label: s.name }))} value={rule.segmentId ? String(rule.segmentId) : null} onChange={(v) => onChange({ ...rule, segmentId: Number(v ?? 0) })} />
      )}
      {(rule.kind === 'field' || rule.kind === 'custom') && (
        <ValueInput type={type} options={options} operator={rule.operator} value={rule.value} onChange={(value) => onChange({ ...rule, value } as FilterRule)} optionLabelPrefix={statusField ? 'status.' : undefined} />
      )}
      <ActionIcon variant="subtle" color="gray" onClick={onRemove} aria-label={t('segments.removeCondition')}>
        <Icon name="x" size={16} />
      </ActionIcon>
    </Group>
  );
}
