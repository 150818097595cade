/**
 * The merge-tag picker: contact attributes, the workspace's custom fields (GET /fields), campaign and workspace
 * names, and the special links (unsubscribe, view in browser). Picking one hands its Liquid tag to `onPick`.
 */
import { Button, Menu, ScrollArea, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { listFields } from '../../../api/fields.js';
import { useI18n, type MessageKey } from '../../../app/i18n/i18n.js';

export interface MergeTag {
  tag: string;
  label: string;
}

const BUILT_IN: { path: string; label: MessageKey }[] = [
  { path: 'contact.first_name', label: 'email.tags.firstName' },
  { path: 'contact.last_name', label: 'email.tags.lastName' },
  { path: 'contact.email', label: 'email.tags.email' },
  { path: 'contact.phone', label: 'email.tags.phone' },
  { path: 'campaign.name', label: 'email.tags.campaign' },
  { path: 'workspace.name', label: 'email.tags.workspace' },
];

/** Every merge tag available in this workspace. */
export function useMergeTags(): { contact: MergeTag[]; custom: MergeTag[]; special: MergeTag[] } {
  const { t } = useI18n();
  const fields = useQuery({ queryKey: ['fields'], queryFn: listFields });
  return {
    contact: BUILT_IN.map((b) => ({ tag: b.path === 'contact.first_name' ? `{{ ${b.path} | default: "${t('email.tags.friend')}" }}` : `{{ ${b.path} }}`, label: t(b.label) })),
    custom: (fields.data ?? []).map((f) => ({ tag: `{{ contact.fields.${f.key} }}`, label: f.label ?? f.key })),
    special: [
      { tag: '{{ unsubscribe_url }}', label: t('email.tags.unsubscribe') },
      { tag: '{{ view_in_browser_url }}', label: t('email.tags.viewInBrowser') },
    ],
  };
}

export function MergeTagPicker({ onPick, size = 'xs', label }: { onPick: (tag: string) => void; size?: 'xs' | 'sm'; label?: string }) {
  const { t } = useI18n();
  const tags = useMergeTags();
  const section = (title: string, items: MergeTag[]) =>
    items.length > 0 && [
      <Menu.Label key={title}>{title}</Menu.Label>,
      ...items.map((m) => (
        <Menu.Item key={m.tag} onClick={() => onPick(m.tag)} rightSection={<Text size="xs" c="dimmed" className="clarion-ltr">{m.tag.replace(/ \| default:.*}}/, ' }}')}</Text>}>
          {m.label}
        </Menu.Item>
      )),
    ];
  return (
    <Menu shadow="md" width={340} position="bottom-end" withinPortal>
      <Menu.Target>
        <Button size={size} variant="light">{label ?? t('email.tags.insert')}</Button>
      </Menu.Target>
      <Menu.Dropdown>
        <ScrollArea.Autosize mah={360}>
          {section(t('email.tags.contact'), tags.contact)}
          {section(t('email.tags.custom'), tags.custom)}
          {section(t('email.tags.special'), tags.special)}
        </ScrollArea.Autosize>
      </Menu.Dropdown>
    </Menu>
  );
}

/** Inserts `text` at the cursor of a textarea/input and returns the new value (and moves the cursor after it). */
export function insertAtCursor(el: HTMLTextAreaElement | HTMLInputElement | null, value: string, text: string): string {
  if (!el) return value + text;
  const start = el.selectionStart ?? value.length;
  const end = el.selectionEnd ?? value.length;
  const next = value.slice(0, start) + text + value.slice(end);
  requestAnimationFrame(() => {
    el.focus();
    el.setSelectionRange(start + text.length, start + text.length);
  });
  return next;
}
