/** System mail status and test, invitations (list, send, resend, revoke, look up, accept). */
import { api, getData } from './client.js';

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
