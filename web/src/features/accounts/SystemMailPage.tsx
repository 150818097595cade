/** The owner's view of the instance's system mail: configured or not (plainly), and a test to oneself. */
import { Alert, Button, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { getSystemMail, sendSystemMailTest } from '../../api/accounts.js';
import { useI18n } from '../../app/i18n/i18n.js';
import { useSession } from '../../app/session.js';
import { ErrorAlert, notifyError } from '../../ui/feedback.js';
import { PageHeader } from '../../ui/PageHeader.js';
import type { MessageKey } from '../../app/i18n/i18n.js';

export function SystemMailPage() {
  const { t } = useI18n();
  const { isOwner } = useSession();
  const status = useQuery({ queryKey: ['system-mail'], queryFn: getSystemMail, enabled: isOwner });
  const test = useMutation({ mutationFn: sendSystemMailTest, onError: notifyError });
  if (!isOwner) return <Alert color="gray">{t('sysmail.ownerOnly')}</Alert>;
  const s = status.data;
  return (
    <>
      <PageHeader title={t('sysmail.title')} description={t('sysmail.description')} />
      <ErrorAlert error={status.error} />
      {s && (
        <Stack>
          {s.configured ? (
            <Alert color="teal" title={t('sysmail.configured')}>{t('sysmail.configuredHint')}</Alert>
          ) : (
            <Alert color="red" title={t('sysmail.notConfigured')}>
              <Text size="sm">{t('sysmail.notConfiguredHint')}</Text>
              <Text size="sm" mt="xs" className="clarion-ltr" ff="monospace">CLARION_SYSTEM_SMTP_HOST, CLARION_SYSTEM_MAIL_FROM</Text>
            </Alert>
          )}
          {s.configured && (
            <Paper withBorder>
              <Table>
                <Table.Tbody>
                  <Row label={t('sysmail.server')} value={`${s.host}:${s.port}`} />
                  <Row label={t('sysmail.tls')} value={s.tls ?? '—'} />
                  <Row label={t('sysmail.from')} value={s.from ?? '—'} />
                  <Row label={t('sysmail.auth')} value={s.authenticated ? t('sysmail.yes') : t('sysmail.no')} />
                </Table.Tbody>
              </Table>
            </Paper>
          )}
          {s.devPrintLinks && <Alert color="yellow">{t('sysmail.devLinks')}</Alert>}
          <Text size="sm" c="dimmed">{t('sysmail.envOnly')}</Text>
          <Group>
            <Button onClick={() => test.mutate()} loading={test.isPending}>{t('sysmail.sendTest')}</Button>
          </Group>
          {test.data && (
            <Alert color={test.data.sent ? 'teal' : 'red'}>
              {test.data.sent
                ? t('sysmail.testSent', { to: test.data.to })
                : t('sysmail.testFailed', { reason: t(`sysmail.reason.${test.data.reason ?? 'smtp_error'}` as MessageKey) })}
            </Alert>
          )}
        </Stack>
      )}
    </>
  );
}

function Row({ label, value }: { label: string; value: string }) {
  return (
    <Table.Tr>
      <Table.Th w={200}>{label}</Table.Th>
      <Table.Td className="clarion-ltr">{value}</Table.Td>
    </Table.Tr>
  );
}
