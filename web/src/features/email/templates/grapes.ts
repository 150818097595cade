/**
 * GrapesJS set-up for MJML email design: the grapesjs-mjml plugin with the blocks Clarion offers (text, image,
 * button, 1–3 columns, divider, spacer, "follow us" social icons, raw HTML), uploads wired to the media library,
 * and small helpers to read/write MJML, the text direction and merge tags. Kept apart from React so the page only
 * deals with a tiny API.
 */
import grapesjs, { type Component, type Editor } from 'grapesjs';
import grapesjsMjmlModule from 'grapesjs-mjml';
import 'grapesjs/dist/css/grapes.min.css';
import './designer.css';
import { uploadMedia, type MediaFile } from '../../../api/templates.js';
import type { TextDir } from '../../../api/templates.js';
import { STARTER_MJML } from './starter.js';

// grapesjs-mjml ships a UMD bundle whose export object holds the plugin under `default`; bundlers differ on
// whether they unwrap it, so take whichever is the function.
const grapesjsMjml = (typeof grapesjsMjmlModule === 'function' ? grapesjsMjmlModule : (grapesjsMjmlModule as unknown as { default: typeof grapesjsMjmlModule }).default);

/** The blocks shown in the designer, in this order. */
export const BLOCKS = ['mj-text', 'mj-image', 'mj-button', 'mj-1-column', 'mj-2-columns', 'mj-3-columns', 'mj-divider', 'mj-spacer', 'mj-social-group', 'mj-raw'] as const;

const FOLLOW_US = `<mj-section><mj-column><mj-social font-size="13px" icon-size="28px" mode="horizontal" align="center">
  <mj-social-element name="facebook" href="https://www.facebook.com/">Facebook</mj-social-element>
  <mj-social-element name="instagram" href="https://www.instagram.com/">Instagram</mj-social-element>
  <mj-social-element name="x" href="https://x.com/">X</mj-social-element>
  <mj-social-element name="linkedin" href="https://www.linkedin.com/">LinkedIn</mj-social-element>
</mj-social></mj-column></mj-section>`;

/** Inline stroke icons for the designer's buttons (GrapesJS's defaults load Font Awesome from a CDN; we don't). */
const ICON: Record<string, string[]> = {
  blocks: ['M4 4h6v6h-6z', 'M14 4h6v6h-6z', 'M4 14h6v6h-6z', 'M14 14h6v6h-6z'],
  style: ['M3 21v-4a4 4 0 1 1 4 4h-4', 'M21 3a16 16 0 0 0 -12.8 10.2', 'M21 3a16 16 0 0 1 -10.2 12.8', 'M10.6 9a9 9 0 0 1 4.4 4.4'],
  settings: ['M4 6h16', 'M4 12h16', 'M4 18h16', 'M8 4v4', 'M16 10v4', 'M10 16v4'],
  layers: ['M12 4l-8 4l8 4l8 -4l-8 -4', 'M4 12l8 4l8 -4', 'M4 16l8 4l8 -4'],
  outline: ['M4 4h16v16h-16z'],
  preview: ['M10 12a2 2 0 1 0 4 0a2 2 0 0 0 -4 0', 'M21 12c-2.4 4 -5.4 6 -9 6c-3.6 0 -6.6 -2 -9 -6c2.4 -4 5.4 -6 9 -6c3.6 0 6.6 2 9 6'],
  fullscreen: ['M4 8v-2a2 2 0 0 1 2 -2h2', 'M4 16v2a2 2 0 0 0 2 2h2', 'M16 4h2a2 2 0 0 1 2 2v2', 'M16 20h2a2 2 0 0 0 2 -2v-2'],
  code: ['M7 8l-4 4l4 4', 'M17 8l4 4l-4 4', 'M14 4l-4 16'],
};
const icon = (name: string) =>
  `<svg viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" style="display:block;margin:auto">${ICON[name].map((d) => `<path d="${d}"/>`).join('')}</svg>`;

/** Titles of the designer's own buttons, in the UI language. */
export interface DesignerTitles {
  blocks: string;
  style: string;
  settings: string;
  layers: string;
  outline: string;
  preview: string;
  fullscreen: string;
  code: string;
}

export interface DesignerOptions {
  container: HTMLElement;
  source: string;
  project: Record<string, unknown> | null;
  dir: TextDir;
  /** Block labels in the UI language, by block id. */
  labels: Record<string, string>;
  titles: DesignerTitles;
  media: MediaFile[];
  onChange: () => void;
  onUploadError: (err: unknown) => void;
}

