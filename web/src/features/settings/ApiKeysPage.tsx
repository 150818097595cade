/** API keys: create (the secret is shown once, with a copy button), list with prefix and last use, revoke. */
import { Alert, Badge, Button, Code, CopyButton, Group, Modal, Paper, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Role } from '../../api/auth.js';
import { createApiKey, listApiKeys, revokeApiKey } from '../../api/workspace.js';
import { useI18n } from '../../app/i18n/i18n.js';
import { useSession } from '../../app/session.js';
import { ConfirmButton } from '../../ui/ConfirmButton.js';
import { ErrorAlert, fieldError } from '../../ui/feedback.js';
import { Icon } from '../../ui/icons.js';
import { PageHeader } from '../../ui/PageHeader.js';

export function ApiKeysPage() {
  const { t, dateTime } = useI18n();
  const { canAdmin, isOwner } = useSession();
  const qc = useQueryClient();
  const keys = useQuery({ queryKey: ['api-keys'], queryFn: listApiKeys, enabled: canAdmin });
  const refresh = () => qc.invalidateQueries({ queryKey: ['api-keys'] });
  if (!canAdmin) return <Alert color="yellow">{t('common.adminOnly')}</Alert>;
  return (
    <>
      <PageHeader title={t('keys.title')} description={t('keys.description')} actions={<CreateKey isOwner={isOwner} onDone={refresh} />} />
      <ErrorAlert error={keys.error} />
      <Paper withBorder>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('keys.name')}</Table.Th>
              <Table.Th>{t('keys.prefix')}</Table.Th>
              <Table.Th>{t('members.role')}</Table.Th>
              <Table.Th>{t('keys.created')}</Table.Th>
              <Table.Th>{t('keys.lastUsed')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {keys.data?.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={6}>
                  <Text c="dimmed" ta="center" py="md">{t('keys.none')}</Text>
                </Table.Td>
              </Table.Tr>
            )}
            {keys.data?.map((k) => (
              <Table.Tr key={k.id} opacity={k.revokedAt ? 0.55 : 1}>
                <Table.Td>{k.name}</Table.Td>
                <Table.Td><Code className="clarion-ltr">{k.prefix}…</Code></Table.Td>
                <Table.Td><Badge variant="light">{t(`role.${k.role}`)}</Badge></Table.Td>
                <Table.Td>{dateTime(k.createdAt)}</Table.Td>
                <Table.Td>{k.lastUsedAt ? dateTime(k.lastUsedAt) : t('keys.never')}</Table.Td>
                <Table.Td>
                  {k.revokedAt ? (
                    <Badge color="gray">{t('keys.revoked')}</Badge>
                  ) : (
                    <ConfirmButton size="xs" variant="subtle" color="red" title={t('keys.revoke')} message={t('keys.revokeConfirm', { name: k.name })} confirmLabel={t('keys.revoke')} onConfirm={async () => { await revokeApiKey(k.id); await refresh(); }}>
                      {t('keys.revoke')}
                    </ConfirmButton>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
    </>
  );
}

function CreateKey({ isOwner, onDone }: { isOwner: boolean; onDone: () => unknown }) {
  const { t } = useI18n();
  const [opened, { open, close }] = useDisclosure(false);
  const [name, setName] = useState('');
  const [role, setRole] = useState<string | null>('editor');
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const roles = (['owner', 'manager', 'editor', 'viewer'] as Role[]).filter((r) => isOwner || r !== 'owner').map((r) => ({ value: r, label: t(`role.${r}`) }));
  const reset = () => {
    setName('');
    setSecret(null);
    setError(null);
    close();
  };
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const k = await createApiKey({ name, role: role as Role });
      setSecret(k.key);
      await onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button leftSection={<Icon name="plus" size={16} />} onClick={open}>{t('keys.create')}</Button>
      <Modal opened={opened} onClose={reset} title={t('keys.create')} centered size="lg" closeOnClickOutside={!secret}>
        {secret ? (
          <Stack>
            <Alert color="yellow" icon={<Icon name="alert" />}>{t('keys.once')}</Alert>
            <Group wrap="nowrap" align="center">
              <Code block className="clarion-ltr" style={{ flex: 1, wordBreak: 'break-all' }} data-testid="new-api-key">{secret}</Code>
              <CopyButton value={secret}>
                {({ copied, copy }) => (
                  <Button variant="light" onClick={copy} leftSection={<Icon name={copied ? 'check' : 'copy'} size={16} />}>
                    {copied ? t('common.copied') : t('common.copy')}
                  </Button>
                )}
              </CopyButton>
            </Group>
            <Button onClick={reset}>{t('common.done')}</Button>
          </Stack>
        ) : (
          <Stack>
            <ErrorAlert error={fieldError(error, 'name') ? null : error} />
            <TextInput label={t('keys.name')} description={t('keys.nameHint')} value={name} onChange={(e) => setName(e.currentTarget.value)} required error={fieldError(error, 'name')} data-autofocus />
            <Select label={t('members.role')} data={roles} value={role} onChange={setRole} allowDeselect={false} />
            <Group justify="flex-end">
              <Button variant="default" onClick={reset}>{t('common.cancel')}</Button>
              <Button onClick={submit} loading={busy} disabled={!name}>{t('keys.create')}</Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}
