/** The groups a contact belongs to, with remove buttons and an "add to group" picker. */
import { Badge, CloseButton, Group, Select, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { addToGroup, listGroups, removeFromGroup } from '../../api/groups.js';
import { useI18n } from '../../app/i18n/i18n.js';
import { notifyError } from '../../ui/feedback.js';

export function GroupMemberships({ contactId, groups, readOnly, onChanged }: { contactId: number; groups: { id: number; name: string }[]; readOnly: boolean; onChanged: () => unknown }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const all = useQuery({ queryKey: ['groups'], queryFn: listGroups, enabled: !readOnly });
  const run = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      await qc.invalidateQueries({ queryKey: ['groups'] });
      await onChanged();
    } catch (err) {
      notifyError(err);
    }
  };
  const mine = new Set(groups.map((g) => g.id));
  return (
    <>
      <Group gap={6} mb={readOnly ? 0 : 'sm'}>
        {groups.length === 0 && <Text size="sm" c="dimmed">{t('contact.noGroups')}</Text>}
        {groups.map((g) => (
          <Badge key={g.id} variant="light" size="lg" tt="none" rightSection={!readOnly && (
            <CloseButton size="xs" aria-label={t('contact.removeFromGroup', { name: g.name })} onClick={() => run(() => removeFromGroup(g.id, { contactIds: [contactId] }))} />
          )}>
            <Link to={`/contacts?group=${g.id}`} style={{ color: 'inherit', textDecoration: 'none' }}>{g.name}</Link>
          </Badge>
        ))}
      </Group>
      {!readOnly && (
        <Select
          size="xs"
          aria-label={t('contact.addToGroup')}
          placeholder={t('contact.addToGroup')}
          searchable
          value={null}
          data={(all.data ?? []).filter((g) => !mine.has(g.id)).map((g) => ({ value: String(g.id), label: g.name }))}
          onChange={(v) => v && run(() => addToGroup(Number(v), { contactIds: [contactId] }))}
        />
      )}
    </>
  );
}
