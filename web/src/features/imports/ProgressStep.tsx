/** Step 5: live progress of a running import: a ring and bar, rows done of total, rows per second, time left. */
import { Group, Paper, Progress, RingProgress, SimpleGrid, Stack, Text } from '@mantine/core';
import type { ImportView } from '../../api/imports.js';
import { useI18n } from '../../app/i18n/i18n.js';
import { ConfirmButton } from '../../ui/ConfirmButton.js';

function duration(s: number | null, t: ReturnType<typeof useI18n>['t']): string {
  if (s === null || !Number.isFinite(s)) return '—';
  if (s < 60) return t('time.seconds', { n: Math.max(1, Math.round(s)) });
  if (s < 3600) return t('time.minutes', { n: Math.round(s / 60) });
  return t('time.hours', { n: (s / 3600).toFixed(1) });
}

export function ProgressStep({ imp, onCancel }: { imp: ImportView; onCancel: () => Promise<unknown> }) {
  const { t, num } = useI18n();
  const p = imp.progress;
  const pct = p.percent ?? 0;
  const queued = imp.status === 'queued';
  return (
    <Stack align="center" gap="lg" py="md" aria-live="polite">
      <RingProgress
        size={200}
        thickness={18}
        roundCaps
        sections={[{ value: pct, color: 'blue' }]}
        label={<Text ta="center" fz={30} fw={700} data-testid="import-percent">{queued ? '…' : `${num(pct, { maximumFractionDigits: 1 })}%`}</Text>}
        aria-label={t('imports.progressLabel')}
      />
      <Text fw={600}>{queued ? t('imports.queued') : t('imports.running')}</Text>
      <Progress value={pct} w="100%" maw={560} size="lg" striped animated aria-label={t('imports.progressLabel')} />
      <SimpleGrid cols={{ base: 1, sm: 3 }} w="100%" maw={680}>
        <Stat label={t('imports.rowsDone')} value={p.totalRecords ? t('imports.ofTotal', { done: num(p.processedRecords), total: `${p.totalIsEstimate ? '~' : ''}${num(p.totalRecords)}` }) : num(p.processedRecords)} />
        <Stat label={t('imports.rowsPerSecond')} value={p.rowsPerSecond !== null ? num(Math.round(p.rowsPerSecond)) : '—'} />
        <Stat label={t('imports.eta')} value={duration(p.etaSeconds, t)} />
      </SimpleGrid>
      <Group>
        <ConfirmButton variant="default" color="red" title={t('imports.cancel')} message={t('imports.cancelConfirm')} confirmLabel={t('imports.cancel')} onConfirm={onCancel}>
          {t('imports.cancel')}
        </ConfirmButton>
      </Group>
    </Stack>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <Paper withBorder p="sm" ta="center">
      <Text size="xs" c="dimmed">{label}</Text>
      <Text fw={700} fz="lg" style={{ fontVariantNumeric: 'tabular-nums' }}>{value}</Text>
    </Paper>
  );
}

