/** Custom fields: list definitions, create (key, label, type, options), rename / edit options, delete. */
import { Badge, Button, Group, Modal, Paper, Select, Stack, Table, TagsInput, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { FIELD_TYPES, type FieldType } from '../../../../common/fields.js';
import { createField, deleteField, listFields, updateField, type FieldDefinitionView } from '../../api/fields.js';
import { useI18n } from '../../app/i18n/i18n.js';
import { useSession } from '../../app/session.js';
import { ConfirmButton } from '../../ui/ConfirmButton.js';
import { ErrorAlert, fieldError, notifySuccess } from '../../ui/feedback.js';
import { Icon } from '../../ui/icons.js';
import { PageHeader } from '../../ui/PageHeader.js';

/** Turns a label into a field key (`Birth date` → `birth_date`); non-Latin labels get `field_<n>`. */
export function keyFromLabel(label: string): string {
  const k = label.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return /^[a-z]/.test(k) ? k.slice(0, 60) : `field_${Date.now().toString(36)}`;
}

export function FieldsPage() {
  const { t, date } = useI18n();
  const { canWrite } = useSession();
  const qc = useQueryClient();
  const fields = useQuery({ queryKey: ['fields'], queryFn: listFields });
  const [editing, setEditing] = useState<FieldDefinitionView | 'new' | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: ['fields'] });
  return (
    <>
      <PageHeader
        title={t('fields.title')}
        description={t('fields.description')}
        actions={canWrite && <Button leftSection={<Icon name="plus" size={16} />} onClick={() => setEditing('new')}>{t('fields.add')}</Button>}
      />
      <ErrorAlert error={fields.error} />
      <Paper withBorder>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('fields.label')}</Table.Th>
              <Table.Th>{t('fields.key')}</Table.Th>
              <Table.Th>{t('fields.type')}</Table.Th>
              <Table.Th>{t('fields.options')}</Table.Th>
              <Table.Th>{t('keys.created')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {fields.data?.length === 0 && (
              <Table.Tr><Table.Td colSpan={6}><Text c="dimmed" ta="center" py="md">{t('fields.none')}</Text></Table.Td></Table.Tr>
            )}
            {fields.data?.map((f) => (
              <Table.Tr key={f.id}>
                <Table.Td>{f.label}</Table.Td>
                <Table.Td className="clarion-ltr"><code>{f.key}</code></Table.Td>
                <Table.Td><Badge variant="light">{t(`fieldType.${f.type}`)}</Badge></Table.Td>
                <Table.Td><Text size="sm" lineClamp={1}>{f.options.join(', ')}</Text></Table.Td>
                <Table.Td>{date(f.createdAt)}</Table.Td>
                <Table.Td>
                  {canWrite && (
                    <Group gap={4} wrap="nowrap">
                      <Button size="xs" variant="subtle" onClick={() => setEditing(f)}>{t('common.edit')}</Button>
                      <ConfirmButton size="xs" variant="subtle" color="red" title={t('fields.delete')} message={t('fields.deleteConfirm', { label: f.label })} confirmLabel={t('common.delete')} onConfirm={async () => { const r = await deleteField(f.id); notifySuccess(t('fields.deleted', { n: r.contactsCleared })); await refresh(); }}>
                        {t('common.delete')}
                      </ConfirmButton>
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      {editing && <FieldEditor field={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onSaved={refresh} />}
    </>
  );
}

/** Create or edit one field definition (also used by the import wizard to create a field from a column). */
export function FieldEditor({ field, initialLabel, onClose, onSaved }: { field: FieldDefinitionView | null; initialLabel?: string; onClose: () => void; onSaved: (f: FieldDefinitionView) => unknown }) {
  const { t } = useI18n();
  const [opened] = useDisclosure(true);
  const [label, setLabel] = useState(field?.label ?? initialLabel ?? '');
  const [key, setKey] = useState(field?.key ?? (initialLabel ? keyFromLabel(initialLabel) : ''));
  const [keyTouched, setKeyTouched] = useState(false);
  const [type, setType] = useState<FieldType>(field?.type ?? 'text');
  const [options, setOptions] = useState<string[]>(field?.options ?? []);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const isSelect = type === 'single_select' || type === 'multi_select';
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const saved = field
        ? await updateField(field.id, { label, ...(isSelect ? { options } : {}) })
        : await createField({ key, label, type, ...(isSelect ? { options } : {}) });
      await onSaved(saved);
      notifySuccess(t('common.saved'));
      onClose();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={opened} onClose={onClose} title={field ? t('fields.edit') : t('fields.add')} centered>
      <Stack>
        <ErrorAlert error={error && !['key', 'label', 'type', 'options'].some((f) => fieldError(error, f)) ? error : null} />
        <TextInput label={t('fields.label')} value={label} required data-autofocus error={fieldError(error, 'label')} onChange={(e) => { setLabel(e.currentTarget.value); if (!field && !keyTouched) setKey(keyFromLabel(e.currentTarget.value)); }} />
        <TextInput label={t('fields.key')} description={t('fields.keyHint')} value={key} disabled={!!field} required classNames={{ input: 'clarion-ltr' }} error={fieldError(error, 'key')} onChange={(e) => { setKey(e.currentTarget.value); setKeyTouched(true); }} />
        <Select label={t('fields.type')} data={FIELD_TYPES.map((v) => ({ value: v, label: t(`fieldType.${v}`) }))} value={type} onChange={(v) => v && setType(v as FieldType)} disabled={!!field} allowDeselect={false} error={fieldError(error, 'type')} />
        {isSelect && <TagsInput label={t('fields.options')} description={t('fields.optionsHint')} value={options} onChange={setOptions} error={fieldError(error, 'options')} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button onClick={submit} loading={busy} disabled={!label || !key}>{t('common.save')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
