/**
 * A group of conditions joined by AND or OR, nestable: each group can hold conditions and subgroups.
 * Nesting is drawn as an indented, bordered block on the inline-start side (mirrors in RTL).
 */
import { Button, Group, Paper, SegmentedControl, Stack, Text } from '@mantine/core';
import type { FilterGroup } from '../../../../common/segments.js';
import { FILTER_LIMITS } from '../../../../common/segments.js';
import { useI18n } from '../../app/i18n/i18n.js';
import { Icon } from '../../ui/icons.js';
import { RuleEditor, type Sources } from './RuleEditor.js';
import { isGroup, newRule, type Node } from './ruleModel.js';

export function FilterGroupEditor({ group, onChange, onRemove, sources, depth = 0, path = 'filter' }: { group: FilterGroup; onChange: (g: FilterGroup) => void; onRemove?: () => void; sources: Sources; depth?: number; path?: string }) {
  const { t } = useI18n();
  const setRule = (i: number, n: Node) => onChange({ ...group, rules: group.rules.map((r, j) => (j === i ? n : r)) });
  const remove = (i: number) => onChange({ ...group, rules: group.rules.filter((_, j) => j !== i) });
  const add = (n: Node) => onChange({ ...group, rules: [...group.rules, n] });
  const joiner = group.op === 'and' ? t('segments.andWord') : t('segments.orWord');

  return (
    <Paper withBorder={depth > 0} p={depth > 0 ? 'sm' : 0} style={depth > 0 ? { borderInlineStart: '3px solid var(--mantine-color-blue-4)' } : undefined} bg={depth > 0 ? 'var(--mantine-color-gray-0)' : undefined}>
      <Stack gap="xs">
        <Group gap="xs">
          <Text size="sm">{t('segments.match')}</Text>
          <SegmentedControl
            size="xs"
            aria-label={t('segments.joinWith')}
            value={group.op}
            onChange={(v) => onChange({ ...group, op: v as 'and' | 'or' })}
            data={[
              { value: 'and', label: t('segments.all') },
              { value: 'or', label: t('segments.any') },
            ]}
          />
          <Text size="sm">{t('segments.ofTheseConditions')}</Text>
          {onRemove && (
            <Button size="compact-xs" variant="subtle" color="red" onClick={onRemove} ms="auto">
              {t('segments.removeGroup')}
            </Button>
          )}
        </Group>
        {group.rules.length === 0 && <Text size="sm" c="dimmed">{depth === 0 ? t('segments.emptyMatchesAll') : t('segments.emptyGroup')}</Text>}
        {group.rules.map((n, i) => (
          <Stack key={i} gap={4}>
            {i > 0 && <Text size="xs" fw={700} c="blue" tt="uppercase">{joiner}</Text>}
            {isGroup(n) ? (
              <FilterGroupEditor group={n} onChange={(g) => setRule(i, g)} onRemove={() => remove(i)} sources={sources} depth={depth + 1} path={`${path}.rules.${i}`} />
            ) : (
              <RuleEditor rule={n} onChange={(r) => setRule(i, r)} onRemove={() => remove(i)} sources={sources} path={`${path}.rules.${i}`} />
            )}
          </Stack>
        ))}
        <Group gap="xs">
          <Button size="xs" variant="light" leftSection={<Icon name="plus" size={14} />} onClick={() => add(newRule('field:email', sources.fields))}>
            {t('segments.addCondition')}
          </Button>
          {depth < FILTER_LIMITS.maxDepth - 1 && (
            <Button size="xs" variant="subtle" leftSection={<Icon name="plus" size={14} />} onClick={() => add({ op: group.op === 'and' ? 'or' : 'and', rules: [newRule('field:email', sources.fields)] })}>
              {t('segments.addGroup')}
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}
