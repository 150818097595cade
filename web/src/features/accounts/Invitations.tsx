/**
 * Inviting people (Settings → Users & roles): the invite form (address and role, never a password) and the
 * list of pending invitations with resend and withdraw. Says plainly when system mail did not send the link.
 */
import { Alert, Badge, Button, Group, Modal, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { inviteMember, listInvitations, resendInvitation, revokeInvitation, type InvitationSent } from '../../api/accounts.js';
import type { Role } from '../../api/auth.js';
import { useI18n } from '../../app/i18n/i18n.js';
import { ConfirmButton } from '../../ui/ConfirmButton.js';
import { ErrorAlert, fieldError, notifyError, notifySuccess } from '../../ui/feedback.js';
import { Icon } from '../../ui/icons.js';

const INVITATIONS_KEY = ['invitations'] as const;

/** Tells the inviter whether the email left (and why not); the link itself is never shown to them. */
function useSentNotice() {
  const { t } = useI18n();
  return (r: InvitationSent) => {
    if (r.mailSent) notifySuccess(t('invite.sent', { email: r.invitation.email }));
    else notifyError(new Error(t('invite.notSent', { email: r.invitation.email })));
  };
}

export function InviteMember({ roles }: { roles: { value: string; label: string }[] }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const notice = useSentNotice();
  const [opened, { open, close }] = useDisclosure(false);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<string | null>('editor');
  const [error, setError] = useState<unknown>(null);
  const [unsent, setUnsent] = useState<InvitationSent | null>(null);
  const [busy, setBusy] = useState(false);
  const reset = () => {
    setEmail('');
    setError(null);
    setUnsent(null);
    close();
  };
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await inviteMember({ email: email.trim(), role: role as Role });
      await qc.invalidateQueries({ queryKey: INVITATIONS_KEY });
      if (r.mailSent) {
        notice(r);
        reset();
      } else setUnsent(r);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button leftSection={<Icon name="plus" size={16} />} onClick={open}>
        {t('invite.open')}
      </Button>
      <Modal opened={opened} onClose={reset} title={t('invite.title')} centered>
        {unsent ? (
          <Stack>
            <Alert color="red" title={t('invite.notSentTitle')}>{t('invite.notSent', { email: unsent.invitation.email })}</Alert>
            <Button onClick={reset}>{t('common.done')}</Button>
          </Stack>
        ) : (
          <Stack>
            <ErrorAlert error={error && !fieldError(error, 'email') ? error : null} />
            <TextInput label={t('login.email')} type="email" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={fieldError(error, 'email')} data-autofocus dir="ltr" />
            <Select label={t('members.role')} data={roles} value={role} onChange={setRole} allowDeselect={false} />
            <Text size="xs" c="dimmed">{t('invite.hint')}</Text>
            <Text size="xs" c="dimmed">{t('members.roleHelp')}</Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={reset}>{t('common.cancel')}</Button>
              <Button onClick={submit} loading={busy} disabled={!email}>{t('invite.send')}</Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}

export function PendingInvitations({ canRevokeOwner }: { canRevokeOwner: boolean }) {
  const { t, dateTime } = useI18n();
  const qc = useQueryClient();
  const notice = useSentNotice();
  const q = useQuery({ queryKey: INVITATIONS_KEY, queryFn: listInvitations });
  const refresh = () => qc.invalidateQueries({ queryKey: INVITATIONS_KEY });
  const resend = async (id: number) => {
    try {
      notice(await resendInvitation(id));
      await refresh();
    } catch (err) {
      notifyError(err);
    }
  };
  return (
    <Stack mt="xl" gap="sm">
      <Title order={3}>{t('invite.pending')}</Title>
      <ErrorAlert error={q.error} />
      {q.data && q.data.length === 0 && <Text c="dimmed" size="sm">{t('invite.none')}</Text>}
      {q.data && q.data.length > 0 && (
        <Paper withBorder>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('login.email')}</Table.Th>
                <Table.Th>{t('members.role')}</Table.Th>
                <Table.Th>{t('invite.status')}</Table.Th>
                <Table.Th>{t('invite.lastSent')}</Table.Th>
                <Table.Th>{t('invite.expires')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {q.data.map((i) => {
                const mine = canRevokeOwner || i.role !== 'owner';
                return (
                  <Table.Tr key={i.id}>
                    <Table.Td className="clarion-ltr">{i.email}</Table.Td>
                    <Table.Td><Badge variant="light">{t(`role.${i.role}`)}</Badge></Table.Td>
                    <Table.Td>
                      <Badge color={i.status === 'expired' ? 'gray' : i.sentAt ? 'teal' : 'red'} variant="light">
                        {i.status === 'expired' ? t('invite.expired') : i.sentAt ? t('invite.pendingBadge') : t('invite.unsent')}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{i.sentAt ? dateTime(i.sentAt) : '—'}</Table.Td>
                    <Table.Td>{dateTime(i.expiresAt)}</Table.Td>
                    <Table.Td>
                      {mine && (
                        <Group gap="xs" justify="flex-end" wrap="nowrap">
                          <Button size="xs" variant="light" onClick={() => void resend(i.id)}>{t('invite.resend')}</Button>
                          <ConfirmButton size="xs" variant="subtle" color="red" title={t('invite.revoke')} message={t('invite.revokeConfirm', { email: i.email })} confirmLabel={t('invite.revoke')} onConfirm={async () => { await revokeInvitation(i.id); await refresh(); }}>
                            {t('invite.revoke')}
                          </ConfirmButton>
                        </Group>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
    </Stack>
  );
}
