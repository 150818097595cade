/** The 24-hour customer-service window of a conversation as a live countdown (or "closed"). */
import { Badge } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { Conversation } from '../../../api/whatsapp.js';
import { useI18n } from '../../../app/i18n/i18n.js';

export function windowRemainingMs(c: Conversation, now = Date.now()): number {
  if (!c.windowOpen || !c.windowExpiresAt) return 0;
  return Math.max(0, new Date(c.windowExpiresAt).getTime() - now);
}

const pad = (n: number) => String(n).padStart(2, '0');

export function WindowCountdown({ c }: { c: Conversation }) {
  const { t } = useI18n();
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);
  const left = windowRemainingMs(c, now);
  if (left <= 0) return <Badge color="red" variant="light" data-testid="wa-window" data-open="false">{t('wa.inbox.windowClosed')}</Badge>;
  const s = Math.floor(left / 1000);
  const text = `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
  return (
    <Badge color={s < 3600 ? 'orange' : 'teal'} variant="light" data-testid="wa-window" data-open="true">
      {t('wa.inbox.windowLeft', { time: text })}
    </Badge>
  );
}
