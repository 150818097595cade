/**
 * Wizard step 4: summary, the pre-flight result of the campaign as it would be sent (errors block, warnings are
 * shown), then send now or schedule at a date and time in a chosen time zone.
 */
import { Button, Group, Loader, Paper, Radio, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState, type ReactNode } from 'react';
import { audienceCount, campaignPreflight, scheduleCampaign, sendCampaign, type Campaign } from '../../../api/campaigns.js';
import { useI18n } from '../../../app/i18n/i18n.js';
import { ConfirmButton } from '../../../ui/ConfirmButton.js';
import { ErrorAlert } from '../../../ui/feedback.js';
import { PreflightView } from '../templates/PreflightView.js';

function timeZones(): string[] {
  try {
    return (Intl as unknown as { supportedValuesOf: (k: string) => string[] }).supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
}

export function ReviewStep({ campaign, templateName, senderLabel, onSent }: { campaign: Campaign; templateName: string | null; senderLabel: string | null; onSent: (c: Campaign) => void }) {
  const { t, num } = useI18n();
  const preflight = useQuery({ queryKey: ['campaign-preflight', campaign.id, campaign.updatedAt], queryFn: () => campaignPreflight(campaign.id), staleTime: 0 });
  const count = useQuery({ queryKey: ['campaign-audience-count', campaign.id, 'review', campaign.updatedAt], queryFn: () => audienceCount(campaign.id), staleTime: 0 });
  const zones = useMemo(timeZones, []);
  const [when, setWhen] = useState<'now' | 'later'>(campaign.scheduledAt ? 'later' : 'now');
  const [date, setDate] = useState('');
  const [time, setTime] = useState('09:00');
  const [tz, setTz] = useState(campaign.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC');
  const [error, setError] = useState<unknown>(null);
  const blocked = !preflight.data?.ok;
  const send = async () => {
    setError(null);
    try {
      onSent(when === 'now' ? await sendCampaign(campaign.id) : await scheduleCampaign(campaign.id, `${date}T${time}`, tz));
    } catch (err) {
      setError(err);
      throw err;
    }
  };
  const row = (label: string, value: ReactNode) => (
    <Table.Tr><Table.Th w={180}>{label}</Table.Th><Table.Td>{value}</Table.Td></Table.Tr>
  );
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
      <Stack>
        <Paper withBorder p="md">
          <Title order={5} mb="sm">{t('email.review.summary')}</Title>
          <Table aria-label={t('email.review.summary')}>
            <Table.Tbody>
              {row(t('common.name'), <span dir="auto">{campaign.name}</span>)}
              {row(t('email.review.recipients'), count.data ? <span data-testid="review-recipients">{num(count.data.eligible)}</span> : <Loader size="xs" />)}
              {row(t('email.content.template'), templateName ?? '—')}
              {row(t('email.content.subject'), <span dir="auto">{campaign.content.subject || '—'}</span>)}
              {row(t('email.content.preheader'), <span dir="auto">{campaign.content.preheader || '—'}</span>)}
              {row(t('email.content.sender'), <span className="clarion-ltr">{senderLabel ?? '—'}</span>)}
              {row(t('email.settingsStep.tracking'), [campaign.settings.trackOpens !== false && t('email.settingsStep.opens'), campaign.settings.trackClicks !== false && t('email.settingsStep.clicks')].filter(Boolean).join(', ') || t('common.no'))}
            </Table.Tbody>
          </Table>
        </Paper>
        <Paper withBorder p="md">
          <Title order={5} mb="sm">{t('email.review.when')}</Title>
          <Radio.Group value={when} onChange={(v) => setWhen(v as 'now' | 'later')}>
            <Stack gap="xs">
              <Radio value="now" label={t('email.review.now')} />
              <Radio value="later" label={t('email.review.later')} />
            </Stack>
          </Radio.Group>
          {when === 'later' && (
            <SimpleGrid cols={{ base: 1, sm: 3 }} mt="sm">
              <TextInput type="date" label={t('email.review.date')} value={date} onChange={(e) => setDate(e.currentTarget.value)} required />
              <TextInput type="time" label={t('email.review.time')} value={time} onChange={(e) => setTime(e.currentTarget.value)} required />
              <Select label={t('email.review.timezone')} searchable data={zones} value={tz} onChange={(v) => v && setTz(v)} allowDeselect={false} />
            </SimpleGrid>
          )}
          <ErrorAlert error={error} />
          <Group justify="flex-end" mt="md">
            <ConfirmButton color="blue" disabled={blocked || (when === 'later' && (!date || !time))}
              title={when === 'now' ? t('email.review.sendTitle') : t('email.review.scheduleTitle')}
              message={when === 'now' ? t('email.review.sendConfirm', { n: count.data ? num(count.data.eligible) : '…' }) : t('email.review.scheduleConfirm', { date, time, tz })}
              confirmLabel={when === 'now' ? t('email.review.sendNow') : t('email.review.schedule')} onConfirm={send}>
              {when === 'now' ? t('email.review.sendNow') : t('email.review.schedule')}
            </ConfirmButton>
          </Group>
        </Paper>
      </Stack>
      <Paper withBorder p="md">
        <Title order={5} mb="sm">{t('email.preflight.title')}</Title>
        <ErrorAlert error={preflight.error} />
        {preflight.isFetching && <Loader size="sm" />}
        {preflight.data && <PreflightView result={preflight.data} />}
        {preflight.data && !preflight.data.ok && <Text size="sm" c="red" mt="sm">{t('email.review.fixFirst')}</Text>}
      </Paper>
    </SimpleGrid>
  );
}
