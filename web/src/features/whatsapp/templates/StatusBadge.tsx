/** Colour-coded badges for a template's review status and quality rating. */
import { Badge, Tooltip } from '@mantine/core';
import { useI18n, type MessageKey } from '../../../app/i18n/i18n.js';

const COLOR: Record<string, string> = { DRAFT: 'gray', PENDING: 'yellow', APPROVED: 'teal', REJECTED: 'red', PAUSED: 'orange', DISABLED: 'dark', DELETED: 'gray' };
const QCOLOR: Record<string, string> = { GREEN: 'teal', YELLOW: 'yellow', RED: 'red', HIGH: 'teal', MEDIUM: 'yellow', LOW: 'red' };

export function TemplateStatusBadge({ status, reason }: { status: string; reason?: string | null }) {
  const { t } = useI18n();
  const key = `wa.status.${status}` as MessageKey;
  const label = t(key) === key ? status : t(key);
  const badge = <Badge color={COLOR[status] ?? 'gray'} variant="light" data-testid="wa-template-status" data-status={status}>{label}</Badge>;
  return reason ? <Tooltip label={reason} multiline maw={320}>{badge}</Tooltip> : badge;
}

export function QualityBadge({ rating }: { rating: string | null | undefined }) {
  const { t } = useI18n();
  const r = (rating ?? 'UNKNOWN').toUpperCase();
  const key = `wa.quality.${r}` as MessageKey;
  return <Badge color={QCOLOR[r] ?? 'gray'} variant="dot">{t(key) === key ? r : t(key)}</Badge>;
}
