/**
 * Step 3: map each column to a contact attribute or custom field. Suggestions (from English and Hebrew
 * header names) are pre-selected and marked; an unmapped column can become a new custom field.
 */
import { Badge, Button, Group, Modal, Paper, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { FIELD_TYPES, type FieldType } from '../../../../common/fields.js';
import { listFields } from '../../api/fields.js';
import type { ImportView, NewFieldFromColumn } from '../../api/imports.js';
import { useI18n } from '../../app/i18n/i18n.js';
import { ErrorAlert, fieldError } from '../../ui/feedback.js';
import { keyFromLabel } from '../settings/FieldsPage.js';

const SKIP = '__skip__';
const NEW = '__new__';
const BUILTINS = ['email', 'phone', 'first_name', 'last_name', 'full_name'] as const;

export function MappingStep({ imp, mapping, onChange, onCreateField, error }: {
  imp: ImportView;
  mapping: Record<string, string | null>;
  onChange: (m: Record<string, string | null>) => void;
  onCreateField: (f: NewFieldFromColumn) => Promise<void>;
  error: unknown;
}) {
  const { t } = useI18n();
  const fields = useQuery({ queryKey: ['fields'], queryFn: listFields });
  const [creating, setCreating] = useState<number | null>(null);
  const used = new Set(Object.values(mapping).filter(Boolean));
  const sample = (i: number) => (imp.preview ?? []).map((r) => r.values[i]).filter((v) => v && v.trim()).slice(0, 3);

  const options = (col: number) => {
    const mine = mapping[String(col)];
    const free = (v: string) => v === mine || !used.has(v);
    return [
      { group: t('imports.mapSkipGroup'), items: [{ value: SKIP, label: t('imports.skip') }, { value: NEW, label: t('imports.createField') }] },
      { group: t('imports.mapContact'), items: BUILTINS.filter(free).map((b) => ({ value: b, label: t(`target.${b}`) })) },
      ...((fields.data ?? []).length
        ? [{ group: t('segments.customFields'), items: (fields.data ?? []).map((f) => ({ value: `custom:${f.key}`, label: f.label })).filter((o) => free(o.value)) }]
        : []),
    ];
  };
  const set = (col: number, v: string | null) => {
    if (v === NEW) return setCreating(col);
    onChange({ ...mapping, [String(col)]: !v || v === SKIP ? null : v });
  };
  const hasKey = [...used].some((v) => v === 'email' || v === 'phone');

  return (
    <Stack>
      <ErrorAlert error={error} />
      {!hasKey && <Text c="red" size="sm" role="alert">{t('imports.needKey')}</Text>}
      <Paper withBorder>
        <Table aria-label={t('imports.mappingTable')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('imports.column')}</Table.Th>
              <Table.Th>{t('imports.samples')}</Table.Th>
              <Table.Th>{t('imports.importAs')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {imp.header.map((h, i) => {
              const v = mapping[String(i)] ?? null;
              const suggested = v !== null && imp.suggestedMapping[String(i)] === v;
              return (
                <Table.Tr key={i}>
                  <Table.Td fw={500}>{h || `#${i + 1}`}</Table.Td>
                  <Table.Td><Text size="xs" c="dimmed" lineClamp={2}>{sample(i).join(' · ')}</Text></Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Select aria-label={t('imports.importAsFor', { column: h || `#${i + 1}` })} w={220} data={options(i)} value={v ?? SKIP} onChange={(x) => set(i, x)} allowDeselect={false} searchable />
                      {suggested && <Badge size="xs" variant="light" color="teal">{t('imports.suggested')}</Badge>}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Paper>
      {creating !== null && (
        <NewFieldModal
          header={imp.header[creating] || `Column ${creating + 1}`}
          onClose={() => setCreating(null)}
          onCreate={async (f) => {
            await onCreateField({ ...f, column: creating });
            void fields.refetch();
            setCreating(null);
          }}
        />
      )}
    </Stack>
  );
}

function NewFieldModal({ header, onClose, onCreate }: { header: string; onClose: () => void; onCreate: (f: Omit<NewFieldFromColumn, 'column'>) => Promise<void> }) {
  const { t } = useI18n();
  const [label, setLabel] = useState(header);
  const [key, setKey] = useState(keyFromLabel(header));
  const [type, setType] = useState<FieldType>('text');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await onCreate({ key, label, type });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={t('imports.createFieldFrom', { column: header })} centered>
      <Stack>
        <ErrorAlert error={error && !fieldError(error, 'key') ? error : null} />
        <TextInput label={t('fields.label')} value={label} onChange={(e) => setLabel(e.currentTarget.value)} required data-autofocus />
        <TextInput label={t('fields.key')} description={t('fields.keyHint')} value={key} onChange={(e) => setKey(e.currentTarget.value)} required classNames={{ input: 'clarion-ltr' }} error={fieldError(error, 'key')} />
        <Select label={t('fields.type')} data={FIELD_TYPES.filter((x) => x !== 'single_select' && x !== 'multi_select').map((v) => ({ value: v, label: t(`fieldType.${v}`) }))} value={type} onChange={(v) => v && setType(v as FieldType)} allowDeselect={false} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button onClick={submit} loading={busy} disabled={!label || !key}>{t('common.create')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
