/** Test send of the saved template to up to 10 addresses, personalised for a chosen contact (or sample data). */
import { Alert, Button, Group, Modal, Select, Stack, TagsInput, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { listIdentities } from '../../../api/sending.js';
import { testSendTemplate } from '../../../api/templates.js';
import { useI18n } from '../../../app/i18n/i18n.js';
import { ErrorAlert, notifySuccess } from '../../../ui/feedback.js';
import { IDENTITIES_KEY } from '../settings/IdentitiesPanel.js';
import { ContactPicker } from './ContactPicker.js';

const MAX = 10;

export function TestSendModal({ templateId, onClose }: { templateId: number; onClose: () => void }) {
  const { t } = useI18n();
  const identities = useQuery({ queryKey: IDENTITIES_KEY, queryFn: listIdentities });
  const [emails, setEmails] = useState<string[]>([]);
  const [contactId, setContactId] = useState<number | null>(null);
  const [identity, setIdentity] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [failed, setFailed] = useState<{ email: string; reason: string }[]>([]);
  const [busy, setBusy] = useState(false);
  const send = async () => {
    setBusy(true);
    setError(null);
    setFailed([]);
    try {
      const r = await testSendTemplate(templateId, { emails, contactId, senderIdentityId: identity ? Number(identity) : null });
      setFailed(r.failed);
      if (r.sent) notifySuccess(t('email.test.sent', { n: r.sent }));
      if (!r.failed.length) onClose();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={t('email.test.title')} size="lg" centered>
      <Stack>
        <ErrorAlert error={error} />
        <TagsInput label={t('email.test.to')} description={t('email.test.toHelp', { max: MAX })} maxTags={MAX} dir="ltr" value={emails} onChange={setEmails} splitChars={[',', ' ', ';']} data-autofocus />
        <ContactPicker label={t('email.test.as')} value={contactId} onChange={setContactId} />
        <Select label={t('email.content.sender')} clearable placeholder={t('email.content.defaultSender')} value={identity} onChange={setIdentity}
          data={(identities.data ?? []).map((i) => ({ value: String(i.id), label: `${i.fromName} <${i.fromAddress}>` }))} />
        {failed.length > 0 && (
          <Alert color="orange" title={t('email.test.someFailed')}>
            {failed.map((f) => <Text key={f.email} size="sm"><span className="clarion-ltr">{f.email}</span>: {f.reason}</Text>)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button onClick={send} loading={busy} disabled={!emails.length}>{t('email.test.send')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
