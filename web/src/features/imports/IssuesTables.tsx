/** Rejected rows and conflicts of an import, a page at a time; conflicts get "choose the winner" buttons. */
import { Anchor, Badge, Button, Group, Paper, ScrollArea, Table, Text } from '@mantine/core';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { listIssues, resolveConflict, type ImportIssue } from '../../api/imports.js';
import { useI18n } from '../../app/i18n/i18n.js';
import { useSession } from '../../app/session.js';
import { notifyError, notifySuccess } from '../../ui/feedback.js';

function useIssues(importId: number, kind: 'invalid' | 'conflict') {
  return useInfiniteQuery({
    queryKey: ['import-issues', importId, kind],
    queryFn: ({ pageParam }) => listIssues(importId, kind, pageParam, 100),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.meta.nextCursor ?? undefined,
  });
}

function rawSummary(header: string[], raw: string[]) {
  return raw
    .map((v, i) => (v ? `${header[i] ?? `#${i + 1}`}: ${v}` : ''))
    .filter(Boolean)
    .join(' · ');
}

export function RejectedTable({ importId, header }: { importId: number; header: string[] }) {
  const { t, reasonText } = useI18n();
  const q = useIssues(importId, 'invalid');
  const rows = q.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <Paper withBorder>
      <ScrollArea.Autosize mah={420}>
        <Table fz="sm" aria-label={t('imports.rejected')} data-testid="rejected-rows">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('imports.line')}</Table.Th>
              <Table.Th>{t('imports.column')}</Table.Th>
              <Table.Th>{t('imports.reason')}</Table.Th>
              <Table.Th>{t('imports.row')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>{r.line}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }} dir="auto">{r.column ?? '—'}</Table.Td>
                <Table.Td dir="auto">{reasonText(r)}</Table.Td>
                <Table.Td><Text size="xs" c="dimmed" lineClamp={2} dir="auto">{rawSummary(header, r.raw)}</Text></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
      {q.hasNextPage && <Group justify="center" p="xs"><Button size="xs" variant="subtle" onClick={() => q.fetchNextPage()} loading={q.isFetchingNextPage}>{t('common.loadMore')}</Button></Group>}
    </Paper>
  );
}

export function ConflictsTable({ importId, header }: { importId: number; header: string[] }) {
  const { t, reasonText } = useI18n();
  const { canWrite } = useSession();
  const qc = useQueryClient();
  const q = useIssues(importId, 'conflict');
  const rows = q.data?.pages.flatMap((p) => p.data) ?? [];
  const resolve = async (issue: ImportIssue, winner: 'email' | 'phone') => {
    try {
      await resolveConflict(importId, issue.id, winner);
      notifySuccess(t('imports.resolved'));
      await qc.invalidateQueries({ queryKey: ['import-issues', importId, 'conflict'] });
      await qc.invalidateQueries({ queryKey: ['contacts'] });
    } catch (err) {
      notifyError(err);
    }
  };
  return (
    <Paper withBorder>
      <ScrollArea.Autosize mah={420}>
        <Table fz="sm" aria-label={t('imports.conflicts')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('imports.line')}</Table.Th>
              <Table.Th>{t('imports.row')}</Table.Th>
              <Table.Th>{t('imports.reason')}</Table.Th>
              <Table.Th>{t('imports.chooseWinner')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>{r.line}</Table.Td>
                <Table.Td><Text size="xs" lineClamp={2} dir="auto">{rawSummary(header, r.raw)}</Text></Table.Td>
                <Table.Td dir="auto">{reasonText(r)}</Table.Td>
                <Table.Td>
                  {r.resolvedAt ? (
                    <Badge color="teal" variant="light" tt="none">{t('imports.resolvedAs', { winner: r.resolution ?? '' })}</Badge>
                  ) : (
                    <Group gap={4} wrap="nowrap">
                      <Button size="compact-xs" variant="light" disabled={!canWrite} onClick={() => resolve(r, 'email')}>{t('imports.winnerEmail')}</Button>
                      <Button size="compact-xs" variant="light" disabled={!canWrite} onClick={() => resolve(r, 'phone')}>{t('imports.winnerPhone')}</Button>
                    </Group>
                  )}
                  <Group gap={6} mt={4}>
                    {r.emailContactId && <Anchor component={Link} to={`/contacts/${r.emailContactId}`} size="xs">{t('imports.emailContact', { id: r.emailContactId })}</Anchor>}
                    {r.phoneContactId && <Anchor component={Link} to={`/contacts/${r.phoneContactId}`} size="xs">{t('imports.phoneContact', { id: r.phoneContactId })}</Anchor>}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
      {q.hasNextPage && <Group justify="center" p="xs"><Button size="xs" variant="subtle" onClick={() => q.fetchNextPage()} loading={q.isFetchingNextPage}>{t('common.loadMore')}</Button></Group>}
    </Paper>
  );
}
