/** Users and roles: list members, add one (a one-time password is shown once), change role, remove. */
import { Alert, Badge, Button, Code, CopyButton, Group, Modal, Paper, PasswordInput, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Role } from '../../api/auth.js';
import { addMember, changeMemberRole, listMembers, removeMember } from '../../api/workspace.js';
import { useI18n } from '../../app/i18n/i18n.js';
import { useSession } from '../../app/session.js';
import { ConfirmButton } from '../../ui/ConfirmButton.js';
import { ErrorAlert, fieldError, notifyError, notifySuccess } from '../../ui/feedback.js';
import { Icon } from '../../ui/icons.js';
import { PageHeader } from '../../ui/PageHeader.js';

const ROLES: Role[] = ['owner', 'manager', 'editor', 'viewer'];

export function MembersPage() {
  const { t, date } = useI18n();
  const { session, canAdmin, isOwner } = useSession();
  const qc = useQueryClient();
  const members = useQuery({ queryKey: ['members'], queryFn: listMembers });
  const roleData = ROLES.filter((r) => isOwner || r !== 'owner').map((r) => ({ value: r, label: t(`role.${r}`) }));
  const refresh = () => qc.invalidateQueries({ queryKey: ['members'] });
  const setRole = useMutation({
    mutationFn: ({ id, role }: { id: number; role: Role }) => changeMemberRole(id, role),
    onSuccess: () => {
      notifySuccess(t('common.saved'));
      void refresh();
    },
    onError: notifyError,
  });
  return (
    <>
      <PageHeader title={t('members.title')} description={t('members.description')} actions={canAdmin && <AddMember roles={roleData} onDone={refresh} />} />
      <ErrorAlert error={members.error} />
      <Paper withBorder>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('members.name')}</Table.Th>
              <Table.Th>{t('login.email')}</Table.Th>
              <Table.Th>{t('members.role')}</Table.Th>
              <Table.Th>{t('members.since')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {members.data?.map((m) => (
              <Table.Tr key={m.id}>
                <Table.Td>{m.name || '—'}</Table.Td>
                <Table.Td className="clarion-ltr">{m.email}</Table.Td>
                <Table.Td>
                  {canAdmin && m.id !== session.user?.id && (isOwner || m.role !== 'owner') ? (
                    <Select size="xs" w={140} aria-label={t('members.roleOf', { name: m.email })} data={roleData} value={m.role} allowDeselect={false} onChange={(v) => v && setRole.mutate({ id: m.id, role: v as Role })} />
                  ) : (
                    <Badge variant="light">{t(`role.${m.role}`)}</Badge>
                  )}
                </Table.Td>
                <Table.Td>{date(m.createdAt)}</Table.Td>
                <Table.Td>
                  {canAdmin && m.id !== session.user?.id && (isOwner || m.role !== 'owner') && (
                    <ConfirmButton size="xs" variant="subtle" color="red" title={t('members.remove')} message={t('members.removeConfirm', { email: m.email })} confirmLabel={t('members.remove')} onConfirm={async () => { await removeMember(m.id); await refresh(); }}>
                      {t('members.remove')}
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

function AddMember({ roles, onDone }: { roles: { value: string; label: string }[]; onDone: () => unknown }) {
  const { t } = useI18n();
  const [opened, { open, close }] = useDisclosure(false);
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<string | null>('editor');
  const [password, setPassword] = useState('');
  const [otp, setOtp] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const reset = () => {
    setEmail('');
    setName('');
    setPassword('');
    setOtp(null);
    setError(null);
    close();
  };
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await addMember({ email: email.trim(), name: name || undefined, role: role as Role, password: password || undefined });
      await onDone();
      if (r.oneTimePassword) setOtp(r.oneTimePassword);
      else {
        notifySuccess(t('members.added'));
        reset();
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button leftSection={<Icon name="plus" size={16} />} onClick={open}>
        {t('members.add')}
      </Button>
      <Modal opened={opened} onClose={reset} title={t('members.add')} centered>
        {otp ? (
          <Stack>
            <Alert color="teal">{t('members.otp')}</Alert>
            <Group>
              <Code fz="md" className="clarion-ltr">{otp}</Code>
              <CopyButton value={otp}>{({ copied, copy }) => <Button size="xs" variant="light" onClick={copy}>{copied ? t('common.copied') : t('common.copy')}</Button>}</CopyButton>
            </Group>
            <Button onClick={reset}>{t('common.done')}</Button>
          </Stack>
        ) : (
          <Stack>
            <ErrorAlert error={error && !fieldError(error, 'email') && !fieldError(error, 'password') ? error : null} />
            <TextInput label={t('login.email')} type="email" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={fieldError(error, 'email')} data-autofocus />
            <TextInput label={t('members.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} />
            <Select label={t('members.role')} data={roles} value={role} onChange={setRole} allowDeselect={false} />
            <PasswordInput label={t('members.password')} description={t('members.passwordHint')} value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={fieldError(error, 'password')} />
            <Text size="xs" c="dimmed">{t('members.roleHelp')}</Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={reset}>{t('common.cancel')}</Button>
              <Button onClick={submit} loading={busy} disabled={!email}>{t('members.add')}</Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}
