/**
 * The bar shown while contacts are selected: add to / move to / remove from a group, export, delete.
 * A selection is either explicit ids or "everything matching the current filters" (a filter tree), so
 * acting on a million contacts is one set-based request.
 */
import { Button, Group, Modal, Paper, Select, Stack, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { bulkDeleteContacts } from '../../api/contacts.js';
import { addToGroup, listGroups, removeFromGroup, transferMembers, type Selection } from '../../api/groups.js';
import { useI18n } from '../../app/i18n/i18n.js';
import { useSession } from '../../app/session.js';
import { ConfirmButton } from '../../ui/ConfirmButton.js';
import { notifyError, notifySuccess } from '../../ui/feedback.js';

type GroupAction = 'add' | 'move' | 'copy';

export interface BulkActionsProps {
  count: number;
  selection: Selection;
  currentGroupId?: number;
  canSelectAll: boolean;
  total?: number;
  onSelectAll: () => void;
  onClear: () => void;
}

export function BulkActions({ count, selection, currentGroupId, canSelectAll, total, onSelectAll, onClear }: BulkActionsProps) {
  const { t, num } = useI18n();
  const { canWrite } = useSession();
  const qc = useQueryClient();
  const groups = useQuery({ queryKey: ['groups'], queryFn: listGroups });
  const [action, setAction] = useState<GroupAction | null>(null);
  const [target, setTarget] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const refresh = async () => {
    await Promise.all([qc.invalidateQueries({ queryKey: ['contacts'] }), qc.invalidateQueries({ queryKey: ['groups'] })]);
  };

  const runGroupAction = async () => {
    if (!action || !target) return;
    setBusy(true);
    try {
      const to = Number(target);
      if (action === 'add' || (action === 'copy' && !currentGroupId)) {
        const r = await addToGroup(to, selection);
        notifySuccess(t('bulk.added', { n: num(r.added) }));
      } else {
        const r = await transferMembers(currentGroupId!, action === 'move' ? 'move' : 'copy', to, selection);
        notifySuccess(action === 'move' ? t('bulk.moved', { n: num(r.removed) }) : t('bulk.added', { n: num(r.added) }));
      }
      setAction(null);
      setTarget(null);
      onClear();
      await refresh();
    } catch (err) {
      notifyError(err);
    } finally {
      setBusy(false);
    }
  };

  const groupOptions = (groups.data ?? []).filter((g) => g.id !== currentGroupId || action === 'add').map((g) => ({ value: String(g.id), label: g.name }));
  return (
    <Paper withBorder p="xs" mb="sm" bg="var(--mantine-color-blue-light)" role="region" aria-label={t('bulk.region')}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="xs">
          <Text fw={600} size="sm">{t('bulk.selected', { n: num(count) })}</Text>
          {canSelectAll && total !== undefined && (
            <Button size="compact-sm" variant="subtle" onClick={onSelectAll}>{t('bulk.selectAll', { n: num(total) })}</Button>
          )}
          <Button size="compact-sm" variant="subtle" color="gray" onClick={onClear}>{t('bulk.clear')}</Button>
        </Group>
        <Group gap="xs">
          {canWrite && <Button size="xs" variant="default" onClick={() => setAction('add')}>{t('bulk.addToGroup')}</Button>}
          {canWrite && currentGroupId && <Button size="xs" variant="default" onClick={() => setAction('move')}>{t('bulk.moveToGroup')}</Button>}
          {canWrite && currentGroupId && <Button size="xs" variant="default" onClick={() => setAction('copy')}>{t('bulk.copyToGroup')}</Button>}
          {canWrite && currentGroupId && (
            <ConfirmButton size="xs" variant="default" color="orange" title={t('bulk.removeFromGroup')} message={t('bulk.removeConfirm', { n: num(count) })} confirmLabel={t('bulk.removeFromGroup')}
              onConfirm={async () => { const r = await removeFromGroup(currentGroupId, selection); notifySuccess(t('bulk.removed', { n: num(r.removed) })); onClear(); await refresh(); }}>
              {t('bulk.removeFromGroup')}
            </ConfirmButton>
          )}
          {canWrite && (
            <ConfirmButton size="xs" color="red" title={t('bulk.delete')} message={t('bulk.deleteConfirm', { n: num(count) })} confirmLabel={t('common.delete')}
              onConfirm={async () => { const r = await bulkDeleteContacts(selection); notifySuccess(t('bulk.deleted', { n: num(r.deleted) })); onClear(); await refresh(); }}>
              {t('common.delete')}
            </ConfirmButton>
          )}
        </Group>
      </Group>
      <Modal opened={action !== null} onClose={() => setAction(null)} title={action ? t(action === 'move' ? 'bulk.moveToGroup' : action === 'copy' ? 'bulk.copyToGroup' : 'bulk.addToGroup') : ''} centered>
        <Stack>
          <Text size="sm">{t(action === 'move' ? 'bulk.moveHelp' : 'bulk.addHelp', { n: num(count) })}</Text>
          <Select label={t('bulk.targetGroup')} data={groupOptions} value={target} onChange={setTarget} searchable data-autofocus />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setAction(null)}>{t('common.cancel')}</Button>
            <Button onClick={runGroupAction} loading={busy} disabled={!target}>{t('common.apply')}</Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
