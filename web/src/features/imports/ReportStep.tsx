/**
 * Step 6: the import's report: outcome counts (and a donut of them), rejected rows with line, column
 * and reason (downloadable as CSV), and conflicts where the person chooses which contact wins.
 */
import { Alert, Badge, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { DonutChart } from '@mantine/charts';
import { rejectedCsvUrl, type ImportView } from '../../api/imports.js';
import { useI18n, type MessageKey } from '../../app/i18n/i18n.js';
import { Icon } from '../../ui/icons.js';
import { ConflictsTable, RejectedTable } from './IssuesTables.js';

const COUNTS: { key: keyof ImportView['counts']; label: MessageKey; color: string }[] = [
  { key: 'records', label: 'imports.count.records', color: 'gray.6' },
  { key: 'created', label: 'imports.count.created', color: 'teal.6' },
  { key: 'updated', label: 'imports.count.updated', color: 'blue.6' },
  { key: 'addedToGroup', label: 'imports.count.addedToGroup', color: 'indigo.6' },
  { key: 'duplicatesInFile', label: 'imports.count.duplicatesInFile', color: 'yellow.6' },
  { key: 'invalid', label: 'imports.count.invalid', color: 'red.6' },
  { key: 'conflicts', label: 'imports.count.conflicts', color: 'orange.6' },
];

export function ReportStep({ imp }: { imp: ImportView }) {
  const { t, num, dateTime } = useI18n();
  const c = imp.counts;
  const unchanged = Math.max(0, c.records - c.created - c.updated - c.duplicatesInFile - c.invalid - c.conflicts);
  const donut = [
    { name: t('imports.count.created'), value: c.created, color: 'teal.6' },
    { name: t('imports.count.updated'), value: c.updated, color: 'blue.6' },
    { name: t('imports.count.unchanged'), value: unchanged, color: 'gray.4' },
    { name: t('imports.count.duplicatesInFile'), value: c.duplicatesInFile, color: 'yellow.6' },
    { name: t('imports.count.invalid'), value: c.invalid, color: 'red.6' },
    { name: t('imports.count.conflicts'), value: c.conflicts, color: 'orange.6' },
  ].filter((d) => d.value > 0);
  return (
    <Stack>
      {imp.status === 'failed' && <Alert color="red" title={t('imports.failed')}>{imp.error}</Alert>}
      {imp.status === 'cancelled' && <Alert color="yellow">{t('imports.cancelled')}</Alert>}
      {imp.status === 'done' && (
        <Alert color="teal" icon={<Icon name="check" />}>{t('imports.doneAt', { at: dateTime(imp.finishedAt) })}</Alert>
      )}
      <Group align="center" gap="xl" wrap="wrap">
        {donut.length > 0 && <DonutChart data={donut} size={170} thickness={26} withTooltip tooltipDataSource="segment" chartLabel={num(c.records)} aria-label={t('imports.outcomeChart')} />}
        <SimpleGrid cols={{ base: 2, sm: 4 }} style={{ flex: 1 }}>
          {COUNTS.map((k) => (
            <Paper key={k.key} withBorder p="sm">
              <Text size="xs" c="dimmed">{t(k.label)}</Text>
              <Text fz={26} fw={700} data-testid={`import-count-${k.key}`} style={{ fontVariantNumeric: 'tabular-nums' }}>{num(c[k.key])}</Text>
            </Paper>
          ))}
        </SimpleGrid>
      </Group>
      <Group justify="space-between" mt="md">
        <Title order={4}>
          {t('imports.rejected')} <Badge color="red" variant="light">{num(c.invalid)}</Badge>
        </Title>
        {c.invalid > 0 && (
          <Button component="a" href={rejectedCsvUrl(imp.id)} download variant="default" leftSection={<Icon name="download" size={16} />}>
            {t('imports.downloadRejected')}
          </Button>
        )}
      </Group>
      {c.invalid > 0 ? <RejectedTable importId={imp.id} header={imp.header} /> : <Text size="sm" c="dimmed">{t('imports.noRejected')}</Text>}
      <Title order={4} mt="md">
        {t('imports.conflicts')} <Badge color="orange" variant="light">{num(c.conflicts)}</Badge>
      </Title>
      {c.conflicts > 0 ? <ConflictsTable importId={imp.id} header={imp.header} /> : <Text size="sm" c="dimmed">{t('imports.noConflicts')}</Text>}
    </Stack>
  );
}
