/**
 * The contacts table: search, filters (group, segment, email status), column chooser saved per user,
 * infinite scroll over cursor pages, and bulk actions on a selection or on everything matching.
 */
import { Badge, Button, Checkbox, Group, Loader, Paper, Select, Table, Text, TextInput } from '@mantine/core';
import { useIntersection } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { EMAIL_STATUSES } from '../../../../common/contacts.js';
import { listFields } from '../../api/fields.js';
import { listGroups } from '../../api/groups.js';
import { listSegments } from '../../api/segments.js';
import { getPreference, setPreference } from '../../api/workspace.js';
import { useI18n } from '../../app/i18n/i18n.js';
import { useSession } from '../../app/session.js';
import { ErrorAlert, notifyError } from '../../ui/feedback.js';
import { Icon } from '../../ui/icons.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { BulkActions } from './BulkActions.js';
import { ExportButton, exportSpecFor } from './ExportButton.js';
import { allColumns, ColumnChooser, DEFAULT_COLUMNS, PREFERENCE_KEY } from './columns.js';
import { NewContactButton } from './NewContactButton.js';
import { useContactList } from './useContactList.js';

/** Table column id → export column keys (the name column exports as first and last name). */
function exportColumns(id: string): string[] {
  const map: Record<string, string[]> = {
    name: ['first_name', 'last_name'], emailStatus: ['email_status'], whatsappStatus: ['whatsapp_status'], smsStatus: ['sms_status'], createdAt: ['created_at'], updatedAt: ['updated_at'],
  };
  return map[id] ?? [id];
}

