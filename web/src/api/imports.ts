/** Contact imports: upload, configure the draft, start, follow progress, issues, conflicts (/api/v1/imports). */
import type { Params } from '../../../common/messages/format.js';
import type { FieldType } from '../../../common/fields.js';
import { api, apiUrl, getData, type Page } from './client.js';

export type ImportMode = 'quick' | 'update' | 'unsubscribe';
export type ImportStatus = 'draft' | 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface ImportCounts {
  records: number;
  created: number;
  updated: number;
  addedToGroup: number;
  duplicatesInFile: number;
  invalid: number;
  conflicts: number;
}

export interface ImportView {
  id: number;
  fileName: string;
  format: string;
  status: ImportStatus;
  mode: ImportMode;
  groupIds: number[];
  defaultCountry: string;
  encoding: string;
  delimiter: string;
  sheets: string[];
  sheet: string | null;
  header: string[];
  preview?: { line: number; values: string[] }[];
  suggestedMapping: Record<string, string | null>;
  mapping: Record<string, string | null>;
  fileSize: number;
  progress: {
    processedRecords: number;
    totalRecords: number | null;
    totalIsEstimate: boolean;
    percent: number | null;
    rowsPerSecond: number | null;
    etaSeconds: number | null;
  };
  counts: ImportCounts;
  error: string | null;
  createdBy: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface NewFieldFromColumn {
  column: number;
  key: string;
  label: string;
  type: FieldType;
  options?: string[];
}

export interface ImportPatch {
  mapping?: Record<string, string | null>;
  newFields?: NewFieldFromColumn[];
  groupIds?: number[];
  groupName?: string;
  mode?: ImportMode;
  defaultCountry?: string;
  sheet?: string | null;
}

export interface ImportIssue {
  id: number;
  kind: 'invalid' | 'conflict';
  record: number;
  line: number;
  column: string | null;
  reason: string;
  reasonCode?: string;
  reasonParams?: Params;
  raw: string[];
  emailContactId: number | null;
  phoneContactId: number | null;
  resolvedAt: string | null;
  resolution: string | null;
}

/** Uploads a file (multipart field `file`) and returns the draft with preview and suggested mapping. */
export async function uploadImport(file: File): Promise<ImportView> {
  const form = new FormData();
  form.append('file', file, file.name);
  return (await api.upload<{ data: ImportView }>('/imports', form)).data;
}
export const listImports = (cursor?: string, limit = 50) => api.get<Page<ImportView>>('/imports', { cursor, limit });
export const getImport = (id: number) => getData<ImportView>(`/imports/${id}`);
export const patchImport = async (id: number, patch: ImportPatch) => (await api.patch<{ data: ImportView }>(`/imports/${id}`, patch)).data;
export const startImport = async (id: number) => (await api.post<{ data: ImportView }>(`/imports/${id}/start`)).data;
export const cancelImport = async (id: number) => (await api.post<{ data: ImportView }>(`/imports/${id}/cancel`)).data;
export const listIssues = (id: number, kind?: 'invalid' | 'conflict', cursor?: string, limit = 100) =>
  api.get<Page<ImportIssue>>(`/imports/${id}/issues`, { kind, cursor, limit });
export const resolveConflict = (id: number, issueId: number, winner: 'email' | 'phone') =>
  api.post<{ data: unknown }>(`/imports/${id}/conflicts/${issueId}/resolve`, { winner });
export const rejectedCsvUrl = (id: number) => apiUrl(`/imports/${id}/rejected.csv`);
