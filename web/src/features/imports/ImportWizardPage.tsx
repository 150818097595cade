/**
 * The import wizard: upload → preview → mapping → options → live progress → report. /imports/new is
 * the upload; /imports/:id resumes a draft at preview, or shows progress / the report by status, so a
 * reload or a link from the archive lands on the right step.
 */
import { Anchor, Button, Group, Loader, Paper, Stack, Stepper, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { cancelImport, getImport, patchImport, startImport, type ImportView, type NewFieldFromColumn } from '../../api/imports.js';
import { useI18n } from '../../app/i18n/i18n.js';
import { ErrorAlert } from '../../ui/feedback.js';
import { Icon } from '../../ui/icons.js';
import { MappingStep } from './MappingStep.js';
import { OptionsStep, type ImportOptions } from './OptionsStep.js';
import { PreviewStep } from './PreviewStep.js';
import { ProgressStep } from './ProgressStep.js';
import { ReportStep } from './ReportStep.js';
import { UploadStep } from './UploadStep.js';

const RUNNING = ['queued', 'running'];

export function ImportWizardPage() {
  const { t } = useI18n();
  const params = useParams();
  const nav = useNavigate();
  const qc = useQueryClient();
  const id = params.id ? Number(params.id) : null;
  const imp = useQuery({
    queryKey: ['import', id],
    queryFn: () => getImport(id!),
    enabled: id !== null,
    refetchInterval: (q) => (q.state.data && RUNNING.includes(q.state.data.status) ? 1000 : false),
  });
  useEffect(() => {
    if (imp.data && !RUNNING.includes(imp.data.status)) void qc.invalidateQueries({ queryKey: ['imports'] });
  }, [imp.data?.status, qc, imp.data]);

  const header = (
    <Group justify="space-between">
      <Title order={2}>{t('imports.wizardTitle')}</Title>
      <Anchor component={Link} to="/imports" size="sm"><Group gap={4}><Icon name="archive" size={14} />{t('imports.archive')}</Group></Anchor>
    </Group>
  );
  if (id === null) {
    return (
      <Stack>
        {header}
        <Steps active={0} />
        <UploadStep
          onUploaded={(v) => {
            qc.setQueryData(['import', v.id], v);
            nav(`/imports/${v.id}`);
          }}
        />
      </Stack>
    );
  }
  if (imp.isPending) return <Loader aria-label={t('common.loading')} />;
  if (imp.error) return <ErrorAlert error={imp.error} />;
  return (
    <Stack>
      {header}
      <Draft key={imp.data.id} imp={imp.data} onChange={(v) => qc.setQueryData(['import', v.id], v)} />
    </Stack>
  );
}

function Steps({ active }: { active: number }) {
  const { t } = useI18n();
  return (
    <Stepper active={active} size="sm" allowNextStepsSelect={false} aria-label={t('imports.steps')}>
      {(['upload', 'preview', 'mapping', 'options', 'progress', 'report'] as const).map((s) => (
        <Stepper.Step key={s} label={t(`imports.step.${s}`)} />
      ))}
    </Stepper>
  );
}

function Draft({ imp, onChange }: { imp: ImportView; onChange: (v: ImportView) => void }) {
  const { t } = useI18n();
  const [step, setStep] = useState<number>(1);
  const [mapping, setMapping] = useState(imp.mapping);
  const [options, setOptions] = useState<ImportOptions>({ groupIds: imp.groupIds, groupName: '', mode: imp.mode, defaultCountry: imp.defaultCountry });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setError(null), [step]);

  const statusStep = imp.status === 'draft' ? step : RUNNING.includes(imp.status) ? 4 : 5;
  const run = async (fn: () => Promise<void>) => {
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

  const next = () =>
    run(async () => {
      if (step === 1) setStep(2);
      else if (step === 2) {
        onChange(await patchImport(imp.id, { mapping }));
        setStep(3);
      } else if (step === 3) {
        const patched = await patchImport(imp.id, {
          mapping,
          groupIds: options.groupIds,
          mode: options.mode,
          defaultCountry: options.defaultCountry,
          ...(options.groupName.trim() ? { groupName: options.groupName.trim() } : {}),
        });
        onChange(patched);
        onChange(await startImport(imp.id));
      }
    });

  const createField = async (f: NewFieldFromColumn) => {
    const v = await patchImport(imp.id, { mapping, newFields: [f] });
    onChange(v);
    setMapping(v.mapping);
  };

  return (
    <>
      <Steps active={imp.status === 'done' ? 6 : statusStep} />
      <Paper withBorder p="md">
        {statusStep === 1 && <PreviewStep imp={imp} onSheet={(sheet) => run(async () => { const v = await patchImport(imp.id, { sheet }); onChange(v); setMapping(v.mapping); })} />}
        {statusStep === 2 && <MappingStep imp={imp} mapping={mapping} onChange={setMapping} onCreateField={createField} error={error} />}
        {statusStep === 3 && <OptionsStep value={options} onChange={setOptions} error={error} />}
        {statusStep === 4 && <ProgressStep imp={imp} onCancel={async () => onChange(await cancelImport(imp.id))} />}
        {statusStep === 5 && <ReportStep imp={imp} />}
        {statusStep === 1 && <ErrorAlert error={error} />}
      </Paper>
      {imp.status === 'draft' && (
        <Group justify="space-between">
          <Button variant="default" onClick={() => setStep(Math.max(1, step - 1))} disabled={step === 1} leftSection={<Icon name="arrowLeft" size={16} directional />}>
            {t('common.back')}
          </Button>
          <Button onClick={next} loading={busy} rightSection={step < 3 ? <Icon name="arrowRight" size={16} directional /> : <Icon name="upload" size={16} />}>
            {step < 3 ? t('common.next') : t('imports.start')}
          </Button>
        </Group>
      )}
    </>
  );
}
