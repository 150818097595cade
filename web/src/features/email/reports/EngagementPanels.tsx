/** Opens and clicks over time (line chart), the per-link table and the breakdown by recipient domain. */
import { LineChart } from '@mantine/charts';
import { Anchor, Paper, SimpleGrid, Table, Text, Title } from '@mantine/core';
import type { DomainRow, LinkRow, TimelinePoint } from '../../../api/reports.js';
import { useI18n } from '../../../app/i18n/i18n.js';

export function TimelinePanel({ timeline }: { timeline: TimelinePoint[] }) {
  const { t, lang } = useI18n();
  const fmt = new Intl.DateTimeFormat(lang === 'he' ? 'he-IL' : 'en-GB', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  const data = timeline.map((p) => ({ at: fmt.format(new Date(p.at)), opens: p.opens, clicks: p.clicks, machineOpens: p.machineOpens }));
  return (
    <Paper withBorder p="md">
      <Title order={5} mb="sm">{t('email.report.overTime')}</Title>
      {data.length === 0 ? (
        <Text c="dimmed" size="sm">{t('email.report.noActivity')}</Text>
      ) : (
        <LineChart h={260} data={data} dataKey="at" withLegend curveType="monotone"
          series={[
            { name: 'opens', label: t('email.report.opens'), color: 'teal.6' },
            { name: 'clicks', label: t('email.report.clicks'), color: 'blue.6' },
            { name: 'machineOpens', label: t('email.report.machineOpens'), color: 'gray.5', strokeDasharray: '4 4' },
          ]} />
      )}
    </Paper>
  );
}

export function LinksAndDomains({ links, domains }: { links: LinkRow[]; domains: DomainRow[] }) {
  const { t, num } = useI18n();
  const cell = (n: number) => <Table.Td ta="end" style={{ fontVariantNumeric: 'tabular-nums' }}>{num(n)}</Table.Td>;
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
      <Paper withBorder p="md">
        <Title order={5} mb="sm">{t('email.report.links')}</Title>
        <Table aria-label={t('email.report.links')} layout="fixed">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('email.report.link')}</Table.Th>
              <Table.Th ta="end" w={90}>{t('email.report.unique')}</Table.Th>
              <Table.Th ta="end" w={90}>{t('email.report.totalCol')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {links.length === 0 && <Table.Tr><Table.Td colSpan={3}><Text c="dimmed" size="sm">{t('email.report.noLinks')}</Text></Table.Td></Table.Tr>}
            {links.map((l) => (
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
        <Table.ScrollContainer minWidth={460}>
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
            {domains.map((d) => (
              <Table.Tr key={d.domain}>
                <Table.Td><span className="clarion-ltr">{d.domain}</span></Table.Td>
                {cell(d.sent)}{cell(d.delivered)}{cell(d.opened)}{cell(d.clicked)}{cell(d.bounced)}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        </Table.ScrollContainer>
      </Paper>
    </SimpleGrid>
  );
}
