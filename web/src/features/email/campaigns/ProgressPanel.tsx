/**
 * Live progress of a sending campaign: a ring (done share), queued / sent / failed / skipped, current rate and
 * ETA. The caller refetches every 2 s while the campaign is building or sending.
 */
import { Group, Paper, RingProgress, SimpleGrid, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { CampaignProgress } from '../../../api/campaigns.js';
import { useI18n } from '../../../app/i18n/i18n.js';

function eta(seconds: number | null, t: (k: 'email.progress.unknownEta') => string): string {
  if (seconds === null) return t('email.progress.unknownEta');
  if (seconds < 60) return `${seconds}s`;
  const m = Math.floor(seconds / 60);
  return m < 60 ? `${m}m ${seconds % 60}s` : `${Math.floor(m / 60)}h ${m % 60}m`;
}

export function ProgressPanel({ p }: { p: CampaignProgress }) {
  const { t, num } = useI18n();
  const toSend = p.total - p.skipped;
  const done = p.sent + p.failed + p.unknown + p.cancelled;
  const pct = toSend > 0 ? Math.round((done / toSend) * 1000) / 10 : 0;
  const stat = (key: string, label: string, value: ReactNode, color?: string) => (
    <Paper withBorder p="sm" key={key}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
      <Text fz={24} fw={700} c={color} data-testid={`progress-${key}`} style={{ fontVariantNumeric: 'tabular-nums' }}>{value}</Text>
    </Paper>
  );
  return (
    <Group align="stretch" wrap="wrap" gap="lg" aria-live="polite">
      <RingProgress size={150} thickness={14} roundCaps
        // Empty sections are left out: with round caps even a 0% section draws a dot.
        sections={[
          { value: toSend ? (p.sent / toSend) * 100 : 0, color: 'teal', tooltip: t('email.progress.sent') },
          { value: toSend ? ((p.failed + p.unknown) / toSend) * 100 : 0, color: 'red', tooltip: t('email.progress.failed') },
        ].filter((x) => x.value > 0)}
        label={<Stack gap={0} align="center"><Text fw={700} fz="xl">{num(pct)}%</Text><Text size="xs" c="dimmed">{t('email.progress.done')}</Text></Stack>} />
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} style={{ flex: 1 }}>
        {stat('queued', t('email.progress.queued'), num(p.queued + p.deferred + p.sending))}
        {stat('sent', t('email.progress.sent'), num(p.sent), 'teal')}
        {stat('failed', t('email.progress.failed'), num(p.failed + p.unknown), p.failed + p.unknown ? 'red' : undefined)}
        {stat('skipped', t('email.progress.skipped'), num(p.skipped))}
        {stat('rate', t('email.progress.rate'), <span className="clarion-ltr">{num(p.ratePerSecond)}/s</span>)}
        {stat('eta', t('email.progress.eta'), <span className="clarion-ltr">{p.status === 'sending' ? eta(p.etaSeconds, t) : '—'}</span>)}
      </SimpleGrid>
    </Group>
  );
}
