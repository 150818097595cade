/** Settings → Email sending: tabs for SMTP servers, sending domains (DNS), senders, bounces & tracking. */
import { Tabs } from '@mantine/core';
import { useSearchParams } from 'react-router-dom';
import { useI18n } from '../../../app/i18n/i18n.js';
import { PageHeader } from '../../../ui/PageHeader.js';
import { DeliverabilityPanel } from './DeliverabilityPanel.js';
import { DomainsPanel } from './DomainsPanel.js';
import { IdentitiesPanel } from './IdentitiesPanel.js';
import { SmtpServersPanel } from './SmtpServersPanel.js';

const TABS = ['smtp', 'domains', 'senders', 'bounces'] as const;

export function EmailSettingsPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const tab = TABS.find((x) => x === params.get('tab')) ?? 'smtp';
  return (
    <>
      <PageHeader title={t('email.settings.title')} description={t('email.settings.description')} />
      <Tabs value={tab} onChange={(v) => setParams(v && v !== 'smtp' ? { tab: v } : {}, { replace: true })} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="smtp">{t('email.smtp.title')}</Tabs.Tab>
          <Tabs.Tab value="domains">{t('email.domains.title')}</Tabs.Tab>
          <Tabs.Tab value="senders">{t('email.identities.title')}</Tabs.Tab>
          <Tabs.Tab value="bounces">{t('email.settings.bouncesTab')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="smtp"><SmtpServersPanel /></Tabs.Panel>
        <Tabs.Panel value="domains"><DomainsPanel /></Tabs.Panel>
        <Tabs.Panel value="senders"><IdentitiesPanel /></Tabs.Panel>
        <Tabs.Panel value="bounces"><DeliverabilityPanel /></Tabs.Panel>
      </Tabs>
    </>
  );
}
