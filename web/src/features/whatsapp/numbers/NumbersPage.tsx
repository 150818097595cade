/**
 * Connection settings: the workspace's WhatsApp numbers, each with its dashboard (messaging-limit tier, quality,
 * throughput, account state and halts), the webhook settings to copy into Meta's app dashboard, and the
 * "test connection" action whose result says in plain words what is wrong.
 */
import { Alert, Badge, Button, Card, Code, CopyButton, Group, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { deleteNumber, listNumbers, resumeNumber, testNumber, type TestResult, type WaNumber } from '../../../api/whatsapp.js';
import { getNumberDashboard } from '../../../api/whatsappCampaigns.js';
import { useI18n } from '../../../app/i18n/i18n.js';
import { useSession } from '../../../app/session.js';
import { ConfirmButton } from '../../../ui/ConfirmButton.js';
import { ErrorAlert, notifyError } from '../../../ui/feedback.js';
import { Icon } from '../../../ui/icons.js';
import { PageHeader } from '../../../ui/PageHeader.js';
import { QualityBadge } from '../templates/StatusBadge.js';
import { NumberForm } from './NumberForm.js';

export function NumbersPage() {
  const { t } = useI18n();
  const { canAdmin } = useSession();
  const qc = useQueryClient();
  const numbers = useQuery({ queryKey: ['wa-numbers'], queryFn: listNumbers, refetchInterval: 10_000 });
  const [editing, setEditing] = useState<WaNumber | 'new' | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: ['wa-numbers'] });
  return (
    <>
      <PageHeader title={t('wa.num.title')} description={t('wa.num.description')}
        actions={canAdmin && <Button leftSection={<Icon name="plus" size={16} />} onClick={() => setEditing('new')}>{t('wa.num.add')}</Button>} />
      <ErrorAlert error={numbers.error} />
      {numbers.data?.length === 0 && <Alert color="blue">{t('wa.num.none')}</Alert>}
      <Stack>
        {numbers.data?.map((n) => <NumberCard key={n.id} n={n} onEdit={() => setEditing(n)} onChanged={refresh} />)}
      </Stack>
      {editing && <NumberForm number={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onSaved={refresh} />}
    </>
  );
}

function Stat({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
      <div>{children}</div>
    </Stack>
  );
}

