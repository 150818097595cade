/** One chat message as a WhatsApp bubble: inbound on the start side, outbound on the end side with status ticks. */
import { Box, Text, Tooltip } from '@mantine/core';
import type { WaMessage } from '../../../api/whatsapp.js';
import { useI18n } from '../../../app/i18n/i18n.js';
import { waFormat } from '../templates/PhonePreview.js';

/** sent ✓, delivered ✓✓, read blue ✓✓, failed ⚠, anything earlier a clock. */
export function Ticks({ m }: { m: WaMessage }) {
  const { t } = useI18n();
  const s = m.status;
  if (s === 'read') return <span className="wa-ticks wa-ticks-read" aria-label={t('wa.inbox.tick.read')} data-tick="read">✓✓</span>;
  if (s === 'delivered') return <span className="wa-ticks" aria-label={t('wa.inbox.tick.delivered')} data-tick="delivered">✓✓</span>;
  if (s === 'sent') return <span className="wa-ticks" aria-label={t('wa.inbox.tick.sent')} data-tick="sent">✓</span>;
  if (s === 'failed')
    return (
      <Tooltip label={`${m.errorCode ?? ''} ${m.errorTitle ?? ''}`.trim() || t('wa.inbox.tick.failed')}>
        <span className="wa-ticks wa-ticks-failed" aria-label={t('wa.inbox.tick.failed')} data-tick="failed">⚠</span>
      </Tooltip>
    );
  return <span className="wa-ticks" aria-label={t('wa.inbox.tick.pending')} data-tick="pending">🕓</span>;
}

function mediaLabel(m: WaMessage): string | null {
  const p = m.payload as Record<string, Record<string, unknown> | undefined>;
  const media = p[m.type];
  if (!media || typeof media !== 'object') return null;
  const name = (media.filename as string) ?? (media.link as string) ?? (media.id as string) ?? '';
  return `${m.type === 'image' ? '🖼' : m.type === 'document' ? '📄' : m.type === 'video' ? '🎬' : '📎'} ${name}`.trim();
}

export function MessageBubble({ m }: { m: WaMessage }) {
  const { dateTime, t } = useI18n();
  const out = m.direction === 'out';
  const media = ['image', 'document', 'video', 'audio', 'sticker'].includes(m.type) ? mediaLabel(m) : null;
  return (
    <Box className={`wa-row ${out ? 'wa-row-out' : 'wa-row-in'}`} data-testid="wa-message" data-direction={m.direction} data-status={m.status}>
      <Box className={`wa-bubble wa-msg ${out ? 'wa-bubble-out' : 'wa-bubble-in'}`}>
        {m.type === 'template' && <Text size="10px" c="dimmed" fw={600}>{t('wa.inbox.templateMsg')}</Text>}
        {media && <Text size="xs" c="dimmed" className="clarion-ltr">{media}</Text>}
        {m.text && <Text size="sm" dir="auto" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{waFormat(m.text)}</Text>}
        {!m.text && !media && <Text size="sm" c="dimmed">[{m.type}]</Text>}
        <Text size="10px" c="dimmed" ta="end">
          {m.automated && `${t('wa.inbox.auto')} · `}
          {out && m.sentBy && `${m.sentBy} · `}
          {dateTime(m.createdAt)}
          {out && <Ticks m={m} />}
        </Text>
        {m.status === 'failed' && m.errorCode && (
          <Text size="xs" c="red" dir="auto">{t('wa.inbox.failed', { code: m.errorCode, title: m.errorTitle ?? '' })}</Text>
        )}
      </Box>
    </Box>
  );
}
