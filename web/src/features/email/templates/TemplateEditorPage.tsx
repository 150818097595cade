/**
 * The template editor: drag-and-drop design (GrapesJS + MJML), raw MJML or raw HTML; subject, preheader, text
 * part and direction beside it; merge tags; save (each save is a version), versions, preview as a contact,
 * pre-flight and test send. Loaded lazily so GrapesJS stays out of the main bundle.
 */
import { Alert, Anchor, Badge, Button, Grid, Group, Loader, Modal, SegmentedControl, Stack, Text, TextInput, Textarea, Tooltip } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Editor } from 'grapesjs';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { getTemplate, preflightTemplate, saveTemplate, type PreflightResult, type Template, type TemplateInput, type TextDir } from '../../../api/templates.js';
import { useI18n } from '../../../app/i18n/i18n.js';
import { useSession } from '../../../app/session.js';
import { ErrorAlert, notifyError, notifySuccess } from '../../../ui/feedback.js';
import { Icon } from '../../../ui/icons.js';
import { ContentSidebar } from './ContentSidebar.js';
import { DesignerPane } from './DesignerPane.js';
import { designerMjml, insertIntoDesigner, loadMjml, mjmlToHtml, setDesignerDir } from './grapes.js';
import { insertAtCursor, MergeTagPicker } from './MergeTagPicker.js';
import { PreflightView } from './PreflightView.js';
import { PreviewModal } from './PreviewModal.js';
import { TestSendModal } from './TestSendModal.js';
import { VersionsDrawer } from './VersionsDrawer.js';

type Mode = 'design' | 'mjml' | 'html';

const toInput = (t: Template): TemplateInput => ({ name: t.name, format: t.format, source: t.source, project: t.project, subject: t.subject, preheader: t.preheader, textOverride: t.textOverride, dir: t.dir });

export function TemplateEditorPage() {
  const id = Number(useParams().id);
  const { t } = useI18n();
  const q = useQuery({ queryKey: ['template', id], queryFn: () => getTemplate(id), staleTime: Infinity });
  if (q.error) return <ErrorAlert error={q.error} />;
  if (!q.data) return <Loader />;
  // Remount on version change (restore) so the designer reloads the restored project.
  return <TemplateEditor key={`${q.data.id}:${q.data.version}`} template={q.data} titleBack={t('email.templates.title')} />;
}

