/**
 * The WhatsApp campaign wizard: number + approved template → variables (contact field with fallback, or fixed
 * text) and header media → audience (groups/segments to include and exclude, live count of who will receive it
 * and who is skipped and why) → test send to one number → send now or schedule. The draft is saved on every
 * step, so a reload resumes it.
 */
import { Alert, Button, Grid, Group, MultiSelect, Paper, Select, SimpleGrid, Stack, Stepper, Text, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { listGroups } from '../../../api/groups.js';
import { listSegments } from '../../../api/segments.js';
import { listNumbers, listTemplates } from '../../../api/whatsapp.js';
import { createWaCampaign, scheduleWaCampaign, sendWaCampaign, testSendWaCampaign, updateWaCampaign, waAudienceCount, type Campaign, type CampaignAudience, type WaCampaignContent } from '../../../api/whatsappCampaigns.js';
import { useI18n } from '../../../app/i18n/i18n.js';
import { useSession } from '../../../app/session.js';
import { ErrorAlert, notifySuccess } from '../../../ui/feedback.js';
import { PhonePreview } from '../templates/PhonePreview.js';
import { mappingComplete, slotsOf, VariableMapping } from './VariableMapping.js';

const empty = (): CampaignAudience => ({ include: { groups: [], segments: [] }, exclude: { groups: [], segments: [] } });

export function CampaignWizard({ campaign }: { campaign: Campaign | null }) {
  const { t, num } = useI18n();
  const { session } = useSession();
  const nav = useNavigate();
  const qc = useQueryClient();
  const location = useLocation();
  // Creating the draft moves to its own URL (a new mount): the step to continue at travels in the history state;
  // a reload resumes after the last part that is filled in.
  const [step, setStep] = useState<number>(() => {
    const fromNav = (location.state as { step?: number } | null)?.step;
    if (typeof fromNav === 'number') return fromNav;
    const a = campaign?.audience;
    if (a && (a.include.groups.length || a.include.segments.length)) return 2;
    return (campaign?.content as WaCampaignContent | undefined)?.waTemplateId ? 1 : 0;
  });
  const [name, setName] = useState(campaign?.name ?? '');
  const [connectionId, setConnectionId] = useState<number | null>(((campaign?.settings ?? {}) as { connectionId?: number }).connectionId ?? null);
  const [content, setContent] = useState<WaCampaignContent>((campaign?.content ?? {}) as WaCampaignContent);
  const [audience, setAudience] = useState<CampaignAudience>(campaign?.audience ?? empty());
  const [testPhone, setTestPhone] = useState('');
  const [testResult, setTestResult] = useState<string | null>(null);
  const [when, setWhen] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const numbers = useQuery({ queryKey: ['wa-numbers'], queryFn: listNumbers });
  const templates = useQuery({ queryKey: ['wa-templates', 'approved', connectionId], queryFn: () => listTemplates({ connectionId: connectionId ?? undefined, status: 'APPROVED' }), enabled: !!connectionId });
  const groups = useQuery({ queryKey: ['groups'], queryFn: listGroups });
  const segments = useQuery({ queryKey: ['segments'], queryFn: listSegments });
  useEffect(() => {
    if (!connectionId && numbers.data?.length) setConnectionId(numbers.data[0].id);
  }, [numbers.data, connectionId]);
  const tpl = templates.data?.find((x) => x.id === content.waTemplateId) ?? null;
  const id = campaign?.id ?? null;
  const count = useQuery({ queryKey: ['wa-campaign-count', id, JSON.stringify(audience)], queryFn: () => waAudienceCount(id!), enabled: !!id && step >= 2 });

  /** Saves the draft (creating it the first time) and returns its id. */
  const save = async (nextStep?: number): Promise<number> => {
    const body = { name: name || t('wa.camp.untitled'), content, settings: { connectionId: connectionId ?? undefined }, audience };
    const saved = id ? await updateWaCampaign(id, body) : await createWaCampaign(body);
    qc.setQueryData(['wa-campaign', saved.id], saved);
    if (!id) nav(`/whatsapp/campaigns/${saved.id}`, { replace: true, state: { step: nextStep ?? step } });
    return saved.id;
  };
  const act = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const go = (next: number) => act(async () => {
    await save(next);
    await qc.invalidateQueries({ queryKey: ['wa-campaign-count'] });
    setStep(next);
  });

  const previewDraft = useMemo(() => {
    if (!tpl) return null;
    const s = slotsOf(tpl);
    const samples: Record<string, string> = {};
    for (const n of s.body) {
      const src = content.variables?.[n];
      samples[n] = !src ? '' : 'text' in src ? src.text : `[${src.field.replace(/^fields\./, '')}]`;
    }
    const h = content.headerVariable;
    return { ...s.draft, samples, headerSample: !h ? '' : 'text' in h ? h.text : `[${h.field}]` };
  }, [tpl, content]);

  const ids = (xs: { id: number; name: string }[] | undefined) => (xs ?? []).map((x) => ({ value: String(x.id), label: x.name }));
  const setAud = (side: 'include' | 'exclude', kind: 'groups' | 'segments', v: string[]) => setAudience((a) => ({ ...a, [side]: { ...a[side], [kind]: v.map(Number) } }));
  const audienceEmpty = !audience.include.groups.length && !audience.include.segments.length;

  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, md: 8 }}>
        <ErrorAlert error={error} />
        <Stepper active={step} onStepClick={(s) => s < step && setStep(s)} size="sm" mt="xs">
          <Stepper.Step label={t('wa.camp.step.message')}>
            <Stack>
              <TextInput label={t('wa.camp.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required />
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <Select label={t('wa.camp.number')} allowDeselect={false} data={(numbers.data ?? []).map((n) => ({ value: String(n.id), label: `${n.name || n.displayNumber} (${n.displayNumber})` }))}
                  value={connectionId ? String(connectionId) : null} onChange={(v) => { if (v) { setConnectionId(Number(v)); setContent({}); } }} />
                <Select label={t('wa.camp.template')} searchable placeholder={t('wa.camp.pickTemplate')} nothingFoundMessage={t('wa.inbox.noApproved')}
                  data={(templates.data ?? []).map((x) => ({ value: String(x.id), label: `${x.name} (${x.language}, ${t(`wa.cat.${x.category}` as 'wa.cat.MARKETING')})` }))}
                  value={content.waTemplateId ? String(content.waTemplateId) : null} onChange={(v) => setContent(v ? { waTemplateId: Number(v) } : {})} />
              </SimpleGrid>
              {templates.data?.length === 0 && <Alert color="yellow">{t('wa.camp.noApproved')}</Alert>}
              {tpl?.category === 'MARKETING' && <Text size="sm" c="dimmed">{t('wa.camp.marketingConsent')}</Text>}
              <Group justify="flex-end"><Button onClick={() => go(1)} loading={busy} disabled={!tpl || !name.trim()}>{t('common.next')}</Button></Group>
            </Stack>
          </Stepper.Step>
          <Stepper.Step label={t('wa.camp.step.variables')}>
            <Stack>
              {tpl && <VariableMapping tpl={tpl} content={content} onChange={setContent} />}
              <Group justify="space-between">
                <Button variant="default" onClick={() => setStep(0)}>{t('common.back')}</Button>
                <Button onClick={() => go(2)} loading={busy} disabled={!tpl || !mappingComplete(tpl, content)}>{t('common.next')}</Button>
              </Group>
            </Stack>
          </Stepper.Step>
          <Stepper.Step label={t('wa.camp.step.audience')}>
            <Stack>
              <Paper withBorder p="sm">
                <Title order={6} mb="xs">{t('wa.camp.include')}</Title>
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <MultiSelect label={t('wa.camp.groups')} aria-label={t('wa.camp.includeGroups')} searchable data={ids(groups.data)} value={audience.include.groups.map(String)} onChange={(v) => setAud('include', 'groups', v)} />
                  <MultiSelect label={t('wa.camp.segments')} aria-label={t('wa.camp.includeSegments')} searchable data={ids(segments.data)} value={audience.include.segments.map(String)} onChange={(v) => setAud('include', 'segments', v)} />
                </SimpleGrid>
              </Paper>
              <Paper withBorder p="sm">
                <Title order={6} mb="xs">{t('wa.camp.exclude')}</Title>
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <MultiSelect label={t('wa.camp.groups')} aria-label={t('wa.camp.excludeGroups')} searchable data={ids(groups.data)} value={audience.exclude.groups.map(String)} onChange={(v) => setAud('exclude', 'groups', v)} />
                  <MultiSelect label={t('wa.camp.segments')} aria-label={t('wa.camp.excludeSegments')} searchable data={ids(segments.data)} value={audience.exclude.segments.map(String)} onChange={(v) => setAud('exclude', 'segments', v)} />
                </SimpleGrid>
              </Paper>
              <Group justify="space-between">
                <Button variant="default" onClick={() => act(async () => { await save(); await count.refetch(); })} loading={busy}>{t('wa.camp.recount')}</Button>
                {count.data && (
                  <Text data-testid="wa-audience-count" data-eligible={count.data.eligible}>
                    {t('wa.camp.countLine', { eligible: num(count.data.eligible), total: num(count.data.total) })}
                    {Object.entries(count.data.skipped).map(([r, n]) => ` · ${t('wa.camp.skippedReason', { reason: r, n: num(n) })}`).join('')}
                  </Text>
                )}
              </Group>
              <ErrorAlert error={count.error} />
              <Group justify="space-between">
                <Button variant="default" onClick={() => setStep(1)}>{t('common.back')}</Button>
                <Button onClick={() => go(3)} loading={busy} disabled={audienceEmpty}>{t('common.next')}</Button>
              </Group>
            </Stack>
          </Stepper.Step>
          <Stepper.Step label={t('wa.camp.step.send')}>
            <Stack>
              <Paper withBorder p="sm">
                <Title order={6} mb="xs">{t('wa.camp.testSend')}</Title>
                <Group align="flex-end">
                  <TextInput label={t('wa.camp.testPhone')} placeholder="+972501234567" dir="ltr" value={testPhone} onChange={(e) => setTestPhone(e.currentTarget.value)} />
                  <Button variant="light" loading={busy} disabled={!/^\+?[0-9 ()-]{7,}$/.test(testPhone)} onClick={() => act(async () => {
                    const r = await testSendWaCampaign(await save(), testPhone.replace(/[^0-9+]/g, ''));
                    setTestResult(t('wa.camp.testSent', { to: r.to }));
                  })}>{t('wa.camp.sendTest')}</Button>
                </Group>
                {testResult && <Text size="sm" mt="xs" dir="auto" data-testid="wa-test-send-result">{testResult}</Text>}
              </Paper>
              <Paper withBorder p="sm">
                <Title order={6} mb="xs">{t('wa.camp.schedule')}</Title>
                <Group align="flex-end">
                  <TextInput type="datetime-local" label={t('wa.camp.at', { tz: session.workspace.timezone })} value={when} onChange={(e) => setWhen(e.currentTarget.value)} />
                  <Button variant="default" disabled={!when} loading={busy} onClick={() => act(async () => {
                    const cid = await save();
                    await scheduleWaCampaign(cid, when, session.workspace.timezone);
                    notifySuccess(t('wa.camp.scheduled'));
                    await qc.invalidateQueries({ queryKey: ['wa-campaign', cid] });
                  })}>{t('wa.camp.scheduleButton')}</Button>
                </Group>
              </Paper>
              <Group justify="space-between">
                <Button variant="default" onClick={() => setStep(2)}>{t('common.back')}</Button>
                <Button color="teal" loading={busy} onClick={() => act(async () => {
                  const cid = await save();
                  await sendWaCampaign(cid);
                  await qc.invalidateQueries({ queryKey: ['wa-campaign', cid] });
                  await qc.invalidateQueries({ queryKey: ['wa-campaigns'] });
                })}>{t('wa.camp.sendNow')}</Button>
              </Group>
            </Stack>
          </Stepper.Step>
        </Stepper>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 4 }}>
        {previewDraft ? <PhonePreview draft={previewDraft} /> : <Text c="dimmed" size="sm">{t('wa.camp.previewHint')}</Text>}
      </Grid.Col>
    </Grid>
  );
}
