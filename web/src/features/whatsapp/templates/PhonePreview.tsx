/**
 * A phone-style preview of a template as WhatsApp shows it: the chat wallpaper, a white bubble with header,
 * body (WhatsApp's *bold*, _italic_, ~strike~ and ```mono```), footer and time, and the buttons under it.
 * Variables show their sample values. The bubble follows the template's language direction (Hebrew → RTL),
 * whatever the app's own language is.
 */
import { Box, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useI18n } from '../../../app/i18n/i18n.js';
import { Icon } from '../../../ui/icons.js';
import '../whatsapp.css';
import { fillSamples, isRtlLanguage, type TemplateDraft } from './templateModel.js';

/** Renders WhatsApp's inline formatting as React nodes (no HTML injection). */
export function waFormat(text: string): ReactNode[] {
  const out: ReactNode[] = [];
  const re = /```([^`]+)```|\*([^*\n]+)\*|_([^_\n]+)_|~([^~\n]+)~/g;
  let last = 0;
  let i = 0;
  for (const m of text.matchAll(re)) {
    if (m.index! > last) out.push(text.slice(last, m.index));
    if (m[1] !== undefined) out.push(<code key={i++}>{m[1]}</code>);
    else if (m[2] !== undefined) out.push(<strong key={i++}>{m[2]}</strong>);
    else if (m[3] !== undefined) out.push(<em key={i++}>{m[3]}</em>);
    else out.push(<s key={i++}>{m[4]}</s>);
    last = m.index! + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

const MEDIA_ICON = { IMAGE: '🖼', VIDEO: '🎬', DOCUMENT: '📄' } as const;

export function PhonePreview({ draft }: { draft: TemplateDraft }) {
  const { t } = useI18n();
  const dir = isRtlLanguage(draft.language) ? 'rtl' : 'ltr';
  const samples = draft.samples;
  const header = draft.headerType === 'TEXT' ? draft.headerText.replace(/\{\{[^{}]*\}\}/g, (m) => draft.headerSample.trim() || m) : '';
  return (
    <Box className="wa-phone" aria-label={t('wa.tpl.preview')} role="figure" data-testid="wa-preview">
      <Box className="wa-phone-bar">
        <Icon name="user" size={16} />
        <Text size="sm" fw={600} c="white">{t('wa.tpl.previewBusiness')}</Text>
      </Box>
      <Box className="wa-chat" p="sm">
        <Stack gap={4} maw={300} dir={dir} lang={draft.language.slice(0, 2)}>
          <Box className="wa-bubble wa-bubble-in">
            {draft.headerType !== 'NONE' && draft.headerType !== 'TEXT' && (
              <Box className="wa-media">
                <span aria-hidden>{MEDIA_ICON[draft.headerType]}</span> <Text span size="xs">{t(`wa.tpl.header.${draft.headerType}` as const)}</Text>
              </Box>
            )}
            {draft.headerType === 'TEXT' && header && <Text fw={700} size="sm" mb={4}>{header}</Text>}
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {draft.body ? waFormat(fillSamples(draft.body, samples)) : <Text span c="dimmed">{t('wa.tpl.previewEmpty')}</Text>}
            </Text>
            {draft.footer && <Text size="xs" c="dimmed" mt={4}>{draft.footer}</Text>}
            <Text size="10px" c="dimmed" ta="end" mt={2}>12:00</Text>
          </Box>
          {draft.buttons.map((b, i) => (
            <Box key={i} className="wa-button">
              <span aria-hidden>{b.type === 'URL' ? '↗' : b.type === 'PHONE_NUMBER' ? '☎' : '↩'}</span> {b.text || '…'}
            </Box>
          ))}
        </Stack>
      </Box>
    </Box>
  );
}
