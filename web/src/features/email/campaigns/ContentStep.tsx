/** Wizard step 2: the template, subject (Liquid allowed), preheader and sender identity. */
import { Anchor, Group, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useRef } from 'react';
import { Link } from 'react-router-dom';
import type { CampaignContent, CampaignSettings } from '../../../api/campaigns.js';
import { listIdentities } from '../../../api/sending.js';
import { getTemplate, listTemplates } from '../../../api/templates.js';
import { useI18n } from '../../../app/i18n/i18n.js';
import { IDENTITIES_KEY } from '../settings/IdentitiesPanel.js';
import { insertAtCursor, MergeTagPicker } from '../templates/MergeTagPicker.js';

export interface ContentStepProps {
  templateId: number | null;
  content: CampaignContent;
  settings: CampaignSettings;
  onTemplate: (id: number | null, fill: CampaignContent) => void;
  onContent: (c: CampaignContent) => void;
  onSettings: (s: CampaignSettings) => void;
}

export function ContentStep({ templateId, content, settings, onTemplate, onContent, onSettings }: ContentStepProps) {
  const { t } = useI18n();
  const templates = useQuery({ queryKey: ['templates'], queryFn: listTemplates });
  const identities = useQuery({ queryKey: IDENTITIES_KEY, queryFn: listIdentities });
  const subjectRef = useRef<HTMLInputElement>(null);
  const preheaderRef = useRef<HTMLInputElement>(null);
  const subject = content.subject ?? '';
  const preheader = content.preheader ?? '';
  const defaultIdentity = identities.data?.find((i) => i.isDefault) ?? identities.data?.[0];
  return (
    <Paper withBorder p="md" maw={760}>
      <Stack>
        <Select label={t('email.content.template')} required searchable placeholder={t('email.content.pickTemplate')} value={templateId ? String(templateId) : null}
          data={(templates.data ?? []).map((x) => ({ value: String(x.id), label: x.name }))}
          onChange={async (v) => {
            const id = v ? Number(v) : null;
            // Subject and preheader start from the template's; the campaign keeps its own once typed.
            const tp = id ? await getTemplate(id).catch(() => null) : null;
            onTemplate(id, { subject: subject || tp?.subject || '', preheader: preheader || tp?.preheader || '' });
          }}
          nothingFoundMessage={t('email.templates.none')} />
        <Group gap={6}>
          <Anchor component={Link} to="/email/templates" size="xs">{t('email.content.manageTemplates')}</Anchor>
          {templateId && <Anchor component={Link} to={`/email/templates/${templateId}`} size="xs">{t('email.content.openTemplate')}</Anchor>}
        </Group>
        <TextInput ref={subjectRef} label={t('email.content.subject')} required description={<>{t('email.content.subjectHelp')} <span className="clarion-ltr">{'{{ contact.first_name }}'}</span></>} dir="auto" value={subject}
          onChange={(e) => onContent({ ...content, subject: e.currentTarget.value })}
          rightSectionWidth={90} rightSection={<MergeTagPicker label={t('email.tags.short')} onPick={(tag) => onContent({ ...content, subject: insertAtCursor(subjectRef.current, subject, tag) })} />} />
        <TextInput ref={preheaderRef} label={t('email.content.preheader')} description={t('email.content.preheaderHelp')} dir="auto" value={preheader}
          onChange={(e) => onContent({ ...content, preheader: e.currentTarget.value })}
          rightSectionWidth={90} rightSection={<MergeTagPicker label={t('email.tags.short')} onPick={(tag) => onContent({ ...content, preheader: insertAtCursor(preheaderRef.current, preheader, tag) })} />} />
        <Select label={t('email.content.sender')} required value={settings.senderIdentityId ? String(settings.senderIdentityId) : defaultIdentity ? String(defaultIdentity.id) : null}
          data={(identities.data ?? []).map((i) => ({ value: String(i.id), label: `${i.fromName} <${i.fromAddress}>` }))}
          onChange={(v) => onSettings({ ...settings, senderIdentityId: v ? Number(v) : null })}
          nothingFoundMessage={t('email.identities.none')} />
        {identities.data?.length === 0 && (
          <Text size="sm" c="red">{t('email.content.noSender')} <Anchor component={Link} to="/email/settings?tab=senders">{t('email.settings.title')}</Anchor></Text>
        )}
      </Stack>
    </Paper>
  );
}
