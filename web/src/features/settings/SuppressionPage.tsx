/**
 * Suppression lists per channel (add by hand, import a CSV, export, remove) and blocked email domains.
 * Suppressed addresses are never sent to, whatever their contact status.
 */
import { Alert, Button, Code, FileButton, Group, Paper, SegmentedControl, Stack, Table, Tabs, TagsInput, Text, TextInput, Textarea } from '@mantine/core';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { download } from '../../api/client.js';
import { addSuppressions, blockDomains, importSuppressions, listBlockedDomains, listSuppressions, removeSuppression, unblockDomain, type Channel, type SuppressionReport } from '../../api/suppressions.js';
import { useI18n } from '../../app/i18n/i18n.js';
import { useSession } from '../../app/session.js';
import { ErrorAlert, notifyError, notifySuccess } from '../../ui/feedback.js';
import { Icon } from '../../ui/icons.js';
import { PageHeader } from '../../ui/PageHeader.js';

export function SuppressionPage() {
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t('supp.title')} description={t('supp.description')} />
      <Tabs defaultValue="list">
        <Tabs.List mb="md">
          <Tabs.Tab value="list">{t('supp.lists')}</Tabs.Tab>
          <Tabs.Tab value="domains">{t('supp.domains')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="list"><Lists /></Tabs.Panel>
        <Tabs.Panel value="domains"><Domains /></Tabs.Panel>
      </Tabs>
    </>
  );
}

function ReportAlert({ r }: { r: SuppressionReport | null }) {
  const { t, num, reasonText } = useI18n();
  if (!r) return null;
  return (
    <Alert color={r.invalid.length ? 'yellow' : 'teal'}>
      {t('supp.report', { added: num(r.added), already: num(r.alreadyPresent), dup: num(r.duplicates), invalid: num(r.invalid.length) })}
      {r.invalid.slice(0, 5).map((i) => <Text key={i.index} size="xs">{t('supp.line', { n: num(i.index) })}: {i.value} — {reasonText(i)}</Text>)}
    </Alert>
  );
}

