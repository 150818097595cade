/** System mail status and test, invitations (list, send, resend, revoke, look up, accept). */
import { api, getData } from './client.js';
import type { Role, SessionView } from './auth.js';

export interface SystemMailStatus {
  configured: boolean;
  host: string | null;
  port: number | null;
  tls: string | null;
  from: string | null;
  authenticated: boolean;
  devPrintLinks: boolean;
}
export const getSystemMail = () => getData<SystemMailStatus>('/system-mail');
export const sendSystemMailTest = async () =>
  (await api.post<{ data: { sent: boolean; reason?: string; to: string } }>('/system-mail/test', {})).data;

export interface Invitation {
  id: number;
  email: string;
  role: Role;
  status: 'pending' | 'expired';
  invitedAt: string;
  invitedBy: string | null;
  sentAt: string | null;
  sendCount: number;
  expiresAt: string;
}
export interface InvitationSent {
  invitation: Invitation;
  mailSent: boolean;
  mailReason: string | null;
}
export const listInvitations = () => getData<Invitation[]>('/invitations');
export const inviteMember = async (body: { email: string; role: Role }) => (await api.post<{ data: InvitationSent }>('/invitations', body)).data;
export const resendInvitation = async (id: number) => (await api.post<{ data: InvitationSent }>(`/invitations/${id}/resend`, {})).data;
export const revokeInvitation = (id: number) => api.del(`/invitations/${id}`);

export interface InvitationLookup {
  workspaceName: string;
  email: string;
  role: Role;
  expiresAt: string;
  needs: 'password' | 'sign_in';
}
export const lookupInvitation = async (token: string) => (await api.post<{ data: InvitationLookup }>('/invitations/lookup', { token })).data;
export const acceptInvitation = async (body: { token: string; password?: string; name?: string }) =>
  (await api.post<{ data: SessionView }>('/invitations/accept', body)).data;
