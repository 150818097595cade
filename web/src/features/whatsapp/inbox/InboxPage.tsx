/**
 * The two-way WhatsApp inbox: conversations on one side, the selected chat on the other (bubbles with ticks,
 * window countdown, assignment and labels, composer or template picker). Everything is re-read every 3 seconds,
 * so several agents see each other's replies, assignments and new messages without reloading.
 */
import { Badge, Box, Grid, Group, Paper, ScrollArea, Select, Stack, TagsInput, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { getConversation, listConversations, listMessages, markConversationRead, updateConversation, type Conversation } from '../../../api/whatsapp.js';
import { listMembers } from '../../../api/workspace.js';
import { useI18n } from '../../../app/i18n/i18n.js';
import { useSession } from '../../../app/session.js';
import { ErrorAlert, notifyError } from '../../../ui/feedback.js';
import { PageHeader } from '../../../ui/PageHeader.js';
import '../whatsapp.css';
import { Composer } from './Composer.js';
import { ConversationList, type ListMode } from './ConversationList.js';
import { MessageBubble } from './MessageBubble.js';
import { WindowCountdown } from './WindowCountdown.js';

const POLL_MS = 3000;

export function InboxPage() {
  const { t } = useI18n();
  const { id } = useParams();
  const selected = id ? Number(id) : null;
  const nav = useNavigate();
  const [mode, setMode] = useState<ListMode>('all');
  const [label, setLabel] = useState<string | null>(null);
  const [q, setQ] = useState('');
  const list = useQuery({
    queryKey: ['wa-conversations', mode, label, q],
    queryFn: () =>
      listConversations({
        unread: mode === 'unread' ? true : undefined,
        assigned: mode === 'me' ? 'me' : mode === 'unassigned' ? 'unassigned' : undefined,
        label: label ?? undefined,
        q: q || undefined,
        limit: 100,
      }),
    refetchInterval: POLL_MS,
  });
  const items = list.data?.data ?? [];
  const [knownLabels, setKnownLabels] = useState<string[]>([]);
  useEffect(() => {
    const all = new Set(knownLabels);
    items.forEach((c) => c.labels.forEach((l) => all.add(l)));
    if (all.size !== knownLabels.length) setKnownLabels([...all].sort());
  }, [items, knownLabels]);

  return (
    <>
      <PageHeader title={t('wa.inbox.title')} description={t('wa.inbox.description')} />
      <ErrorAlert error={list.error} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Paper withBorder p="xs" h="calc(100vh - 190px)" mih={420}>
            <ConversationList items={items} selected={selected} onSelect={(cid) => nav(`/whatsapp/inbox/${cid}`)} mode={mode} onMode={setMode} label={label} labels={knownLabels} onLabel={setLabel} q={q} onQ={setQ} />
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          {selected ? <ChatView key={selected} id={selected} labels={knownLabels} /> : (
            <Paper withBorder p="xl" h="calc(100vh - 190px)" mih={420}><Text c="dimmed" ta="center" mt="xl">{t('wa.inbox.pick')}</Text></Paper>
          )}
        </Grid.Col>
      </Grid>
    </>
  );
}

function ChatView({ id, labels }: { id: number; labels: string[] }) {
  const { t } = useI18n();
  const { session, canWrite } = useSession();
  const qc = useQueryClient();
  const conv = useQuery({ queryKey: ['wa-conversation', id], queryFn: () => getConversation(id), refetchInterval: POLL_MS });
  const msgs = useQuery({ queryKey: ['wa-messages', id], queryFn: () => listMessages(id), refetchInterval: POLL_MS });
  const members = useQuery({ queryKey: ['members'], queryFn: listMembers, retry: false });
  const viewport = useRef<HTMLDivElement>(null);
  const ordered = useMemo(() => [...(msgs.data?.data ?? [])].reverse(), [msgs.data]);
  const lastId = ordered.at(-1)?.id;
  useEffect(() => {
    viewport.current?.scrollTo({ top: viewport.current.scrollHeight });
  }, [lastId]);
  const unread = conv.data?.unreadCount ?? 0;
  useEffect(() => {
    if (unread > 0) void markConversationRead(id).then(() => qc.invalidateQueries({ queryKey: ['wa-conversations'] }));
  }, [id, unread, qc]);

  const refresh = async () => {
    await Promise.all([qc.invalidateQueries({ queryKey: ['wa-conversation', id] }), qc.invalidateQueries({ queryKey: ['wa-messages', id] }), qc.invalidateQueries({ queryKey: ['wa-conversations'] })]);
  };
  const patch = async (b: { assigneeUserId?: number | null; labels?: string[] }) => {
    try {
      qc.setQueryData(['wa-conversation', id], await updateConversation(id, b));
      await qc.invalidateQueries({ queryKey: ['wa-conversations'] });
    } catch (err) {
      notifyError(err);
    }
  };
  const c: Conversation | undefined = conv.data;
  const me = session.user;
  const people = members.data?.map((m) => ({ value: String(m.id), label: m.name || m.email })) ?? (me ? [{ value: String(me.id), label: me.name || me.email }] : []);
  return (
    <Paper withBorder h="calc(100vh - 190px)" mih={420} style={{ display: 'flex', flexDirection: 'column' }}>
      <ErrorAlert error={conv.error ?? msgs.error} />
      {c && (
        <Group justify="space-between" p="sm" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }} wrap="wrap" gap="xs">
          <Stack gap={0}>
            <Group gap="xs">
              <Title order={4} dir="auto" data-testid="wa-chat-name">{c.name}</Title>
              {c.contactWhatsappStatus === 'opted_out' && <Badge color="red" variant="light">{t('wa.inbox.optedOut')}</Badge>}
            </Group>
            <Group gap="xs">
              <Text size="xs" c="dimmed" className="clarion-ltr">+{c.waId}</Text>
              {c.contactId && <Text size="xs" component={Link} to={`/contacts/${c.contactId}`} c="teal">{t('wa.inbox.contactCard')}</Text>}
            </Group>
          </Stack>
          <Group gap="xs" wrap="wrap">
            <WindowCountdown c={c} />
            <Select size="xs" w={170} placeholder={t('wa.inbox.unassigned')} aria-label={t('wa.inbox.assignee')} clearable disabled={!canWrite} data={people}
              value={c.assigneeUserId ? String(c.assigneeUserId) : null} onChange={(v) => patch({ assigneeUserId: v ? Number(v) : null })} />
            <TagsInput size="xs" w={220} placeholder={t('wa.inbox.addLabel')} aria-label={t('wa.inbox.labels')} data={labels} value={c.labels} disabled={!canWrite} onChange={(v) => patch({ labels: v })} />
          </Group>
        </Group>
      )}
      <ScrollArea style={{ flex: 1 }} viewportRef={viewport} className="wa-thread" type="auto">
        <Stack gap={6} p="md" data-testid="wa-thread">
          {ordered.map((m) => <MessageBubble key={m.id} m={m} />)}
        </Stack>
      </ScrollArea>
      {c && canWrite && (
        <Box p="xs">
          <Composer key={`${c.id}:${c.windowExpiresAt}`} c={c} onSent={refresh} />
        </Box>
      )}
    </Paper>
  );
}