function NumberCard({ n, onEdit, onChanged }: { n: WaNumber; onEdit: () => void; onChanged: () => unknown }) {
  const { t, num, dateTime } = useI18n();
  const { canAdmin, canWrite } = useSession();
  const [result, setResult] = useState<TestResult | null>(null);
  const dash = useQuery({ queryKey: ['wa-number-dashboard', n.id], queryFn: () => getNumberDashboard(n.id), refetchInterval: 10_000, retry: false });
  const d = dash.data;
  const [testing, setTesting] = useState(false);
  const test = async () => {
    setTesting(true);
    try {
      setResult(await testNumber(n.id));
      await onChanged();
    } catch (err) {
      notifyError(err);
    } finally {
      setTesting(false);
    }
  };
  const tierLabel = t(`wa.tier.${n.tier}` as 'wa.tier.250') ;
  return (
    <Card withBorder padding="lg" data-testid={`wa-number-${n.id}`}>
      <Group justify="space-between" align="flex-start" mb="md">
        <Stack gap={2}>
          <Group gap="xs">
            <Title order={4} className="clarion-ltr">{n.displayNumber || n.phoneNumberId}</Title>
            {n.sandbox && <Badge color="grape" variant="light">{t('wa.num.sandboxBadge')}</Badge>}
            {n.haltedAt && <Badge color="red">{t('wa.num.halted')}</Badge>}
          </Group>
          <Text size="sm" c="dimmed">{[n.name, n.verifiedName].filter(Boolean).join(' · ')}</Text>
        </Stack>
        <Group gap="xs">
          {canWrite && <Button variant="light" leftSection={<Icon name="activity" size={16} />} loading={testing} onClick={test}>{t('wa.num.test')}</Button>}
          {canAdmin && <Button variant="default" leftSection={<Icon name="pencil" size={16} />} onClick={onEdit}>{t('common.edit')}</Button>}
          {canAdmin && (
            <ConfirmButton variant="subtle" color="red" title={t('wa.num.delete')} message={t('wa.num.deleteConfirm', { n: n.displayNumber })} confirmLabel={t('common.delete')}
              onConfirm={async () => { await deleteNumber(n.id); await onChanged(); }}>{t('common.delete')}</ConfirmButton>
          )}
        </Group>
      </Group>
      {n.haltedAt && (
        <Alert color="red" mb="md" title={t('wa.num.haltedTitle')}>
          <Text size="sm" dir="auto">{n.haltReason}</Text>
          {canAdmin && <Button mt="xs" size="xs" color="red" variant="light" onClick={async () => { await resumeNumber(n.id); await onChanged(); }}>{t('wa.num.resume')}</Button>}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 2, sm: 4 }} mb="md" data-testid="wa-number-dashboard">
        <Stat label={t('wa.num.tier')}><Text fw={700} size="lg">{tierLabel}</Text><Text size="xs" c="dimmed">{t('wa.num.tierUnit')}</Text>
          {d && <Text size="xs" data-testid="wa-tier-usage">{t('wa.num.tierUsed', { used: num(d.uniqueRecipients24h), left: d.tierRemaining === null ? '∞' : num(d.tierRemaining) })}{d.deferredForTier > 0 ? ` · ${t('wa.num.deferredForTier', { n: num(d.deferredForTier) })}` : ''}</Text>}</Stat>
        <Stat label={t('wa.num.quality')}><QualityBadge rating={n.qualityRating} /></Stat>
        <Stat label={t('wa.num.throughput')}><Text fw={700} size="lg">{t('wa.num.mpsValue', { n: num(n.messagesPerSecond) })}</Text>
          {d && <Text size="xs" c="dimmed">{t('wa.num.currentRate', { n: num(d.currentRatePerSecond, { maximumFractionDigits: 1 }) })}</Text>}</Stat>
        <Stat label={t('wa.num.account')}><Text fw={500}>{n.accountStatus}</Text></Stat>
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
        <Text size="sm">{t('wa.num.wabaId')}: <Code className="clarion-ltr">{n.wabaId}</Code></Text>
        <Text size="sm">{t('wa.num.phoneNumberId')}: <Code className="clarion-ltr">{n.phoneNumberId}</Code></Text>
        <Text size="sm">{t('wa.num.graphBaseUrl')}: <Code className="clarion-ltr">{n.graphBaseUrl}</Code></Text>
        <Text size="sm">{t('wa.num.accessToken')}: <Code className="clarion-ltr">{n.hasToken ? n.tokenHint : '—'}</Code></Text>
        <Group gap={4}>
          <Text size="sm">{t('wa.num.webhookUrl')}: <Code className="clarion-ltr">{n.webhookUrl}</Code></Text>
          <CopyButton value={n.webhookUrl}>{({ copied, copy }) => <Button size="compact-xs" variant="subtle" onClick={copy}>{copied ? t('common.copied') : t('common.copy')}</Button>}</CopyButton>
        </Group>
        {n.verifyToken !== null && (
          <Group gap={4}>
            <Text size="sm">{t('wa.num.verifyToken')}: <Code className="clarion-ltr">{n.verifyToken}</Code></Text>
            <CopyButton value={n.verifyToken}>{({ copied, copy }) => <Button size="compact-xs" variant="subtle" onClick={copy}>{copied ? t('common.copied') : t('common.copy')}</Button>}</CopyButton>
          </Group>
        )}
      </SimpleGrid>
      {n.lastTestedAt && !result && (
        <Text size="xs" c={n.lastTestOk ? 'teal' : 'red'} mt="sm">{t(n.lastTestOk ? 'wa.num.lastTestOk' : 'wa.num.lastTestFailed', { at: dateTime(n.lastTestedAt) })}</Text>
      )}
      {result && (
        <Alert mt="md" color={result.ok ? 'teal' : 'red'} title={result.ok ? t('wa.num.testOk') : t('wa.num.testFailed')} data-testid="wa-test-result" data-ok={String(result.ok)}>
          <List size="sm" spacing={4}>
            {result.checks.map((c, i) => (
              <List.Item key={i} icon={<Icon name={c.ok ? 'check' : 'x'} size={14} style={{ color: c.ok ? 'var(--mantine-color-teal-6)' : 'var(--mantine-color-red-6)' }} />}>
                <Text span size="sm" dir="auto">{c.message}</Text>
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
    </Card>
  );
}
