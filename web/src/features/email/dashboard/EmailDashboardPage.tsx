/** Home: 30-day email totals and the most recent campaigns with their numbers. */
import { Anchor, Button, Group, Paper, SimpleGrid, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { emailSummary } from '../../../api/reports.js';
import { useI18n } from '../../../app/i18n/i18n.js';
import { ErrorAlert } from '../../../ui/feedback.js';
import { Icon } from '../../../ui/icons.js';
import { PageHeader } from '../../../ui/PageHeader.js';
import { campaignHref } from '../campaigns/CampaignsPage.js';
import { CampaignStatusBadge } from '../campaigns/StatusBadge.js';

export function EmailDashboardPage() {
  const { t, num, dateTime } = useI18n();
  const q = useQuery({ queryKey: ['email-summary', 30], queryFn: () => emailSummary(30), refetchInterval: 30_000 });
  const s = q.data;
  const pct = (f: number) => `${num(Math.round(f * 1000) / 10)}%`;
  const rate = (n: number, of: number) => (of > 0 ? `${num(Math.round((n / of) * 1000) / 10)}%` : '—');
  const tile = (key: string, label: string, value: number | undefined, sub?: string) => (
    <Paper withBorder p="md" key={key}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
      <Text fz={28} fw={700} data-testid={`dash-${key}`} style={{ fontVariantNumeric: 'tabular-nums' }}>{value === undefined ? '…' : num(value)}</Text>
      {sub && <Text size="xs" c="dimmed">{sub}</Text>}
    </Paper>
  );
  return (
    <>
      <PageHeader title={t('email.dashboard.title')} description={t('email.dashboard.description')}
        actions={<Button component={Link} to="/email/campaigns" leftSection={<Icon name="mail" size={16} />}>{t('email.campaigns.title')}</Button>} />
      <ErrorAlert error={q.error} />
      <Title order={5} mb="xs">{t('email.dashboard.last30')}</Title>
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} mb="lg">
        {tile('campaigns', t('email.dashboard.campaigns'), s?.totals.campaigns)}
        {tile('sent', t('email.report.sent'), s?.totals.sent)}
        {tile('opened', t('email.report.opened'), s?.totals.opened, s ? rate(s.totals.opened, s.totals.delivered) : undefined)}
        {tile('clicked', t('email.report.clicked'), s?.totals.clicked, s ? rate(s.totals.clicked, s.totals.delivered) : undefined)}
        {tile('unsubscribed', t('email.report.unsubscribed'), s?.totals.unsubscribed, s ? rate(s.totals.unsubscribed, s.totals.delivered) : undefined)}
        {tile('bounced', t('email.report.bounced'), s?.totals.bounced, s ? rate(s.totals.bounced, s.totals.sent) : undefined)}
      </SimpleGrid>
      <Title order={5} mb="xs">{t('email.dashboard.recent')}</Title>
      <Paper withBorder>
        <Table aria-label={t('email.dashboard.recent')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('common.name')}</Table.Th>
              <Table.Th>{t('email.campaigns.status')}</Table.Th>
              <Table.Th ta="end">{t('email.report.sent')}</Table.Th>
              <Table.Th ta="end">{t('email.report.opened')}</Table.Th>
              <Table.Th ta="end">{t('email.report.clicked')}</Table.Th>
              <Table.Th>{t('email.campaigns.when')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {s?.recent.length === 0 && <Table.Tr><Table.Td colSpan={6}><Text c="dimmed" ta="center" py="md">{t('email.campaigns.none')}</Text></Table.Td></Table.Tr>}
            {s?.recent.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td><Anchor component={Link} to={campaignHref(c)} dir="auto">{c.name}</Anchor></Table.Td>
                <Table.Td><CampaignStatusBadge status={c.status} /></Table.Td>
                <Table.Td ta="end">{num(c.sent)}</Table.Td>
                <Table.Td ta="end">{num(c.opened)} <Text span size="xs" c="dimmed">{pct(c.openRate)}</Text></Table.Td>
                <Table.Td ta="end">{num(c.clicked)} <Text span size="xs" c="dimmed">{pct(c.clickRate)}</Text></Table.Td>
                <Table.Td>{dateTime(c.startedAt ?? c.finishedAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      <Group mt="md"><Anchor component={Link} to="/email/campaigns" size="sm">{t('email.dashboard.allCampaigns')}</Anchor></Group>
    </>
  );
}
