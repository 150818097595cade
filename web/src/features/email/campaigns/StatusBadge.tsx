/** A campaign's status as a coloured badge, and the skip-reason label shared by the wizard and the report. */
import { Badge } from '@mantine/core';
import type { CampaignStatus } from '../../../api/campaigns.js';
import { useI18n, type MessageKey } from '../../../app/i18n/i18n.js';

const COLOR: Record<CampaignStatus, string> = { draft: 'gray', scheduled: 'violet', building: 'blue', sending: 'blue', paused: 'yellow', done: 'teal', cancelled: 'dark', failed: 'red' };

export function CampaignStatusBadge({ status }: { status: CampaignStatus }) {
  const { t } = useI18n();
  return <Badge color={COLOR[status]} variant={status === 'sending' || status === 'building' ? 'filled' : 'light'} data-testid="campaign-status" data-status={status}>{t(`email.status.${status}`)}</Badge>;
}

const REASONS = ['no_email', 'unsubscribed', 'complained', 'bounced', 'invalid', 'suppressed', 'blocked_domain', 'bounced_out'] as const;

/** The reader's words for a skip reason code (unknown codes are shown as they are). */
export function useSkipReason() {
  const { t } = useI18n();
  return (code: string) => ((REASONS as readonly string[]).includes(code) ? t(`email.skip.${code}` as MessageKey) : code);
}

const DELIVERY = ['queued', 'claimed', 'sending', 'sent', 'failed', 'skipped', 'unknown', 'deferred', 'cancelled'] as const;

/** The reader's words for a delivery status (one recipient's message). */
export function useDeliveryStatus() {
  const { t } = useI18n();
  return (s: string) => ((DELIVERY as readonly string[]).includes(s) ? t(`email.delivery.${s}` as MessageKey) : s);
}
