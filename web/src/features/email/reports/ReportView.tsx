/**
 * The campaign report (one request): funnel (click a step for its contacts), opens/clicks over time, links,
 * recipient domains, CSV export. Refetched every 2 s while the campaign sends, every 15 s after.
 */
import { Alert, Button, Group, Loader, Stack, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { exportReportCsv, getReport, type FunnelStep } from '../../../api/reports.js';
import { useI18n } from '../../../app/i18n/i18n.js';
import { ErrorAlert } from '../../../ui/feedback.js';
import { Icon } from '../../../ui/icons.js';
import { LinksAndDomains, TimelinePanel } from './EngagementPanels.js';
import { FunnelPanel } from './FunnelPanel.js';
import { RecipientsDrawer } from './RecipientsDrawer.js';

export function ReportView({ campaignId, live }: { campaignId: number; live: boolean }) {
  const { t, num } = useI18n();
  const report = useQuery({ queryKey: ['report', campaignId], queryFn: () => getReport(campaignId), refetchInterval: live ? 2000 : 15_000, staleTime: 0 });
  const [step, setStep] = useState<FunnelStep | null>(null);
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={3}>{t('email.report.title')}</Title>
        <Button variant="default" leftSection={<Icon name="download" size={16} />} onClick={() => exportReportCsv(campaignId)}>{t('email.report.export')}</Button>
      </Group>
      <ErrorAlert error={report.error} />
      {!report.data && !report.error && <Loader size="sm" />}
      {report.data && (
        <>
          {!report.data.individualTracking && <Alert color="gray" icon={<Icon name="shield" />}>{t('email.report.anonymousNote')}</Alert>}
          {report.data.funnel.unknown > 0 && <Alert color="yellow" icon={<Icon name="alert" />}>{t('email.report.unknownNote', { n: num(report.data.funnel.unknown) })}</Alert>}
          <FunnelPanel funnel={report.data.funnel} onStep={setStep} />
          <TimelinePanel timeline={report.data.timeline} />
          <LinksAndDomains links={report.data.links} domains={report.data.domains} />
        </>
      )}
      {step && report.data && <RecipientsDrawer campaignId={campaignId} campaignName={report.data.campaign.name} step={step} onClose={() => setStep(null)} />}
    </Stack>
  );
}
