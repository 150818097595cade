/**
 * GrapesJS set-up for MJML email design: the grapesjs-mjml plugin with the blocks Clarion offers (text, image,
 * button, 1–3 columns, divider, spacer, "follow us" social icons, raw HTML), uploads wired to the media library,
 * and small helpers to read/write MJML, the text direction and merge tags. Kept apart from React so the page only
 * deals with a tiny API.
 */
import grapesjs, { type Component, type Editor } from 'grapesjs';
import grapesjsMjml from 'grapesjs-mjml';
import 'grapesjs/dist/css/grapes.min.css';
import { uploadMedia, type MediaFile } from '../../../api/templates.js';
import type { TextDir } from '../../../api/templates.js';
import { STARTER_MJML } from './starter.js';

/** The blocks shown in the designer, in this order. */
export const BLOCKS = ['mj-text', 'mj-image', 'mj-button', 'mj-1-column', 'mj-2-columns', 'mj-3-columns', 'mj-divider', 'mj-spacer', 'mj-social-group', 'mj-raw'] as const;

const FOLLOW_US = `<mj-section><mj-column><mj-social font-size="13px" icon-size="28px" mode="horizontal" align="center">
  <mj-social-element name="facebook" href="https://www.facebook.com/">Facebook</mj-social-element>
  <mj-social-element name="instagram" href="https://www.instagram.com/">Instagram</mj-social-element>
  <mj-social-element name="x" href="https://x.com/">X</mj-social-element>
  <mj-social-element name="linkedin" href="https://www.linkedin.com/">LinkedIn</mj-social-element>
</mj-social></mj-column></mj-section>`;

export interface DesignerOptions {
  container: HTMLElement;
  source: string;
  project: Record<string, unknown> | null;
  dir: TextDir;
  /** Block labels in the UI language, by block id. */
  labels: Record<string, string>;
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
 * Sets the text direction of the email: `dir` (and a matching `lang`) on the <mjml> root, which MJML puts on the
 * generated <html>, and on the canvas so the author sees Hebrew laid out right to left while designing.
 */
export function setDesignerDir(editor: Editor, dir: TextDir) {
  const root = editor.getWrapper()?.components().find((c: Component) => c.get('tagName') === 'mjml' || c.get('type') === 'mjml');
  if (root) {
    const attrs = { ...root.getAttributes() };
    if (dir === 'rtl') attrs.dir = 'rtl';
    else delete attrs.dir;
    root.setAttributes(attrs);
    const body = root.components().find((c: Component) => c.get('tagName') === 'mj-body' || c.get('type') === 'mj-body');
    if (body) {
      const b = { ...body.getAttributes() };
      if (dir === 'rtl') b['css-class'] = 'clarion-rtl';
      else delete b['css-class'];
      body.setAttributes(b);
    }
  }
  const doc = editor.Canvas.getDocument();
  if (doc?.documentElement) doc.documentElement.dir = dir;
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
