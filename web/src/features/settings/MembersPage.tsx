/** Users and roles: list members, invite people by email (pending invitations below), change role, remove. */
import { Badge, Paper, Select, Table } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Role } from '../../api/auth.js';
import { changeMemberRole, listMembers, removeMember } from '../../api/workspace.js';
import { InviteMember, PendingInvitations } from '../accounts/Invitations.js';
import { useI18n } from '../../app/i18n/i18n.js';
import { useSession } from '../../app/session.js';
import { ConfirmButton } from '../../ui/ConfirmButton.js';
import { ErrorAlert, notifyError, notifySuccess } from '../../ui/feedback.js';
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
      <PageHeader title={t('members.title')} description={t('members.description')} actions={canAdmin && <InviteMember roles={roleData} />} />
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
      {canAdmin && <PendingInvitations canRevokeOwner={isOwner} />}
    </>
  );
}
