/**
 * Contact exports (/api/v1/exports): a background job writes the CSV/XLSX file; the client polls it
 * and downloads the result. The API exports a named list: all, a group, a segment, or the
 * unsubscribed / bounced / invalid contacts (not an arbitrary selection of ids).
 */
import { api, apiUrl, getData } from './client.js';

export type ExportFormat = 'csv' | 'xlsx';
export type ExportKind = 'all' | 'group' | 'segment' | 'unsubscribed' | 'bounced' | 'invalid';

export interface ExportSpec {
  kind: ExportKind;
  groupId?: number;
  segmentId?: number;
}

export interface ExportView {
  id: number;
  kind: string;
  format: ExportFormat;
  status: 'queued' | 'running' | 'done' | 'failed';
  rowCount: number;
  fileName: string;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export const startExport = async (req: ExportSpec & { format: ExportFormat; columns?: string[] }) => (await api.post<{ data: ExportView }>('/exports', req)).data;
export const getExport = (id: number) => getData<ExportView>(`/exports/${id}`);
export const exportDownloadUrl = (id: number) => apiUrl(`/exports/${id}/download`);
