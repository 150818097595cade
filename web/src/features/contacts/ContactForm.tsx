/** Edits a contact's built-in attributes and typed custom fields; sends only what changed. */
import { Button, Group, MultiSelect, NumberInput, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { FieldValue } from '../../../../common/contacts.js';
import { updateContact, type ContactDetail, type ContactPatch } from '../../api/contacts.js';
import type { FieldDefinitionView } from '../../api/fields.js';
import { useI18n } from '../../app/i18n/i18n.js';
import { ErrorAlert, fieldError, notifySuccess } from '../../ui/feedback.js';

type Draft = { email: string; phone: string; firstName: string; lastName: string; fields: Record<string, FieldValue | null> };

function draftOf(c: ContactDetail): Draft {
  return { email: c.email ?? '', phone: c.phoneRaw ?? c.phone ?? '', firstName: c.firstName, lastName: c.lastName, fields: { ...c.fields } };
}

export function ContactForm({ contact, fields, readOnly, onSaved }: { contact: ContactDetail; fields: FieldDefinitionView[]; readOnly: boolean; onSaved: () => unknown }) {
  const { t } = useI18n();
  const [d, setD] = useState<Draft>(() => draftOf(contact));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setD(draftOf(contact)), [contact]);
  const orig = draftOf(contact);

  const patch: ContactPatch = {};
  if (d.email.trim() !== orig.email) patch.email = d.email.trim() || null;
  if (d.phone.trim() !== orig.phone) patch.phone = d.phone.trim() || null;
  if (d.firstName !== orig.firstName) patch.firstName = d.firstName;
  if (d.lastName !== orig.lastName) patch.lastName = d.lastName;
  const changedFields: Record<string, FieldValue | null> = {};
  for (const f of fields) {
    const a = JSON.stringify(d.fields[f.key] ?? null);
    const b = JSON.stringify(orig.fields[f.key] ?? null);
    if (a !== b) changedFields[f.key] = d.fields[f.key] ?? null;
  }
  if (Object.keys(changedFields).length) patch.fields = changedFields;
  const dirty = Object.keys(patch).length > 0;

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await updateContact(contact.id, patch);
      notifySuccess(t('common.saved'));
      await onSaved();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const setField = (key: string, v: FieldValue | null) => setD({ ...d, fields: { ...d.fields, [key]: v } });
  const fe = (k: string) => fieldError(error, k) ?? fieldError(error, `fields.${k}`);
  const known = ['email', 'phone', 'firstName', 'lastName', ...fields.map((f) => `fields.${f.key}`), ...fields.map((f) => f.key)];

  return (
    <>
      <ErrorAlert error={error && !known.some((k) => fieldError(error, k)) ? error : null} />
      <SimpleGrid cols={{ base: 1, sm: 2 }} mt={error ? 'sm' : 0}>
        <TextInput label={t('contacts.email')} type="email" value={d.email} readOnly={readOnly} onChange={(e) => setD({ ...d, email: e.currentTarget.value })} error={fe('email')} classNames={{ input: 'clarion-ltr' }} />
        <TextInput label={t('contacts.phone')} type="tel" value={d.phone} readOnly={readOnly} onChange={(e) => setD({ ...d, phone: e.currentTarget.value })} error={fe('phone')} description={contact.phone && contact.phone !== d.phone ? contact.phone : undefined} classNames={{ input: 'clarion-ltr' }} />
        <TextInput label={t('contacts.firstName')} value={d.firstName} readOnly={readOnly} onChange={(e) => setD({ ...d, firstName: e.currentTarget.value })} error={fe('firstName')} />
        <TextInput label={t('contacts.lastName')} value={d.lastName} readOnly={readOnly} onChange={(e) => setD({ ...d, lastName: e.currentTarget.value })} error={fe('lastName')} />
        {fields.map((f) => {
          const v = d.fields[f.key];
          const common = { key: f.key, label: f.label, readOnly, error: fe(f.key) };
          switch (f.type) {
            case 'number':
              return <NumberInput {...common} value={typeof v === 'number' ? v : ''} onChange={(n) => setField(f.key, typeof n === 'number' ? n : null)} />;
            case 'date':
              return <TextInput {...common} type="date" value={typeof v === 'string' ? v : ''} onChange={(e) => setField(f.key, e.currentTarget.value || null)} />;
            case 'boolean':
              return (
                <Select {...common} clearable data={[{ value: 'true', label: t('common.yes') }, { value: 'false', label: t('common.no') }]} value={v === true ? 'true' : v === false ? 'false' : null} onChange={(s) => setField(f.key, s === null ? null : s === 'true')} />
              );
            case 'single_select':
              return <Select {...common} clearable data={[...new Set([...f.options, ...(typeof v === 'string' && v ? [v] : [])])]} value={typeof v === 'string' ? v : null} onChange={(s) => setField(f.key, s)} />;
            case 'multi_select':
              return <MultiSelect {...common} data={[...new Set([...f.options, ...(Array.isArray(v) ? v : [])])]} value={Array.isArray(v) ? v : []} onChange={(s) => setField(f.key, s.length ? s : null)} />;
            default:
              return <TextInput {...common} value={typeof v === 'string' || typeof v === 'number' ? String(v) : ''} onChange={(e) => setField(f.key, e.currentTarget.value || null)} />;
          }
        })}
      </SimpleGrid>
      {!readOnly && (
        <Group justify="flex-end" mt="md">
          <Button variant="default" disabled={!dirty} onClick={() => { setD(draftOf(contact)); setError(null); }}>{t('common.reset')}</Button>
          <Button onClick={save} loading={busy} disabled={!dirty}>{t('common.save')}</Button>
        </Group>
      )}
    </>
  );
}