function Lists() {
  const { t, dateTime, num } = useI18n();
  const { canWrite } = useSession();
  const qc = useQueryClient();
  const [channel, setChannel] = useState<Channel>('email');
  const [search, setSearch] = useState('');
  const [values, setValues] = useState('');
  const [report, setReport] = useState<SuppressionReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const q = useInfiniteQuery({
    queryKey: ['suppressions', channel, search],
    queryFn: ({ pageParam }) => listSuppressions({ channel, q: search || undefined, cursor: pageParam, limit: 100 }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.meta.nextCursor ?? undefined,
  });
  const rows = q.data?.pages.flatMap((p) => p.data) ?? [];
  const refresh = () => qc.invalidateQueries({ queryKey: ['suppressions'] });
  const add = async () => {
    setError(null);
    try {
      setReport(await addSuppressions(channel, values));
      setValues('');
      await refresh();
    } catch (err) {
      setError(err);
    }
  };
  const upload = async (file: File | null) => {
    if (!file) return;
    setError(null);
    try {
      setReport(await importSuppressions(channel, file));
      await refresh();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <Stack>
      <Group justify="space-between">
        <SegmentedControl value={channel} onChange={(v) => setChannel(v as Channel)} aria-label={t('supp.channel')} data={(['email', 'whatsapp', 'sms'] as const).map((c) => ({ value: c, label: t(`channel.${c}`) }))} />
        <Group gap="xs">
          {canWrite && <FileButton onChange={upload} accept=".csv,.txt,text/csv">{(props) => <Button variant="default" leftSection={<Icon name="upload" size={16} />} {...props}>{t('supp.importCsv')}</Button>}</FileButton>}
          <Button variant="default" leftSection={<Icon name="download" size={16} />} onClick={() => download('/suppressions/export', { channel })}>{t('supp.exportCsv')}</Button>
        </Group>
      </Group>
      {canWrite && (
        <Paper withBorder p="sm">
          <Group align="flex-end">
            <Textarea style={{ flex: 1 }} label={t('supp.add')} description={t('supp.addHint')} value={values} onChange={(e) => setValues(e.currentTarget.value)} autosize minRows={1} maxRows={6} classNames={{ input: 'clarion-ltr' }} />
            <Button onClick={add} disabled={!values.trim()}>{t('supp.addButton')}</Button>
          </Group>
        </Paper>
      )}
      <ErrorAlert error={error} />
      <ReportAlert r={report} />
      <TextInput leftSection={<Icon name="search" size={16} />} aria-label={t('common.search')} placeholder={t('supp.search')} value={search} onChange={(e) => setSearch(e.currentTarget.value.trim())} maw={360} />
      <Paper withBorder>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('supp.value')}</Table.Th>
              <Table.Th>{t('contact.reason')}</Table.Th>
              <Table.Th>{t('contacts.source')}</Table.Th>
              <Table.Th>{t('common.created')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {!q.isPending && rows.length === 0 && <Table.Tr><Table.Td colSpan={5}><Text c="dimmed" ta="center" py="md">{t('supp.none')}</Text></Table.Td></Table.Tr>}
            {rows.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td><Code className="clarion-ltr">{r.value}</Code></Table.Td>
                <Table.Td>{r.reason || '—'}</Table.Td>
                <Table.Td>{r.source}</Table.Td>
                <Table.Td>{dateTime(r.createdAt)}</Table.Td>
                <Table.Td>{canWrite && <Button size="xs" variant="subtle" color="red" onClick={() => removeSuppression(r.id).then(refresh, notifyError)}>{t('supp.remove')}</Button>}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      <Group justify="space-between">
        <Text size="sm" c="dimmed">{q.data ? t('supp.total', { n: num(q.data.pages[0]?.meta.total ?? rows.length) }) : ''}</Text>
        {q.hasNextPage && <Button variant="subtle" size="xs" onClick={() => q.fetchNextPage()}>{t('common.loadMore')}</Button>}
      </Group>
    </Stack>
  );
}

function Domains() {
  const { t, dateTime } = useI18n();
  const { canWrite } = useSession();
  const qc = useQueryClient();
  const domains = useQuery({ queryKey: ['blocked-domains'], queryFn: listBlockedDomains });
  const [input, setInput] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: ['blocked-domains'] });
  const add = async () => {
    setError(null);
    try {
      await blockDomains(input);
      setInput([]);
      notifySuccess(t('common.saved'));
      await refresh();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <Stack>
      {canWrite && (
        <Group align="flex-end">
          <TagsInput style={{ flex: 1 }} label={t('supp.blockDomains')} description={t('supp.blockHint')} value={input} onChange={setInput} classNames={{ input: 'clarion-ltr' }} />
          <Button onClick={add} disabled={!input.length}>{t('supp.block')}</Button>
        </Group>
      )}
      <ErrorAlert error={error || domains.error} />
      <Paper withBorder>
        <Table>
          <Table.Thead><Table.Tr><Table.Th>{t('supp.domain')}</Table.Th><Table.Th>{t('common.created')}</Table.Th><Table.Th /></Table.Tr></Table.Thead>
          <Table.Tbody>
            {domains.data?.length === 0 && <Table.Tr><Table.Td colSpan={3}><Text c="dimmed" ta="center" py="md">{t('supp.noDomains')}</Text></Table.Td></Table.Tr>}
            {domains.data?.map((d) => (
              <Table.Tr key={d.domain}>
                <Table.Td className="clarion-ltr">{d.domain}</Table.Td>
                <Table.Td>{dateTime(d.createdAt)}</Table.Td>
                <Table.Td>{canWrite && <Button size="xs" variant="subtle" color="red" onClick={() => unblockDomain(d.domain).then(refresh, notifyError)}>{t('supp.unblock')}</Button>}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
    </Stack>
  );
}
