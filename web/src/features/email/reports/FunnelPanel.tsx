/**
 * The campaign funnel as a bar chart and a table. Every step (a bar or its row) opens the list of contacts
 * behind it; skipped recipients are broken down by reason.
 */
import { BarChart } from '@mantine/charts';
import { Paper, SimpleGrid, Table, Text, Title, UnstyledButton } from '@mantine/core';
import type { Funnel, FunnelStep } from '../../../api/reports.js';
import { useI18n } from '../../../app/i18n/i18n.js';
import { useSkipReason } from '../campaigns/StatusBadge.js';
import { funnelRows } from './funnel.js';

export function FunnelPanel({ funnel, onStep }: { funnel: Funnel; onStep: (s: FunnelStep) => void }) {
  const { t, num } = useI18n();
  const reason = useSkipReason();
  const rows = funnelRows(funnel);
  const pct = (n: number) => (funnel.sent > 0 ? `${num(Math.round((n / funnel.sent) * 1000) / 10)}%` : '');
  const chart = rows.filter((r) => !r.detail).map((r) => ({ step: t(r.label), value: r.value, key: r.step }));
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
      <Paper withBorder p="md">
        <Title order={5} mb="sm">{t('email.report.funnel')}</Title>
        <BarChart h={360} data={chart} dataKey="step" orientation="vertical" yAxisProps={{ width: 110 }} series={[{ name: 'value', label: t('email.report.contacts'), color: 'blue.6' }]}
          withTooltip tooltipAnimationDuration={100} withBarValueLabel
          barProps={{ cursor: 'pointer', onClick: (d: { payload?: { key?: FunnelStep } }) => d?.payload?.key && onStep(d.payload.key) }} />
      </Paper>
      <Paper withBorder p="md">
        <Table aria-label={t('email.report.funnel')} verticalSpacing={6}>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.key}>
                <Table.Td ps={r.detail ? 'xl' : undefined}>
                  <UnstyledButton onClick={() => onStep(r.step)} c="blue" fw={r.detail ? 400 : 500} fz="sm" data-testid={`funnel-${r.key}`}>{t(r.label)}</UnstyledButton>
                </Table.Td>
                <Table.Td ta="end" fw={600} style={{ fontVariantNumeric: 'tabular-nums' }} data-testid={`funnel-${r.key}-value`}>{num(r.value)}</Table.Td>
                <Table.Td ta="end" c="dimmed" fz="xs">{r.extra ? t('email.report.totalN', { n: num(r.extra.value) }) : ''}{r.note ? <Text fz="xs" c="dimmed">{t(r.note.label, { n: num(r.note.value) })}</Text> : null}</Table.Td>
                <Table.Td ta="end" c="dimmed" fz="xs">{['audience', 'skipped', 'sent'].includes(r.key) ? '' : pct(r.value)}</Table.Td>
              </Table.Tr>
            ))}
            {Object.entries(funnel.skippedByReason).map(([k, n]) => (
              <Table.Tr key={`skip-${k}`}>
                <Table.Td ps="xl"><Text size="sm" c="dimmed">{t('email.report.skippedBecause', { reason: reason(k) })}</Text></Table.Td>
                <Table.Td ta="end" style={{ fontVariantNumeric: 'tabular-nums' }}>{num(n)}</Table.Td>
                <Table.Td /><Table.Td />
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
    </SimpleGrid>
  );
}
