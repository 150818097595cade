/** Email templates: list (name, subject, version, last change), create, copy, delete; and the media library. */
import { Anchor, Button, Group, Modal, Paper, Stack, Table, Tabs, Text, TextInput } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { copyTemplate, createTemplate, deleteTemplate, listTemplates } from '../../../api/templates.js';
import { useI18n } from '../../../app/i18n/i18n.js';
import { useSession } from '../../../app/session.js';
import { ConfirmButton } from '../../../ui/ConfirmButton.js';
import { ErrorAlert, fieldError, notifyError } from '../../../ui/feedback.js';
import { Icon } from '../../../ui/icons.js';
import { PageHeader } from '../../../ui/PageHeader.js';
import { MediaLibrary } from './MediaLibrary.js';
import { STARTER_MJML } from './starter.js';

export function TemplatesPage() {
  const { t, dateTime } = useI18n();
  const { canWrite } = useSession();
  const qc = useQueryClient();
  const nav = useNavigate();
  const list = useQuery({ queryKey: ['templates'], queryFn: listTemplates });
  const [creating, setCreating] = useState(false);
  return (
    <>
      <PageHeader title={t('email.templates.title')} description={t('email.templates.description')}
        actions={canWrite && <Button leftSection={<Icon name="plus" size={16} />} onClick={() => setCreating(true)}>{t('email.templates.new')}</Button>} />
      <Tabs defaultValue="templates" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="templates">{t('email.templates.title')}</Tabs.Tab>
          <Tabs.Tab value="media">{t('email.media.title')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="templates">
          <ErrorAlert error={list.error} />
          <Paper withBorder>
            <Table aria-label={t('email.templates.title')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('common.name')}</Table.Th>
                  <Table.Th>{t('email.content.subject')}</Table.Th>
                  <Table.Th ta="end">{t('email.templates.versionCol')}</Table.Th>
                  <Table.Th>{t('common.updated')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data?.length === 0 && <Table.Tr><Table.Td colSpan={5}><Text c="dimmed" ta="center" py="md">{t('email.templates.none')}</Text></Table.Td></Table.Tr>}
                {list.data?.map((tp) => (
                  <Table.Tr key={tp.id}>
                    <Table.Td><Anchor component={Link} to={`/email/templates/${tp.id}`} fw={500} dir="auto">{tp.name}</Anchor></Table.Td>
                    <Table.Td><Text size="sm" dir="auto" lineClamp={1}>{tp.subject || '—'}</Text></Table.Td>
                    <Table.Td ta="end">{tp.version}</Table.Td>
                    <Table.Td>{dateTime(tp.updatedAt)}</Table.Td>
                    <Table.Td>
                      {canWrite && (
                        <Group gap={4} justify="flex-end" wrap="nowrap">
                          <Button size="xs" variant="subtle" onClick={async () => { try { const c = await copyTemplate(tp.id); await qc.invalidateQueries({ queryKey: ['templates'] }); nav(`/email/templates/${c.id}`); } catch (err) { notifyError(err); } }}>{t('common.copy')}</Button>
                          <ConfirmButton size="xs" variant="subtle" color="red" title={t('email.templates.delete')} message={t('email.templates.deleteConfirm', { name: tp.name })} confirmLabel={t('common.delete')}
                            onConfirm={async () => { await deleteTemplate(tp.id); await qc.invalidateQueries({ queryKey: ['templates'] }); }}>
                            {t('common.delete')}
                          </ConfirmButton>
                        </Group>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
        </Tabs.Panel>
        <Tabs.Panel value="media"><MediaLibrary /></Tabs.Panel>
      </Tabs>
      {creating && <NewTemplate onClose={() => setCreating(false)} onCreated={(id) => nav(`/email/templates/${id}`)} />}
    </>
  );
}

function NewTemplate({ onClose, onCreated }: { onClose: () => void; onCreated: (id: number) => void }) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const tp = await createTemplate({ name: name.trim(), format: 'mjml', source: STARTER_MJML, subject: '', preheader: '', textOverride: null, dir: 'ltr', project: null });
      onCreated(tp.id);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={t('email.templates.new')} centered>
      <Stack>
        <ErrorAlert error={fieldError(error, 'name') ? null : error} />
        <TextInput label={t('common.name')} required dir="auto" value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(error, 'name')} data-autofocus onKeyDown={(e) => e.key === 'Enter' && name.trim() && void submit()} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button onClick={submit} loading={busy} disabled={!name.trim()}>{t('common.create')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