export function ContactsPage() {
  const { t, num, date } = useI18n();
  const { session, canWrite } = useSession();
  const nav = useNavigate();
  const qc = useQueryClient();
  const l = useContactList();
  const fields = useQuery({ queryKey: ['fields'], queryFn: listFields });
  const groups = useQuery({ queryKey: ['groups'], queryFn: listGroups });
  const segments = useQuery({ queryKey: ['segments'], queryFn: listSegments });
  const pref = useQuery({ queryKey: ['preference', PREFERENCE_KEY, session.user?.id], queryFn: () => getPreference<string[]>(PREFERENCE_KEY), enabled: !!session.user });
  const saveCols = useMutation({
    mutationFn: (ids: string[]) => setPreference(PREFERENCE_KEY, ids),
    onMutate: (ids) => qc.setQueryData(['preference', PREFERENCE_KEY, session.user?.id], ids),
    onError: notifyError,
  });
  const columns = useMemo(() => allColumns(t, fields.data ?? [], { date }), [t, fields.data, date]);
  const visibleIds = Array.isArray(pref.data) && pref.data.length ? pref.data : DEFAULT_COLUMNS;
  const visible = columns.filter((c) => visibleIds.includes(c.id));

  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  useEffect(() => {
    setSelected(new Set());
    setAllMatching(false);
  }, [l.query.q, l.groupId, l.segmentId, l.emailStatus]);

  const { ref: sentinel, entry } = useIntersection({ rootMargin: '400px' });
  useEffect(() => {
    if (entry?.isIntersecting && l.list.hasNextPage && !l.list.isFetchingNextPage) void l.list.fetchNextPage();
  }, [entry?.isIntersecting, l.list]);

  const allLoadedSelected = l.rows.length > 0 && l.rows.every((r) => selected.has(r.id));
  const toggleAll = () => {
    setAllMatching(false);
    setSelected(allLoadedSelected ? new Set() : new Set(l.rows.map((r) => r.id)));
  };
  const toggle = (id: number) => {
    setAllMatching(false);
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };
  const selectionCount = allMatching ? (l.total ?? l.rows.length) : selected.size;

  return (
    <>
      <PageHeader
        title={
          <Group gap="sm">
            {t('contacts.title')}
            {l.total !== undefined && <Badge size="lg" variant="light" aria-label={t('contacts.totalLabel')}>{num(l.total)}</Badge>}
          </Group>
        }
        actions={
          <>
            {canWrite && (
              <Button variant="default" component={Link} to="/imports/new" leftSection={<Icon name="upload" size={16} />}>
                {t('imports.new')}
              </Button>
            )}
            <ExportButton spec={exportSpecFor({ q: l.query.q, groupId: l.groupId, segmentId: l.segmentId, emailStatus: l.emailStatus })} columns={visible.flatMap((c) => exportColumns(c.id))} />
            {canWrite && <NewContactButton />}
          </>
        }
      />
      <Group mb="sm" gap="sm" align="flex-end" wrap="wrap">
        <TextInput
          style={{ flex: '1 1 260px' }}
          aria-label={t('contacts.search')}
          placeholder={t('contacts.searchPlaceholder')}
          leftSection={<Icon name="search" size={16} />}
          value={l.q}
          onChange={(e) => l.set('q', e.currentTarget.value)}
        />
        <Select
          w={190}
          aria-label={t('contacts.filterGroup')}
          placeholder={t('contacts.anyGroup')}
          clearable
          searchable
          data={(groups.data ?? []).map((g) => ({ value: String(g.id), label: `${g.name} (${num(g.memberCount)})` }))}
          value={l.groupId ? String(l.groupId) : null}
          onChange={(v) => l.set('group', v)}
        />
        <Select
          w={190}
          aria-label={t('contacts.filterSegment')}
          placeholder={t('contacts.anySegment')}
          clearable
          searchable
          data={(segments.data ?? []).map((s) => ({ value: String(s.id), label: s.name }))}
          value={l.segmentId ? String(l.segmentId) : null}
          onChange={(v) => l.set('segment', v)}
        />
        <Select
          w={170}
          aria-label={t('contacts.filterStatus')}
          placeholder={t('contacts.anyStatus')}
          clearable
          data={EMAIL_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
          value={l.emailStatus ?? null}
          onChange={(v) => l.set('status', v)}
        />
        <ColumnChooser columns={columns} visible={visible.map((c) => c.id)} onChange={(ids) => saveCols.mutate(ids)} t={t} />
      </Group>

      {selectionCount > 0 && (
        <BulkActions
          count={selectionCount}
          selection={allMatching && l.filter ? { filter: l.filter } : { contactIds: [...selected] }}
          currentGroupId={l.groupId}
          canSelectAll={!allMatching && !!l.filter && l.total !== undefined && l.total > selected.size && allLoadedSelected}
          total={l.total}
          onSelectAll={() => setAllMatching(true)}
          onClear={() => {
            setSelected(new Set());
            setAllMatching(false);
          }}
        />
      )}

      <ErrorAlert error={l.list.error} />
      <Paper withBorder>
        <div className="clarion-table-scroll">
          <Table stickyHeader>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={40}>
                  <Checkbox aria-label={t('contacts.selectAllLoaded')} checked={allLoadedSelected || allMatching} indeterminate={!allLoadedSelected && selected.size > 0} onChange={toggleAll} />
                </Table.Th>
                {visible.map((c) => (
                  <Table.Th key={c.id}>{c.label}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {l.rows.map((c) => (
                <Table.Tr key={c.id} style={{ cursor: 'pointer' }} onClick={() => nav(`/contacts/${c.id}`)} bg={selected.has(c.id) || allMatching ? 'var(--mantine-color-blue-light)' : undefined}>
                  <Table.Td onClick={(e) => e.stopPropagation()}>
                    <Checkbox aria-label={t('contacts.select', { name: c.email ?? c.phone ?? String(c.id) })} checked={allMatching || selected.has(c.id)} onChange={() => toggle(c.id)} />
                  </Table.Td>
                  {visible.map((col) => (
                    <Table.Td key={col.id}>{col.render(c)}</Table.Td>
                  ))}
                </Table.Tr>
              ))}
              {!l.list.isPending && l.rows.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={visible.length + 1}>
                    <Text c="dimmed" ta="center" py="xl">
                      {l.q || l.groupId || l.segmentId || l.emailStatus ? t('contacts.noMatch') : t('contacts.empty')}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
            </Table.Tbody>
          </Table>
          <div ref={sentinel} />
          {(l.list.isPending || l.list.isFetchingNextPage) && (
            <Group justify="center" p="md">
              <Loader size="sm" aria-label={t('common.loading')} />
            </Group>
          )}
        </div>
      </Paper>
      <Group justify="space-between" mt="xs">
        <Text size="sm" c="dimmed">
          {t('contacts.shown', { n: num(l.rows.length) })}
        </Text>
        {l.list.hasNextPage && (
          <Button variant="subtle" size="xs" onClick={() => l.list.fetchNextPage()} loading={l.list.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        )}
      </Group>
    </>
  );
}
