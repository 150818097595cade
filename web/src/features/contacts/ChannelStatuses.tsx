/**
 * Email / WhatsApp / SMS status of a contact with a form to change it (recording the consent
 * evidence: source, reason, wording shown) and the consent history as a timeline per channel.
 */
import { Alert, Button, Group, Modal, Select, Stack, Text, Textarea, Timeline } from '@mantine/core';
import { useState } from 'react';
import { EMAIL_STATUSES, OPT_STATUSES, type Channel } from '../../../../common/contacts.js';
import { changeStatus, type ContactDetail } from '../../api/contacts.js';
import { useI18n, type MessageKey } from '../../app/i18n/i18n.js';
import { ErrorAlert } from '../../ui/feedback.js';
import { StatusBadge } from './StatusBadge.js';

const CHANNELS: { channel: Channel; key: 'emailStatus' | 'whatsappStatus' | 'smsStatus'; options: readonly string[] }[] = [
  { channel: 'email', key: 'emailStatus', options: EMAIL_STATUSES },
  { channel: 'whatsapp', key: 'whatsappStatus', options: OPT_STATUSES },
  { channel: 'sms', key: 'smsStatus', options: OPT_STATUSES },
];

export function ChannelStatuses({ contact, readOnly, onChanged }: { contact: ContactDetail; readOnly: boolean; onChanged: () => unknown }) {
  const { t, dateTime } = useI18n();
  const [editing, setEditing] = useState<(typeof CHANNELS)[number] | null>(null);
  return (
    <Stack gap="md">
      {CHANNELS.map((ch) => {
        const history = contact.consents.filter((c) => c.channel === ch.channel);
        return (
          <div key={ch.channel}>
            <Group justify="space-between" mb={6}>
              <Group gap="xs">
                <Text fw={600} size="sm">{t(`channel.${ch.channel}`)}</Text>
                <StatusBadge status={contact[ch.key]} />
              </Group>
              {!readOnly && <Button size="compact-xs" variant="subtle" onClick={() => setEditing(ch)} aria-label={t('contact.changeStatusOf', { channel: t(`channel.${ch.channel}`) })}>{t('contact.changeStatus')}</Button>}
            </Group>
            {history.length === 0 ? (
              <Text size="xs" c="dimmed">{t('contact.noConsent')}</Text>
            ) : (
              <Timeline bulletSize={12} lineWidth={2} active={0}>
                {history.map((h) => (
                  <Timeline.Item key={h.id} title={<Group gap={6}><StatusBadge status={h.status} /><Text size="xs" c="dimmed">{dateTime(h.at)}</Text></Group>}>
                    <Text size="xs">{t('contact.consentSource', { source: h.source })}{h.actor ? ` · ${h.actor}` : ''}{h.ip ? ` · IP ${h.ip}` : ''}</Text>
                    {h.reason && <Text size="xs" c="dimmed">{t('contact.reason')}: {h.reason}</Text>}
                    {h.wording && <Text size="xs" fs="italic" c="dimmed">“{h.wording}”</Text>}
                  </Timeline.Item>
                ))}
              </Timeline>
            )}
          </div>
        );
      })}
      {editing && <StatusModal contact={contact} channel={editing} onClose={() => setEditing(null)} onChanged={onChanged} />}
    </Stack>
  );
}

function StatusModal({ contact, channel, onClose, onChanged }: { contact: ContactDetail; channel: (typeof CHANNELS)[number]; onClose: () => void; onChanged: () => unknown }) {
  const { t } = useI18n();
  const [status, setStatus] = useState<string | null>(contact[channel.key]);
  const [reason, setReason] = useState('');
  const [wording, setWording] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await changeStatus(contact.id, { channel: channel.channel, status: status as never, source: 'manual', reason: reason || undefined, wording: wording || undefined });
      await onChanged();
      if (r.pendingConfirmation) setPending(true);
      else onClose();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={t('contact.changeStatusOf', { channel: t(`channel.${channel.channel}`) })} centered>
      {pending ? (
        <Stack>
          <Alert color="blue">{t('contact.pendingConfirmation')}</Alert>
          <Button onClick={onClose}>{t('common.close')}</Button>
        </Stack>
      ) : (
        <Stack>
          <ErrorAlert error={error} />
          <Select label={t('contact.newStatus')} data={channel.options.map((s) => ({ value: s, label: t(`status.${s}` as MessageKey) }))} value={status} onChange={setStatus} allowDeselect={false} />
          <Textarea label={t('contact.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} autosize minRows={1} />
          <Textarea label={t('contact.wording')} description={t('contact.wordingHint')} value={wording} onChange={(e) => setWording(e.currentTarget.value)} autosize minRows={2} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button onClick={submit} loading={busy} disabled={!status || status === contact[channel.key]}>{t('common.save')}</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
