/**
 * The reply box. While the 24-hour window is open: text, image or document (by link). When the window is closed
 * the free-form composer is replaced by the template picker; a send refused with window_closed (the window ran
 * out while typing) switches to the picker too.
 */
import { Button, Group, Paper, SegmentedControl, Stack, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import { ApiError } from '../../../api/client.js';
import { sendMessage, type Conversation, type OutgoingMessage } from '../../../api/whatsapp.js';
import { useI18n } from '../../../app/i18n/i18n.js';
import { ErrorAlert } from '../../../ui/feedback.js';
import { TemplatePicker } from './TemplatePicker.js';

export function Composer({ c, onSent }: { c: Conversation; onSent: () => unknown }) {
  const { t } = useI18n();
  const [kind, setKind] = useState<'text' | 'image' | 'document'>('text');
  const [text, setText] = useState('');
  const [link, setLink] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [closedByServer, setClosedByServer] = useState(false);
  const [busy, setBusy] = useState(false);

  if (!c.windowOpen || closedByServer) {
    return <TemplatePicker c={c} onSent={onSent} reason={c.lastInboundAt ? t('wa.inbox.windowClosedHint') : t('wa.inbox.neverWrote')} />;
  }
  const send = async () => {
    const m: OutgoingMessage = kind === 'text' ? { type: 'text', text } : { type: kind, link, ...(text ? { caption: text } : {}) };
    setBusy(true);
    setError(null);
    try {
      await sendMessage(c.id, m);
      setText('');
      setLink('');
      await onSent();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'window_closed') {
        setClosedByServer(true);
        await onSent();
      } else setError(err);
    } finally {
      setBusy(false);
    }
  };
  const ready = kind === 'text' ? text.trim() !== '' : /^https?:\/\/\S+$/.test(link);
  return (
    <Paper withBorder p="sm" data-testid="wa-composer">
      <Stack gap="xs">
        <ErrorAlert error={error} />
        <SegmentedControl size="xs" w="fit-content" value={kind} onChange={(v) => setKind(v as typeof kind)}
          data={[{ value: 'text', label: t('wa.inbox.kind.text') }, { value: 'image', label: t('wa.inbox.kind.image') }, { value: 'document', label: t('wa.inbox.kind.document') }]} />
        {kind !== 'text' && <TextInput size="sm" label={t('wa.inbox.mediaLink')} placeholder="https://…" value={link} dir="ltr" onChange={(e) => setLink(e.currentTarget.value)} />}
        <Group align="flex-end" wrap="nowrap">
          <Textarea style={{ flex: 1 }} aria-label={kind === 'text' ? t('wa.inbox.message') : t('wa.inbox.caption')} placeholder={kind === 'text' ? t('wa.inbox.typeMessage') : t('wa.inbox.caption')} autosize minRows={1} maxRows={6} dir="auto" value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            onKeyDown={(e) => { if (e.key === 'Enter' && !e.shiftKey && ready) { e.preventDefault(); void send(); } }} />
          <Button onClick={send} loading={busy} disabled={!ready}>{t('wa.inbox.send')}</Button>
        </Group>
      </Stack>
    </Paper>
  );
}
