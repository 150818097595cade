/**
 * Mounts the GrapesJS MJML designer and hands its editor to the page. The designer's own chrome stays
 * left-to-right (GrapesJS has no RTL UI); the email's direction is a separate setting applied to the content.
 */
import { Box } from '@mantine/core';
import type { Editor } from 'grapesjs';
import { useEffect, useRef } from 'react';
import { listMedia } from '../../../api/templates.js';
import { useI18n } from '../../../app/i18n/i18n.js';
import { notifyError } from '../../../ui/feedback.js';
import { createDesigner } from './grapes.js';
import type { TextDir } from '../../../api/templates.js';

export interface DesignerPaneProps {
  source: string;
  project: Record<string, unknown> | null;
  dir: TextDir;
  hidden: boolean;
  onReady: (editor: Editor) => void;
  onChange: () => void;
}

export function DesignerPane({ source, project, dir, hidden, onReady, onChange }: DesignerPaneProps) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  const change = useRef(onChange);
  change.current = onChange;
  useEffect(() => {
    let editor: Editor | null = null;
    let cancelled = false;
    void (async () => {
      // The media library fills the asset manager; a failure here must not block designing.
      const media = await listMedia().then((p) => p.data).catch(() => []);
      if (cancelled || !ref.current) return;
      editor = createDesigner({
        container: ref.current,
        source,
        project,
        dir,
        media,
        labels: {
          'mj-text': t('email.blocks.text'),
          'mj-image': t('email.blocks.image'),
          'mj-button': t('email.blocks.button'),
          'mj-1-column': t('email.blocks.col1'),
          'mj-2-columns': t('email.blocks.col2'),
          'mj-3-columns': t('email.blocks.col3'),
          'mj-divider': t('email.blocks.divider'),
          'mj-spacer': t('email.blocks.spacer'),
          'mj-social-group': t('email.blocks.social'),
          'mj-raw': t('email.blocks.raw'),
        },
        titles: {
          blocks: t('email.designer.blocks'),
          style: t('email.designer.style'),
          settings: t('email.designer.settings'),
          layers: t('email.designer.layers'),
          outline: t('email.designer.outline'),
          preview: t('email.designer.preview'),
          fullscreen: t('email.designer.fullscreen'),
          code: t('email.designer.code'),
        },
        onChange: () => change.current(),
        onUploadError: notifyError,
      });
      editor.onReady(() => !cancelled && editor && onReady(editor));
    })();
    return () => {
      cancelled = true;
      editor?.destroy();
    };
    // The designer is created once per template load; later prop changes go through the editor API.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <Box dir="ltr" style={{ display: hidden ? 'none' : 'block', height: '72vh', minHeight: 520, border: '1px solid var(--mantine-color-gray-3)', borderRadius: 6, overflow: 'hidden' }} data-testid="designer" className="clarion-designer">
      <div ref={ref} style={{ height: '100%' }} />
    </Box>
  );
}
