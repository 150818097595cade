/** Workspace settings, members, API keys, audit log and per-user preferences. */
import { api, getData } from './client.js';
import type { Role, SessionView } from './auth.js';

export interface WorkspacePatch {
  name?: string;
  defaultCountry?: string;
  timezone?: string;
  locale?: 'en' | 'he';
}
export const updateWorkspace = async (patch: WorkspacePatch) => (await api.patch<{ data: SessionView }>('/workspace', patch)).data;

export interface Member {
  id: number;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
}
export const listMembers = () => getData<Member[]>('/members');
export const changeMemberRole = (id: number, role: Role) => api.patch<void>(`/members/${id}`, { role });
export const removeMember = (id: number) => api.del(`/members/${id}`);

export interface ApiKeyView {
  id: number;
  name: string;
  prefix: string;
  role: Role;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
export const listApiKeys = () => getData<ApiKeyView[]>('/api-keys');
export const createApiKey = async (body: { name: string; role: Role }) =>
  (await api.post<{ data: { id: number; name: string; prefix: string; role: Role; key: string } }>('/api-keys', body)).data;
export const revokeApiKey = (id: number) => api.del(`/api-keys/${id}`);

export interface AuditEntry {
  id: number;
  actorType: string;
  actorId: number | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string | null;
  details: Record<string, unknown>;
  ip: string | null;
  at: string;
}
export const listAudit = (q: { before?: number; limit?: number; entityType?: string; entityId?: string }) => getData<AuditEntry[]>('/audit-log', q);

export const getPreference = async <T>(key: string) => (await getData<{ value: T | null }>(`/preferences/${key}`)).value;
export const setPreference = (key: string, value: unknown) => api.put<void>(`/preferences/${key}`, { value });
