/** Wizard step 3: open and click tracking, and UTM parameters added to every link. */
import { Paper, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import type { CampaignSettings } from '../../../api/campaigns.js';
import { useI18n } from '../../../app/i18n/i18n.js';

const UTM_KEYS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_content'] as const;

export function SettingsStep({ settings, campaignName, onChange }: { settings: CampaignSettings; campaignName: string; onChange: (s: CampaignSettings) => void }) {
  const { t } = useI18n();
  const utm = settings.utm ?? null;
  return (
    <Paper withBorder p="md" maw={760}>
      <Stack>
        <Switch label={t('email.settingsStep.trackOpens')} description={t('email.settingsStep.trackOpensHelp')} checked={settings.trackOpens !== false} onChange={(e) => onChange({ ...settings, trackOpens: e.currentTarget.checked })} />
        <Switch label={t('email.settingsStep.trackClicks')} description={t('email.settingsStep.trackClicksHelp')} checked={settings.trackClicks !== false} onChange={(e) => onChange({ ...settings, trackClicks: e.currentTarget.checked })} />
        <Switch label={t('email.settingsStep.utm')} description={t('email.settingsStep.utmHelp')} checked={!!utm}
          onChange={(e) => onChange({ ...settings, utm: e.currentTarget.checked ? { utm_source: 'clarion', utm_medium: 'email', utm_campaign: campaignName.toLowerCase().replace(/\s+/g, '-').slice(0, 60) } : null })} />
        {utm && (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {UTM_KEYS.map((k) => (
              <TextInput key={k} label={k} dir="ltr" value={utm[k] ?? ''} onChange={(e) => {
                const next = { ...utm, [k]: e.currentTarget.value };
                if (!next[k]) delete next[k];
                onChange({ ...settings, utm: next });
              }} />
            ))}
          </SimpleGrid>
        )}
        <Text size="xs" c="dimmed">{t('email.settingsStep.privacyNote')}</Text>
      </Stack>
    </Paper>
  );
}
