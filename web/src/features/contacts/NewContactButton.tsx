/** "New contact" button and form (email and/or phone, names); opens the new contact's card. */
import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { createContact } from '../../api/contacts.js';
import { useI18n } from '../../app/i18n/i18n.js';
import { ErrorAlert, fieldError } from '../../ui/feedback.js';
import { Icon } from '../../ui/icons.js';

export function NewContactButton() {
  const { t } = useI18n();
  const nav = useNavigate();
  const qc = useQueryClient();
  const [opened, { open, close }] = useDisclosure(false);
  const [v, setV] = useState({ email: '', phone: '', firstName: '', lastName: '' });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof v) => (e: React.ChangeEvent<HTMLInputElement>) => setV({ ...v, [k]: e.currentTarget.value });
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const c = await createContact({ email: v.email.trim() || null, phone: v.phone.trim() || null, firstName: v.firstName, lastName: v.lastName });
      await qc.invalidateQueries({ queryKey: ['contacts'] });
      close();
      nav(`/contacts/${c.id}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const known = ['email', 'phone', 'firstName', 'lastName'];
  return (
    <>
      <Button leftSection={<Icon name="plus" size={16} />} onClick={open}>{t('contacts.new')}</Button>
      <Modal opened={opened} onClose={close} title={t('contacts.new')} centered>
        <Stack>
          <ErrorAlert error={error && !known.some((f) => fieldError(error, f)) ? error : null} />
          <TextInput label={t('contacts.email')} type="email" value={v.email} onChange={set('email')} error={fieldError(error, 'email')} classNames={{ input: 'clarion-ltr' }} data-autofocus />
          <TextInput label={t('contacts.phone')} type="tel" value={v.phone} onChange={set('phone')} error={fieldError(error, 'phone')} classNames={{ input: 'clarion-ltr' }} />
          <Group grow>
            <TextInput label={t('contacts.firstName')} value={v.firstName} onChange={set('firstName')} error={fieldError(error, 'firstName')} />
            <TextInput label={t('contacts.lastName')} value={v.lastName} onChange={set('lastName')} error={fieldError(error, 'lastName')} />
          </Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>{t('common.cancel')}</Button>
            <Button onClick={submit} loading={busy} disabled={!v.email.trim() && !v.phone.trim()}>{t('common.create')}</Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
