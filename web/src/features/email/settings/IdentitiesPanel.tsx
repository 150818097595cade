/** Sender identities: from name, from address, reply-to; one is the default for new campaigns. */
import { Badge, Button, Checkbox, Group, Modal, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { createIdentity, deleteIdentity, listIdentities, updateIdentity, type SenderIdentity, type SenderIdentityInput } from '../../../api/sending.js';
import { useI18n } from '../../../app/i18n/i18n.js';
import { useSession } from '../../../app/session.js';
import { ConfirmButton } from '../../../ui/ConfirmButton.js';
import { ErrorAlert, fieldError } from '../../../ui/feedback.js';
import { Icon } from '../../../ui/icons.js';

export const IDENTITIES_KEY = ['email', 'identities'];

export function IdentitiesPanel() {
  const { t } = useI18n();
  const { canAdmin } = useSession();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: IDENTITIES_KEY, queryFn: listIdentities });
  const [editing, setEditing] = useState<SenderIdentity | 'new' | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: IDENTITIES_KEY });
  return (
    <Stack>
      <Group justify="space-between">
        <Text size="sm" c="dimmed">{t('email.identities.help')}</Text>
        {canAdmin && <Button leftSection={<Icon name="plus" size={16} />} onClick={() => setEditing('new')}>{t('email.identities.add')}</Button>}
      </Group>
      <ErrorAlert error={list.error} />
      <Paper withBorder>
        <Table aria-label={t('email.identities.title')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('email.identities.fromName')}</Table.Th>
              <Table.Th>{t('email.identities.fromAddress')}</Table.Th>
              <Table.Th>{t('email.identities.replyTo')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data?.length === 0 && <Table.Tr><Table.Td colSpan={4}><Text c="dimmed" ta="center" py="md">{t('email.identities.none')}</Text></Table.Td></Table.Tr>}
            {list.data?.map((i) => (
              <Table.Tr key={i.id}>
                <Table.Td dir="auto">{i.fromName} {i.isDefault && <Badge size="xs" variant="light" ms={6}>{t('email.identities.default')}</Badge>}</Table.Td>
                <Table.Td><span className="clarion-ltr">{i.fromAddress}</span></Table.Td>
                <Table.Td><span className="clarion-ltr">{i.replyTo ?? '—'}</span></Table.Td>
                <Table.Td>
                  {canAdmin && (
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      <Button size="xs" variant="subtle" onClick={() => setEditing(i)}>{t('common.edit')}</Button>
                      <ConfirmButton size="xs" variant="subtle" color="red" title={t('email.identities.delete')} message={t('email.identities.deleteConfirm', { address: i.fromAddress })} confirmLabel={t('common.delete')}
                        onConfirm={async () => { await deleteIdentity(i.id); await refresh(); }}>
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
      {editing && <IdentityForm identity={editing === 'new' ? null : editing} first={!list.data?.length} onClose={() => setEditing(null)} onSaved={refresh} />}
    </Stack>
  );
}

function IdentityForm({ identity, first, onClose, onSaved }: { identity: SenderIdentity | null; first: boolean; onClose: () => void; onSaved: () => unknown }) {
  const { t } = useI18n();
  const [v, setV] = useState<SenderIdentityInput>({ fromName: identity?.fromName ?? '', fromAddress: identity?.fromAddress ?? '', replyTo: identity?.replyTo ?? '', isDefault: identity?.isDefault ?? first });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const body = { ...v, replyTo: v.replyTo?.trim() || null };
      if (identity) await updateIdentity(identity.id, body);
      else await createIdentity(body);
      await onSaved();
      onClose();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const fields = ['fromName', 'fromAddress', 'replyTo'];
  return (
    <Modal opened onClose={onClose} title={identity ? t('email.identities.edit') : t('email.identities.add')} centered>
      <Stack>
        <ErrorAlert error={fields.some((f) => fieldError(error, f)) ? null : error} />
        <TextInput label={t('email.identities.fromName')} required dir="auto" value={v.fromName} onChange={(e) => setV({ ...v, fromName: e.currentTarget.value })} error={fieldError(error, 'fromName')} data-autofocus />
        <TextInput label={t('email.identities.fromAddress')} required dir="ltr" type="email" value={v.fromAddress} onChange={(e) => setV({ ...v, fromAddress: e.currentTarget.value })} error={fieldError(error, 'fromAddress')} />
        <TextInput label={t('email.identities.replyTo')} dir="ltr" type="email" value={v.replyTo ?? ''} onChange={(e) => setV({ ...v, replyTo: e.currentTarget.value })} error={fieldError(error, 'replyTo')} />
        <Checkbox label={t('email.identities.makeDefault')} checked={v.isDefault} onChange={(e) => setV({ ...v, isDefault: e.currentTarget.checked })} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button onClick={submit} loading={busy} disabled={!v.fromName.trim() || !v.fromAddress.trim()}>{t('common.save')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
