/**
 * The contacts table's columns: built-ins plus one per custom field. The visible set is a per-user
 * preference (`contacts.columns`), edited in the column chooser.
 */
import { Button, Checkbox, Popover, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Contact } from '../../api/contacts.js';
import type { FieldDefinitionView } from '../../api/fields.js';
import type { Translate } from '../../app/i18n/i18n.js';
import { Icon } from '../../ui/icons.js';
import { StatusBadge } from './StatusBadge.js';

export interface Column {
  id: string;
  label: string;
  render: (c: Contact) => ReactNode;
}

export const DEFAULT_COLUMNS = ['name', 'email', 'phone', 'emailStatus', 'createdAt'];
export const PREFERENCE_KEY = 'contacts.columns';

/** Shows a custom-field value as text (lists joined, booleans as yes/no). */
export function fieldValueText(v: unknown, t: Translate): string {
  if (v === null || v === undefined || v === '') return '';
  if (Array.isArray(v)) return v.join(', ');
  if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no');
  return String(v);
}

export function allColumns(t: Translate, fields: FieldDefinitionView[], fmt: { date: (s: string) => string }): Column[] {
  const ltr = (s: string | null) => (s ? <span className="clarion-ltr">{s}</span> : <Text c="dimmed" span>—</Text>);
  return [
    { id: 'name', label: t('contacts.name'), render: (c) => [c.firstName, c.lastName].filter(Boolean).join(' ') || <Text c="dimmed" span>—</Text> },
    { id: 'email', label: t('contacts.email'), render: (c) => ltr(c.email) },
    { id: 'phone', label: t('contacts.phone'), render: (c) => ltr(c.phone ?? c.phoneRaw) },
    { id: 'emailStatus', label: t('contacts.emailStatus'), render: (c) => <StatusBadge status={c.emailStatus} /> },
    { id: 'whatsappStatus', label: t('contacts.whatsappStatus'), render: (c) => <StatusBadge status={c.whatsappStatus} /> },
    { id: 'smsStatus', label: t('contacts.smsStatus'), render: (c) => <StatusBadge status={c.smsStatus} /> },
    { id: 'source', label: t('contacts.source'), render: (c) => c.source },
    { id: 'createdAt', label: t('common.created'), render: (c) => fmt.date(c.createdAt) },
    { id: 'updatedAt', label: t('common.updated'), render: (c) => fmt.date(c.updatedAt) },
    ...fields.map((f) => ({ id: `custom:${f.key}`, label: f.label, render: (c: Contact) => fieldValueText(c.fields[f.key], t) })),
  ];
}

/** A popover of checkboxes choosing the visible columns. */
export function ColumnChooser({ columns, visible, onChange, t }: { columns: Column[]; visible: string[]; onChange: (ids: string[]) => void; t: Translate }) {
  return (
    <Popover position="bottom-end" shadow="md" withinPortal>
      <Popover.Target>
        <Button variant="default" leftSection={<Icon name="columns" size={16} />}>
          {t('contacts.columns')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Checkbox.Group label={t('contacts.visibleColumns')} value={visible} onChange={(ids) => onChange(columns.map((c) => c.id).filter((id) => ids.includes(id)))}>
          <Stack gap={6} mt="xs" mah={360} style={{ overflow: 'auto' }}>
            {columns.map((c) => (
              <Checkbox key={c.id} value={c.id} label={c.label} />
            ))}
          </Stack>
        </Checkbox.Group>
      </Popover.Dropdown>
    </Popover>
  );
}
