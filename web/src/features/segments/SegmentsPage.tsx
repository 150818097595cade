/** Saved segments: list, open in the builder, delete to the recycle bin. */
import { Anchor, Button, Group, Paper, Table, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { deleteSegment, listSegments } from '../../api/segments.js';
import { useI18n } from '../../app/i18n/i18n.js';
import { useSession } from '../../app/session.js';
import { ConfirmButton } from '../../ui/ConfirmButton.js';
import { ErrorAlert, notifySuccess } from '../../ui/feedback.js';
import { Icon } from '../../ui/icons.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { conditionCount } from './ruleModel.js';

export function SegmentsPage() {
  const { t, date } = useI18n();
  const { canWrite } = useSession();
  const qc = useQueryClient();
  const segments = useQuery({ queryKey: ['segments'], queryFn: listSegments });
  return (
    <>
      <PageHeader title={t('segments.title')} description={t('segments.description')} actions={canWrite && <Button component={Link} to="/segments/new" leftSection={<Icon name="plus" size={16} />}>{t('segments.new')}</Button>} />
      <ErrorAlert error={segments.error} />
      <Paper withBorder>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('common.name')}</Table.Th>
              <Table.Th>{t('segments.conditions')}</Table.Th>
              <Table.Th>{t('common.updated')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {segments.data?.length === 0 && <Table.Tr><Table.Td colSpan={4}><Text c="dimmed" ta="center" py="md">{t('segments.none')}</Text></Table.Td></Table.Tr>}
            {segments.data?.map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td><Anchor component={Link} to={`/segments/${s.id}`} fw={500}>{s.name}</Anchor></Table.Td>
                <Table.Td>{conditionCount(s.filter)}</Table.Td>
                <Table.Td>{date(s.updatedAt)}</Table.Td>
                <Table.Td>
                  <Group gap={4} justify="flex-end" wrap="nowrap">
                    <Button size="xs" variant="subtle" component={Link} to={`/contacts?segment=${s.id}`}>{t('segments.viewContacts')}</Button>
                    {canWrite && (
                      <ConfirmButton size="xs" variant="subtle" color="red" title={t('segments.delete')} message={t('segments.deleteConfirm', { name: s.name })} confirmLabel={t('common.delete')}
                        onConfirm={async () => { await deleteSegment(s.id); notifySuccess(t('segments.deleted')); await qc.invalidateQueries({ queryKey: ['segments'] }); }}>
                        {t('common.delete')}
                      </ConfirmButton>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
    </>
  );
}
