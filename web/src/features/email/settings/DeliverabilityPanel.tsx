/**
 * Bounce handling and tracking privacy: the VERP bounce domain, the rule "a contact that bounced X times in the
 * last Y days is not sent to" (default 3 in 60), and whether opens/clicks are recorded per person.
 */
import { Button, Group, NumberInput, Paper, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { getEmailSettings, saveEmailSettings, type EmailSettings } from '../../../api/sending.js';
import { useI18n } from '../../../app/i18n/i18n.js';
import { useSession } from '../../../app/session.js';
import { ErrorAlert, fieldError, notifySuccess } from '../../../ui/feedback.js';

const KEY = ['email', 'settings'];

export function DeliverabilityPanel() {
  const { t } = useI18n();
  const { canAdmin } = useSession();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: KEY, queryFn: getEmailSettings });
  const [v, setV] = useState<EmailSettings | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (q.data) setV(q.data);
  }, [q.data]);
  if (!v) return <ErrorAlert error={q.error} />;
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const next = await saveEmailSettings({ ...v, bounceDomain: v.bounceDomain?.trim() || null });
      qc.setQueryData(KEY, next);
      notifySuccess(t('common.saved'));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const ro = !canAdmin;
  return (
    <Stack maw={720}>
      <ErrorAlert error={['bounceDomain', 'bounceRuleCount', 'bounceRuleDays'].some((f) => fieldError(error, f)) ? null : error} />
      <Paper withBorder p="md">
        <Title order={4} mb="xs">{t('email.bounce.title')}</Title>
        <Stack>
          <TextInput label={t('email.bounce.domain')} description={t('email.bounce.domainHelp')} placeholder="bounce.example.com" dir="ltr" readOnly={ro}
            value={v.bounceDomain ?? ''} onChange={(e) => setV({ ...v, bounceDomain: e.currentTarget.value })} error={fieldError(error, 'bounceDomain')} />
          <div>
            <Text size="sm" fw={500}>{t('email.bounce.rule')}</Text>
            <Group gap="xs" align="center" mt={4}>
              <Text size="sm">{t('email.bounce.rulePre')}</Text>
              <NumberInput aria-label={t('email.bounce.count')} w={90} min={1} max={100} readOnly={ro} value={v.bounceRuleCount} onChange={(x) => setV({ ...v, bounceRuleCount: Number(x) || 1 })} error={fieldError(error, 'bounceRuleCount')} />
              <Text size="sm">{t('email.bounce.ruleMid')}</Text>
              <NumberInput aria-label={t('email.bounce.days')} w={100} min={1} max={3650} readOnly={ro} value={v.bounceRuleDays} onChange={(x) => setV({ ...v, bounceRuleDays: Number(x) || 1 })} error={fieldError(error, 'bounceRuleDays')} />
              <Text size="sm">{t('email.bounce.rulePost')}</Text>
            </Group>
          </div>
        </Stack>
      </Paper>
      <Paper withBorder p="md">
        <Title order={4} mb="xs">{t('email.tracking.title')}</Title>
        <Switch label={t('email.tracking.individual')} description={t('email.tracking.help')} disabled={ro} checked={v.individualTracking} onChange={(e) => setV({ ...v, individualTracking: e.currentTarget.checked })} />
      </Paper>
      {canAdmin && (
        <Group justify="flex-end">
          <Button onClick={save} loading={busy}>{t('common.save')}</Button>
        </Group>
      )}
    </Stack>
  );
}
