/**
 * Maps each variable of the chosen template to a contact field (with a fallback for contacts that lack it) or to
 * fixed text; also the header variable, URL-button endings and the header media link (checked on the server:
 * image ≤ 5 MB JPEG/PNG, video MP4 ≤ 16 MB).
 */
import { Group, Paper, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { listFields } from '../../../api/fields.js';
import type { WaTemplate } from '../../../api/whatsapp.js';
import type { VarSource, WaCampaignContent } from '../../../api/whatsappCampaigns.js';
import { useI18n } from '../../../app/i18n/i18n.js';
import { fromTemplate, variablesOf } from '../templates/templateModel.js';

/** Every slot of a template that needs a value: body variables, the header variable, URL-button endings. */
export function slotsOf(tpl: WaTemplate) {
  const d = fromTemplate(tpl);
  const named = d.parameterFormat === 'named';
  return {
    body: variablesOf(d.body, named),
    header: d.headerType === 'TEXT' && /\{\{[^{}]*\}\}/.test(d.headerText),
    media: ['IMAGE', 'VIDEO', 'DOCUMENT'].includes(d.headerType) ? d.headerType : null,
    urlButtons: d.buttons.map((b, i) => ({ i, b })).filter(({ b }) => b.type === 'URL' && /\{\{[^{}]*\}\}/.test(b.url ?? '')),
    draft: d,
  };
}

/** True when every slot has a value source. */
export function mappingComplete(tpl: WaTemplate, c: WaCampaignContent): boolean {
  const s = slotsOf(tpl);
  const ok = (v: VarSource | undefined) => !!v && ('text' in v ? v.text.trim() !== '' : !!v.field);
  return s.body.every((n) => ok(c.variables?.[n])) && (!s.header || ok(c.headerVariable)) && (!s.media || /^https:\/\/\S+$/.test(c.headerMediaUrl ?? '')) && s.urlButtons.every(({ i }) => ok(c.urlButtons?.[String(i)]));
}

function SourceInput({ label, value, onChange, fields }: { label: string; value: VarSource | undefined; onChange: (v: VarSource) => void; fields: { value: string; label: string }[] }) {
  const { t } = useI18n();
  const mode = value && 'text' in value ? 'text' : 'field';
  return (
    <Paper withBorder p="xs">
      <Group align="flex-end" gap="xs" wrap="wrap">
        <Text fw={600} w={120} className="clarion-ltr">{label}</Text>
        <SegmentedControl size="xs" value={mode} aria-label={t('wa.camp.sourceOf', { v: label })}
          onChange={(m) => onChange(m === 'text' ? { text: '' } : { field: '', fallback: '' })}
          data={[{ value: 'field', label: t('wa.camp.fromField') }, { value: 'text', label: t('wa.camp.fixedText') }]} />
        {mode === 'field' ? (
          <>
            <Select size="xs" w={180} label={t('wa.camp.field')} data={fields} allowDeselect={false} searchable placeholder={t('wa.camp.pickField')} value={value && 'field' in value && value.field ? value.field : null}
              onChange={(f) => f && onChange({ field: f, fallback: value && 'fallback' in value ? value.fallback : '' })} aria-label={t('wa.camp.fieldFor', { v: label })} />
            <TextInput size="xs" w={180} label={t('wa.camp.fallback')} dir="auto" value={value && 'field' in value ? value.fallback ?? '' : ''}
              onChange={(e) => onChange({ field: value && 'field' in value ? value.field : '', fallback: e.currentTarget.value })} aria-label={t('wa.camp.fallbackFor', { v: label })} />
          </>
        ) : (
          <TextInput size="xs" style={{ flex: 1 }} label={t('wa.camp.text')} dir="auto" value={value && 'text' in value ? value.text : ''} onChange={(e) => onChange({ text: e.currentTarget.value })} aria-label={t('wa.camp.textFor', { v: label })} />
        )}
      </Group>
    </Paper>
  );
}

export function VariableMapping({ tpl, content, onChange }: { tpl: WaTemplate; content: WaCampaignContent; onChange: (c: WaCampaignContent) => void }) {
  const { t } = useI18n();
  const fieldDefs = useQuery({ queryKey: ['fields'], queryFn: listFields });
  const fields = [
    { value: 'first_name', label: t('wa.camp.f.first_name') },
    { value: 'last_name', label: t('wa.camp.f.last_name') },
    { value: 'email', label: t('wa.camp.f.email') },
    { value: 'phone', label: t('wa.camp.f.phone') },
    ...(fieldDefs.data ?? []).map((f) => ({ value: `fields.${f.key}`, label: f.label })),
  ];
  const s = slotsOf(tpl);
  const none = !s.body.length && !s.header && !s.media && !s.urlButtons.length;
  return (
    <Stack gap="xs">
      {none && <Text c="dimmed" size="sm">{t('wa.camp.noVariables')}</Text>}
      {s.media && (
        <TextInput label={t('wa.camp.headerMedia', { kind: s.media.toLowerCase() })} description={t('wa.camp.headerMediaHint')} dir="ltr" placeholder="https://…" value={content.headerMediaUrl ?? ''}
          onChange={(e) => onChange({ ...content, headerMediaUrl: e.currentTarget.value })} />
      )}
      {s.header && <SourceInput label={t('wa.camp.headerVar')} fields={fields} value={content.headerVariable} onChange={(v) => onChange({ ...content, headerVariable: v })} />}
      {s.body.map((n) => (
        <SourceInput key={n} label={`{{${n}}}`} fields={fields} value={content.variables?.[n]} onChange={(v) => onChange({ ...content, variables: { ...content.variables, [n]: v } })} />
      ))}
      {s.urlButtons.map(({ i, b }) => (
        <SourceInput key={i} label={t('wa.camp.urlEnding', { b: b.text || String(i + 1) })} fields={fields} value={content.urlButtons?.[String(i)]} onChange={(v) => onChange({ ...content, urlButtons: { ...content.urlButtons, [String(i)]: v } })} />
      ))}
    </Stack>
  );
}
