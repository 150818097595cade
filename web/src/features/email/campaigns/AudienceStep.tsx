/**
 * Wizard step 1: who receives the campaign. Groups and segments to include and to exclude; each change is saved
 * to the draft (debounced) and the live recipient count is asked again: total, eligible, skipped by reason.
 */
import { Group, MultiSelect, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { audienceCount, updateCampaign, type CampaignAudience } from '../../../api/campaigns.js';
import { listGroups } from '../../../api/groups.js';
import { listSegments } from '../../../api/segments.js';
import { useI18n } from '../../../app/i18n/i18n.js';
import { ErrorAlert } from '../../../ui/feedback.js';
import { useSkipReason } from './StatusBadge.js';

export function AudienceStep({ campaignId, audience, onChange }: { campaignId: number; audience: CampaignAudience; onChange: (a: CampaignAudience) => void }) {
  const { t, num } = useI18n();
  const reason = useSkipReason();
  const groups = useQuery({ queryKey: ['groups'], queryFn: listGroups });
  const segments = useQuery({ queryKey: ['segments'], queryFn: listSegments });
  const [debounced] = useDebouncedValue(audience, 400);
  const [savedKey, setSavedKey] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<unknown>(null);
  const key = JSON.stringify(debounced);
  // Save the audience, then count what was saved (the count endpoint reads the stored draft).
  useEffect(() => {
    let stale = false;
    updateCampaign(campaignId, { audience: debounced })
      .then(() => !stale && (setSavedKey(key), setSaveError(null)))
      .catch((err) => !stale && setSaveError(err));
    return () => {
      stale = true;
    };
  }, [campaignId, key, debounced]);
  const count = useQuery({ queryKey: ['campaign-audience-count', campaignId, savedKey], queryFn: () => audienceCount(campaignId), enabled: savedKey !== null, staleTime: 0 });
  const upToDate = savedKey === JSON.stringify(audience) && !count.isFetching;
  const g = (groups.data ?? []).map((x) => ({ value: String(x.id), label: `${x.name} (${num(x.memberCount)})` }));
  const s = (segments.data ?? []).map((x) => ({ value: String(x.id), label: x.name }));
  const ids = (v: string[]) => v.map(Number);
  const strs = (v: number[]) => v.map(String);
  const none = !audience.include.groups.length && !audience.include.segments.length;
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
      <Stack>
        <Paper withBorder p="md">
          <Title order={5} mb="sm">{t('email.audience.include')}</Title>
          <Stack gap="sm">
            <MultiSelect label={t('email.audience.groups')} searchable data={g} value={strs(audience.include.groups)} onChange={(v) => onChange({ ...audience, include: { ...audience.include, groups: ids(v) } })} />
            <MultiSelect label={t('email.audience.segments')} searchable data={s} value={strs(audience.include.segments)} onChange={(v) => onChange({ ...audience, include: { ...audience.include, segments: ids(v) } })} />
          </Stack>
        </Paper>
        <Paper withBorder p="md">
          <Title order={5} mb="sm">{t('email.audience.exclude')}</Title>
          <Stack gap="sm">
            <MultiSelect label={t('email.audience.excludeGroups')} searchable data={g} value={strs(audience.exclude.groups)} onChange={(v) => onChange({ ...audience, exclude: { ...audience.exclude, groups: ids(v) } })} />
            <MultiSelect label={t('email.audience.excludeSegments')} searchable data={s} value={strs(audience.exclude.segments)} onChange={(v) => onChange({ ...audience, exclude: { ...audience.exclude, segments: ids(v) } })} />
          </Stack>
        </Paper>
        <Text size="xs" c="dimmed">{t('email.audience.oneMessage')}</Text>
      </Stack>
      <Paper withBorder p="md" aria-live="polite">
        <Title order={5} mb="sm">{t('email.audience.recipients')}</Title>
        <ErrorAlert error={saveError ?? count.error} />
        {none ? (
          <Text c="dimmed">{t('email.audience.pick')}</Text>
        ) : (
          <Stack gap="xs" style={{ opacity: upToDate ? 1 : 0.5 }}>
            <Group gap="xs" align="baseline">
              <Text fz={36} fw={700} data-testid="audience-eligible" data-stale={String(!upToDate)}>{count.data ? num(count.data.eligible) : '…'}</Text>
              <Text c="dimmed">{t('email.audience.willReceive')}</Text>
            </Group>
            {count.data && (
              <>
                <Text size="sm">{t('email.audience.matched', { n: num(count.data.total) })}</Text>
                {Object.keys(count.data.skipped).length > 0 && <Text size="sm" fw={500} mt="xs">{t('email.audience.skipped')}</Text>}
                {Object.keys(count.data.skipped).length > 0 && (
                  <Table withRowBorders={false} verticalSpacing={2} aria-label={t('email.audience.skipped')}>
                    <Table.Tbody>
                      {Object.entries(count.data.skipped).map(([r, n]) => (
                        <Table.Tr key={r}><Table.Td>{reason(r)}</Table.Td><Table.Td ta="end">{num(n)}</Table.Td></Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                )}
              </>
            )}
          </Stack>
        )}
      </Paper>
    </SimpleGrid>
  );
}
