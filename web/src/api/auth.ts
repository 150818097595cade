/** Sessions, login, passwords and workspace switching (server/domains/auth/auth.routes.ts). */
import { api, request } from './client.js';

export type Role = 'owner' | 'manager' | 'editor' | 'viewer';

export interface WorkspaceSummary {
  id: number;
  slug: string;
  name: string;
  role: Role;
}

export interface SessionView {
  user: { id: number; email: string; name: string; mustChangePassword?: boolean } | null;
  apiKey: { id: number; label: string } | null;
  workspace: { id: number; slug: string; name: string; defaultCountry: string; timezone: string; locale: string };
  role: Role;
  csrfToken: string | null;
  workspaces: WorkspaceSummary[];
}

/** The current session, or null when not signed in. */
export async function fetchSession(): Promise<SessionView | null> {
  try {
    return (await request<{ data: SessionView }>('GET', '/session', { silent401: true })).data;
  } catch (err) {
    if ((err as { status?: number }).status === 401) return null;
    throw err;
  }
}

export const login = async (email: string, password: string) => (await api.post<{ data: SessionView }>('/auth/login', { email, password })).data;
export const logout = () => api.post<void>('/auth/logout');
export const logoutEverywhere = () => api.post<void>('/auth/logout-everywhere');
export const requestPasswordReset = (email: string) => api.post<void>('/auth/password-reset', { email });
export const confirmPasswordReset = (token: string, password: string) => api.post<void>('/auth/password-reset/confirm', { token, password });
export const changePassword = (currentPassword: string, newPassword: string) => api.post<void>('/auth/password', { currentPassword, newPassword });
export const switchWorkspace = async (workspaceId: number) => (await api.put<{ data: SessionView }>('/session/workspace', { workspaceId })).data;
export const createWorkspace = async (body: { slug: string; name: string; defaultCountry?: string }) =>
  (await api.post<{ data: WorkspaceSummary }>('/workspaces', body)).data;
