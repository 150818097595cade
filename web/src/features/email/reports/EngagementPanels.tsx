/** Opens and clicks over time (line chart), the per-link table and the breakdown by recipient domain. */
import { LineChart } from '@mantine/charts';
import { Anchor, Paper, SimpleGrid, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getDomains, getLinks, getTimeline } from '../../../api/reports.js';
import { useI18n } from '../../../app/i18n/i18n.js';
import { ErrorAlert } from '../../../ui/feedback.js';

export function TimelinePanel({ campaignId, live }: { campaignId: number; live: boolean }) {
  const { t, lang } = useI18n();
  const q = useQuery({ queryKey: ['report-timeline', campaignId], queryFn: () => getTimeline(campaignId), refetchInterval: live ? 10_000 : false });
  const fmt = new Intl.DateTimeFormat(lang === 'he' ? 'he-IL' : 'en-GB', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  const data = (q.data ?? []).map((p) => ({ at: fmt.format(new Date(p.at)), opens: p.opens, clicks: p.clicks }));
  return (
    <Paper withBorder p="md">
      <Title order={5} mb="sm">{t('email.report.overTime')}</Title>
      <ErrorAlert error={q.error} />
      {data.length === 0 ? (
        <Text c="dimmed" size="sm">{t('email.report.noActivity')}</Text>
      ) : (
        <LineChart h={260} data={data} dataKey="at" withLegend curveType="monotone"
          series={[{ name: 'opens', label: t('email.report.opens'), color: 'teal.6' }, { name: 'clicks', label: t('email.report.clicks'), color: 'blue.6' }]} />
      )}
    </Paper>
  );
}

export function LinksAndDomains({ campaignId, live }: { campaignId: number; live: boolean }) {
  const { t, num } = useI18n();
  const links = useQuery({ queryKey: ['report-links', campaignId], queryFn: () => getLinks(campaignId), refetchInterval: live ? 10_000 : false });
  const domains = useQuery({ queryKey: ['report-domains', campaignId], queryFn: () => getDomains(campaignId), refetchInterval: live ? 10_000 : false });
  const cell = (n: number) => <Table.Td ta="end" style={{ fontVariantNumeric: 'tabular-nums' }}>{num(n)}</Table.Td>;
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
      <Paper withBorder p="md">
        <Title order={5} mb="sm">{t('email.report.links')}</Title>
        <ErrorAlert error={links.error} />
        <Table aria-label={t('email.report.links')} layout="fixed">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('email.report.link')}</Table.Th>
              <Table.Th ta="end" w={90}>{t('email.report.unique')}</Table.Th>
              <Table.Th ta="end" w={90}>{t('email.report.totalCol')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {links.data?.length === 0 && <Table.Tr><Table.Td colSpan={3}><Text c="dimmed" size="sm">{t('email.report.noLinks')}</Text></Table.Td></Table.Tr>}
            {links.data?.map((l) => (
              <Table.Tr key={l.index}>
                <Table.Td style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}><Anchor href={l.url} target="_blank" rel="noopener noreferrer" size="sm" className="clarion-ltr" title={l.url}>{l.url}</Anchor></Table.Td>
                {cell(l.unique)}
                {cell(l.total)}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      <Paper withBorder p="md">
        <Title order={5} mb="sm">{t('email.report.domains')}</Title>
        <ErrorAlert error={domains.error} />
        <Table aria-label={t('email.report.domains')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('email.report.domain')}</Table.Th>
              <Table.Th ta="end">{t('email.report.sent')}</Table.Th>
              <Table.Th ta="end">{t('email.report.delivered')}</Table.Th>
              <Table.Th ta="end">{t('email.report.opened')}</Table.Th>
              <Table.Th ta="end">{t('email.report.clicked')}</Table.Th>
              <Table.Th ta="end">{t('email.report.bounced')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {domains.data?.map((d) => (
              <Table.Tr key={d.domain}>
                <Table.Td><span className="clarion-ltr">{d.domain}</span></Table.Td>
                {cell(d.sent)}{cell(d.delivered)}{cell(d.opened)}{cell(d.clicked)}{cell(d.bounced)}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
    </SimpleGrid>
  );
}
