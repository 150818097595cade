/**
 * Sending domains: add a domain (the server generates its DKIM key pair), then publish the records shown — DKIM
 * TXT, SPF and DMARC suggestions and the bounce domain's MX — each with a copy button for host and value.
 */
import { Accordion, ActionIcon, Badge, Button, Code, CopyButton, Group, Paper, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { createDomain, deleteDomain, listDomains, type DnsRecord } from '../../../api/sending.js';
import { useI18n } from '../../../app/i18n/i18n.js';
import { useSession } from '../../../app/session.js';
import { ConfirmButton } from '../../../ui/ConfirmButton.js';
import { ErrorAlert, fieldError } from '../../../ui/feedback.js';
import { Icon } from '../../../ui/icons.js';

const KEY = ['email', 'domains'];

/** A copy-to-clipboard icon button with a "copied" tooltip. */
export function CopyIcon({ value, label }: { value: string; label: string }) {
  const { t } = useI18n();
  return (
    <CopyButton value={value} timeout={1500}>
      {({ copied, copy }) => (
        <Tooltip label={copied ? t('common.copied') : label} withArrow>
          <ActionIcon variant="subtle" color={copied ? 'teal' : 'gray'} onClick={copy} aria-label={label}>
            <Icon name={copied ? 'check' : 'copy'} size={16} />
          </ActionIcon>
        </Tooltip>
      )}
    </CopyButton>
  );
}

function RecordsTable({ records, domain }: { records: DnsRecord[]; domain: string }) {
  const { t } = useI18n();
  return (
    <Table layout="fixed" aria-label={t('email.domains.recordsFor', { domain })} data-testid={`dns-${domain}`}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={70}>{t('email.domains.type')}</Table.Th>
          <Table.Th w="30%">{t('email.domains.host')}</Table.Th>
          <Table.Th>{t('email.domains.value')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {records.map((r, i) => (
          <Table.Tr key={i}>
            <Table.Td><Badge variant="light">{r.type}</Badge></Table.Td>
            <Table.Td>
              <Group gap={4} wrap="nowrap" align="flex-start">
                <Code className="clarion-ltr" style={{ wordBreak: 'break-all', textAlign: 'left' }}>{r.host}</Code>
                <CopyIcon value={r.host} label={t('email.domains.copyHost')} />
              </Group>
            </Table.Td>
            <Table.Td>
              <Group gap={4} wrap="nowrap" align="flex-start">
                <Code block className="clarion-ltr" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap', flex: 1, textAlign: 'left' }}>
                  {r.priority !== undefined ? `${r.priority} ` : ''}{r.value}
                </Code>
                <CopyIcon value={r.value} label={t('email.domains.copyValue')} />
              </Group>
              <Text size="xs" c="dimmed" mt={4} dir="auto">{r.purpose}</Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function DomainsPanel() {
  const { t, date } = useI18n();
  const { canAdmin } = useSession();
  const qc = useQueryClient();
  const domains = useQuery({ queryKey: KEY, queryFn: listDomains });
  const [name, setName] = useState('');
  const [selector, setSelector] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const add = async () => {
    setBusy(true);
    setError(null);
    try {
      const d = await createDomain({ domain: name.trim(), ...(selector.trim() ? { selector: selector.trim() } : {}) });
      setName('');
      setSelector('');
      setOpen(String(d.id));
      await qc.invalidateQueries({ queryKey: KEY });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack>
      <Text size="sm" c="dimmed">{t('email.domains.help')}</Text>
      {canAdmin && (
        <Paper withBorder p="md">
          <Group align="flex-end">
            <TextInput label={t('email.domains.domain')} placeholder="example.com" dir="ltr" value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(error, 'domain')} style={{ flex: 1 }} />
            <TextInput label={t('email.domains.selector')} placeholder="clarion" dir="ltr" value={selector} onChange={(e) => setSelector(e.currentTarget.value)} error={fieldError(error, 'selector')} w={160} />
            <Button onClick={add} loading={busy} disabled={!name.trim()} leftSection={<Icon name="key" size={16} />}>{t('email.domains.generate')}</Button>
          </Group>
          {!fieldError(error, 'domain') && !fieldError(error, 'selector') && <ErrorAlert error={error} />}
        </Paper>
      )}
      <ErrorAlert error={domains.error} />
      {domains.data?.length === 0 && <Text c="dimmed" ta="center" py="md">{t('email.domains.none')}</Text>}
      <Accordion variant="separated" value={open} onChange={setOpen}>
        {domains.data?.map((d) => (
          <Accordion.Item key={d.id} value={String(d.id)}>
            <Accordion.Control>
              <Group justify="space-between" wrap="nowrap" pe="sm">
                <Text fw={500} className="clarion-ltr">{d.domain}</Text>
                <Text size="xs" c="dimmed">{t('email.domains.selectorIs', { selector: d.dkimSelector })} · {date(d.createdAt)}</Text>
              </Group>
            </Accordion.Control>
            <Accordion.Panel>
              <Stack>
                <Text size="sm">{t('email.domains.publish')}</Text>
                <RecordsTable records={d.dnsRecords} domain={d.domain} />
                {canAdmin && (
                  <Group justify="flex-end">
                    <ConfirmButton size="xs" variant="subtle" color="red" title={t('email.domains.delete')} message={t('email.domains.deleteConfirm', { domain: d.domain })} confirmLabel={t('common.delete')}
                      onConfirm={async () => { await deleteDomain(d.id); await qc.invalidateQueries({ queryKey: KEY }); }}>
                      {t('common.delete')}
                    </ConfirmButton>
                  </Group>
                )}
              </Stack>
            </Accordion.Panel>
          </Accordion.Item>
        ))}
      </Accordion>
    </Stack>
  );
}
