/**
 * The WhatsApp campaign report: the funnel (sent → delivered → read → replied, button clicks) as a chart,
 * failures by error code with a plain explanation, skipped by reason, deferred by the messaging-limit tier, and a
 * cost estimate under per-message pricing whose rates can be edited (saved for the workspace).
 */
import { BarChart } from '@mantine/charts';
import { Button, Card, Group, NumberInput, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { getWaCampaignSettings, saveWaCampaignSettings, type WaReport } from '../../../api/whatsappCampaigns.js';
import { useI18n } from '../../../app/i18n/i18n.js';
import { notifyError, notifySuccess } from '../../../ui/feedback.js';
import { WA_ERROR_EXPLANATIONS } from './errorCodes.js';

export function CampaignReport({ r }: { r: WaReport }) {
  const { t, num, lang } = useI18n();
  const funnel = [
    { step: t('wa.camp.k.sent'), n: r.sent },
    { step: t('wa.camp.k.delivered'), n: r.delivered },
    { step: t('wa.camp.k.read'), n: r.read },
    { step: t('wa.camp.k.replied'), n: r.replied },
    { step: t('wa.camp.k.clicks'), n: r.buttonClicks.total },
  ];
  const sum = (xs: { count: number }[]) => xs.reduce((a, x) => a + x.count, 0);
  return (
    <Stack data-testid="wa-report">
      <Card withBorder>
        <Title order={5} mb="sm">{t('wa.camp.report')}</Title>
        <SimpleGrid cols={{ base: 2, sm: 5 }} mb="md">
          {funnel.map((f) => (
            <Stack key={f.step} gap={0}>
              <Text size="xs" c="dimmed">{f.step}</Text>
              <Text fw={700} size="xl">{num(f.n)}</Text>
              {r.sent > 0 && <Text size="xs" c="dimmed">{num(f.n / r.sent, { style: 'percent', maximumFractionDigits: 1 })}</Text>}
            </Stack>
          ))}
        </SimpleGrid>
        <BarChart h={200} data={funnel} dataKey="step" series={[{ name: 'n', label: t('wa.camp.k.total'), color: 'teal.6' }]} tickLine="none" />
        {r.buttonClicks.byButton.length > 0 && (
          <Text size="sm" mt="sm" dir="auto">{r.buttonClicks.byButton.map((b) => `${b.button}: ${num(b.clicks)}`).join(' · ')}</Text>
        )}
      </Card>
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <Card withBorder>
          <Title order={6} mb="xs">{t('wa.camp.failedByCode', { n: num(sum(r.failedByCode)) })}</Title>
          {r.failedByCode.length === 0 ? <Text size="sm" c="dimmed">{t('common.none')}</Text> : (
            <Table>
              <Table.Tbody>
                {r.failedByCode.map((f) => (
                  <Table.Tr key={f.code}>
                    <Table.Td className="clarion-ltr" fw={600}>{f.code}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{f.explanation?.[lang] || WA_ERROR_EXPLANATIONS[f.code]?.[lang] || t('wa.camp.unknownCode')}</Text>
                    </Table.Td>
                    <Table.Td ta="end">{num(f.count)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Card>
        <Card withBorder>
          <Title order={6} mb="xs">{t('wa.camp.skippedBy', { n: num(sum(r.skippedByReason)) })}</Title>
          {r.skippedByReason.length === 0 ? <Text size="sm" c="dimmed">{t('common.none')}</Text> : r.skippedByReason.map((x) => (
            <Group key={x.reason} justify="space-between" wrap="nowrap"><Text size="sm">{x.label[lang] || x.reason}</Text><Text size="sm" fw={600}>{num(x.count)}</Text></Group>
          ))}
        </Card>
        <Card withBorder>
          <Title order={6} mb="xs">{t('wa.camp.deferredBy', { n: num(sum(r.deferredByReason)) })}</Title>
          {r.deferredByReason.length === 0 ? <Text size="sm" c="dimmed">{t('common.none')}</Text> : r.deferredByReason.map((x) => (
            <Group key={x.reason} justify="space-between" wrap="nowrap">
              <Text size="sm">{x.label[lang] || (x.reason === 'messaging_limit' ? t('wa.camp.byTier') : x.reason)}{x.tier ? ` (${t(`wa.tier.${x.tier}` as 'wa.tier.250')})` : ''}</Text>
              <Text size="sm" fw={600}>{num(x.count)}</Text>
            </Group>
          ))}
        </Card>
      </SimpleGrid>
      <CostCard r={r} />
    </Stack>
  );
}

function CostCard({ r }: { r: WaReport }) {
  const { t, num } = useI18n();
  const qc = useQueryClient();
  const settings = useQuery({ queryKey: ['wa-campaign-settings'], queryFn: getWaCampaignSettings, retry: false });
  const [rates, setRates] = useState<Record<string, number>>({});
  useEffect(() => {
    if (settings.data) setRates(settings.data.rates);
  }, [settings.data]);
  const currency = settings.data?.currency ?? r.cost.currency;
  const category = r.cost.category.toLowerCase();
  const billable = r.cost.billableMessages;
  // The edited (unsaved) rate recomputes the estimate at once; saved rates come back in the report too.
  const rate = rates[category] ?? r.cost.ratePerMessage;
  const save = async () => {
    try {
      await saveWaCampaignSettings({ rates });
      await qc.invalidateQueries({ queryKey: ['wa-campaign-settings'] });
      notifySuccess(t('common.saved'));
    } catch (err) {
      notifyError(err);
    }
  };
  return (
    <Card withBorder data-testid="wa-cost">
      <Title order={6} mb="xs">{t('wa.camp.cost')}</Title>
      <Text size="sm" mb="sm">
        {t('wa.camp.costLine', { n: num(billable), cat: category, rate: num(rate, { style: 'currency', currency, maximumFractionDigits: 4 }), total: num(billable * rate, { style: 'currency', currency }) })}
      </Text>
      {settings.data && (
        <Group align="flex-end" gap="xs">
          {Object.keys(rates).map((k) => (
            <NumberInput key={k} size="xs" w={130} label={t('wa.camp.rateFor', { cat: k })} decimalScale={4} min={0} step={0.001} value={rates[k]} onChange={(v) => setRates((x) => ({ ...x, [k]: Number(v) || 0 }))} />
          ))}
          <Button size="xs" variant="light" onClick={save}>{t('wa.camp.saveRates')}</Button>
        </Group>
      )}
      <Text size="xs" c="dimmed" mt="xs" dir="auto">{r.cost.note || t('wa.camp.costHint')}</Text>
    </Card>
  );
}
