/** WhatsApp templates: list with status and quality, filters, "sync now" from the WhatsApp account, new template. */
import { Anchor, Button, Group, Paper, Select, Table, Text, TextInput } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { deleteTemplate, listNumbers, listTemplates, syncTemplates } from '../../../api/whatsapp.js';
import { useI18n } from '../../../app/i18n/i18n.js';
import { useSession } from '../../../app/session.js';
import { ConfirmButton } from '../../../ui/ConfirmButton.js';
import { ErrorAlert, notifyError, notifySuccess } from '../../../ui/feedback.js';
import { Icon } from '../../../ui/icons.js';
import { PageHeader } from '../../../ui/PageHeader.js';
import { QualityBadge, TemplateStatusBadge } from './StatusBadge.js';

const STATUSES = ['DRAFT', 'PENDING', 'APPROVED', 'REJECTED', 'PAUSED', 'DISABLED'];

export function TemplatesPage() {
  const { t, dateTime } = useI18n();
  const { canWrite } = useSession();
  const qc = useQueryClient();
  const [status, setStatus] = useState<string | null>(null);
  const [q, setQ] = useState('');
  const numbers = useQuery({ queryKey: ['wa-numbers'], queryFn: listNumbers });
  const [numberId, setNumberId] = useState<string | null>(null);
  const templates = useQuery({
    queryKey: ['wa-templates', numberId, status, q],
    queryFn: () => listTemplates({ connectionId: numberId ? Number(numberId) : undefined, status: status ?? undefined, q: q || undefined }),
    // Reviews finish in the background: keep the list fresh while anything waits for Meta.
    refetchInterval: (query) => (query.state.data?.some((x) => x.status === 'PENDING') ? 3000 : false),
  });
  const [syncing, setSyncing] = useState(false);
  const numberName = (id: number) => numbers.data?.find((n) => n.id === id)?.displayNumber ?? String(id);
  const sync = async () => {
    setSyncing(true);
    try {
      const targets = numberId ? [Number(numberId)] : (numbers.data ?? []).map((n) => n.id);
      let total = 0;
      for (const id of targets) total += (await syncTemplates(id)).total;
      notifySuccess(t('wa.tpl.synced', { n: total }));
      await qc.invalidateQueries({ queryKey: ['wa-templates'] });
    } catch (err) {
      notifyError(err);
    } finally {
      setSyncing(false);
    }
  };
  return (
    <>
      <PageHeader
        title={t('wa.tpl.title')}
        description={t('wa.tpl.description')}
        actions={
          canWrite && (
            <>
              <Button variant="default" leftSection={<Icon name="refresh" size={16} />} loading={syncing} onClick={sync} disabled={!numbers.data?.length}>{t('wa.tpl.syncNow')}</Button>
              <Button component={Link} to="/whatsapp/templates/new" leftSection={<Icon name="plus" size={16} />}>{t('wa.tpl.new')}</Button>
            </>
          )
        }
      />
      <Group mb="sm" gap="sm">
        <TextInput placeholder={t('common.search')} leftSection={<Icon name="search" size={16} />} value={q} onChange={(e) => setQ(e.currentTarget.value)} aria-label={t('common.search')} />
        <Select placeholder={t('wa.tpl.allNumbers')} aria-label={t('wa.tpl.number')} clearable data={(numbers.data ?? []).map((n) => ({ value: String(n.id), label: n.displayNumber }))} value={numberId} onChange={setNumberId} />
        <Select placeholder={t('wa.tpl.allStatuses')} aria-label={t('wa.tpl.status')} clearable data={STATUSES.map((s) => ({ value: s, label: t(`wa.status.${s}` as 'wa.status.DRAFT') }))} value={status} onChange={setStatus} />
      </Group>
      <ErrorAlert error={templates.error} />
      <Paper withBorder>
        <Table.ScrollContainer minWidth={800}>
          <Table aria-label={t('wa.tpl.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('common.name')}</Table.Th>
                <Table.Th>{t('wa.tpl.language')}</Table.Th>
                <Table.Th>{t('wa.tpl.category')}</Table.Th>
                <Table.Th>{t('wa.tpl.status')}</Table.Th>
                <Table.Th>{t('wa.tpl.quality')}</Table.Th>
                <Table.Th>{t('wa.tpl.number')}</Table.Th>
                <Table.Th>{t('common.updated')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {templates.data?.length === 0 && (
                <Table.Tr><Table.Td colSpan={8}><Text c="dimmed" ta="center" py="md">{t('wa.tpl.none')}</Text></Table.Td></Table.Tr>
              )}
              {templates.data?.map((x) => (
                <Table.Tr key={x.id} data-testid={`wa-template-row-${x.name}`}>
                  <Table.Td><Anchor component={Link} to={`/whatsapp/templates/${x.id}`} className="clarion-ltr" fw={500}>{x.name}</Anchor></Table.Td>
                  <Table.Td className="clarion-ltr">{x.language}</Table.Td>
                  <Table.Td>{t(`wa.cat.${x.category}` as 'wa.cat.MARKETING')}</Table.Td>
                  <Table.Td>
                    <TemplateStatusBadge status={x.status} reason={x.status === 'REJECTED' ? [x.rejectionReason, x.rejectionDetail].filter(Boolean).join(': ') : null} />
                    {x.status === 'REJECTED' && x.rejectionReason && <Text size="xs" c="red" dir="auto">{x.rejectionReason}</Text>}
                  </Table.Td>
                  <Table.Td><QualityBadge rating={x.qualityRating} /></Table.Td>
                  <Table.Td className="clarion-ltr">{numberName(x.connectionId)}</Table.Td>
                  <Table.Td>{dateTime(x.updatedAt)}</Table.Td>
                  <Table.Td>
                    {canWrite && x.editable && (
                      <ConfirmButton size="xs" variant="subtle" color="red" title={t('wa.tpl.delete')} message={t('wa.tpl.deleteConfirm', { name: x.name })} confirmLabel={t('common.delete')}
                        onConfirm={async () => { await deleteTemplate(x.id); await qc.invalidateQueries({ queryKey: ['wa-templates'] }); }}>
                        {t('common.delete')}
                      </ConfirmButton>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
    </>
  );
}
