/** The recycle bin: deleted contacts, groups and segments with their purge date; restore a selection or empty it. */
import { Alert, Button, Checkbox, Group, Paper, SegmentedControl, Table, Text } from '@mantine/core';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { emptyBin, listBin, restoreBin, type BinType, type NotRestored } from '../../api/bin.js';
import { useI18n } from '../../app/i18n/i18n.js';
import { useSession } from '../../app/session.js';
import { ConfirmButton } from '../../ui/ConfirmButton.js';
import { ErrorAlert, notifyError, notifySuccess } from '../../ui/feedback.js';
import { Icon } from '../../ui/icons.js';
import { PageHeader } from '../../ui/PageHeader.js';

export function RecycleBinPage() {
  const { t, num, dateTime, reasonText } = useI18n();
  const { canWrite, canAdmin } = useSession();
  const qc = useQueryClient();
  const [type, setType] = useState<BinType>('contacts');
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [busy, setBusy] = useState(false);
  const [notRestored, setNotRestored] = useState<NotRestored[]>([]);
  const q = useInfiniteQuery({
    queryKey: ['bin', type],
    queryFn: ({ pageParam }) => listBin(type, pageParam, 100),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.meta.nextCursor ?? undefined,
  });
  const rows = q.data?.pages.flatMap((p) => p.data) ?? [];
  const refresh = async () => {
    setSelected(new Set());
    await Promise.all(['bin', 'contacts', 'groups', 'segments'].map((k) => qc.invalidateQueries({ queryKey: [k] })));
  };
  const restore = async () => {
    setBusy(true);
    try {
      const r = await restoreBin(type, [...selected]);
      if (r.restored) notifySuccess(t('bin.restored', { n: num(r.restored) }));
      setNotRestored(r.notRestored);
      await refresh();
    } catch (err) {
      notifyError(err);
    } finally {
      setBusy(false);
    }
  };
  const all = rows.length > 0 && rows.every((r) => selected.has(r.id));
  return (
    <>
      <PageHeader
        title={t('bin.title')}
        description={t('bin.description')}
        actions={canAdmin && (
          <ConfirmButton color="red" variant="light" leftSection={<Icon name="trash" size={16} />} title={t('bin.empty')} message={t('bin.emptyConfirm')} confirmLabel={t('bin.empty')}
            onConfirm={async () => { const r = await emptyBin(); notifySuccess(t('bin.emptied', { n: num(r.contacts + r.groups + r.segments) })); await refresh(); }}>
            {t('bin.empty')}
          </ConfirmButton>
        )}
      />
      <Group justify="space-between" mb="sm">
        <SegmentedControl value={type} onChange={(v) => { setType(v as BinType); setSelected(new Set()); setNotRestored([]); }} aria-label={t('bin.type')}
          data={(['contacts', 'groups', 'segments'] as const).map((v) => ({ value: v, label: t(`bin.type.${v}`) }))} />
        {canWrite && <Button leftSection={<Icon name="restore" size={16} />} disabled={selected.size === 0} loading={busy} onClick={restore}>{t('bin.restore', { n: num(selected.size) })}</Button>}
      </Group>
      <ErrorAlert error={q.error} />
      {notRestored.length > 0 && (
        <Alert mb="sm" color="orange" withCloseButton onClose={() => setNotRestored([])} title={t('bin.notRestored', { n: num(notRestored.length) })} data-testid="bin-not-restored">
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>
            {notRestored.map((x) => <li key={x.id}><b>{x.label}</b>: {reasonText(x)}</li>)}
          </ul>
        </Alert>
      )}
      <Paper withBorder>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={40}><Checkbox aria-label={t('contacts.selectAllLoaded')} checked={all} onChange={() => setSelected(all ? new Set() : new Set(rows.map((r) => r.id)))} /></Table.Th>
              <Table.Th>{t('bin.item')}</Table.Th>
              <Table.Th>{t('bin.deletedAt')}</Table.Th>
              <Table.Th>{t('bin.purgeAt')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {!q.isPending && rows.length === 0 && <Table.Tr><Table.Td colSpan={4}><Text c="dimmed" ta="center" py="md">{t('bin.none')}</Text></Table.Td></Table.Tr>}
            {rows.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td><Checkbox aria-label={t('contacts.select', { name: r.label })} checked={selected.has(r.id)} onChange={() => { const n = new Set(selected); if (n.has(r.id)) n.delete(r.id); else n.add(r.id); setSelected(n); }} /></Table.Td>
                <Table.Td>{r.label}</Table.Td>
                <Table.Td>{dateTime(r.deletedAt)}</Table.Td>
                <Table.Td>{dateTime(r.purgeAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      {q.hasNextPage && <Group justify="center" mt="md"><Button variant="default" onClick={() => q.fetchNextPage()} loading={q.isFetchingNextPage}>{t('common.loadMore')}</Button></Group>}
      <Alert mt="md" variant="light" color="gray">{t('bin.restoreHint')}</Alert>
    </>
  );
}
