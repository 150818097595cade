/** Saved segments, live count and preview (/api/v1/segments). */
import type { Contact } from '../../../common/contacts.js';
import type { FilterGroup } from '../../../common/segments.js';
import { api, getData } from './client.js';

export interface Segment {
  id: number;
  name: string;
  filter: FilterGroup;
  count?: number;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

export const listSegments = () => getData<Segment[]>('/segments');
export const getSegment = (id: number) => getData<Segment>(`/segments/${id}`);
export const createSegment = async (body: { name: string; filter: FilterGroup }) => (await api.post<{ data: Segment }>('/segments', body)).data;
export const updateSegment = async (id: number, body: { name?: string; filter?: FilterGroup }) => (await api.patch<{ data: Segment }>(`/segments/${id}`, body)).data;
export const deleteSegment = (id: number) => api.del(`/segments/${id}`);
export const countFilter = async (filter: FilterGroup) => (await api.post<{ data: { count: number } }>('/segments/count', { filter })).data.count;
export const previewFilter = async (filter: FilterGroup, limit = 20) => (await api.post<{ data: Contact[] }>('/segments/preview', { filter, limit })).data;
