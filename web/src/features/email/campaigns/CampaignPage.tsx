/**
 * A campaign after "send": live progress (refetched every 2 s while building or sending), pause / resume /
 * cancel, copy, resend to those not reached yet, "send to non-openers", and the report below.
 */
import { Alert, Button, Group, Loader, Paper, Stack, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Navigate, useNavigate, useParams } from 'react-router-dom';
import { ACTIVE, campaignProgress, cancelCampaign, copyCampaign, EDITABLE, getCampaign, nonOpenersCampaign, pauseCampaign, resendCampaign, resumeCampaign, type Campaign } from '../../../api/campaigns.js';
import { useI18n } from '../../../app/i18n/i18n.js';
import { useSession } from '../../../app/session.js';
import { ConfirmButton } from '../../../ui/ConfirmButton.js';
import { ErrorAlert, notifyError, notifySuccess } from '../../../ui/feedback.js';
import { Icon } from '../../../ui/icons.js';
import { PageHeader } from '../../../ui/PageHeader.js';
import { ReportView } from '../reports/ReportView.js';
import { campaignHref } from './CampaignsPage.js';
import { ProgressPanel } from './ProgressPanel.js';
import { CampaignStatusBadge } from './StatusBadge.js';

export function CampaignPage() {
  const id = Number(useParams().id);
  const { t, dateTime } = useI18n();
  const { canWrite } = useSession();
  const qc = useQueryClient();
  const nav = useNavigate();
  const poll = (s?: string) => (s && (ACTIVE as string[]).includes(s) ? 2000 : false);
  const c = useQuery({ queryKey: ['campaign', id], queryFn: () => getCampaign(id), refetchInterval: (q) => poll(q.state.data?.status), staleTime: 0 });
  const progress = useQuery({ queryKey: ['campaign-progress', id], queryFn: () => campaignProgress(id), refetchInterval: (q) => poll(q.state.data?.status ?? c.data?.status), staleTime: 0, enabled: !!c.data && c.data.status !== 'draft' });
  if (c.error) return <ErrorAlert error={c.error} />;
  if (!c.data) return <Loader />;
  if (c.data.status === 'draft') return <Navigate to={`/email/campaigns/${id}/edit`} replace />;
  const camp = c.data;

  const act = async (fn: (id: number) => Promise<Campaign>, done: string, open = false) => {
    try {
      const next = await fn(id);
      notifySuccess(done);
      await qc.invalidateQueries({ queryKey: ['campaigns'] });
      if (open) nav(campaignHref(next));
      else {
        qc.setQueryData(['campaign', id], next);
        await qc.invalidateQueries({ queryKey: ['campaign-progress', id] });
      }
    } catch (err) {
      notifyError(err);
    }
  };
  const s = camp.status;
  return (
    <Stack>
      <PageHeader
        title={<Group gap="sm"><span dir="auto">{camp.name}</span><CampaignStatusBadge status={s} /></Group>}
        description={s === 'scheduled' ? t('email.campaign.scheduledFor', { at: dateTime(camp.scheduledAt), tz: camp.timezone ?? '' }) : camp.startedAt ? t('email.campaign.startedAt', { at: dateTime(camp.startedAt) }) : undefined}
        actions={canWrite && (
          <>
            {EDITABLE.includes(s) && <Button variant="default" onClick={() => nav(`/email/campaigns/${id}/edit`)}>{t('common.edit')}</Button>}
            {(s === 'sending' || s === 'building') && <Button variant="default" leftSection={<Icon name="ban" size={16} />} onClick={() => act(pauseCampaign, t('email.campaign.paused'))}>{t('email.campaign.pause')}</Button>}
            {s === 'paused' && <Button onClick={() => act(resumeCampaign, t('email.campaign.resumed'))}>{t('email.campaign.resume')}</Button>}
            {['scheduled', 'building', 'sending', 'paused'].includes(s) && (
              <ConfirmButton variant="default" color="red" title={t('email.campaign.cancel')} message={t('email.campaign.cancelConfirm')} confirmLabel={t('email.campaign.cancel')} onConfirm={() => act(cancelCampaign, t('email.campaign.cancelled'))}>
                {t('email.campaign.cancel')}
              </ConfirmButton>
            )}
            <Button variant="default" leftSection={<Icon name="copy" size={16} />} onClick={() => act(copyCampaign, t('email.campaign.copied'), true)}>{t('common.copy')}</Button>
            {camp.startedAt && (
              <ConfirmButton variant="default" color="blue" title={t('email.campaign.resend')} message={t('email.campaign.resendConfirm')} confirmLabel={t('email.campaign.resend')} onConfirm={() => act(resendCampaign, t('email.campaign.resendStarted'), true)}>
                {t('email.campaign.resend')}
              </ConfirmButton>
            )}
            {camp.startedAt && <Button variant="default" onClick={() => act(nonOpenersCampaign, t('email.campaign.nonOpenersCreated'), true)}>{t('email.campaign.nonOpeners')}</Button>}
          </>
        )}
      />
      {camp.pauseReason && s === 'paused' && <Alert color="yellow" icon={<Icon name="alert" />} title={t('email.campaign.pausedBecause')}><span dir="auto">{camp.pauseReason}</span></Alert>}
      {camp.error && <Alert color="red" icon={<Icon name="alert" />}><span dir="auto">{camp.error}</span></Alert>}
      {s === 'scheduled' ? (
        <Text c="dimmed">{t('email.campaign.notStarted')}</Text>
      ) : (
        <Paper withBorder p="md">
          <ErrorAlert error={progress.error} />
          {progress.data ? <ProgressPanel p={progress.data} /> : <Loader size="sm" />}
        </Paper>
      )}
      {camp.startedAt && <ReportView campaignId={id} live={(ACTIVE as string[]).includes(s)} />}
    </Stack>
  );
}
