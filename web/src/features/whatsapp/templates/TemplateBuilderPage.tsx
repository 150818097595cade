/**
 * The template builder: every part of a WhatsApp template with the validator's messages under each part as you
 * type (debounced POST /whatsapp/templates/validate), a live phone-style preview, save as draft, submit for
 * review. Non-draft templates are read-only: they offer "copy to a new draft" instead. While a template is
 * PENDING the page re-reads it every few seconds, so approval or rejection shows up by itself.
 */
import { Alert, Autocomplete, Badge, Box, Button, Grid, Group, Paper, SegmentedControl, Select, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { copyTemplate, createTemplate, getTemplate, listNumbers, submitTemplate, updateTemplate, validateTemplate, type Validation } from '../../../api/whatsapp.js';
import { useI18n } from '../../../app/i18n/i18n.js';
import { useSession } from '../../../app/session.js';
import { ErrorAlert, notifySuccess } from '../../../ui/feedback.js';
import { Icon } from '../../../ui/icons.js';
import { PageHeader } from '../../../ui/PageHeader.js';
import { ButtonsEditor } from './ButtonsEditor.js';
import { PhonePreview } from './PhonePreview.js';
import { QualityBadge, TemplateStatusBadge } from './StatusBadge.js';
import { emptyDraft, fromTemplate, isRtlLanguage, LANGUAGES, toComponents, toValidateBody, variablesOf, type HeaderType, type TemplateDraft } from './templateModel.js';
import { Violations } from './Violations.js';

/** Debounced server-side validation of the draft; `pending` is true while the shown result is out of date. */
function useValidation(draft: TemplateDraft) {
  const [result, setResult] = useState<Validation | null>(null);
  const [pending, setPending] = useState(true);
  const body = JSON.stringify(toValidateBody(draft));
  useEffect(() => {
    setPending(true);
    const ac = new AbortController();
    const timer = setTimeout(() => {
      validateTemplate(JSON.parse(body), ac.signal)
        .then((r) => {
          setResult(r);
          setPending(false);
        })
        .catch(() => undefined);
    }, 350);
    return () => {
      clearTimeout(timer);
      ac.abort();
    };
  }, [body]);
  return { result, pending };
}

export function TemplateBuilderPage() {
  const { id } = useParams();
  const isNew = !id || id === 'new';
  const tplId = isNew ? 0 : Number(id);
  const { t } = useI18n();
  const { canWrite } = useSession();
  const nav = useNavigate();
  const qc = useQueryClient();
  const numbers = useQuery({ queryKey: ['wa-numbers'], queryFn: listNumbers });
  const tpl = useQuery({ queryKey: ['wa-template', tplId], queryFn: () => getTemplate(tplId), enabled: !isNew, refetchInterval: (q) => (q.state.data?.status === 'PENDING' ? 3000 : false) });
  const [draft, setDraft] = useState<TemplateDraft>(() => emptyDraft(null));
  const [loadedId, setLoadedId] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<'save' | 'submit' | 'copy' | null>(null);

  useEffect(() => {
    if (tpl.data && loadedId !== tpl.data.id) {
      setDraft(fromTemplate(tpl.data));
      setLoadedId(tpl.data.id);
    }
  }, [tpl.data, loadedId]);
  useEffect(() => {
    if (isNew && draft.connectionId === null && numbers.data?.length) setDraft((d) => ({ ...d, connectionId: numbers.data![0].id }));
  }, [isNew, numbers.data, draft.connectionId]);

  const editable = canWrite && (isNew || !!tpl.data?.editable);
  const readOnly = !editable;
  const { result, pending } = useValidation(draft);
  const violations = result?.violations ?? [];
  const set = (patch: Partial<TemplateDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const named = draft.parameterFormat === 'named';
  const bodyVars = variablesOf(draft.body, named);
  // Content is typed in the template's language: Hebrew/Arabic templates are edited right-to-left.
  const textDir = isRtlLanguage(draft.language) ? 'rtl' : 'ltr';

  const save = async (): Promise<number | null> => {
    if (draft.connectionId === null) return null;
    const body = { connectionId: draft.connectionId, name: draft.name, language: draft.language, category: draft.category, parameterFormat: draft.parameterFormat, components: toComponents(draft) };
    const saved = isNew ? await createTemplate(body) : await updateTemplate(tplId, body);
    qc.setQueryData(['wa-template', saved.id], saved);
    await qc.invalidateQueries({ queryKey: ['wa-templates'] });
    if (isNew) nav(`/whatsapp/templates/${saved.id}`, { replace: true });
    return saved.id;
  };
  const run = async (kind: 'save' | 'submit' | 'copy', fn: () => Promise<void>) => {
    setBusy(kind);
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };
  const onSave = () => run('save', async () => {
    await save();
    notifySuccess(t('wa.tpl.saved'));
  });
  const onSubmit = () => run('submit', async () => {
    const savedId = await save();
    if (!savedId) return;
    const s = await submitTemplate(savedId);
    qc.setQueryData(['wa-template', s.id], s);
    notifySuccess(t('wa.tpl.submitted'));
  });
  const onCopy = () => run('copy', async () => {
    const c = await copyTemplate(tplId);
    await qc.invalidateQueries({ queryKey: ['wa-templates'] });
    notifySuccess(t('wa.tpl.copied', { name: c.name }));
    setLoadedId(null);
    nav(`/whatsapp/templates/${c.id}`);
  });

  const status = tpl.data?.status ?? 'DRAFT';
  const headerTypes: HeaderType[] = ['NONE', 'TEXT', 'IMAGE', 'VIDEO', 'DOCUMENT'];
  return (
    <>
      <PageHeader
        title={isNew ? t('wa.tpl.new') : draft.name || t('wa.tpl.title')}
        description={t('wa.tpl.builderHint')}
        actions={
          <>
            <Button variant="default" component={Link} to="/whatsapp/templates" leftSection={<Icon name="arrowLeft" size={16} directional />}>{t('common.back')}</Button>
            {!isNew && !tpl.data?.editable && canWrite && ['APPROVED', 'REJECTED', 'PAUSED', 'DISABLED'].includes(status) && (
              <Button variant="light" leftSection={<Icon name="copy" size={16} />} loading={busy === 'copy'} onClick={onCopy}>{t('wa.tpl.copyToDraft')}</Button>
            )}
            {editable && (
              <>
                <Button variant="default" onClick={onSave} loading={busy === 'save'} disabled={!draft.connectionId}>{t('wa.tpl.saveDraft')}</Button>
                <Button onClick={onSubmit} loading={busy === 'submit'} disabled={pending || !result?.ok || !draft.connectionId}>{t('wa.tpl.submit')}</Button>
              </>
            )}
          </>
        }
      />
      {!isNew && (
        <Group mb="md" gap="xs">
          <TemplateStatusBadge status={status} />
          <QualityBadge rating={tpl.data?.qualityRating} />
          {status === 'PENDING' && <Text size="sm" c="dimmed">{t('wa.tpl.pendingHint')}</Text>}
        </Group>
      )}
      {status === 'REJECTED' && (
        <Alert color="red" mb="md" title={t('wa.tpl.rejectedTitle', { reason: tpl.data?.rejectionReason ?? '' })} data-testid="wa-rejection">
          <Text size="sm" dir="auto">{tpl.data?.rejectionDetail || t('wa.tpl.rejectedNoDetail')}</Text>
        </Alert>
      )}
      {readOnly && !isNew && status !== 'REJECTED' && <Alert color="blue" mb="md">{t('wa.tpl.readOnly')}</Alert>}
      <ErrorAlert error={error} />
      {numbers.data?.length === 0 && <Alert color="yellow" mb="md">{t('wa.tpl.needNumber')} <Link to="/whatsapp/numbers">{t('wa.nav.numbers')}</Link></Alert>}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack>
            <Paper withBorder p="md">
              <Stack gap="sm">
                <Group grow align="flex-start">
                  <Select label={t('wa.tpl.number')} data={(numbers.data ?? []).map((n) => ({ value: String(n.id), label: `${n.name || n.displayNumber} (${n.displayNumber})` }))} value={draft.connectionId ? String(draft.connectionId) : null} onChange={(v) => v && set({ connectionId: Number(v) })} disabled={!isNew} allowDeselect={false} />
                  <TextInput label={t('wa.tpl.name')} value={draft.name} readOnly={readOnly} dir="ltr" onChange={(e) => set({ name: e.currentTarget.value })} description={t('wa.tpl.nameHint')} />
                </Group>
                <Violations part="NAME" violations={violations} />
                <Group grow align="flex-start">
                  <Select label={t('wa.tpl.category')} value={draft.category} disabled={readOnly} allowDeselect={false} onChange={(v) => v && set({ category: v })}
                    data={['MARKETING', 'UTILITY', 'AUTHENTICATION'].map((c) => ({ value: c, label: t(`wa.cat.${c}` as 'wa.cat.MARKETING') }))} />
                  <Autocomplete label={t('wa.tpl.language')} value={draft.language} readOnly={readOnly} data={LANGUAGES} dir="ltr" onChange={(v) => set({ language: v })} />
                  <Box>
                    <Text size="sm" fw={500} mb={4}>{t('wa.tpl.varStyle')}</Text>
                    <SegmentedControl size="xs" value={draft.parameterFormat} disabled={readOnly} onChange={(v) => set({ parameterFormat: v as 'positional' | 'named' })}
                      data={[{ value: 'positional', label: '{{1}}' }, { value: 'named', label: '{{name}}' }]} />
                  </Box>
                </Group>
                <Violations part="CATEGORY" violations={violations} />
                <Violations part="LANGUAGE" violations={violations} />
              </Stack>
            </Paper>

            <Paper withBorder p="md">
              <Title order={5} mb="xs">{t('wa.tpl.header')}</Title>
              <SegmentedControl size="xs" mb="sm" value={draft.headerType} disabled={readOnly} onChange={(v) => set({ headerType: v as HeaderType })}
                data={headerTypes.map((h) => ({ value: h, label: t(`wa.tpl.header.${h}` as 'wa.tpl.header.NONE') }))} />
              {draft.headerType === 'TEXT' && (
                <Group grow align="flex-start">
                  <TextInput label={t('wa.tpl.headerText')} value={draft.headerText} readOnly={readOnly} dir={textDir} onChange={(e) => set({ headerText: e.currentTarget.value })} description={t('wa.tpl.chars', { n: draft.headerText.length, max: 60 })} />
                  {/\{\{[^{}]*\}\}/.test(draft.headerText) && <TextInput label={t('wa.tpl.headerSample')} value={draft.headerSample} readOnly={readOnly} dir={textDir} onChange={(e) => set({ headerSample: e.currentTarget.value })} />}
                </Group>
              )}
              {['IMAGE', 'VIDEO', 'DOCUMENT'].includes(draft.headerType) && (
                <TextInput label={t('wa.tpl.headerMediaSample')} description={t('wa.tpl.headerMediaHint')} value={draft.headerMediaSample} readOnly={readOnly} dir="ltr" onChange={(e) => set({ headerMediaSample: e.currentTarget.value })} />
              )}
              <Box mt="xs"><Violations part="HEADER" violations={violations} /></Box>
            </Paper>

            <Paper withBorder p="md">
              <Group justify="space-between" mb="xs">
                <Title order={5}>{t('wa.tpl.body')}</Title>
                {!readOnly && (
                  <Button size="compact-xs" variant="light" onClick={() => set({ body: draft.body + (named ? '{{name}}' : `{{${bodyVars.length + 1}}}`) })}>{t('wa.tpl.addVariable')}</Button>
                )}
              </Group>
              <Textarea aria-label={t('wa.tpl.body')} value={draft.body} readOnly={readOnly} dir={textDir} autosize minRows={4} onChange={(e) => set({ body: e.currentTarget.value })} description={t('wa.tpl.chars', { n: draft.body.length, max: 1024 })} />
              {bodyVars.length > 0 && (
                <Stack gap={6} mt="sm">
                  <Text size="sm" fw={500}>{t('wa.tpl.samples')}</Text>
                  {bodyVars.map((v) => (
                    <TextInput key={v} size="xs" label={t('wa.tpl.sampleFor', { v: `{{${v}}}` })} value={draft.samples[v] ?? ''} readOnly={readOnly} dir={textDir}
                      onChange={(e) => {
                        const value = e.currentTarget.value;
                        setDraft((d) => ({ ...d, samples: { ...d.samples, [v]: value } }));
                      }} />
                  ))}
                </Stack>
              )}
              <Box mt="xs"><Violations part="BODY" violations={violations} /></Box>
            </Paper>

            <Paper withBorder p="md">
              <Title order={5} mb="xs">{t('wa.tpl.footer')}</Title>
              <TextInput aria-label={t('wa.tpl.footer')} placeholder={t('wa.tpl.footerPlaceholder')} value={draft.footer} readOnly={readOnly} dir={textDir} onChange={(e) => set({ footer: e.currentTarget.value })} description={t('wa.tpl.chars', { n: draft.footer.length, max: 60 })} />
              <Box mt="xs"><Violations part="FOOTER" violations={violations} /></Box>
            </Paper>

            <Paper withBorder p="md">
              <Title order={5} mb="xs">{t('wa.tpl.buttons')}</Title>
              <ButtonsEditor buttons={draft.buttons} onChange={(buttons) => set({ buttons })} readOnly={readOnly} dir={textDir} />
              <Box mt="xs"><Violations part="BUTTONS" violations={violations} /></Box>
            </Paper>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Box pos="sticky" top={72}>
            <Group justify="space-between" mb="xs">
              <Title order={5}>{t('wa.tpl.preview')}</Title>
              {editable && <Badge data-testid="wa-validation-state" data-state={pending ? 'pending' : result?.ok ? 'ok' : 'invalid'} color={pending ? 'gray' : result?.ok ? 'teal' : 'red'} variant="light">
                {pending ? t('wa.tpl.checking') : result?.ok ? t('wa.tpl.valid') : t('wa.tpl.problems', { n: violations.length })}
              </Badge>}
            </Group>
            <PhonePreview draft={draft} />
          </Box>
        </Grid.Col>
      </Grid>
    </>
  );
}
