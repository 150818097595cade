/** The contacts behind one funnel step (paged), with "save as group" for all of them (not just the loaded page). */
import { Anchor, Button, Drawer, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { listRecipients, saveStepAsGroup, type FunnelStep } from '../../../api/reports.js';
import { useI18n, type MessageKey } from '../../../app/i18n/i18n.js';
import { ErrorAlert, fieldError, notifySuccess } from '../../../ui/feedback.js';
import { useDeliveryStatus, useSkipReason } from '../campaigns/StatusBadge.js';

export function RecipientsDrawer({ campaignId, campaignName, step, onClose }: { campaignId: number; campaignName: string; step: FunnelStep; onClose: () => void }) {
  const { t, num, dateTime } = useI18n();
  const reason = useSkipReason();
  const status = useDeliveryStatus();
  const qc = useQueryClient();
  const stepLabel = t(`email.report.${step}` as MessageKey);
  const list = useInfiniteQuery({
    queryKey: ['report-recipients', campaignId, step],
    queryFn: ({ pageParam }) => listRecipients(campaignId, step, pageParam || undefined),
    initialPageParam: '',
    getNextPageParam: (p) => p.meta.nextCursor ?? undefined,
  });
  const rows = list.data?.pages.flatMap((p) => p.data) ?? [];
  const total = list.data?.pages[0]?.meta.total;
  const [name, setName] = useState(`${campaignName} — ${stepLabel}`);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await saveStepAsGroup(campaignId, step, name.trim());
      notifySuccess(t('email.report.groupSaved', { n: num(r.added), name: name.trim() }));
      await qc.invalidateQueries({ queryKey: ['groups'] });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Drawer opened onClose={onClose} position="right" size="xl" title={t('email.report.contactsOf', { step: stepLabel })}>
      <Stack>
        <Group align="flex-end">
          <TextInput label={t('email.report.saveAsGroup')} value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(error, 'name')} dir="auto" style={{ flex: 1 }} />
          <Button onClick={save} loading={busy} disabled={!name.trim() || !rows.length}>{t('email.report.saveGroup')}</Button>
        </Group>
        <ErrorAlert error={fieldError(error, 'name') ? null : error ?? list.error} />
        {total !== undefined && <Text size="sm" c="dimmed">{t('email.report.nContacts', { n: num(total) })}</Text>}
        <Table aria-label={t('email.report.contactsOf', { step: stepLabel })}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('email.report.contact')}</Table.Th>
              <Table.Th>{t('email.report.status')}</Table.Th>
              <Table.Th>{t('email.report.at')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.contactId}>
                <Table.Td>
                  <Anchor component={Link} to={`/contacts/${r.contactId}`} size="sm" className="clarion-ltr">{r.email ?? `#${r.contactId}`}</Anchor>
                  {(r.firstName || r.lastName) && <Text size="xs" c="dimmed" dir="auto">{[r.firstName, r.lastName].filter(Boolean).join(' ')}</Text>}
                </Table.Td>
                <Table.Td><Text size="sm">{r.reason && r.status === 'skipped' ? reason(r.reason) : status(r.status)}</Text>{r.reason && r.status !== 'skipped' && <Text size="xs" c="dimmed" dir="auto">{r.reason}</Text>}</Table.Td>
                <Table.Td><Text size="sm">{dateTime(r.at)}</Text></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {list.hasNextPage && <Button variant="default" loading={list.isFetchingNextPage} onClick={() => list.fetchNextPage()}>{t('common.loadMore')}</Button>}
      </Stack>
    </Drawer>
  );
}
