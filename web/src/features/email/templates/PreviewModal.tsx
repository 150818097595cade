/**
 * Preview as a chosen contact: the server renders the current (unsaved) content exactly as it would be sent —
 * subject, HTML in a sandboxed frame (desktop or phone width) and the plain-text part.
 */
import { Badge, Group, Modal, SegmentedControl, Stack, Tabs, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { previewTemplate, type TemplateInput } from '../../../api/templates.js';
import { useI18n } from '../../../app/i18n/i18n.js';
import { ErrorAlert } from '../../../ui/feedback.js';
import { ContactPicker } from './ContactPicker.js';

/** Sandboxed frame for rendered email HTML (no scripts, no same-origin access). */
export function EmailFrame({ html, width = '100%', height = 560, title }: { html: string; width?: number | string; height?: number; title: string }) {
  return <iframe title={title} sandbox="allow-popups" srcDoc={html} style={{ width, height, border: '1px solid var(--mantine-color-gray-3)', borderRadius: 6, background: '#fff', display: 'block', margin: '0 auto' }} />;
}

export function PreviewModal({ content, onClose }: { content: Partial<TemplateInput>; onClose: () => void }) {
  const { t } = useI18n();
  const [contactId, setContactId] = useState<number | null>(null);
  const [device, setDevice] = useState('desktop');
  const q = useQuery({ queryKey: ['template-preview', contactId, content], queryFn: () => previewTemplate({ ...content, contactId }), staleTime: 0 });
  return (
    <Modal opened onClose={onClose} title={t('email.preview.title')} size="min(1000px, 95vw)">
      <Stack>
        <Group align="flex-end" justify="space-between">
          <ContactPicker label={t('email.preview.as')} value={contactId} onChange={setContactId} />
          <SegmentedControl value={device} onChange={setDevice} data={[{ value: 'desktop', label: t('email.preview.desktop') }, { value: 'mobile', label: t('email.preview.mobile') }]} />
        </Group>
        <ErrorAlert error={q.error} />
        {q.data && (
          <>
            <Group gap="xs">
              <Badge variant="light">{t('email.content.subject')}</Badge>
              <Text fw={500} dir="auto" data-testid="preview-subject">{q.data.subject}</Text>
            </Group>
            <Tabs defaultValue="html">
              <Tabs.List>
                <Tabs.Tab value="html">HTML</Tabs.Tab>
                <Tabs.Tab value="text">{t('email.content.textPart')}</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="html" pt="sm">
                <EmailFrame title={t('email.preview.title')} html={q.data.html} width={device === 'mobile' ? 390 : '100%'} />
              </Tabs.Panel>
              <Tabs.Panel value="text" pt="sm">
                <Text component="pre" size="sm" dir="auto" style={{ whiteSpace: 'pre-wrap', fontFamily: 'var(--mantine-font-family-monospace)' }}>{q.data.text}</Text>
              </Tabs.Panel>
            </Tabs>
          </>
        )}
      </Stack>
    </Modal>
  );
}
