/** Email campaigns: newest first with status badges and key numbers; "New campaign" starts the wizard. */
import { Anchor, Button, Group, Paper, SegmentedControl, Table, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { createCampaign, EDITABLE, listCampaigns, type Campaign, type CampaignStatus } from '../../../api/campaigns.js';
import { useI18n } from '../../../app/i18n/i18n.js';
import { useSession } from '../../../app/session.js';
import { ErrorAlert, notifyError } from '../../../ui/feedback.js';
import { Icon } from '../../../ui/icons.js';
import { PageHeader } from '../../../ui/PageHeader.js';
import { CampaignStatusBadge } from './StatusBadge.js';

/** Where a campaign row leads: the wizard while it can change, otherwise its progress and report. */
export const campaignHref = (c: Pick<Campaign, 'id' | 'status'>) => (EDITABLE.includes(c.status) ? `/email/campaigns/${c.id}/edit` : `/email/campaigns/${c.id}`);

const FILTERS: ('all' | CampaignStatus)[] = ['all', 'draft', 'scheduled', 'sending', 'done'];

export function CampaignsPage() {
  const { t, num, dateTime } = useI18n();
  const { canWrite } = useSession();
  const nav = useNavigate();
  const [filter, setFilter] = useState<'all' | CampaignStatus>('all');
  const [busy, setBusy] = useState(false);
  const list = useInfiniteQuery({
    queryKey: ['campaigns', filter],
    queryFn: ({ pageParam }) => listCampaigns({ status: filter === 'all' ? undefined : filter, cursor: pageParam || undefined }),
    initialPageParam: '',
    getNextPageParam: (p) => p.meta.nextCursor ?? undefined,
    refetchInterval: (q) => (q.state.data?.pages.some((p) => p.data.some((c) => c.status === 'sending' || c.status === 'building')) ? 5000 : false),
  });
  const rows = list.data?.pages.flatMap((p) => p.data) ?? [];
  const create = async () => {
    setBusy(true);
    try {
      const c = await createCampaign({ name: t('email.campaigns.untitled', { date: new Date().toLocaleDateString() }) });
      nav(`/email/campaigns/${c.id}/edit`);
    } catch (err) {
      notifyError(err);
      setBusy(false);
    }
  };
  return (
    <>
      <PageHeader title={t('email.campaigns.title')} description={t('email.campaigns.description')}
        actions={canWrite && <Button loading={busy} leftSection={<Icon name="plus" size={16} />} onClick={create}>{t('email.campaigns.new')}</Button>} />
      <SegmentedControl mb="md" value={filter} onChange={(v) => setFilter(v as typeof filter)} data={FILTERS.map((f) => ({ value: f, label: f === 'all' ? t('common.all') : t(`email.status.${f}`) }))} />
      <ErrorAlert error={list.error} />
      <Paper withBorder>
        <Table aria-label={t('email.campaigns.title')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('common.name')}</Table.Th>
              <Table.Th>{t('email.campaigns.status')}</Table.Th>
              <Table.Th ta="end">{t('email.campaigns.recipients')}</Table.Th>
              <Table.Th>{t('email.campaigns.when')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.isSuccess && rows.length === 0 && <Table.Tr><Table.Td colSpan={4}><Text c="dimmed" ta="center" py="md">{t('email.campaigns.none')}</Text></Table.Td></Table.Tr>}
            {rows.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>
                  <Anchor component={Link} to={campaignHref(c)} fw={500} dir="auto">{c.name}</Anchor>
                  {c.kind !== 'regular' && <Text size="xs" c="dimmed">{t(`email.campaigns.kind.${c.kind}`)}</Text>}
                </Table.Td>
                <Table.Td><CampaignStatusBadge status={c.status} /></Table.Td>
                <Table.Td ta="end">{c.audienceTotal ? num(c.audienceTotal - c.skippedTotal) : '—'}</Table.Td>
                <Table.Td>{c.status === 'scheduled' ? `${dateTime(c.scheduledAt)} (${c.timezone ?? ''})` : dateTime(c.startedAt ?? c.updatedAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      {list.hasNextPage && (
        <Group justify="center" mt="md"><Button variant="default" loading={list.isFetchingNextPage} onClick={() => list.fetchNextPage()}>{t('common.loadMore')}</Button></Group>
      )}
    </>
  );
}
