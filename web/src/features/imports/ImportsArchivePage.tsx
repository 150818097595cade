/** The import archive: every import with its status, counts and a link to its report. */
import { Anchor, Badge, Button, Group, Paper, Progress, Table, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { listImports, type ImportStatus } from '../../api/imports.js';
import { useI18n } from '../../app/i18n/i18n.js';
import { useSession } from '../../app/session.js';
import { ErrorAlert } from '../../ui/feedback.js';
import { Icon } from '../../ui/icons.js';
import { PageHeader } from '../../ui/PageHeader.js';

const COLORS: Record<ImportStatus, string> = { draft: 'gray', queued: 'blue', running: 'blue', done: 'teal', failed: 'red', cancelled: 'yellow' };

export function ImportsArchivePage() {
  const { t, num, dateTime } = useI18n();
  const { canWrite } = useSession();
  const q = useInfiniteQuery({
    queryKey: ['imports'],
    queryFn: ({ pageParam }) => listImports(pageParam, 50),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.meta.nextCursor ?? undefined,
    refetchInterval: (query) => (query.state.data?.pages.some((p) => p.data.some((i) => i.status === 'running' || i.status === 'queued')) ? 2000 : false),
  });
  const rows = q.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <>
      <PageHeader title={t('imports.archiveTitle')} description={t('imports.archiveDescription')} actions={canWrite && <Button component={Link} to="/imports/new" leftSection={<Icon name="upload" size={16} />}>{t('imports.new')}</Button>} />
      <ErrorAlert error={q.error} />
      <Paper withBorder>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('imports.file')}</Table.Th>
              <Table.Th>{t('imports.status')}</Table.Th>
              <Table.Th ta="end">{t('imports.count.records')}</Table.Th>
              <Table.Th ta="end">{t('imports.count.created')}</Table.Th>
              <Table.Th ta="end">{t('imports.count.updated')}</Table.Th>
              <Table.Th ta="end">{t('imports.count.invalid')}</Table.Th>
              <Table.Th>{t('imports.by')}</Table.Th>
              <Table.Th>{t('common.created')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {!q.isPending && rows.length === 0 && <Table.Tr><Table.Td colSpan={8}><Text c="dimmed" ta="center" py="md">{t('imports.none')}</Text></Table.Td></Table.Tr>}
            {rows.map((i) => (
              <Table.Tr key={i.id}>
                <Table.Td><Anchor component={Link} to={`/imports/${i.id}`} fw={500}>{i.fileName}</Anchor></Table.Td>
                <Table.Td>
                  <Badge color={COLORS[i.status]} variant="light">{t(`imports.status.${i.status}`)}</Badge>
                  {(i.status === 'running' || i.status === 'queued') && <Progress value={i.progress.percent ?? 0} size="xs" mt={4} aria-label={t('imports.progressLabel')} />}
                </Table.Td>
                <Table.Td ta="end">{num(i.counts.records)}</Table.Td>
                <Table.Td ta="end">{num(i.counts.created)}</Table.Td>
                <Table.Td ta="end">{num(i.counts.updated)}</Table.Td>
                <Table.Td ta="end">{num(i.counts.invalid)}</Table.Td>
                <Table.Td>{i.createdBy ?? '—'}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{dateTime(i.createdAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      {q.hasNextPage && <Group justify="center" mt="md"><Button variant="default" onClick={() => q.fetchNextPage()} loading={q.isFetchingNextPage}>{t('common.loadMore')}</Button></Group>}
    </>
  );
}
