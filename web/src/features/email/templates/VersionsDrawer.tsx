/** Saved versions of a template: list, preview one, restore it (restoring is itself saved as a new version). */
import { Button, Drawer, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { getVersion, listVersions, previewTemplate, restoreVersion, type Template } from '../../../api/templates.js';
import { useI18n } from '../../../app/i18n/i18n.js';
import { ErrorAlert, notifyError } from '../../../ui/feedback.js';
import { EmailFrame } from './PreviewModal.js';

export function VersionsDrawer({ templateId, current, onClose, onRestored }: { templateId: number; current: number; onClose: () => void; onRestored: (t: Template) => void }) {
  const { t, dateTime } = useI18n();
  const versions = useQuery({ queryKey: ['template-versions', templateId], queryFn: () => listVersions(templateId), staleTime: 0 });
  const [viewing, setViewing] = useState<number | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const restore = async (v: number) => {
    setBusy(v);
    try {
      onRestored(await restoreVersion(templateId, v));
      onClose();
    } catch (err) {
      notifyError(err);
    } finally {
      setBusy(null);
    }
  };
  return (
    <Drawer opened onClose={onClose} title={t('email.versions.title')} position="right" size="lg">
      <ErrorAlert error={versions.error} />
      <Table aria-label={t('email.versions.title')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>#</Table.Th>
            <Table.Th>{t('common.updated')}</Table.Th>
            <Table.Th>{t('email.versions.by')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {versions.data?.map((v) => (
            <Table.Tr key={v.version}>
              <Table.Td>{v.version}{v.version === current && <Text span size="xs" c="dimmed"> ({t('email.versions.current')})</Text>}</Table.Td>
              <Table.Td>{dateTime(v.createdAt)}</Table.Td>
              <Table.Td>{v.createdBy ?? '—'}</Table.Td>
              <Table.Td>
                <Group gap={4} justify="flex-end" wrap="nowrap">
                  <Button size="xs" variant="subtle" onClick={() => setViewing(v.version)}>{t('email.versions.preview')}</Button>
                  {v.version !== current && <Button size="xs" variant="light" loading={busy === v.version} onClick={() => restore(v.version)}>{t('email.versions.restore')}</Button>}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {viewing !== null && <VersionPreview templateId={templateId} version={viewing} onClose={() => setViewing(null)} />}
    </Drawer>
  );
}

function VersionPreview({ templateId, version, onClose }: { templateId: number; version: number; onClose: () => void }) {
  const { t } = useI18n();
  const q = useQuery({
    queryKey: ['template-version-preview', templateId, version],
    queryFn: async () => {
      const v = await getVersion(templateId, version);
      return previewTemplate({ format: v.format, source: v.source, subject: v.subject, preheader: v.preheader, textOverride: v.textOverride, dir: v.dir });
    },
  });
  return (
    <Modal opened onClose={onClose} title={t('email.versions.previewOf', { n: version })} size="min(900px, 95vw)">
      <Stack>
        <ErrorAlert error={q.error} />
        {q.data && <Text fw={500} dir="auto">{q.data.subject}</Text>}
        {q.data && <EmailFrame title={t('email.versions.previewOf', { n: version })} html={q.data.html} />}
      </Stack>
    </Modal>
  );
}
