/**
 * Email templates (/api/v1/templates): the designer's project plus the MJML/HTML it exports, subject, preheader,
 * plain-text part, direction. Every save keeps a version (list, preview, restore). Preview as a contact, test
 * send, pre-flight check, and the media library (/api/v1/media) the designer's asset manager uses.
 */
import { api, getData, type Page } from './client.js';

export type TemplateFormat = 'mjml' | 'html';
export type TextDir = 'ltr' | 'rtl';

export interface TemplateSummary {
  id: number;
  name: string;
  format: TemplateFormat;
  subject: string;
  version: number;
  updatedAt: string;
  createdAt: string;
}

export interface Template extends TemplateSummary {
  source: string;
  /** The GrapesJS project (components and styles); null for templates written as raw MJML/HTML. */
  project: Record<string, unknown> | null;
  preheader: string;
  /** Hand-written plain-text part; null = generated from the HTML. */
  textOverride: string | null;
  dir: TextDir;
}

export type TemplateInput = Pick<Template, 'name' | 'format' | 'source' | 'project' | 'subject' | 'preheader' | 'textOverride' | 'dir'>;

export interface TemplateVersion {
  version: number;
  name: string;
  subject: string;
  createdAt: string;
  createdBy: string | null;
}

export interface RenderedPreview {
  subject: string;
  html: string;
  text: string;
}

/** A coded pre-flight / lint finding (docs/i18n.md): render with `msg()` from useI18n, never `message`. */
export interface Finding {
  code: string;
  params?: Record<string, string | number | boolean | null>;
  message: string;
}

export interface PreflightResult {
  ok: boolean;
  errors: Finding[];
  warnings: Finding[];
  sizeBytes: number;
  unsubscribeAdded: boolean;
}

export interface MediaFile {
  id: number;
  name: string;
  url: string;
  contentType: string;
  size: number;
  createdAt: string;
}

export const listTemplates = () => getData<TemplateSummary[]>('/templates', { channel: 'email' });
export const getTemplate = (id: number) => getData<Template>(`/templates/${id}`);
export const createTemplate = async (b: Partial<TemplateInput> & { name: string }) => (await api.post<{ data: Template }>('/templates', { channel: 'email', ...b })).data;
/** Saves the template; the server keeps the previous content as a version. */
export const saveTemplate = async (id: number, b: Partial<TemplateInput>) => (await api.put<{ data: Template }>(`/templates/${id}`, b)).data;
export const deleteTemplate = (id: number) => api.del(`/templates/${id}`);
export const copyTemplate = async (id: number) => (await api.post<{ data: Template }>(`/templates/${id}/copy`)).data;

export const listVersions = (id: number) => getData<TemplateVersion[]>(`/templates/${id}/versions`);
export const getVersion = (id: number, version: number) => getData<Template>(`/templates/${id}/versions/${version}`);
export const restoreVersion = async (id: number, version: number) => (await api.post<{ data: Template }>(`/templates/${id}/versions/${version}/restore`)).data;

/** Renders the given (unsaved) content as a contact would receive it; without a contact, with sample data. */
export const previewTemplate = async (b: Partial<TemplateInput> & { contactId?: number | null }) => (await api.post<{ data: RenderedPreview }>('/templates/preview', b)).data;
/** Sends the saved template to up to 10 addresses, personalised for `contactId` (or sample data). */
export const testSendTemplate = async (id: number, b: { emails: string[]; contactId?: number | null; senderIdentityId?: number | null }) =>
  (await api.post<{ data: { sent: number; failed: { email: string; reason: string }[] } }>(`/templates/${id}/test-send`, b)).data;
export const preflightTemplate = async (b: Partial<TemplateInput> & { senderIdentityId?: number | null }) => (await api.post<{ data: PreflightResult }>('/templates/preflight', b)).data;

export const listMedia = (cursor?: string) => api.get<Page<MediaFile>>('/media', { cursor, limit: 200 });
/** Uploads one image (PNG, JPG, GIF ≤ 1.5 MB); other files are refused with the server's message. */
export async function uploadMedia(file: File): Promise<MediaFile> {
  const form = new FormData();
  form.append('file', file, file.name);
  return (await api.upload<{ data: MediaFile }>('/media', form)).data;
}
export const deleteMedia = (id: number) => api.del(`/media/${id}`);