function TemplateEditor({ template, titleBack }: { template: Template; titleBack: string }) {
  const { t } = useI18n();
  const { canWrite } = useSession();
  const qc = useQueryClient();
  const [draft, setDraft] = useState<TemplateInput>(() => toInput(template));
  const [mode, setMode] = useState<Mode>(template.format === 'html' ? 'html' : 'design');
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(template);
  const [panel, setPanel] = useState<null | 'versions' | 'preview' | 'test' | 'preflight' | 'toHtml'>(null);
  const [preflight, setPreflight] = useState<PreflightResult | null>(null);
  const [preflightError, setPreflightError] = useState<unknown>(null);
  const editorRef = useRef<Editor | null>(null);
  const codeRef = useRef<HTMLTextAreaElement>(null);

  const set = useCallback((patch: Partial<TemplateInput>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setDirty(true);
  }, []);

  // Warn before leaving with unsaved changes.
  useEffect(() => {
    if (!dirty) return;
    const h = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', h);
    return () => window.removeEventListener('beforeunload', h);
  }, [dirty]);

  /** The content as it stands, with the designer's latest MJML and project when designing. */
  const current = useCallback((): TemplateInput => {
    const ed = editorRef.current;
    if (mode === 'design' && ed) return { ...draft, format: 'mjml', source: designerMjml(ed), project: ed.getProjectData() as Record<string, unknown> };
    return draft;
  }, [draft, mode]);

  const switchMode = (next: Mode) => {
    const ed = editorRef.current;
    if (next === mode) return;
    if (next === 'html' && draft.format === 'mjml') return setPanel('toHtml');
    if (mode === 'design' && next === 'mjml' && ed) setDraft((d) => ({ ...d, source: designerMjml(ed), format: 'mjml' }));
    if (mode === 'mjml' && next === 'design' && ed) {
      loadMjml(ed, draft.source, draft.dir);
      setDraft((d) => ({ ...d, project: ed.getProjectData() as Record<string, unknown> }));
    }
    setMode(next);
  };

  const convertToHtml = () => {
    const ed = editorRef.current;
    const mjml = mode === 'design' && ed ? designerMjml(ed) : draft.source;
    const html = ed ? mjmlToHtml(ed, mjml) : '';
    set({ format: 'html', source: html, project: null });
    setMode('html');
    setPanel(null);
  };

  const onDir = (dir: TextDir) => {
    set({ dir });
    if (editorRef.current) setDesignerDir(editorRef.current, dir, true);
  };

  const insertTag = (tag: string) => {
    if (mode === 'design') {
      if (editorRef.current && insertIntoDesigner(editorRef.current, tag)) return;
      void navigator.clipboard?.writeText(tag).catch(() => undefined);
      notifySuccess(t('email.tags.copied', { tag }));
      return;
    }
    set({ source: insertAtCursor(codeRef.current, draft.source, tag) });
  };

  const save = async () => {
    setSaving(true);
    try {
      const body = current();
      const next = await saveTemplate(template.id, body);
      setSaved(next);
      setDraft((d) => ({ ...d, source: body.source, project: body.project, format: body.format }));
      setDirty(false);
      qc.setQueryData(['template', template.id], (old: Template | undefined) => (old ? { ...old, ...next, version: old.version } : next));
      void qc.invalidateQueries({ queryKey: ['templates'] });
      void qc.invalidateQueries({ queryKey: ['template-versions', template.id] });
      notifySuccess(t('email.templates.savedVersion', { n: next.version }));
    } catch (err) {
      notifyError(err);
    } finally {
      setSaving(false);
    }
  };

  const runPreflight = async () => {
    setPanel('preflight');
    setPreflight(null);
    setPreflightError(null);
    try {
      setPreflight(await preflightTemplate(current()));
    } catch (err) {
      setPreflightError(err);
    }
  };

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Group gap="sm" wrap="nowrap" style={{ flex: 1, minWidth: 280 }}>
          <Anchor component={Link} to="/email/templates" size="sm" aria-label={titleBack}><Icon name="arrowLeft" directional /></Anchor>
          <TextInput aria-label={t('common.name')} value={draft.name} onChange={(e) => set({ name: e.currentTarget.value })} dir="auto" style={{ flex: 1, maxWidth: 420 }} fw={600} />
          <Badge variant="light" color="gray">{t('email.templates.version', { n: saved.version })}</Badge>
          {dirty && <Badge variant="light" color="orange">{t('email.templates.unsaved')}</Badge>}
        </Group>
        <Group gap="xs">
          <Button variant="default" leftSection={<Icon name="history" size={16} />} onClick={() => setPanel('versions')}>{t('email.versions.title')}</Button>
          <Button variant="default" onClick={() => setPanel('preview')}>{t('email.preview.button')}</Button>
          <Button variant="default" onClick={runPreflight}>{t('email.preflight.button')}</Button>
          <Tooltip label={t('email.test.saveFirst')} disabled={!dirty}>
            <Button variant="default" leftSection={<Icon name="mail" size={16} />} disabled={dirty} onClick={() => setPanel('test')}>{t('email.test.button')}</Button>
          </Tooltip>
          {canWrite && <Button onClick={save} loading={saving} disabled={!draft.name.trim()}>{t('common.save')}</Button>}
        </Group>
      </Group>
      <Group justify="space-between">
        <SegmentedControl value={mode} onChange={(v) => switchMode(v as Mode)} aria-label={t('email.templates.mode')}
          data={[
            { value: 'design', label: t('email.templates.modeDesign'), disabled: draft.format === 'html' },
            { value: 'mjml', label: 'MJML', disabled: draft.format === 'html' },
            { value: 'html', label: 'HTML' },
          ]} />
        <MergeTagPicker size="sm" onPick={insertTag} />
      </Group>
      {mode === 'design' && <Text size="xs" c="dimmed">{t('email.templates.designHelp')}</Text>}
      <Grid>
        <Grid.Col span={{ base: 12, lg: 9 }}>
          {draft.format === 'mjml' && (
            <DesignerPane source={draft.source} project={draft.project} dir={draft.dir} hidden={mode !== 'design'}
              onReady={(ed) => { editorRef.current = ed; }} onChange={() => setDirty(true)} />
          )}
          {mode !== 'design' && (
            <Textarea ref={codeRef} aria-label={mode === 'mjml' ? t('email.templates.mjmlSource') : t('email.templates.htmlSource')} dir="ltr" value={draft.source}
              onChange={(e) => set({ source: e.currentTarget.value })} autosize minRows={28} maxRows={40} spellCheck={false}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12, lineHeight: 1.5 } }} />
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 3 }}>
          <ContentSidebar draft={draft} set={set} onDir={onDir} current={current} />
        </Grid.Col>
      </Grid>

      {panel === 'versions' && <VersionsDrawer templateId={template.id} current={saved.version} onClose={() => setPanel(null)}
        onRestored={(r) => { qc.setQueryData(['template', template.id], r); notifySuccess(t('email.versions.restored')); }} />}
      {panel === 'preview' && <PreviewModal content={current()} onClose={() => setPanel(null)} />}
      {panel === 'test' && <TestSendModal templateId={template.id} onClose={() => setPanel(null)} />}
      {panel === 'preflight' && (
        <Modal opened onClose={() => setPanel(null)} title={t('email.preflight.title')} size="lg">
          <ErrorAlert error={preflightError} />
          {preflight ? <PreflightView result={preflight} /> : !preflightError && <Loader />}
        </Modal>
      )}
      {panel === 'toHtml' && (
        <Modal opened onClose={() => setPanel(null)} title={t('email.templates.toHtmlTitle')} centered>
          <Alert color="yellow">{t('email.templates.toHtmlWarn')}</Alert>
          <Group justify="flex-end" mt="md">
            <Button variant="default" onClick={() => setPanel(null)}>{t('common.cancel')}</Button>
            <Button onClick={convertToHtml}>{t('email.templates.toHtmlConfirm')}</Button>
          </Group>
        </Modal>
      )}
    </Stack>
  );
}
