/**
 * SMTP servers of the workspace: list with limits and weight, add/edit in a modal, enable switch, a "test" that
 * connects and authenticates without sending, delete. A campaign spreads over the enabled servers by weight.
 */
import { Badge, Button, Group, Modal, NumberInput, Paper, PasswordInput, Select, SimpleGrid, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { createSmtpServer, deleteSmtpServer, listSmtpServers, testSmtpServer, updateSmtpServer, type SmtpServer, type SmtpServerInput, type TlsMode } from '../../../api/sending.js';
import { useI18n } from '../../../app/i18n/i18n.js';
import { useSession } from '../../../app/session.js';
import { ConfirmButton } from '../../../ui/ConfirmButton.js';
import { ErrorAlert, fieldError, notifyError } from '../../../ui/feedback.js';
import { Icon } from '../../../ui/icons.js';
import { notifications } from '@mantine/notifications';

const KEY = ['email', 'smtp-servers'];

export function SmtpServersPanel() {
  const { t, num } = useI18n();
  const { canAdmin } = useSession();
  const qc = useQueryClient();
  const servers = useQuery({ queryKey: KEY, queryFn: listSmtpServers });
  const [editing, setEditing] = useState<SmtpServer | 'new' | null>(null);
  const [testing, setTesting] = useState<number | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: KEY });

  const test = async (s: SmtpServer) => {
    setTesting(s.id);
    try {
      const r = await testSmtpServer(s.id);
      notifications.show({ color: r.ok ? 'teal' : 'red', title: r.ok ? t('email.smtp.testOk') : t('email.smtp.testFailed'), message: r.message, autoClose: r.ok ? 4000 : 10000 });
    } catch (err) {
      notifyError(err);
    } finally {
      setTesting(null);
    }
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Text size="sm" c="dimmed">{t('email.smtp.help')}</Text>
        {canAdmin && <Button leftSection={<Icon name="plus" size={16} />} onClick={() => setEditing('new')}>{t('email.smtp.add')}</Button>}
      </Group>
      <ErrorAlert error={servers.error} />
      <Paper withBorder>
        <Table aria-label={t('email.smtp.title')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('common.name')}</Table.Th>
              <Table.Th>{t('email.smtp.host')}</Table.Th>
              <Table.Th>{t('email.smtp.tls')}</Table.Th>
              <Table.Th ta="end">{t('email.smtp.maxConnections')}</Table.Th>
              <Table.Th ta="end">{t('email.smtp.rate')}</Table.Th>
              <Table.Th ta="end">{t('email.smtp.weight')}</Table.Th>
              <Table.Th>{t('email.smtp.enabled')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {servers.data?.length === 0 && (
              <Table.Tr><Table.Td colSpan={8}><Text c="dimmed" ta="center" py="md">{t('email.smtp.none')}</Text></Table.Td></Table.Tr>
            )}
            {servers.data?.map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td fw={500}>{s.name}</Table.Td>
                <Table.Td><span className="clarion-ltr">{s.host}:{s.port}</span></Table.Td>
                <Table.Td>{t(`email.smtp.tls.${s.tlsMode}`)}</Table.Td>
                <Table.Td ta="end">{num(s.maxConnections)}</Table.Td>
                <Table.Td ta="end">{s.messagesPerSecond ? num(s.messagesPerSecond) : t('email.smtp.unlimited')}</Table.Td>
                <Table.Td ta="end">{num(s.weight)}</Table.Td>
                <Table.Td>
                  {canAdmin ? (
                    <Switch aria-label={t('email.smtp.enabledFor', { name: s.name })} checked={s.enabled}
                      onChange={async (e) => { try { await updateSmtpServer(s.id, { enabled: e.currentTarget.checked }); await refresh(); } catch (err) { notifyError(err); } }} />
                  ) : (
                    <Badge color={s.enabled ? 'teal' : 'gray'} variant="light">{s.enabled ? t('common.yes') : t('common.no')}</Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap={4} justify="flex-end" wrap="nowrap">
                    <Button size="xs" variant="light" loading={testing === s.id} onClick={() => test(s)}>{t('email.smtp.test')}</Button>
                    {canAdmin && <Button size="xs" variant="subtle" onClick={() => setEditing(s)}>{t('common.edit')}</Button>}
                    {canAdmin && (
                      <ConfirmButton size="xs" variant="subtle" color="red" title={t('email.smtp.delete')} message={t('email.smtp.deleteConfirm', { name: s.name })} confirmLabel={t('common.delete')}
                        onConfirm={async () => { await deleteSmtpServer(s.id); await refresh(); }}>
                        {t('common.delete')}
                      </ConfirmButton>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      {editing && <SmtpServerForm server={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onSaved={refresh} />}
    </Stack>
  );
}

function SmtpServerForm({ server, onClose, onSaved }: { server: SmtpServer | null; onClose: () => void; onSaved: () => unknown }) {
  const { t } = useI18n();
  const [v, setV] = useState<SmtpServerInput>({
    name: server?.name ?? '',
    host: server?.host ?? '',
    port: server?.port ?? 587,
    tlsMode: server?.tlsMode ?? 'starttls',
    username: server?.username ?? '',
    maxConnections: server?.maxConnections ?? 5,
    messagesPerSecond: server?.messagesPerSecond ?? null,
    weight: server?.weight ?? 1,
    enabled: server?.enabled ?? true,
  });
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof SmtpServerInput>(k: K, val: SmtpServerInput[K]) => setV((p) => ({ ...p, [k]: val }));
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const body: SmtpServerInput = { ...v, username: v.username?.trim() || null, ...(password ? { password } : {}) };
      if (server) await updateSmtpServer(server.id, body);
      else await createSmtpServer(body);
      await onSaved();
      onClose();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const known = ['name', 'host', 'port', 'tlsMode', 'username', 'password', 'maxConnections', 'messagesPerSecond', 'weight'];
  return (
    <Modal opened onClose={onClose} title={server ? t('email.smtp.edit') : t('email.smtp.add')} size="lg" centered>
      <Stack>
        <ErrorAlert error={known.some((f) => fieldError(error, f)) ? null : error} />
        <TextInput label={t('common.name')} required value={v.name} onChange={(e) => set('name', e.currentTarget.value)} error={fieldError(error, 'name')} data-autofocus />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput label={t('email.smtp.host')} required dir="ltr" value={v.host} onChange={(e) => set('host', e.currentTarget.value)} error={fieldError(error, 'host')} />
          <NumberInput label={t('email.smtp.port')} required min={1} max={65535} value={v.port} onChange={(x) => set('port', Number(x) || 0)} error={fieldError(error, 'port')} />
          <Select label={t('email.smtp.tls')} value={v.tlsMode} allowDeselect={false} onChange={(x) => set('tlsMode', (x ?? 'starttls') as TlsMode)}
            data={(['starttls', 'tls', 'none'] as const).map((m) => ({ value: m, label: t(`email.smtp.tls.${m}`) }))} />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('email.smtp.username')} dir="ltr" autoComplete="off" value={v.username ?? ''} onChange={(e) => set('username', e.currentTarget.value)} error={fieldError(error, 'username')} />
          <PasswordInput label={t('email.smtp.password')} autoComplete="new-password" placeholder={server?.hasPassword ? t('email.smtp.passwordKept') : ''} value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={fieldError(error, 'password')} />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <NumberInput label={t('email.smtp.maxConnections')} min={1} max={100} value={v.maxConnections} onChange={(x) => set('maxConnections', Number(x) || 1)} error={fieldError(error, 'maxConnections')} />
          <NumberInput label={t('email.smtp.rate')} description={t('email.smtp.rateHelp')} min={0} decimalScale={2} value={v.messagesPerSecond ?? ''} onChange={(x) => set('messagesPerSecond', x === '' || Number(x) <= 0 ? null : Number(x))} error={fieldError(error, 'messagesPerSecond')} />
          <NumberInput label={t('email.smtp.weight')} description={t('email.smtp.weightHelp')} min={1} max={1000} value={v.weight} onChange={(x) => set('weight', Number(x) || 1)} error={fieldError(error, 'weight')} />
        </SimpleGrid>
        <Switch label={t('email.smtp.enabled')} checked={v.enabled} onChange={(e) => set('enabled', e.currentTarget.checked)} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button onClick={submit} loading={busy} disabled={!v.name.trim() || !v.host.trim()}>{t('common.save')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
