/** The conversation list with its filters (all / unread / mine / unassigned, label, search); refreshed every few seconds. */
import { Badge, Box, Group, ScrollArea, SegmentedControl, Select, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import type { Conversation } from '../../../api/whatsapp.js';
import { useI18n } from '../../../app/i18n/i18n.js';
import { Icon } from '../../../ui/icons.js';

export type ListMode = 'all' | 'unread' | 'me' | 'unassigned';

export function ConversationList(p: {
  items: Conversation[];
  selected: number | null;
  onSelect: (id: number) => void;
  mode: ListMode;
  onMode: (m: ListMode) => void;
  label: string | null;
  labels: string[];
  onLabel: (l: string | null) => void;
  q: string;
  onQ: (q: string) => void;
}) {
  const { t, dateTime } = useI18n();
  return (
    <Stack gap="xs" h="100%">
      <TextInput size="xs" placeholder={t('wa.inbox.search')} aria-label={t('wa.inbox.search')} leftSection={<Icon name="search" size={14} />} value={p.q} onChange={(e) => p.onQ(e.currentTarget.value)} />
      <SegmentedControl size="xs" fullWidth value={p.mode} onChange={(v) => p.onMode(v as ListMode)}
        data={(['all', 'unread', 'me', 'unassigned'] as const).map((m) => ({ value: m, label: t(`wa.inbox.filter.${m}` as const) }))} />
      <Select size="xs" placeholder={t('wa.inbox.anyLabel')} aria-label={t('wa.inbox.labels')} clearable data={p.labels} value={p.label} onChange={p.onLabel} />
      <ScrollArea style={{ flex: 1 }} type="auto">
        {p.items.length === 0 && <Text size="sm" c="dimmed" ta="center" py="lg">{t('wa.inbox.none')}</Text>}
        <Stack gap={2} role="list" aria-label={t('wa.inbox.conversations')}>
          {p.items.map((c) => (
            <UnstyledButton key={c.id} role="listitem" onClick={() => p.onSelect(c.id)} data-testid={`wa-conv-${c.waId}`} p="xs"
              style={{ borderRadius: 6, background: c.id === p.selected ? 'var(--mantine-color-teal-light)' : undefined }}>
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <Text size="sm" fw={c.unreadCount ? 700 : 500} lineClamp={1} dir="auto">{c.name}</Text>
                <Text size="10px" c="dimmed" style={{ whiteSpace: 'nowrap' }}>{dateTime(c.lastMessageAt)}</Text>
              </Group>
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <Text size="xs" c="dimmed" lineClamp={1} dir="auto">{c.lastMessagePreview}</Text>
                {c.unreadCount > 0 && <Badge size="sm" color="teal" circle>{c.unreadCount}</Badge>}
              </Group>
              {c.labels.length > 0 && (
                <Box mt={2}>{c.labels.map((l) => <Badge key={l} size="xs" variant="outline" me={4}>{l}</Badge>)}</Box>
              )}
            </UnstyledButton>
          ))}
        </Stack>
      </ScrollArea>
    </Stack>
  );
}
