/** Coloured badges for channel statuses, translated. */
import { Badge } from '@mantine/core';
import { useI18n, type MessageKey } from '../../app/i18n/i18n.js';

const COLORS: Record<string, string> = {
  subscribed: 'teal',
  opted_in: 'teal',
  unsubscribed: 'gray',
  opted_out: 'gray',
  unknown: 'gray',
  bounced: 'orange',
  complained: 'red',
  invalid: 'red',
};

export function StatusBadge({ status }: { status: string }) {
  const { t } = useI18n();
  return (
    <Badge color={COLORS[status] ?? 'gray'} variant={status === 'unknown' ? 'outline' : 'light'} tt="none">
      {t(`status.${status}` as MessageKey)}
    </Badge>
  );
}
