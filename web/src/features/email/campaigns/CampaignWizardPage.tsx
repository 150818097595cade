/**
 * The campaign wizard: audience (live recipient count) → content → settings → review with the pre-flight → send
 * now or schedule. Each "Next" saves the draft, so a reload resumes where the user was (step kept in the URL).
 */
import { Button, Group, Loader, Stepper, TextInput } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Navigate, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { EDITABLE, getCampaign, updateCampaign, type Campaign, type CampaignInput } from '../../../api/campaigns.js';
import { listIdentities } from '../../../api/sending.js';
import { listTemplates } from '../../../api/templates.js';
import { useI18n } from '../../../app/i18n/i18n.js';
import { ErrorAlert, notifySuccess } from '../../../ui/feedback.js';
import { Icon } from '../../../ui/icons.js';
import { PageHeader } from '../../../ui/PageHeader.js';
import { IDENTITIES_KEY } from '../settings/IdentitiesPanel.js';
import { AudienceStep } from './AudienceStep.js';
import { ContentStep } from './ContentStep.js';
import { ReviewStep } from './ReviewStep.js';
import { SettingsStep } from './SettingsStep.js';
import { CampaignStatusBadge } from './StatusBadge.js';

export function CampaignWizardPage() {
  const id = Number(useParams().id);
  const q = useQuery({ queryKey: ['campaign', id], queryFn: () => getCampaign(id), staleTime: 0 });
  if (q.error) return <ErrorAlert error={q.error} />;
  if (!q.data) return <Loader />;
  if (!EDITABLE.includes(q.data.status)) return <Navigate to={`/email/campaigns/${id}`} replace />;
  return <Wizard initial={q.data} />;
}

function Wizard({ initial }: { initial: Campaign }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const nav = useNavigate();
  const [params, setParams] = useSearchParams();
  const step = Math.min(3, Math.max(0, Number(params.get('step') ?? 0) || 0));
  const [c, setC] = useState<Campaign>(initial);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const templates = useQuery({ queryKey: ['templates'], queryFn: listTemplates });
  const identities = useQuery({ queryKey: IDENTITIES_KEY, queryFn: listIdentities });
  const patch = (p: Partial<Campaign>) => setC((x) => ({ ...x, ...p }));

  // The sender defaults to the workspace's default identity; store it so the pre-flight checks the same one.
  useEffect(() => {
    if (!c.settings.senderIdentityId && identities.data?.length) {
      const d = identities.data.find((i) => i.isDefault) ?? identities.data[0];
      patch({ settings: { ...c.settings, senderIdentityId: d.id } });
    }
  }, [identities.data, c.settings]);

  const save = async (): Promise<Campaign> => {
    const body: CampaignInput = { name: c.name, templateId: c.templateId, content: { subject: c.content.subject ?? '', preheader: c.content.preheader ?? '' }, settings: c.settings };
    const next = await updateCampaign(c.id, body);
    setC((x) => ({ ...next, audience: x.audience }));
    qc.setQueryData(['campaign', c.id], next);
    return next;
  };

  const go = async (to: number) => {
    setBusy(true);
    setError(null);
    try {
      await save();
      setParams(to ? { step: String(to) } : {}, { replace: false });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const tpl = templates.data?.find((x) => x.id === c.templateId);
  const sender = identities.data?.find((i) => i.id === c.settings.senderIdentityId);
  const canNext = step === 0 ? c.audience.include.groups.length + c.audience.include.segments.length > 0 : step === 1 ? !!c.templateId && !!c.content.subject?.trim() : true;

  return (
    <>
      <PageHeader title={<Group gap="sm">{t('email.wizard.title')}<CampaignStatusBadge status={c.status} /></Group>} />
      <TextInput label={t('email.wizard.name')} value={c.name} onChange={(e) => patch({ name: e.currentTarget.value })} onBlur={() => void save().catch(setError)} maw={520} mb="md" dir="auto" />
      <ErrorAlert error={error} />
      <Stepper active={step} onStepClick={(s) => void go(s)} allowNextStepsSelect={false} mb="lg" size="sm">
        <Stepper.Step label={t('email.wizard.audience')} />
        <Stepper.Step label={t('email.wizard.content')} />
        <Stepper.Step label={t('email.wizard.settings')} />
        <Stepper.Step label={t('email.wizard.review')} />
      </Stepper>
      {step === 0 && <AudienceStep campaignId={c.id} audience={c.audience} onChange={(audience) => patch({ audience })} />}
      {step === 1 && (
        <ContentStep templateId={c.templateId} content={c.content} settings={c.settings}
          onTemplate={(templateId, fill) => patch({ templateId, content: { ...c.content, ...fill } })}
          onContent={(content) => patch({ content })} onSettings={(settings) => patch({ settings })} />
      )}
      {step === 2 && <SettingsStep settings={c.settings} campaignName={c.name} onChange={(settings) => patch({ settings })} />}
      {step === 3 && (
        <ReviewStep campaign={c} templateName={tpl?.name ?? null} senderLabel={sender ? `${sender.fromName} <${sender.fromAddress}>` : null}
          onSent={(next) => { qc.setQueryData(['campaign', c.id], next); void qc.invalidateQueries({ queryKey: ['campaigns'] }); notifySuccess(next.status === 'scheduled' ? t('email.review.scheduled') : t('email.review.started')); nav(`/email/campaigns/${c.id}`); }} />
      )}
      <Group justify="space-between" mt="lg">
        <Button variant="default" disabled={step === 0} leftSection={<Icon name="arrowLeft" size={16} directional />} onClick={() => go(step - 1)}>{t('common.back')}</Button>
        {step < 3 && <Button loading={busy} disabled={!canNext} rightSection={<Icon name="arrowRight" size={16} directional />} onClick={() => go(step + 1)}>{t('common.next')}</Button>}
      </Group>
    </>
  );
}
