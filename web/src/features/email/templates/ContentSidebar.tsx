/**
 * The right-hand column of the template editor: subject (Liquid allowed) and preheader with merge tags, the
 * right-to-left switch, and the plain-text part — generated from the HTML by default, or written by hand.
 */
import { Button, Group, Paper, Stack, Switch, Text, TextInput, Textarea } from '@mantine/core';
import { useRef, useState } from 'react';
import { previewTemplate, type TemplateInput, type TextDir } from '../../../api/templates.js';
import { useI18n } from '../../../app/i18n/i18n.js';
import { notifyError } from '../../../ui/feedback.js';
import { insertAtCursor, MergeTagPicker } from './MergeTagPicker.js';

export interface ContentSidebarProps {
  draft: TemplateInput;
  set: (patch: Partial<TemplateInput>) => void;
  onDir: (dir: TextDir) => void;
  /** The current content with the designer's latest MJML (for generating the text part). */
  current: () => Partial<TemplateInput>;
}

export function ContentSidebar({ draft, set, onDir, current }: ContentSidebarProps) {
  const { t } = useI18n();
  const subjectRef = useRef<HTMLInputElement>(null);
  const preheaderRef = useRef<HTMLInputElement>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const [generated, setGenerated] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const manual = draft.textOverride !== null;

  const generate = async (): Promise<string | null> => {
    setBusy(true);
    try {
      const p = await previewTemplate({ ...current(), textOverride: null });
      setGenerated(p.text);
      return p.text;
    } catch (err) {
      notifyError(err);
      return null;
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack>
      <Paper withBorder p="sm">
        <Stack gap="sm">
          <TextInput ref={subjectRef} label={t('email.content.subject')} description={<>{t('email.content.subjectHelp')} <span className="clarion-ltr">{'{{ contact.first_name }}'}</span></>} dir="auto" value={draft.subject}
            onChange={(e) => set({ subject: e.currentTarget.value })}
            rightSectionWidth={90} rightSection={<MergeTagPicker label={t('email.tags.short')} onPick={(tag) => set({ subject: insertAtCursor(subjectRef.current, draft.subject, tag) })} />} />
          <TextInput ref={preheaderRef} label={t('email.content.preheader')} description={t('email.content.preheaderHelp')} dir="auto" value={draft.preheader}
            onChange={(e) => set({ preheader: e.currentTarget.value })}
            rightSectionWidth={90} rightSection={<MergeTagPicker label={t('email.tags.short')} onPick={(tag) => set({ preheader: insertAtCursor(preheaderRef.current, draft.preheader, tag) })} />} />
          <Switch label={t('email.content.rtl')} description={t('email.content.rtlHelp')} checked={draft.dir === 'rtl'} onChange={(e) => onDir(e.currentTarget.checked ? 'rtl' : 'ltr')} />
        </Stack>
      </Paper>
      <Paper withBorder p="sm">
        <Stack gap="xs">
          <Group justify="space-between">
            <Text fw={500} size="sm">{t('email.content.textPart')}</Text>
            <Switch size="xs" label={t('email.content.textManual')} checked={manual}
              onChange={async (e) => {
                if (!e.currentTarget.checked) return set({ textOverride: null });
                const text = generated ?? (await generate());
                set({ textOverride: text ?? '' });
              }} />
          </Group>
          {manual ? (
            <>
              <Textarea ref={textRef} aria-label={t('email.content.textPart')} autosize minRows={8} maxRows={20} dir={draft.dir} value={draft.textOverride ?? ''} onChange={(e) => set({ textOverride: e.currentTarget.value })} styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }} />
              <Group justify="space-between">
                <MergeTagPicker onPick={(tag) => set({ textOverride: insertAtCursor(textRef.current, draft.textOverride ?? '', tag) })} />
                <Button size="xs" variant="subtle" loading={busy} onClick={async () => { const x = await generate(); if (x !== null) set({ textOverride: x }); }}>{t('email.content.textRegenerate')}</Button>
              </Group>
            </>
          ) : (
            <>
              <Text size="xs" c="dimmed">{t('email.content.textAuto')}</Text>
              {generated !== null && <Text component="pre" size="xs" dir={draft.dir} mah={240} style={{ overflow: 'auto', whiteSpace: 'pre-wrap', fontFamily: 'var(--mantine-font-family-monospace)' }}>{generated}</Text>}
              <Button size="xs" variant="light" loading={busy} onClick={generate}>{t('email.content.textShow')}</Button>
            </>
          )}
        </Stack>
      </Paper>
    </Stack>
  );
}
