/** WhatsApp campaigns: list with status and counts, and "New campaign" (the wizard). */
import { Anchor, Badge, Button, Paper, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { listWaCampaigns } from '../../../api/whatsappCampaigns.js';
import { useI18n } from '../../../app/i18n/i18n.js';
import { useSession } from '../../../app/session.js';
import { ErrorAlert } from '../../../ui/feedback.js';
import { Icon } from '../../../ui/icons.js';
import { PageHeader } from '../../../ui/PageHeader.js';

export function CampaignsPage() {
  const { t, num, dateTime } = useI18n();
  const { canWrite } = useSession();
  const list = useQuery({ queryKey: ['wa-campaigns'], queryFn: () => listWaCampaigns({ limit: 100 }), refetchInterval: 5000 });
  return (
    <>
      <PageHeader title={t('wa.camp.title')} description={t('wa.camp.description')}
        actions={canWrite && <Button component={Link} to="/whatsapp/campaigns/new" leftSection={<Icon name="plus" size={16} />}>{t('wa.camp.new')}</Button>} />
      <ErrorAlert error={list.error} />
      <Paper withBorder>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('common.name')}</Table.Th>
              <Table.Th>{t('wa.camp.statusCol')}</Table.Th>
              <Table.Th ta="end">{t('wa.camp.k.total')}</Table.Th>
              <Table.Th>{t('common.created')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data?.data.length === 0 && <Table.Tr><Table.Td colSpan={4}><Text c="dimmed" ta="center" py="md">{t('wa.camp.none')}</Text></Table.Td></Table.Tr>}
            {list.data?.data.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td><Anchor component={Link} to={`/whatsapp/campaigns/${c.id}`}>{c.name}</Anchor></Table.Td>
                <Table.Td><Badge variant="light">{t(`wa.camp.status.${c.status}` as 'wa.camp.status.draft')}</Badge></Table.Td>
                <Table.Td ta="end">{num(c.audienceTotal)}</Table.Td>
                <Table.Td>{dateTime(c.createdAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
    </>
  );
}
