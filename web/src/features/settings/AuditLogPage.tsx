/** The audit log: every change with who, what and when, newest first, loaded a page at a time. */
import { Alert, Badge, Button, Code, Group, Paper, Table, Text, TextInput } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { listAudit } from '../../api/workspace.js';
import { useI18n } from '../../app/i18n/i18n.js';
import { useSession } from '../../app/session.js';
import { ErrorAlert } from '../../ui/feedback.js';
import { PageHeader } from '../../ui/PageHeader.js';

const PAGE = 100;

export function AuditLogPage() {
  const { t, dateTime } = useI18n();
  const { canAdmin } = useSession();
  const [entityType, setEntityType] = useState('');
  const q = useInfiniteQuery({
    queryKey: ['audit', entityType],
    queryFn: ({ pageParam }) => listAudit({ before: pageParam, limit: PAGE, entityType: entityType || undefined }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => (last.length === PAGE ? last[last.length - 1].id : undefined),
    enabled: canAdmin,
  });
  if (!canAdmin) return <Alert color="yellow">{t('common.adminOnly')}</Alert>;
  const rows = q.data?.pages.flat() ?? [];
  return (
    <>
      <PageHeader title={t('audit.title')} description={t('audit.description')} />
      <Group mb="sm">
        <TextInput size="sm" label={t('audit.entityType')} placeholder="contact, group, segment…" value={entityType} onChange={(e) => setEntityType(e.currentTarget.value.trim())} />
      </Group>
      <ErrorAlert error={q.error} />
      <Paper withBorder>
        <div className="clarion-table-scroll">
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('audit.when')}</Table.Th>
                <Table.Th>{t('audit.who')}</Table.Th>
                <Table.Th>{t('audit.action')}</Table.Th>
                <Table.Th>{t('audit.entity')}</Table.Th>
                <Table.Th>{t('audit.details')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{dateTime(r.at)}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{r.actorLabel}</Text>
                    <Text size="xs" c="dimmed">{t(r.actorType === 'api_key' ? 'audit.apiKey' : r.actorType === 'system' ? 'audit.system' : 'audit.user')}{r.ip ? ` · ${r.ip}` : ''}</Text>
                  </Table.Td>
                  <Table.Td><Badge variant="light" tt="none" className="clarion-ltr">{r.action}</Badge></Table.Td>
                  <Table.Td className="clarion-ltr">{r.entityType}{r.entityId ? ` #${r.entityId}` : ''}</Table.Td>
                  <Table.Td maw={360}>
                    {Object.keys(r.details ?? {}).length > 0 && (
                      <Code block className="clarion-ltr" style={{ maxHeight: 90, overflow: 'auto', fontSize: 11 }}>{JSON.stringify(r.details)}</Code>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      </Paper>
      {q.hasNextPage && (
        <Group justify="center" mt="md">
          <Button variant="default" loading={q.isFetchingNextPage} onClick={() => q.fetchNextPage()}>{t('common.loadMore')}</Button>
        </Group>
      )}
    </>
  );
}
