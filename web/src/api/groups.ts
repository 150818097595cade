/** Groups and their memberships (/api/v1/groups). */
import type { FilterGroup } from '../../../common/segments.js';
import { api, getData } from './client.js';

export interface Group {
  id: number;
  name: string;
  description: string;
  memberCount: number;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

/** Which contacts a membership change applies to: ids, a filter, or both. */
export interface Selection {
  contactIds?: number[];
  filter?: FilterGroup;
}

export const listGroups = () => getData<Group[]>('/groups');
export const createGroup = async (body: { name: string; description?: string }) => (await api.post<{ data: Group }>('/groups', body)).data;
export const updateGroup = async (id: number, body: { name?: string; description?: string }) => (await api.patch<{ data: Group }>(`/groups/${id}`, body)).data;
export const deleteGroup = (id: number) => api.del(`/groups/${id}`);
export const addToGroup = async (id: number, sel: Selection) => (await api.post<{ data: { added: number; memberCount: number } }>(`/groups/${id}/members`, sel)).data;
export const removeFromGroup = async (id: number, sel: Selection) => (await api.del<{ data: { removed: number; memberCount: number } }>(`/groups/${id}/members`, sel)).data;
export const transferMembers = async (fromId: number, mode: 'move' | 'copy', toGroupId: number, sel: Selection) =>
  (await api.post<{ data: { added: number; removed: number; fromMemberCount: number; toMemberCount: number } }>(`/groups/${fromId}/${mode}`, { toGroupId, ...sel })).data;
