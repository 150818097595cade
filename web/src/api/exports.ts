/**
 * Contact exports (/api/v1/exports): a background job writes the CSV/XLSX file; the client polls it
 * and downloads the result. What to export is a selection (ids or a filter tree) or a named list.
 */
import type { FilterGroup } from '../../../common/segments.js';
import { api, apiUrl, getData, type Page } from './client.js';

export type ExportFormat = 'csv' | 'xlsx';

export interface ExportRequest {
  format: ExportFormat;
  contactIds?: number[];
  filter?: FilterGroup;
  groupId?: number;
  segmentId?: number;
  emailStatus?: string;
}

export interface ExportView {
  id: number;
  kind: string;
  format: ExportFormat;
  status: 'queued' | 'running' | 'done' | 'failed';
  rowCount: number;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export const startExport = async (req: ExportRequest) => (await api.post<{ data: ExportView }>('/exports', req)).data;
export const getExport = (id: number) => getData<ExportView>(`/exports/${id}`);
export const listExports = (cursor?: string) => api.get<Page<ExportView>>('/exports', { cursor });
export const exportDownloadUrl = (id: number) => apiUrl(`/exports/${id}/download`);
