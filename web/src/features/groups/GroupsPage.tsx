/** Groups: list with member counts, create, rename (and describe), delete to the recycle bin. */
import { Anchor, Button, Group, Modal, Paper, Stack, Table, Text, TextInput, Textarea } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { createGroup, deleteGroup, listGroups, updateGroup, type Group as GroupT } from '../../api/groups.js';
import { useI18n } from '../../app/i18n/i18n.js';
import { useSession } from '../../app/session.js';
import { ConfirmButton } from '../../ui/ConfirmButton.js';
import { ErrorAlert, fieldError, notifySuccess } from '../../ui/feedback.js';
import { Icon } from '../../ui/icons.js';
import { PageHeader } from '../../ui/PageHeader.js';

export function GroupsPage() {
  const { t, num, date } = useI18n();
  const { canWrite } = useSession();
  const qc = useQueryClient();
  const groups = useQuery({ queryKey: ['groups'], queryFn: listGroups });
  const [editing, setEditing] = useState<GroupT | 'new' | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: ['groups'] });
  return (
    <>
      <PageHeader title={t('groups.title')} description={t('groups.description')} actions={canWrite && <Button leftSection={<Icon name="plus" size={16} />} onClick={() => setEditing('new')}>{t('groups.new')}</Button>} />
      <ErrorAlert error={groups.error} />
      <Paper withBorder>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('common.name')}</Table.Th>
              <Table.Th ta="end">{t('common.count')}</Table.Th>
              <Table.Th>{t('common.created')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {groups.data?.length === 0 && (
              <Table.Tr><Table.Td colSpan={4}><Text c="dimmed" ta="center" py="md">{t('groups.none')}</Text></Table.Td></Table.Tr>
            )}
            {groups.data?.map((g) => (
              <Table.Tr key={g.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/contacts?group=${g.id}`} fw={500}>{g.name}</Anchor>
                  {g.description && <Text size="xs" c="dimmed" lineClamp={1}>{g.description}</Text>}
                </Table.Td>
                <Table.Td ta="end" style={{ fontVariantNumeric: 'tabular-nums' }}>{num(g.memberCount)}</Table.Td>
                <Table.Td>{date(g.createdAt)}</Table.Td>
                <Table.Td>
                  {canWrite && (
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      <Button size="xs" variant="subtle" onClick={() => setEditing(g)}>{t('common.rename')}</Button>
                      <ConfirmButton size="xs" variant="subtle" color="red" title={t('groups.delete')} message={t('groups.deleteConfirm', { name: g.name })} confirmLabel={t('common.delete')}
                        onConfirm={async () => { await deleteGroup(g.id); notifySuccess(t('groups.deleted')); await refresh(); }}>
                        {t('common.delete')}
                      </ConfirmButton>
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      {editing && <GroupEditor group={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onSaved={refresh} />}
    </>
  );
}

function GroupEditor({ group, onClose, onSaved }: { group: GroupT | null; onClose: () => void; onSaved: () => unknown }) {
  const { t } = useI18n();
  const [name, setName] = useState(group?.name ?? '');
  const [description, setDescription] = useState(group?.description ?? '');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      if (group) await updateGroup(group.id, { name, description });
      else await createGroup({ name, description: description || undefined });
      await onSaved();
      onClose();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={group ? t('groups.rename') : t('groups.new')} centered>
      <Stack>
        <ErrorAlert error={fieldError(error, 'name') ? null : error} />
        <TextInput label={t('common.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required error={fieldError(error, 'name')} data-autofocus onKeyDown={(e) => e.key === 'Enter' && name && void submit()} />
        <Textarea label={t('groups.descriptionLabel')} value={description} onChange={(e) => setDescription(e.currentTarget.value)} autosize minRows={2} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button onClick={submit} loading={busy} disabled={!name.trim()}>{t('common.save')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
