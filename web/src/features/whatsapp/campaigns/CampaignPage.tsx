/**
 * One WhatsApp campaign: the wizard while it is a draft; afterwards live progress (sent, delivered, read,
 * deferred by the messaging limit — clearly shown) with pause/resume/cancel, and the report.
 */
import { Alert, Badge, Button, Card, Group, Progress, SimpleGrid, Stack, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { cancelWaCampaign, getWaCampaign, getWaReport, pauseWaCampaign, resumeWaCampaign, waCampaignProgress } from '../../../api/whatsappCampaigns.js';
import { useI18n } from '../../../app/i18n/i18n.js';
import { useSession } from '../../../app/session.js';
import { ErrorAlert, notifyError } from '../../../ui/feedback.js';
import { Icon } from '../../../ui/icons.js';
import { PageHeader } from '../../../ui/PageHeader.js';
import { CampaignReport } from './CampaignReport.js';
import { CampaignWizard } from './CampaignWizard.js';

const ACTIVE = ['building', 'sending', 'scheduled'];

export function CampaignPage() {
  const { id } = useParams();
  const isNew = !id || id === 'new';
  const cid = isNew ? 0 : Number(id);
  const { t } = useI18n();
  const campaign = useQuery({ queryKey: ['wa-campaign', cid], queryFn: () => getWaCampaign(cid), enabled: !isNew, refetchInterval: (q) => (q.state.data && ACTIVE.includes(q.state.data.status) ? 2000 : false) });
  const back = <Button variant="default" component={Link} to="/whatsapp/campaigns" leftSection={<Icon name="arrowLeft" size={16} directional />}>{t('common.back')}</Button>;
  if (campaign.error) return <ErrorAlert error={campaign.error} />;
  const c = campaign.data;
  if (!isNew && !c) return null;
  // One tree for "new" and "draft": creating the draft changes the URL but must not remount the wizard.
  return (
    <>
      <PageHeader title={c?.name ?? t('wa.camp.new')} actions={<>{back}{c && <Badge size="lg" variant="light" data-testid="wa-campaign-status">{t(`wa.camp.status.${c.status}` as 'wa.camp.status.draft')}</Badge>}</>} />
      {isNew || c?.status === 'draft' ? <CampaignWizard campaign={c ?? null} /> : <Running id={c!.id} />}
    </>
  );
}

function Running({ id }: { id: number }) {
  const { t, num } = useI18n();
  const { canWrite } = useSession();
  const qc = useQueryClient();
  const progress = useQuery({ queryKey: ['wa-campaign-progress', id], queryFn: () => waCampaignProgress(id), refetchInterval: 2000 });
  // Delivered/read keep arriving by webhook after the last send: keep the report fresh for a while.
  const report = useQuery({ queryKey: ['wa-report', id], queryFn: () => getWaReport(id), refetchInterval: 3000, retry: false });
  const p = progress.data;
  const r = report.data;
  const act = async (fn: (id: number) => Promise<unknown>) => {
    try {
      await fn(id);
      await qc.invalidateQueries({ queryKey: ['wa-campaign', id] });
      await qc.invalidateQueries({ queryKey: ['wa-campaign-progress', id] });
    } catch (err) {
      notifyError(err);
    }
  };
  const pct = (n: number) => (p && p.total ? (n / p.total) * 100 : 0);
  return (
    <Stack>
      <ErrorAlert error={progress.error} />
      {p?.pauseReason && p.status === 'paused' && <Alert color="orange" title={t('wa.camp.paused')}><Text size="sm" dir="auto">{p.pauseReason}</Text></Alert>}
      {p && p.deferred > 0 && (
        <Alert color="yellow" title={t('wa.camp.deferredTitle', { n: num(p.deferred) })} data-testid="wa-deferred">{t('wa.camp.deferredHint')}</Alert>
      )}
      {p && (
        <Card withBorder data-testid="wa-progress">
          <Group justify="space-between" mb="xs">
            <Text fw={600}>{t('wa.camp.progress')}</Text>
            <Group gap="xs">
              {canWrite && ['sending', 'building'].includes(p.status) && <Button size="xs" variant="default" onClick={() => act(pauseWaCampaign)}>{t('wa.camp.pause')}</Button>}
              {canWrite && p.status === 'paused' && <Button size="xs" onClick={() => act(resumeWaCampaign)}>{t('wa.camp.resume')}</Button>}
              {canWrite && ['sending', 'building', 'paused', 'scheduled'].includes(p.status) && <Button size="xs" color="red" variant="subtle" onClick={() => act(cancelWaCampaign)}>{t('wa.camp.cancel')}</Button>}
            </Group>
          </Group>
          <Progress.Root size="xl" mb="sm">
            <Progress.Section value={pct(p.sent)} color="teal" />
            <Progress.Section value={pct(p.failed)} color="red" />
            <Progress.Section value={pct(p.skipped)} color="gray" />
            <Progress.Section value={pct(p.deferred)} color="yellow" />
          </Progress.Root>
          <SimpleGrid cols={{ base: 2, sm: 4, lg: 8 }}>
            {([
              ['total', p.total], ['sent', p.sent], ['delivered', r?.delivered], ['read', r?.read],
              ['queued', p.queued + p.sending], ['deferred', p.deferred], ['failed', p.failed], ['skipped', p.skipped],
            ] as const).map(([k, v]) => (
              <Stack key={k} gap={0}>
                <Text size="xs" c="dimmed">{t(`wa.camp.k.${k}` as const)}</Text>
                <Text fw={700} size="lg" data-testid={`wa-progress-${k}`}>{v === undefined ? '—' : num(v)}</Text>
              </Stack>
            ))}
          </SimpleGrid>
          {p.ratePerSecond > 0 && <Text size="xs" c="dimmed" mt="xs">{t('wa.camp.rate', { n: num(p.ratePerSecond) })}</Text>}
        </Card>
      )}
      {report.error ? <Alert color="gray">{t('wa.camp.reportUnavailable')}</Alert> : r && <CampaignReport r={r} />}
    </Stack>
  );
}
