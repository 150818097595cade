/**
 * The contact card's activity: every message sent to the contact (newest first) and what happened to it —
 * skipped (why), sent, delivered, opened, clicked, bounced (hard/soft), complained, unsubscribed.
 */
import { Anchor, Badge, Group, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { contactMessages, type ContactMessage } from '../../../api/reports.js';
import { useI18n, type MessageKey } from '../../../app/i18n/i18n.js';
import { ErrorAlert } from '../../../ui/feedback.js';
import { useDeliveryStatus, useSkipReason } from '../campaigns/StatusBadge.js';

function outcomes(m: ContactMessage): { key: MessageKey; at: string | null; color: string }[] {
  const out: { key: MessageKey; at: string | null; color: string }[] = [];
  if (m.sentAt) out.push({ key: 'email.report.sent', at: m.sentAt, color: 'blue' });
  if (m.deliveredAt) out.push({ key: 'email.report.delivered', at: m.deliveredAt, color: 'cyan' });
  if (m.openedAt) out.push({ key: 'email.report.opened', at: m.openedAt, color: 'teal' });
  if (m.clickedAt) out.push({ key: 'email.report.clicked', at: m.clickedAt, color: 'green' });
  if (m.bouncedAt) out.push({ key: m.bounceClass === 'soft' ? 'email.report.soft' : 'email.report.hard', at: m.bouncedAt, color: 'red' });
  if (m.complainedAt) out.push({ key: 'email.report.complained', at: m.complainedAt, color: 'grape' });
  if (m.unsubscribedAt) out.push({ key: 'email.report.unsubscribed', at: m.unsubscribedAt, color: 'orange' });
  return out;
}

export function ContactMessages({ contactId }: { contactId: number }) {
  const { t, dateTime } = useI18n();
  const reason = useSkipReason();
  const status = useDeliveryStatus();
  const q = useQuery({ queryKey: ['contact-messages', contactId], queryFn: () => contactMessages(contactId) });
  if (q.error) return <ErrorAlert error={q.error} />;
  if (!q.data) return null;
  if (!q.data.length) return <Text size="sm" c="dimmed">{t('contact.activityEmpty')}</Text>;
  return (
    <Table aria-label={t('email.contact.messages')} verticalSpacing={6} data-testid="contact-messages">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('email.contact.campaign')}</Table.Th>
          <Table.Th>{t('email.contact.whatHappened')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {q.data.map((m) => (
          <Table.Tr key={m.deliveryId}>
            <Table.Td>
              <Anchor component={Link} to={`/email/campaigns/${m.campaignId}`} size="sm" dir="auto">{m.campaignName}</Anchor>
              <Text size="xs" c="dimmed">{m.channel} · <span className="clarion-ltr">{m.address ?? ''}</span></Text>
            </Table.Td>
            <Table.Td>
              <Stack gap={2}>
                {m.status === 'skipped' && <Text size="sm">{t('email.report.skippedBecause', { reason: reason(m.reason ?? '') })}</Text>}
                {m.status !== 'skipped' && !m.sentAt && <Text size="sm" dir="auto">{status(m.status)}{m.reason ? ` — ${m.reason}` : ''}</Text>}
                <Group gap={4}>
                  {outcomes(m).map((o) => (
                    <Badge key={o.key} color={o.color} variant="light" title={dateTime(o.at)}>{t(o.key)} · {dateTime(o.at)}</Badge>
                  ))}
                </Group>
              </Stack>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
