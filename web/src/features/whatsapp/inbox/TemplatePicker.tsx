/**
 * Outside the 24-hour window WhatsApp only accepts templates: pick an approved template of the conversation's
 * number, fill its variables (and header text or media link), see the filled message, send.
 */
import { Alert, Button, Group, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { listTemplates, sendMessage, type Conversation } from '../../../api/whatsapp.js';
import { useI18n } from '../../../app/i18n/i18n.js';
import { ErrorAlert } from '../../../ui/feedback.js';
import { fillSamples, fromTemplate, variablesOf } from '../templates/templateModel.js';

export function TemplatePicker({ c, onSent, reason }: { c: Conversation; onSent: () => unknown; reason: string }) {
  const { t } = useI18n();
  const templates = useQuery({ queryKey: ['wa-templates', 'approved', c.connectionId], queryFn: () => listTemplates({ connectionId: c.connectionId, status: 'APPROVED' }) });
  const [id, setId] = useState<string | null>(null);
  const [vars, setVars] = useState<Record<string, string>>({});
  const [headerText, setHeaderText] = useState('');
  const [headerMedia, setHeaderMedia] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const tpl = templates.data?.find((x) => String(x.id) === id) ?? null;
  const draft = useMemo(() => (tpl ? fromTemplate(tpl) : null), [tpl]);
  const named = draft?.parameterFormat === 'named';
  const names = draft ? variablesOf(draft.body, named) : [];
  const headerVar = draft?.headerType === 'TEXT' && /\{\{[^{}]*\}\}/.test(draft.headerText);
  const mediaHeader = draft && ['IMAGE', 'VIDEO', 'DOCUMENT'].includes(draft.headerType);
  const complete = !!tpl && names.every((n) => vars[n]?.trim()) && (!headerVar || headerText.trim()) && (!mediaHeader || /^https?:\/\//.test(headerMedia));

  const send = async () => {
    if (!tpl) return;
    setBusy(true);
    setError(null);
    try {
      await sendMessage(c.id, {
        type: 'template',
        templateId: tpl.id,
        variables: named ? Object.fromEntries(names.map((n) => [n, vars[n] ?? ''])) : names.map((n) => vars[n] ?? ''),
        ...(headerVar ? { headerText } : {}),
        ...(mediaHeader ? { headerMediaLink: headerMedia } : {}),
      });
      setVars({});
      await onSent();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper withBorder p="sm" data-testid="wa-template-picker">
      <Stack gap="xs">
        <Alert color="orange" variant="light" p="xs"><Text size="sm">{reason}</Text></Alert>
        <ErrorAlert error={error} />
        <Select label={t('wa.inbox.pickTemplate')} placeholder={t('wa.inbox.pickTemplatePlaceholder')} searchable value={id} onChange={(v) => { setId(v); setVars({}); }}
          data={(templates.data ?? []).map((x) => ({ value: String(x.id), label: `${x.name} (${x.language})` }))} nothingFoundMessage={t('wa.inbox.noApproved')} />
        {templates.data?.length === 0 && <Text size="sm" c="dimmed">{t('wa.inbox.noApproved')}</Text>}
        {draft && (
          <>
            {headerVar && <TextInput size="xs" label={t('wa.inbox.headerText')} value={headerText} dir="auto" onChange={(e) => setHeaderText(e.currentTarget.value)} />}
            {mediaHeader && <TextInput size="xs" label={t('wa.inbox.headerMedia')} value={headerMedia} dir="ltr" onChange={(e) => setHeaderMedia(e.currentTarget.value)} />}
            <Group grow>
              {names.map((n) => (
                <TextInput key={n} size="xs" label={t('wa.inbox.variable', { v: `{{${n}}}` })} value={vars[n] ?? ''} dir="auto" onChange={(e) => { const v = e.currentTarget.value; setVars((x) => ({ ...x, [n]: v })); }} />
              ))}
            </Group>
            <Text size="sm" dir="auto" c="dimmed" style={{ whiteSpace: 'pre-wrap' }} data-testid="wa-template-filled">{fillSamples(draft.body, vars)}</Text>
            <Group justify="flex-end">
              <Button onClick={send} loading={busy} disabled={!complete}>{t('wa.inbox.sendTemplate')}</Button>
            </Group>
          </>
        )}
      </Stack>
    </Paper>
  );
}
