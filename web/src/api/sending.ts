/**
 * Email sending set-up (/api/v1/email/…): SMTP servers, sending domains with their DKIM key and the DNS records
 * to publish, sender identities, and the workspace's email settings (VERP bounce domain, bounce rule, tracking).
 */
import { api, getData } from './client.js';

export type TlsMode = 'none' | 'starttls' | 'tls';

export interface SmtpServer {
  id: number;
  name: string;
  host: string;
  port: number;
  tlsMode: TlsMode;
  username: string | null;
  /** True when a password is stored (it is never sent back). */
  hasPassword: boolean;
  maxConnections: number;
  messagesPerSecond: number | null;
  weight: number;
  enabled: boolean;
}

/** Body of a create/update; `password` omitted = keep the stored one, '' = remove it. */
export interface SmtpServerInput {
  name: string;
  host: string;
  port: number;
  tlsMode: TlsMode;
  username?: string | null;
  password?: string | null;
  maxConnections: number;
  messagesPerSecond: number | null;
  weight: number;
  enabled: boolean;
}

export interface SmtpTestResult {
  ok: boolean;
  message: string;
}

/** One record to publish; `purpose` is a plain-language reason written by the server. */
export interface DnsRecord {
  type: 'TXT' | 'MX' | 'A' | 'AAAA';
  host: string;
  value: string;
  purpose: string;
  txtStrings?: string[];
  priority?: number;
}

export interface SendingDomain {
  id: number;
  domain: string;
  dkimSelector: string;
  createdAt: string;
  dnsRecords: DnsRecord[];
}

export interface SenderIdentity {
  id: number;
  fromName: string;
  fromAddress: string;
  replyTo: string | null;
  isDefault: boolean;
}

export type SenderIdentityInput = Omit<SenderIdentity, 'id'>;

export interface EmailSettings {
  bounceDomain: string | null;
  bounceRuleCount: number;
  bounceRuleDays: number;
  individualTracking: boolean;
}

export const listSmtpServers = () => getData<SmtpServer[]>('/email/smtp-servers');
export const createSmtpServer = async (b: SmtpServerInput) => (await api.post<{ data: SmtpServer }>('/email/smtp-servers', b)).data;
export const updateSmtpServer = async (id: number, b: Partial<SmtpServerInput>) => (await api.patch<{ data: SmtpServer }>(`/email/smtp-servers/${id}`, b)).data;
export const deleteSmtpServer = (id: number) => api.del(`/email/smtp-servers/${id}`);
/** Connects, greets and (when configured) authenticates; never sends a message. */
export const testSmtpServer = async (id: number) => (await api.post<{ data: SmtpTestResult }>(`/email/smtp-servers/${id}/test`)).data;

export const listDomains = () => getData<SendingDomain[]>('/email/domains');
/** Adds a domain and generates its DKIM key pair; the answer carries the DNS records to publish. */
export const createDomain = async (b: { domain: string; selector?: string }) => (await api.post<{ data: SendingDomain }>('/email/domains', b)).data;
export const deleteDomain = (id: number) => api.del(`/email/domains/${id}`);

export const listIdentities = () => getData<SenderIdentity[]>('/email/identities');
export const createIdentity = async (b: SenderIdentityInput) => (await api.post<{ data: SenderIdentity }>('/email/identities', b)).data;
export const updateIdentity = async (id: number, b: Partial<SenderIdentityInput>) => (await api.patch<{ data: SenderIdentity }>(`/email/identities/${id}`, b)).data;
export const deleteIdentity = (id: number) => api.del(`/email/identities/${id}`);

export const getEmailSettings = () => getData<EmailSettings>('/email/settings');
export const saveEmailSettings = async (b: Partial<EmailSettings>) => (await api.patch<{ data: EmailSettings }>('/email/settings', b)).data;