/** Creates the editor. The caller destroys it with `editor.destroy()`. */
export function createDesigner(o: DesignerOptions): Editor {
  const editor = grapesjs.init({
    container: o.container,
    height: '100%',
    width: 'auto',
    fromElement: false,
    storageManager: false,
    cssIcons: '',
    panels: {
      defaults: [
        { id: 'commands', buttons: [{}] },
        {
          id: 'options',
          buttons: [
            { id: 'sw-visibility', active: true, command: 'core:component-outline', context: 'sw-visibility', label: icon('outline'), attributes: { title: o.titles.outline } },
            { id: 'preview', command: 'preview', context: 'preview', label: icon('preview'), attributes: { title: o.titles.preview } },
            { id: 'fullscreen', command: 'fullscreen', context: 'fullscreen', label: icon('fullscreen'), attributes: { title: o.titles.fullscreen } },
            { id: 'export-template', command: 'export-template', label: icon('code'), attributes: { title: o.titles.code } },
          ],
        },
        {
          id: 'views',
          // Blocks first and open: what an author reaches for when starting an email.
          buttons: [
            { id: 'open-blocks', command: 'open-blocks', active: true, togglable: false, label: icon('blocks'), attributes: { title: o.titles.blocks } },
            { id: 'open-sm', command: 'open-sm', togglable: false, label: icon('style'), attributes: { title: o.titles.style } },
            { id: 'open-tm', command: 'open-tm', togglable: false, label: icon('settings'), attributes: { title: o.titles.settings } },
            { id: 'open-layers', command: 'open-layers', togglable: false, label: icon('layers'), attributes: { title: o.titles.layers } },
          ],
        },
      ],
    },
    selectorManager: { componentFirst: true },
    assetManager: {
      assets: o.media.map((m) => ({ src: m.url, name: m.name })),
      upload: false,
      multiUpload: true,
      // Uploads go to Clarion's media library; a refused file (type, size) shows the server's message.
      uploadFile: async (ev: DragEvent) => {
        const files = Array.from(ev.dataTransfer?.files ?? (ev.target as HTMLInputElement | null)?.files ?? []);
        for (const f of files) {
          try {
            const m = await uploadMedia(f);
            editor.AssetManager.add({ src: m.url, name: m.name });
          } catch (err) {
            o.onUploadError(err);
          }
        }
      },
    },
    plugins: [
      (ed: Editor) =>
        grapesjsMjml(ed, {
          blocks: [...BLOCKS],
          block: (id: string) => ({ label: o.labels[id] ?? id, ...(id === 'mj-social-group' ? { content: FOLLOW_US } : {}) }),
          resetDevices: true,
        }),
    ],
  });
  editor.onReady(() => {
    if (o.project && Array.isArray((o.project as { pages?: unknown }).pages)) editor.loadProjectData(o.project);
    else editor.setComponents(o.source?.trim().startsWith('<mjml') ? o.source : STARTER_MJML);
    setDesignerDir(editor, o.dir);
    editor.UndoManager.clear();
    editor.on('update', o.onChange);
  });
  return editor;
}

/** The MJML the design exports. */
export function designerMjml(editor: Editor): string {
  return String(editor.runCommand('mjml-code') ?? editor.getHtml());
}

/** Compiles MJML to HTML in the browser (for switching a design to the raw HTML mode). */
export function mjmlToHtml(editor: Editor, mjml: string): string {
  const r = editor.runCommand('mjml-code-to-html', { mjml }) as { html?: string } | undefined;
  return r?.html ?? '';
}

/** Replaces the design with MJML written by hand. */
export function loadMjml(editor: Editor, mjml: string, dir: TextDir) {
  editor.setComponents(mjml);
  setDesignerDir(editor, dir);
}

/**
 * Sets the text direction of the email: `dir` on the <mjml> root (MJML puts it on the generated <html>) and on the
 * canvas. With `realign` (the author flipped the switch) it also mirrors the layout the way a Hebrew reader expects:
 * text blocks that were left-aligned (MJML's default) become right-aligned and back, and sections lay their columns
 * out right to left (`direction`).
 */
export function setDesignerDir(editor: Editor, dir: TextDir, realign = false) {
  const root = editor.getWrapper()?.components().find((c: Component) => c.get('tagName') === 'mjml' || c.get('type') === 'mjml');
  if (root) {
    const attrs = { ...root.getAttributes() };
    if (dir === 'rtl') attrs.dir = 'rtl';
    else delete attrs.dir;
    root.setAttributes(attrs);
    if (realign) realignAll(root, dir);
  }
  const doc = editor.Canvas.getDocument();
  if (doc?.documentElement) doc.documentElement.dir = dir;
}

function realignAll(c: Component, dir: TextDir) {
  const tag = String(c.get('tagName') ?? c.get('type') ?? '');
  const attrs = { ...c.getAttributes() };
  const before = JSON.stringify(attrs);
  if (tag === 'mj-text') {
    const align = attrs.align ?? 'left';
    if (dir === 'rtl' && align === 'left') attrs.align = 'right';
    if (dir === 'ltr' && align === 'right') attrs.align = 'left';
  }
  if (tag === 'mj-section') {
    if (dir === 'rtl') attrs.direction = 'rtl';
    else delete attrs.direction;
  }
  if (JSON.stringify(attrs) !== before) c.setAttributes(attrs);
  c.components().forEach((child: Component) => realignAll(child, dir));
}

/** Inserts a merge tag where the author is typing; returns false when no text is being edited. */
export function insertIntoDesigner(editor: Editor, tag: string): boolean {
  const sel = editor.getSelected();
  const view = sel?.getView() as { activeRte?: { insertHTML: (v: string) => void } } | undefined;
  const rte = view?.activeRte ?? editor.RichTextEditor.globalRte;
  if (rte && view?.activeRte) {
    rte.insertHTML(tag);
    return true;
  }
  return false;
}
