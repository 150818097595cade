/** The recycle bin (/api/v1/bin). */
import { api, type Page } from './client.js';

export type BinType = 'contacts' | 'groups' | 'segments';
export interface BinItem {
  id: number;
  type: BinType;
  label: string;
  deletedAt: string;
  purgeAt: string;
}
export const listBin = (type: BinType, cursor?: string, limit = 50) => api.get<Page<BinItem>>('/bin', { type, cursor, limit });
export interface NotRestored {
  id: number;
  label: string;
  field: 'email' | 'phone' | 'name';
  value: string;
  existingId: number | null;
  reason: string;
  reasonCode: string;
  reasonParams?: Record<string, unknown>;
}
export interface RestoreResult {
  restored: number;
  notRestored: NotRestored[];
  notFound: number[];
}
export const restoreBin = async (type: BinType, ids: number[]) => (await api.post<{ data: RestoreResult }>('/bin/restore', { type, ids })).data;
export const emptyBin = async (type?: BinType) =>
  (await api.del<{ data: { contacts: number; groups: number; segments: number } }>(type ? `/bin?type=${type}` : '/bin')).data;
